// Writes a syntax test with every spelling of the keyword table (src/syntax/keywords.rs, the
// one table the lexer reads) and every comparator symbol, each alone on a line, so a keyword
// added to perfc but not to this grammar fails the test instead of going uncoloured.
'use strict';
const fs = require('fs');
const path = require('path');

const table = fs.readFileSync(path.join(__dirname, '../../../src/syntax/keywords.rs'), 'utf8');
const scopes = {
  K: 'keyword.other.perf',
  F: 'variable.language.fund.perf',
  Gr: 'entity.name.type.group.perf',
  C: 'keyword.operator.comparison.word.perf',
};
const body = table.slice(table.indexOf('pub const KEYWORDS'));
const keywords = body.slice(0, body.indexOf('};'));
const rows = [...keywords.matchAll(/"([^"]+)" => (K|F|Gr|C)\(/g)].map((m) => [m[1], scopes[m[2]]]);
const symbolsAt = table.indexOf('pub const COMPARATOR_SYMBOLS');
const symbols = table.slice(symbolsAt, table.indexOf('];', symbolsAt));
for (const m of symbols.matchAll(/\("([^"]+)", Cmp::/g)) {
  rows.push([m[1], 'keyword.operator.comparison.perf']);
}
// The table has about 120 spellings and 12 symbols; far fewer means the layout of
// keywords.rs changed and this reader no longer sees it.
if (rows.length < 120) {
  console.error(`keywords.js: read only ${rows.length} spellings from keywords.rs`);
  process.exit(1);
}
const lines = ['// SYNTAX TEST "source.perf" "every spelling of src/syntax/keywords.rs"'];
for (const [spelling, scope] of rows) {
  lines.push(spelling, `// <${'-'.repeat(spelling.length)} ${scope}`);
}
process.stdout.write(lines.join('\n') + '\n');
