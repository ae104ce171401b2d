#!/usr/bin/env bash
# Installs the outside tools the test suite drives, idempotently:
#   - Debian packages: graphviz (DOT check), chromium (Mermaid and HTML checks), make
#     (the generated dependencies layer's Makefile, tests/generate_package.rs)
#     — only when missing, and only as root;
#   - tests/browser/node_modules: mermaid, playwright-core, @asyncapi/parser (npm ci);
#   - tests/diff/node_modules: ajv and the SARIF 2.1.0 schema (@microsoft/jest-sarif);
#   - tests/lsp-client/node_modules: vscode-languageserver-protocol, vscode-textmate,
#     vscode-oniguruma (the LSP client and grammar checks, tests/lsp_client.rs);
#   - editors/vscode/node_modules: vscode-languageclient and @vscode/vsce (the
#     extension and its packaging, scripts/package-vscode.sh);
#   - tests/export/node_modules: @eventcatalog/linter, @backstage/catalog-model, yaml (npm ci);
#   - .venv-lint: cfn-lint, aws-sam-translator, checkov, openapi-spec-validator, jsonschema;
#   - .venv-gen: what the generated code needs to lint and test
#     (scripts/requirements-gen.txt: pydantic, powertools, boto3, moto, pytest, mypy, ruff).
#   - .venv-sam: aws-sam-cli (`sam validate --lint`, `sam build`; scripts/requirements-sam.txt).
# Separate virtual environments because checkov pins an old boto3 and aws-sam-cli its own
# cfn-lint.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v dot >/dev/null || need_apt+=(graphviz)
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v make >/dev/null || need_apt+=(make)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup-tools: missing ${need_apt[*]}; install them (apt-get install ${need_apt[*]})" >&2
  fi
fi

for dir in tests/browser tests/export tests/diff tests/lsp-client editors/vscode; do
  if [ ! -d $dir/node_modules ] || [ $dir/package-lock.json -nt $dir/node_modules ]; then
    npm ci --prefix $dir --no-audit --no-fund --loglevel=error
    touch $dir/node_modules
  fi
done

venv() { # venv DIR REQUIREMENTS
  local dir=$1 req=$2
  if [ ! -x "$dir/bin/python" ]; then
    python3 -m venv "$dir"
  fi
  if [ ! -f "$dir/.installed" ] || [ "$req" -nt "$dir/.installed" ]; then
    "$dir/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    touch "$dir/.installed"
  fi
}
venv .venv-lint scripts/requirements-lint.txt
venv .venv-gen scripts/requirements-gen.txt
venv .venv-sam scripts/requirements-sam.txt
echo "setup-tools: ready"
