#!/usr/bin/env bash
# Benchmark of `ddgen diff`: a synthetic model (scripts/synth.py N) diffed
# against a copy of itself and against a copy with every `at: datetime` field made
# a `date` (many findings), next to `ddgen check` of the same model in the
# same run (diff checks both sides, so about 2× check is the floor).
# Prints a Markdown table; docs/diff.md keeps the last published one.
#
# usage: scripts/bench-diff.sh [SIZES...]   (default: 100 1000 5000)
# DDGEN_BIN=path uses that binary instead of building the release one.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 5000)
runs=${RUNS:-3}
if [ -z "${DDGEN_BIN:-}" ]; then
  cargo build --release --quiet
  DDGEN_BIN=$PWD/target/release/ddgen
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

best_of() { # best_of CMD...: the fastest of $runs runs, in seconds
  local best=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time" -f "%e" "$@" >/dev/null 2>&1 || true
    local t
    t=$(tail -1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}

echo "| contexts | model | check | diff, same | ÷ check | diff, changed | ÷ check | findings |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  mkdir -p "$work/base$n" "$work/same$n" "$work/changed$n"
  python3 scripts/synth.py "$n" > "$work/base$n/m.ddd"
  cp "$work/base$n/m.ddd" "$work/same$n/m.ddd"
  sed 's/at: datetime/at: date/g' "$work/base$n/m.ddd" > "$work/changed$n/m.ddd"
  bytes=$(stat -c %s "$work/base$n/m.ddd")
  t_check=$(best_of "$DDGEN_BIN" check "$work/base$n")
  t_same=$(best_of "$DDGEN_BIN" diff "$work/same$n" --base-path "$work/base$n")
  t_changed=$(best_of "$DDGEN_BIN" diff "$work/changed$n" --base-path "$work/base$n" --fail-on never)
  findings=$("$DDGEN_BIN" diff "$work/changed$n" --base-path "$work/base$n" --format json --fail-on never \
    | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))')
  awk -v n="$n" -v b="$bytes" -v c="$t_check" -v s="$t_same" -v ch="$t_changed" -v f="$findings" 'BEGIN {
    printf "| %d | %.2f MB | %.2f s | %.2f s | %s | %.2f s | %s | %d |\n", n, b / 1048576, c, s,
      (c > 0 ? sprintf("%.1f×", s / c) : "-"), ch, (c > 0 ? sprintf("%.1f×", ch / c) : "-"), f }'
done
