#!/usr/bin/env bash
# Grammar tests of the VS Code extension: the hand-written cases in test/*.test.perf and one
# generated from perfc's keyword table. Needs node and npm; installs the pinned test runner.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v npm >/dev/null 2>&1; then
  echo "== installing nodejs and npm"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node test/keywords.js > "$tmp/keywords.test.perf"
# The runner reads the grammar from package.json's contributes, as VS Code does.
npx --no-install vscode-tmgrammar-test -c "test/*.test.perf" "$tmp/keywords.test.perf"
