#!/usr/bin/env bash
# Regenerates the pinned, hashed locks ddgen ships as data and writes into every
# generated tree (templates/python/project/locks/):
#   function.txt — what `sam build` installs into each context's dependencies layer
#                  (contexts/<ctx>/layer/requirements.txt, `pip install --no-deps`):
#                  templates/python/project/requirements.txt without what the Lambda runtime
#                  has (boto3 and its whole closure: botocore, s3transfer, jmespath, ...);
#   dev.txt      — what the tests and linters need (the tree's requirements-dev.lock):
#                  the function requirements plus templates/python/project/requirements-dev.txt.
# ddgen resolves nothing at generation time (no network, deterministic output), so after
# changing either requirements template run this one command and commit the locks:
#   scripts/lock-requirements.sh
# One universal resolution (`uv pip compile --universal`) holds for Python 3.11 to 3.13
# and for Linux x86_64 and arm64; `--generate-hashes` records every wheel's and sdist's
# SHA-256, so `pip install --require-hashes` and `sam build` install exactly these files.
# Versions installed in .venv-gen (ddgen's own test venv) are taken as constraints, so the
# lock is what ddgen's gate tests with; tests/generate_package.rs checks the pins agree.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=.venv-gen/bin/uv
[ -x "$uv" ] || { echo "lock-requirements: $uv missing; run scripts/setup-tools.sh" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inputs() { grep -hv -e '^\s*#' -e '^\s*-r' -e '^\s*$' "$@"; }
inputs templates/python/project/requirements.txt >"$tmp/function.in"
inputs templates/python/project/requirements.txt templates/python/project/requirements-dev.txt >"$tmp/dev.in"
.venv-gen/bin/pip freeze --exclude-editable | grep '==' >"$tmp/constraints.txt"
# What the Lambda runtime brings: boto3's closure, left out of the function lock (the layer
# installs with --no-deps, so the runtime's copies serve; scripts/check_package.py checks
# that the lock and boto3 together satisfy every requirement).
echo boto3 >"$tmp/runtime.in"
"$uv" pip compile --quiet --universal --python-version 3.11 --no-header --no-annotate \
  --constraint "$tmp/constraints.txt" "$tmp/runtime.in" -o "$tmp/runtime.txt"
runtime=()
for pkg in $(sed -n 's/^\([A-Za-z0-9._-]*\)==.*/\1/p' "$tmp/runtime.txt"); do
  runtime+=(--no-emit-package "$pkg")
done
for name in function dev; do
  omit=()
  [ "$name" = function ] && omit=("${runtime[@]}")
  "$uv" pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --no-header --no-annotate --constraint "$tmp/constraints.txt" "${omit[@]}" \
    "$tmp/$name.in" -o "$tmp/$name.txt"
  {
    echo "# Compiled by scripts/lock-requirements.sh (uv pip compile --universal --generate-hashes)"
    echo "# for Python 3.11-3.13 on Linux x86_64 and arm64, from:"
    sed 's/^/#   /' "$tmp/$name.in"
    if [ "$name" = function ]; then
      echo "# without the Lambda runtime's own: $(sed -n 's/==.*//p' "$tmp/runtime.txt" | paste -sd' ')"
    fi
    cat "$tmp/$name.txt"
  } >"templates/python/project/locks/$name.txt"
done
echo "lock-requirements: wrote templates/python/project/locks/{function,dev}.txt"
