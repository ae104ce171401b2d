#!/usr/bin/env bash
# The whole test suite: installs the outside tools it drives (Graphviz,
# Chromium, npm packages, two Python virtual environments; see
# setup-tools.sh), then runs every Rust test with those tools required.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-tools.sh
scripts/package-vscode.sh
DDGEN_REQUIRE_TOOLS=1 cargo test --locked "$@"
