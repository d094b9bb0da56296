#!/usr/bin/env bash
# Tests of the VS Code extension:
# - grammar: the hand-written cases in test/*.test.perf and one generated from perfc's keyword
#   table (vscode-tmgrammar-test);
# - language client: test/client.test.js checks the settings → server command function of
#   server.js, then starts the command it gives for perfc lsp and drives it over stdio with
#   vscode-jsonrpc (initialize, didOpen, publishDiagnostics, shutdown, exit). VS Code itself
#   is not run.
# Needs node and npm (installed here if missing) and the perfc binary: $PERFC, else
# target/debug/perfc of this repository, built with cargo when missing.
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

root=$(cd ../.. && pwd)
if [ -z "${PERFC:-}" ]; then
  target=${CARGO_TARGET_DIR:-target}
  case $target in /*) ;; *) target=$root/$target ;; esac
  PERFC=$target/debug/perfc
  if [ ! -x "$PERFC" ]; then
    echo "== building perfc (cargo build --bin perfc)"
    (cd "$root" && cargo build --locked --bin perfc)
  fi
fi
export PERFC
echo "== language client ($PERFC lsp)"
node --test test/client.test.js
