#!/usr/bin/env bash
# Soak of the generator: random valid models (tests/support/randmodel.rs)
# through the whole gate (tests/support/gate.rs: ruff check, ruff format
# --check, mypy, pytest, cfn-lint on SAM and translated, checkov,
# openapi-spec-validator, @asyncapi/parser).
#
#   scripts/soak-generate.sh SEEDS [FIRST]    seeds FIRST..FIRST+SEEDS (FIRST defaults to 0)
#
# Runs in batches of 25 seeds (one test run each, so the multi-file linters
# start once per batch), prints the time per batch and, for a failing seed,
# its model: keep it as tests/regressions/models/<name>.ddd once fixed.
# Exits 1 when any seed failed. Needs scripts/setup-tools.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${1:?usage: scripts/soak-generate.sh SEEDS [FIRST]}
first=${2:-0}
batch=25
scripts/setup-tools.sh >/dev/null
cargo build --tests --quiet
failed=0
start=$(date +%s)
log=$(mktemp -t ddgen-soak-XXXXXX.log)
for ((from = first; from < first + seeds; from += batch)); do
  to=$((from + batch < first + seeds ? from + batch : first + seeds))
  t0=$(date +%s)
  if DDGEN_REQUIRE_TOOLS=1 DDGEN_SEEDS="$from..$to" \
      cargo test --quiet --test generate_random random_models_pass_the_gate >>"$log" 2>&1; then
    echo "seeds $from..$to: ok ($(( $(date +%s) - t0 ))s)"
  else
    failed=1
    echo "seeds $from..$to: FAILED ($(( $(date +%s) - t0 ))s); see $log"
  fi
done
total=$(( $(date +%s) - start ))
echo "soak: $seeds seeds from $first in ${total}s ($(( total * 1000 / seeds ))ms a seed); log: $log"
exit $failed
