#!/usr/bin/env bash
# Formatter benchmark: `ddgen fmt` against `ddgen check` of the same
# synthetic model (scripts/synth.py N), measured in the same run. Issue #14's
# target: formatting the 1,000-context model takes at most 1.5× `check`.
#
# usage: scripts/bench-fmt.sh [SIZES...]     (default: 1000)
# Each figure is the best of RUNS (default 5) runs, as wall time / CPU time
# (user + system). Prints a Markdown table (docs/performance.md keeps the last
# published one).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000)
runs=${RUNS:-5}
cargo build --release --quiet
bin=$PWD/target/release/ddgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# best_of CMD...: "wall cpu" seconds of the fastest run (fastest wall time
# and fastest user+system CPU time, each the best of RUNS; stdin from $input
# if set). CPU time is the steadier figure on a shared machine.
best_of() {
  local best="" cpu=""
  for _ in $(seq "$runs"); do
    [ -z "${prepare:-}" ] || eval "$prepare"
    /usr/bin/time -o "$work/time" -f "%e %U %S" "$@" < "${input:-/dev/null}" >/dev/null 2>&1 || true
    local e u s c
    read -r e u s < <(tail -1 "$work/time")
    c=$(awk "BEGIN{print $u + $s}")
    if [ -z "$best" ] || awk "BEGIN{exit !($e < $best)}"; then best=$e; fi
    if [ -z "$cpu" ] || awk "BEGIN{exit !($c < $cpu)}"; then cpu=$c; fi
  done
  echo "$best $cpu"
}

echo "| contexts | model | check | fmt (rewrite) | fmt ÷ check | fmt - (stdin) | fmt --check (formatted) | --check ÷ check |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
  model=$work/m$n.ddd
  python3 scripts/synth.py "$n" > "$model"
  bytes=$(stat -c %s "$model")
  read -r w_check c_check < <(best_of "$bin" check "$model")
  read -r w_fmt c_fmt < <(prepare="cp '$model' '$work/copy.ddd'" best_of "$bin" fmt "$work/copy.ddd")
  read -r w_stdin c_stdin < <(input="$model" best_of "$bin" fmt -)
  "$bin" fmt "$work/copy.ddd" 2>/dev/null || true
  read -r w_fmtd c_fmtd < <(best_of "$bin" fmt --check "$work/copy.ddd")
  # Each cell: wall time / CPU time; ratios of CPU time (wall in brackets).
  awk -v n="$n" -v b="$bytes" -v wc="$w_check" -v cc="$c_check" -v wf="$w_fmt" -v cf="$c_fmt" \
      -v ws="$w_stdin" -v cs="$c_stdin" -v wk="$w_fmtd" -v ck="$c_fmtd" '
    function r(x, y) { return (y > 0) ? sprintf("%.2f×", x / y) : "-" }
    BEGIN {
      printf "| %d | %.2f MB | %.2f s / %.2f s | %.2f s / %.2f s | %s (%s) | %.2f s / %.2f s | %.2f s / %.2f s | %s (%s) |\n",
        n, b / 1048576, wc, cc, wf, cf, r(cf, cc), r(wf, wc), ws, cs, wk, ck, r(ck, cc), r(wk, wc) }'
done
