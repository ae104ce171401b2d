#!/usr/bin/env bash
# Formatter benchmark: `ddgen fmt` against `ddgen check` of the same
# synthetic model (scripts/synth.py N), measured in the same run. Issue #14's
# target: formatting the 1,000-context model takes at most 1.5× `check`.
#
# usage: scripts/bench-fmt.sh [SIZES...]     (default: 1000)
# Each figure is the best of RUNS (default 5) runs. Prints a Markdown table
# (docs/performance.md keeps the last published one).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
runs=${RUNS:-5}
cargo build --release --quiet
bin=$PWD/target/release/ddgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# best_of CMD...: seconds of the fastest run (stdin from $input if set).
best_of() {
  local best=""
  for _ in $(seq "$runs"); do
    [ -z "${prepare:-}" ] || eval "$prepare"
    /usr/bin/time -o "$work/time" -f "%e" "$@" < "${input:-/dev/null}" >/dev/null 2>&1 || true
    local t
    t=$(tail -1 "$work/time")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}

echo "| contexts | model | check | fmt (rewrite) | fmt ÷ check | fmt - (stdin) | fmt --check (formatted) | --check ÷ check |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  model=$work/m$n.ddd
  python3 scripts/synth.py "$n" > "$model"
  bytes=$(stat -c %s "$model")
  t_check=$(best_of "$bin" check "$model")
  t_fmt=$(prepare="cp '$model' '$work/copy.ddd'" best_of "$bin" fmt "$work/copy.ddd")
  t_stdin=$(input="$model" best_of "$bin" fmt -)
  "$bin" fmt "$work/copy.ddd" 2>/dev/null || true
  t_formatted=$(best_of "$bin" fmt --check "$work/copy.ddd")
  awk -v n="$n" -v b="$bytes" -v tc="$t_check" -v tf="$t_fmt" -v ts="$t_stdin" -v tk="$t_formatted" 'BEGIN {
    printf "| %d | %.2f MB | %.3f s | %.3f s | %s | %.3f s | %.3f s | %s |\n",
      n, b / 1048576, tc, tf, (tc > 0 ? sprintf("%.2f×", tf / tc) : "-"), ts, tk,
      (tc > 0 ? sprintf("%.2f×", tk / tc) : "-") }'
done
