#!/usr/bin/env bash
# Names the random-model seeds whose generated trees two ddgen builds write
# differently: the seeds a generator change must put through the gate again
# after a soak of the other build (scripts/soak-generate.sh).
#
#   scripts/changed-seeds.sh OLD_DDGEN NEW_DDGEN SEEDS [FIRST]
#
# Prints one seed per line; the trees are compared byte for byte (diff -r).
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: scripts/changed-seeds.sh OLD_DDGEN NEW_DDGEN SEEDS [FIRST]}
new=${2:?usage}
seeds=${3:?usage}
first=${4:-0}
work=$(mktemp -d -t ddgen-changed-XXXXXX)
trap 'rm -rf "$work"' EXIT
DDGEN_DUMP_DIR=$work/models DDGEN_SEEDS="$first..$((first + seeds))" \
  cargo test --quiet --test generate_random dump_models -- --ignored >/dev/null 2>&1
for ((s = first; s < first + seeds; s++)); do
  m=$work/models/seed-$s
  DDGEN_CACHE_DIR=$work/cache-old "$old" generate "$m" -o "$work/old-$s" >/dev/null 2>&1
  DDGEN_CACHE_DIR=$work/cache-new "$new" generate "$m" -o "$work/new-$s" >/dev/null 2>&1
  diff -rq "$work/old-$s" "$work/new-$s" >/dev/null || echo "$s"
  rm -rf "$work/old-$s" "$work/new-$s"
done
