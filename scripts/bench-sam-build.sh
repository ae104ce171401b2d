#!/usr/bin/env bash
# Measures `sam build` of a model's generated tree: wall time, the size of
# .aws-sam/build, the largest function, the layers, and whether any function or
# layer vendors boto3/botocore. With a second ddgen binary (BEFORE), the same for its tree, as
# a baseline of the same run (e.g. the ddgen of main before a change).
#
#   scripts/bench-sam-build.sh [MODEL] [BEFORE_DDGEN]
#     MODEL         default examples/retail
#     BEFORE_DDGEN  optional ddgen binary whose tree is built beside it, as the baseline
#   KEEP=1 keeps the trees and their .aws-sam folders.
#
# Needs aws-sam-cli (.venv-sam, or `sam` on PATH) and the runtime's Python: the model's
# `python` (3.12 for the retail example). With pyenv, PYENV_VERSION="3.12.1:3.11.7" puts
# python3.12 on the PATH beside the default; the script sets it when pyenv has the
# version and `python3.X` is not found otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-examples/retail}
before=${2:-}
after=${DDGEN:-target/debug/ddgen}
sam=$PWD/.venv-sam/bin/sam
[ -x "$sam" ] || sam=$(command -v sam) || { echo "bench-sam-build: no sam (aws-sam-cli)" >&2; exit 1; }
work=$(mktemp -d /tmp/ddgen-sam-build.XXXXXX)
trap 'rm -rf "$work"' EXIT

build() { # build NAME DDGEN
  local name=$1 ddgen=$2 dir=$work/$1
  DDGEN_CACHE_DIR=$work/cache "$ddgen" generate "$model" -o "$dir" >/dev/null
  local py
  py=$(grep -ho 'python3\.[0-9]*' "$dir"/contexts/*/template.yaml | head -1)
  if ! "$py" --version >/dev/null 2>&1 && command -v pyenv >/dev/null; then
    local v
    v=$(pyenv versions --bare | grep -m1 "^${py#python}\.") || true
    [ -n "$v" ] && export PYENV_VERSION="$v:$(pyenv version-name)"
  fi
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && "$sam" build --parallel >"$work/$name.log" 2>&1) || {
    echo "bench-sam-build: sam build failed for $name:" >&2; tail -20 "$work/$name.log" >&2; exit 1; }
  end=$(date +%s.%N)
  local build=$dir/.aws-sam/build
  # One folder per function, layer or nested stack: .aws-sam/build/<ContextStack>/<Resource>/;
  # a layer's is named like its logical id (DependenciesLayer), a nested stack's (the
  # user's Extensions) holds a template.yaml, a function's its copy of src/.
  local functions layers sdk largest size count
  functions=$(for d in $(find "$build" -mindepth 2 -maxdepth 2 -type d ! -name '*Layer*' | sort); do
    [ -f "$d/template.yaml" ] || echo "$d"
  done)
  layers=$(find "$build" -mindepth 2 -maxdepth 2 -type d -name '*Layer*' -printf '%p\n' | sort)
  count=$(echo "$functions" | grep -c . || true)
  sdk=$(for f in $functions $layers; do
    find "$f" -maxdepth 3 -type d \( -name botocore -o -name boto3 \) | grep -q . && echo "$f"
  done | grep -c . || true)
  size=$(du -sm "$build" | cut -f1)
  largest=$(for f in $functions; do du -sm "$f" | cut -f1; done | sort -n | tail -1)
  local layer_mb=0
  [ -n "$layers" ] && layer_mb=$(du -smc $layers | tail -1 | cut -f1)
  printf '%s\t%s\t%.0f s\t%s MB in .aws-sam/build\t%s functions\tlargest %s MB\tlayers %s MB\tfunctions or layers with boto3/botocore: %s\n' \
    "$name" "$py" "$(echo "$end - $start" | bc)" "$size" "$count" "$largest" "$layer_mb" "$sdk" >"$work/$name.result"
}

echo "model: $model ($(nproc) cores)"
# Both trees build at the same time, so that the baseline shares the run's conditions.
pids=()
[ -n "$before" ] && { build before "$before" & pids+=($!); }
build after "$after" & pids+=($!)
for p in "${pids[@]}"; do wait "$p"; done
cat "$work"/*.result
[ "${KEEP:-}" = 1 ] && { trap - EXIT; echo "kept $work"; }
