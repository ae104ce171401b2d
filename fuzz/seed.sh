#!/usr/bin/env bash
# Seeds the fuzz corpora from the examples, the starter model and the UI
# tests (one bad model per diagnostic code). Corpora are not committed.
set -euo pipefail
cd "$(dirname "$0")"
for target in parse check; do
  mkdir -p "corpus/$target"
  find ../examples ../templates/init ../tests/ui ../tests/regressions -name '*.ddd' -exec cp {} "corpus/$target/" \;
done
mkdir -p corpus/check_structured
