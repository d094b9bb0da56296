#!/bin/sh
# Fill fuzz/corpus/<target>/ with the seed corpus: every .perf filing of examples/ and every
# UI fixture of tests/ui/ (the bytes the tests replace markers with included). libFuzzer
# adds what it finds to the same folder; the folder is not committed.
set -eu
cd "$(dirname "$0")"
for target in "$@"; do
  mkdir -p "corpus/$target"
  find ../examples ../tests/ui -name '*.perf' -o -name '*.md' -path '*/ui/*' | while read -r f; do
    name=$(printf '%s' "$f" | tr '/' '_' | sed 's/^\.\._//')
    sed -e 's/@@NUL@@/\x00/g' -e 's/@@BAD-UTF8@@/\xff\xfe/g' "$f" > "corpus/$target/$name"
  done
done
