#!/usr/bin/env bash
# Export benchmark: `ddgen export FORMAT` into a fresh folder on synthetic
# models (scripts/synth.py N), against `check` of the same model and `cp -r`
# of the exported folder, measured in the same run. Prints a Markdown table
# (docs/export.md keeps the last published one).
#
# usage: scripts/bench-export.sh [SIZES...]     (default: 10 100 1000)
# Each figure is the best of RUNS (default 3) runs; peak RSS from GNU time.
# BIN=path/to/ddgen skips the release build (for a quick look with a debug one).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
runs=${RUNS:-3}
if [ -z "${BIN:-}" ]; then
  cargo build --release --quiet
  BIN=$PWD/target/release/ddgen
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# best_of CMD...: prints "seconds max_rss_kb" of the fastest run; OUT (if
# set) is removed before each run, so every export starts fresh.
best_of() {
  local best="" rss=""
  for _ in $(seq "$runs"); do
    [ -z "${OUT:-}" ] || rm -rf "$OUT"
    sync
    /usr/bin/time -o "$work/time" -f "%e %M" "$@" >/dev/null 2>&1 || true
    local out
    out=$(tail -1 "$work/time")
    local t=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; rss=$m; fi
  done
  echo "$best $rss"
}

echo "| contexts | format | check | export | export ÷ check | files | cp -r | export ÷ cp | export RSS |"
echo "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  model=$work/m$n.ddd
  python3 scripts/synth.py "$n" > "$model"
  read -r t_check _ < <(OUT="" best_of "$BIN" check "$model")
  for format in asyncapi openapi jsonschema eventcatalog backstage; do
    out=$work/$format$n
    read -r t_exp m_exp < <(OUT=$out best_of "$BIN" export "$format" "$model" -o "$out")
    rm -rf "$out"; "$BIN" export "$format" "$model" -o "$out" >/dev/null 2>&1
    files=$(find "$out" -type f | wc -l)
    read -r t_cp _ < <(OUT=$work/copy best_of cp -r "$out" "$work/copy")
    awk -v n="$n" -v f="$format" -v tc="$t_check" -v te="$t_exp" -v me="$m_exp" -v fl="$files" -v tcp="$t_cp" 'BEGIN {
      printf "| %d | %s | %.2f s | %.2f s | %s | %d | %.2f s | %s | %.0f MB |\n",
        n, f, tc, te, (tc > 0 ? sprintf("%.1f×", te / tc) : "-"), fl, tcp,
        (tcp > 0 ? sprintf("%.1f×", te / tcp) : "-"), me / 1024 }'
    rm -rf "$out" "$work/copy"
  done
done
