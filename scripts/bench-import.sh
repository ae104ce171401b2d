#!/usr/bin/env bash
# Benchmark of `ddgen import cml` on Context Mapper's examples (../shared/cml,
# or $DDGEN_CML_EXAMPLES): the time to import every file, one run per file,
# against `ddgen check` of the imported `.ddd` files in the same run (the
# baseline: reading a model of the same size), and the largest file imported
# many times over (one combined model of N renamed copies) against check.
#
# usage: scripts/bench-import.sh [--debug]   (default: release build)
set -euo pipefail
cd "$(dirname "$0")/.."
profile=release
if [ "${1:-}" = "--debug" ]; then profile=debug; cargo build --quiet; else cargo build --release --quiet; fi
bin=$PWD/target/$profile/ddgen
corpus=${DDGEN_CML_EXAMPLES:-$PWD/../shared/cml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
files=$(find "$corpus" -name '*.cml' | sort)
n=$(echo "$files" | wc -l)
i=0
t0=$(now)
for f in $files; do
  i=$((i + 1)); mkdir -p "$work/out/$i"
  "$bin" import cml "$f" -o "$work/out/$i/" >/dev/null 2>&1 || true
done
t1=$(now)
for d in "$work"/out/*; do "$bin" check "$d" >/dev/null 2>&1 || true; done
t2=$(now)
imp=$(echo "$t1 - $t0" | bc -l); chk=$(echo "$t2 - $t1" | bc -l)
printf '| %s files, one run each | import %.3fs | check of the output %.3fs | ratio %.2f |\n' \
  "$n" "$imp" "$chk" "$(echo "$imp / $chk" | bc -l)"

# The largest example, COPIES (default 200) copies with their names made unique, as one model.
big=$(wc -c $files | sort -n | tail -2 | head -1 | awk '{print $2}')
mkdir -p "$work/big"
copies=${COPIES:-200}
# The names of its contexts, domains and subdomains, suffixed per copy.
names=$(grep -oE '(BoundedContext|Domain|Subdomain) [A-Za-z_][A-Za-z0-9_]*' "$big" | awk '{print $2}' | sort -u)
for k in $(seq "$copies"); do
  script=$(for n in $names; do printf 's/\\b%s\\b/%s_%s/g;' "$n" "$n" "$k"; done)
  sed -E "$script" "$big" > "$work/big/m$k.cml"
done
t0=$(now); "$bin" import cml "$work/big" -o "$work/big.ddd" >/dev/null 2>&1 || true; t1=$(now)
"$bin" check "$work/big.ddd" >/dev/null 2>&1 || true; t2=$(now)
imp=$(echo "$t1 - $t0" | bc -l); chk=$(echo "$t2 - $t1" | bc -l)
printf '| %s x%s (%s bytes of CML) | import %.3fs | check of the output %.3fs | ratio %.2f |\n' \
  "$(basename "$big")" "$copies" "$(cat "$work"/big/*.cml | wc -c)" "$imp" "$chk" "$(echo "$imp / $chk" | bc -l)"
