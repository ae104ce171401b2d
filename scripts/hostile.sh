#!/usr/bin/env bash
# Times `ddgen check` (release) on every hostile model of scripts/hostile.py at
# a quarter and at the full sizes of issue #5, and prints a Markdown table.
# Linear work takes about 4x longer at the full size; quadratic, 16x.
#   scripts/hostile.sh            # prints the table to stdout
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
bin=target/release/ddgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/hostile.py 0.25 "$work/quarter"
python3 scripts/hostile.py 1 "$work/full"

# Best of three wall-clock runs, in milliseconds (output discarded).
best_ms() {
  local best=""
  for _ in 1 2 3; do
    local s e
    s=$(date +%s%N)
    "$bin" check --format json "$1" > /dev/null 2>&1 || true
    e=$(date +%s%N)
    local ms=$(( (e - s) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}

echo "| case | size | check at 1/4 size | check at full size | ratio |"
echo "| --- | ---: | ---: | ---: | ---: |"
for f in "$work"/full/*.ddd; do
  name=$(basename "$f" .ddd)
  q=$(best_ms "$work/quarter/$name.ddd")
  full=$(best_ms "$f")
  size=$(( $(stat -c %s "$f") / 1024 ))
  ratio=$(awk -v a="$q" -v b="$full" 'BEGIN { printf "%.1f", b / (a > 0 ? a : 1) }')
  echo "| \`$name\` | ${size} KB | ${q} ms | ${full} ms | ${ratio}x |"
done
