#!/usr/bin/env bash
# Scale benchmark: check, map (SVG; `map ÷ check` is the layout's cost, which
# issue #16 keeps under 2× at 1,000 contexts), generate and a no-op regeneration on
# synthetic models of 10, 100, 1,000 and 5,000 contexts (scripts/synth.py),
# against `cp -r` of the generated tree measured in the same run. Prints a
# Markdown table (docs/performance.md keeps the last published one).
#
# usage: scripts/bench.sh [SIZES...]     (default: 10 100 1000 5000)
# Each figure is the best of RUNS (default 3) runs; peak RSS from GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000 5000)
runs=${RUNS:-3}
cargo build --release --quiet
bin=$PWD/target/release/ddgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Stamp caches of the benchmark's folders go with them.
export DDGEN_CACHE_DIR=$work/cache

# best_of CMD...: prints "seconds max_rss_kb" of the fastest run.
best_of() {
  local best="" rss=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
    local out
    out=$(tail -1 "$work/time")
    local t=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  echo "$best $rss"
}

echo "| contexts | model | check | check MB/s | check RSS | map svg | map ÷ check | generate | generate RSS | files | cp -r | generate ÷ cp | no-op regen | regen ÷ check | files written by regen |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  model=$work/m$n.ddd
  python3 scripts/synth.py "$n" > "$model"
  bytes=$(stat -c %s "$model")
  read -r t_check m_check < <(best_of "$bin" check "$model")
  read -r t_map _ < <(best_of "$bin" map "$model" -o "$work/map$n.svg")
  # Generate into a fresh folder, then copy that tree into another fresh one,
  # alternately, deleting nothing until all runs are done: on ext4, creating
  # files right after a large `rm -rf` costs several times more, and each
  # side must see the same conditions.
  t_gen=""; m_gen=""; t_cp=""
  for r in $(seq "$runs"); do
    sync
    /usr/bin/time -o "$work/time" -f "%e %M" "$bin" generate "$model" -o "$work/gen$n-$r" >/dev/null 2>&1
    out=$(tail -1 "$work/time"); t=${out% *}; m=${out#* }
    if [ -z "$t_gen" ] || awk "BEGIN{exit !($t < $t_gen)}"; then t_gen=$t; m_gen=$m; fi
    sync
    /usr/bin/time -o "$work/time" -f "%e" cp -r "$work/gen$n-$r" "$work/copy$n-$r"
    t=$(tail -1 "$work/time")
    if [ -z "$t_cp" ] || awk "BEGIN{exit !($t < $t_cp)}"; then t_cp=$t; fi
  done
  mv "$work/gen$n-1" "$work/out$n"
  files=$(find "$work/out$n" -type f | wc -l)
  before=$(find "$work/out$n" -type f -newer "$model" -printf '%T@ %p\n' | sort | md5sum)
  read -r t_regen _ < <(best_of "$bin" generate "$model" -o "$work/out$n")
  after=$(find "$work/out$n" -type f -newer "$model" -printf '%T@ %p\n' | sort | md5sum)
  written=$([ "$before" = "$after" ] && echo 0 || echo "some")
  awk -v n="$n" -v b="$bytes" -v tc="$t_check" -v mc="$m_check" -v tm="$t_map" -v tg="$t_gen" -v mg="$m_gen" -v f="$files" \
      -v tcp="$t_cp" -v tr="$t_regen" -v w="$written" 'BEGIN {
    mbs = (tc > 0) ? sprintf("%.1f", b / 1048576 / tc) : "-";
    printf "| %d | %.2f MB | %.2f s | %s | %.0f MB | %.2f s | %s | %.2f s | %.0f MB | %d | %.2f s | %s | %.2f s | %s | %s |\n",
      n, b / 1048576, tc, mbs, mc / 1024, tm, (tc > 0 ? sprintf("%.1f×", tm / tc) : "-"), tg, mg / 1024, f, tcp, (tcp > 0 ? sprintf("%.1f×", tg / tcp) : "-"),
      tr, (tc > 0 ? sprintf("%.1f×", tr / tc) : "-"), w }'
  rm -rf "$work/out$n" "$work/map$n.svg" "$work"/gen"$n"-* "$work"/copy"$n"-*
  sync
  # ext4 skips inodes freed in the last half minute or so when it creates
  # files, which makes file creation right after a large `rm -rf` several
  # times slower: let the next size start on a settled disk.
  sleep "${SETTLE:-40}"
done
