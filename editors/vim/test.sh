#!/usr/bin/env bash
# Headless Vim test of syntax/perf.vim: the assertions in test/highlight.perf, and every
# spelling of perfc's keyword table (src/syntax/keywords.rs) in a file generated here, so a
# keyword added to perfc but not to the Vim syntax fails. See test/run.vim for the format.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v vim >/dev/null 2>&1; then
  echo "== installing vim-nox"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq vim-nox >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

table=../../src/syntax/keywords.rs
{
  echo "// every spelling of src/syntax/keywords.rs, each alone on a line"
  sed -n '/^pub const KEYWORDS/,/^};/p' "$table" |
    grep -o '"[^"]*" => \(K\|F\|Gr\|C\)(' |
    sed -e 's/^"\([^"]*\)" => K($/\1\n\/\/= \1 => perfKeyword/' \
        -e 's/^"\([^"]*\)" => F($/\1\n\/\/= \1 => perfFund/' \
        -e 's/^"\([^"]*\)" => Gr($/\1\n\/\/= \1 => perfGroup/' \
        -e 's/^"\([^"]*\)" => C($/\1\n\/\/= \1 => perfCmp/'
  sed -n '/^pub const COMPARATOR_SYMBOLS/,/^];/p' "$table" |
    grep -o '("[^"]*", Cmp::' |
    sed -e 's/^("\([^"]*\)", Cmp::$/\1\n\/\/= \1 => perfCmp/'
} > "$tmp/keywords.perf"
# About 120 spellings and 12 symbols: far fewer means keywords.rs changed shape.
count=$(grep -c '^//= ' "$tmp/keywords.perf" || true)
if [ "$count" -lt 120 ]; then
  echo "editors/vim/test.sh: read only $count spellings from $table" >&2
  exit 1
fi

out="$tmp/failures.txt"
vim -Nu NONE -i NONE -es \
  --cmd "set rtp^=$PWD" --cmd 'filetype plugin on' --cmd 'syntax on' \
  --cmd "let g:perf_test_out = '$out'" \
  -c 'source test/run.vim' -c 'qa!' \
  test/highlight.perf "$tmp/keywords.perf" || true
if [ ! -f "$out" ]; then
  echo "editors/vim/test.sh: the Vim test script did not run to its end" >&2
  exit 1
fi
if [ -s "$out" ]; then
  echo "editors/vim/test.sh: highlight groups differ:" >&2
  cat "$out" >&2
  exit 1
fi
echo "vim syntax: all assertions hold ($count keyword spellings and test/highlight.perf)"
