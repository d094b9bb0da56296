#!/usr/bin/env bash
# Tests of the tree-sitter grammar through the committed parser (src/parser.c), built by a
# small Rust crate here: examples parse without error nodes, corpus trees, every keyword
# spelling, highlight captures. No tree-sitter CLI needed; if one is on PATH, also check
# that src/ is what `tree-sitter generate` makes of grammar.js today.
set -euo pipefail
cd "$(dirname "$0")"

# The parser is generated for ABI 14, which Neovim 0.10 and Helix still load (ABI 15 needs
# Neovim 0.11); the tree-sitter crate the tests use reads both.
if command -v tree-sitter >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  cp grammar.js tree-sitter.json "$tmp/"
  (cd "$tmp" && tree-sitter generate --abi 14 >/dev/null)
  for f in parser.c grammar.json node-types.json; do
    if ! cmp -s "src/$f" "$tmp/src/$f"; then
      echo "editors/tree-sitter-perf: src/$f is stale; run \`tree-sitter generate\` here and commit" >&2
      exit 1
    fi
  done
  echo "tree-sitter-perf: src/ matches grammar.js ($(tree-sitter --version))"
else
  echo "tree-sitter-perf: no tree-sitter CLI on PATH; testing the committed parser only"
fi

# Not a member of the root workspace, so the root `cargo fmt --all` does not see it.
cargo fmt --check
cargo test --locked --test grammar
