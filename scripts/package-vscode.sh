#!/usr/bin/env bash
# Packages the VS Code extension (editors/vscode) into target/ddgen-ddd.vsix
# with @vscode/vsce (installed by scripts/setup-tools.sh; run by
# scripts/test.sh, so CI builds the package on every run). The .vsix is
# never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/ddgen-ddd.vsix}
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd editors/vscode
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npx --no-install vsce package --allow-missing-repository --skip-license --out "$out" >/dev/null
echo "package-vscode: $out"
