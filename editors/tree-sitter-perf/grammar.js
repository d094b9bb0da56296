/**
 * @file Tree-sitter grammar for .perf files (财政项目支出绩效目标申报表), the language of perfc.
 *
 * The language is defined by docs/language.md and perfc's parser (grammar/perf.lalrpop);
 * the keyword spellings are those of src/syntax/keywords.rs (the crate's tests check that
 * every one of them parses here). This grammar is for editors: it accepts what perfc
 * accepts, and leaves the checks (units, sums, dates, misplaced levels) to perfc.
 */

/* eslint-disable no-undef */

// Han characters as perfc's lexer counts them (src/syntax/lexer.rs `is_han`), without the
// planes above U+FFFF, which a JavaScript regular expression without the `u` flag cannot
// name: a run of them is one word, so `项目资金总额` is one keyword, not `项目` + `资金总额`.
const HAN = '\\u3005\\u3007\\u2E80-\\u2FDF\\u3021-\\u3029\\u3038-\\u303B\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF';

const KW = {
  year: ['year', '年度'],
  framework: ['framework', '指标体系'],
  department: ['department', '主管部门'],
  implementer: ['implementer', '实施单位'],
  unit: ['unit', '计量单位'],
  project: ['project', '项目'],
  nature: ['nature', '项目性质'],
  category: ['category', '项目类别'],
  period: ['period', '实施周期'],
  start: ['start', '计划开始日期'],
  end: ['end', '计划完成日期'],
  funding: ['funding', '项目资金'],
  goal: ['goal', '年度总体目标'],
  overall_goal: ['overall-goal', '项目总目标'],
  by: ['by', '截至'],
  and: ['and', '和'],
  note: ['note', '备注'],
  basis: ['basis', '取值依据'],
  field: ['field', '字段'],
  weight: ['weight', '分值'],
  actual: ['actual', '实际完成值'],
  deviation: ['deviation', '偏差原因', '偏差原因分析及改进措施'],
  score: ['score', '得分'],
  achieved: ['achieved', '实际完成情况'],
};

const FUND_KEYS = [
  'total', '项目资金总额', 'fiscal', '财政资金', 'other', '其他资金',
  'annual', '年度资金申请总额', 'appropriation', '当年财政拨款',
  'carryover', '上年结转资金', 'adjusted', '全年预算数', 'execution', '全年执行数',
];

// Every level name, 一级 and 二级 alike: the hierarchy is data in perfc (which level a
// name belongs to depends on the framework), so any name parses at either level.
const GROUP_NAMES = [
  'output', '产出指标', '产出', 'benefit', '效益指标', '效益',
  'satisfaction', '满意度指标', '满意度', 'cost', '成本指标', '成本',
  'quantity', '数量指标', '数量', 'quality', '质量指标', '质量',
  'timeliness', '时效指标', '时效', 'economic', '经济效益指标', '经济效益',
  'social', '社会效益指标', '社会效益', 'ecological', '生态效益指标', '生态效益',
  'sustainability', '可持续影响指标', '可持续影响',
  'beneficiary', '服务对象满意度指标', '服务对象满意度',
  'economic-cost', '经济成本指标', '经济成本', 'social-cost', '社会成本指标', '社会成本',
  'environmental-cost', '生态环境成本指标', '生态环境成本',
];

const COMPARATORS = [
  '=', '＝', '>', '＞', '<', '＜', '>=', '≥', '≧', '<=', '≤', '≦',
  '大于', '小于', '等于', '不少于', '不低于', '大于等于', '不小于',
  '不多于', '不高于', '不超过', '小于等于', '不大于',
];

const kw = (name) => choice(...KW[name]);

/**
 * Items of a block: each ends at a terminator (a newline or `;`), the last one may end at
 * the closing brace, and empty lines are allowed.
 */
function lines($, rule) {
  return seq(repeat(seq(optional(rule), $._terminator)), optional(rule));
}

function block($, rule) {
  return seq(choice('{', '｛'), lines($, rule), choice('}', '｝'));
}

module.exports = grammar({
  name: 'perf',

  // A newline is whitespace except where the grammar can take a terminator, i.e. after a
  // token that can end an item: the same rule as perfc's lexer (and Go's), so a `{` stays
  // on its header's line and a line break after `..`, `,` or `@allow(…)` continues the item.
  extras: $ => [/\s/, '\uFEFF', $.comment],

  word: $ => $.word,

  rules: {
    source_file: $ => lines($, $._item),

    _terminator: _ => choice('\n', ';', '；'),

    _item: $ => choice($.setting, $.unit_declaration, $.project),

    // perfc's lexer gives a `"""` block as a string token, so it may stand wherever a
    // string may.
    _text: $ => choice($.string, $.text_block),

    setting: $ => choice(
      seq(kw('year'), $.number),
      seq(kw('framework'), $.number),
      seq(kw('department'), $._text),
      seq(kw('implementer'), $._text),
    ),

    unit_declaration: $ => seq(
      kw('unit'),
      field('name', alias($.word, $.unit)),
      choice(
        seq(choice('=', '＝'), optional($.number), $.unit_expression),
        // `score` (分值) is a dimension here, though spelt like the keyword `score`.
        seq(choice(':', '：'), field('dimension', choice(
          alias($.word, $.dimension),
          alias('score', $.dimension),
        ))),
      ),
    ),

    attribute: $ => seq(
      '@',
      field('name', alias($.word, $.attribute_name)),
      choice('(', '（'),
      alias($.word, $.code),
      repeat(seq($._comma, alias($.word, $.code))),
      choice(')', '）'),
    ),

    project: $ => seq(
      repeat($.attribute),
      kw('project'),
      field('name', $._text),
      block($, $._project_item),
    ),

    _project_item: $ => choice(
      $.property,
      $.period,
      $.funding,
      $.custom_field,
      $.goal,
      $.achieved,
      $.group,
    ),

    property: $ => choice(
      seq(kw('nature'), $._text),
      seq(kw('category'), $._text),
      seq(kw('department'), $._text),
      seq(kw('implementer'), $._text),
      seq(kw('framework'), $.number),
      seq(kw('start'), $.date),
      seq(kw('end'), $.date),
    ),

    period: $ => seq(kw('period'), $.date, choice('..', '~', '～'), $.date),

    funding: $ => seq(kw('funding'), optional($._unit_spec), block($, $.amount)),

    amount: $ => seq(
      field('key', choice($.fund_key, $._text)),
      optional($.money),
      optional(block($, $.amount)),
    ),

    fund_key: _ => choice(...FUND_KEYS),

    money: $ => seq($.number, optional($._unit_spec)),

    custom_field: $ => seq(kw('field'), field('name', $._text), field('value', $._text)),

    goal: $ => seq(choice(...KW.goal, ...KW.overall_goal), $._text),

    // 实际完成情况 of the 年度总体目标 (language reference §8).
    achieved: $ => seq(kw('achieved'), $._text),

    group: $ => seq(
      repeat($.attribute),
      field('name', $.group_name),
      optional(seq(kw('weight'), $.number)),
      block($, choice($.group, $.indicator)),
    ),

    group_name: _ => choice(...GROUP_NAMES),

    indicator: $ => seq(
      repeat($.attribute),
      field('name', $._text),
      optional(field('value', choice(
        $.quantity,
        alias($.string, $.qualitative),
        alias($.text_block, $.qualitative),
        $.deadline,
      ))),
      repeat(choice($.note, $.basis, $.weight, $.actual, $.deviation, $.score)),
    ),

    // perfc parses a number without a comparator too, to report it with a fix-it.
    quantity: $ => seq(optional($.comparator), $.number, optional($._unit_spec)),

    comparator: _ => choice(...COMPARATORS),

    deadline: $ => seq(
      kw('by'),
      $.date,
      repeat(seq(choice(kw('and'), $._comma), $.date)),
      optional($._text),
    ),

    note: $ => seq(kw('note'), $._text),
    basis: $ => seq(kw('basis'), $._text),
    weight: $ => seq(kw('weight'), $.number),
    // 达成 / 部分达成 / 未达成, a date, a quantity or text.
    actual: $ => seq(kw('actual'), choice($.quantity, $.date, alias($.word, $.result), $._text)),
    // §8: 偏差原因分析及改进措施, and 得分 placing a qualitative result inside its band.
    deviation: $ => seq(kw('deviation'), $._text),
    score: $ => seq(kw('score'), $.number),

    _unit_spec: $ => choice(
      $.unit_expression,
      seq(choice('(', '（'), $.unit_expression, choice(')', '）')),
    ),

    // `人/次/天`, `元·人`, or words side by side.
    unit_expression: $ => seq(
      $._unit,
      repeat(seq(optional(choice('/', '／', '·', '・')), $._unit)),
    ),

    _unit: $ => choice(
      alias($.word, $.unit),
      alias('%', $.unit),
      alias('％', $.unit),
      alias('‰', $.unit),
    ),

    _comma: _ => choice(',', '，', '、'),

    // ASCII words (with inner hyphens, `overall-goal`), runs of Han characters, and the unit
    // signs of CJK forms (`500㎡`), each a word of its own.
    word: _ => token(choice(
      /[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*/,
      new RegExp('[' + HAN + ']+'),
      /[㎡㎞㎥㎏]/,
    )),

    // 3, 3.00, 17_500, 450,000.00, -5
    number: _ => /-?[0-9][0-9_]*(,[0-9_]+)*(\.[0-9_]+)?/,

    // Days, months, quarters, halves; and the spellings forms print, which perfc reads and
    // reports with their ISO form.
    date: _ => token(choice(
      /[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}/,
      /[0-9]{4}-[0-9]{1,2}/,
      /[0-9]{4}-[QqHh][0-9]/,
      /[0-9]{4}年[0-9]{1,2}月([0-9]{1,2}日)?/,
      /[0-9]{4}\/[0-9]{1,2}\/[0-9]{1,2}/,
      /[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}/,
    )),

    // `"…"` on one line; `“…”` (typed by a Chinese input method) is read by perfc with a
    // fix-it, so it parses here too.
    string: _ => token(choice(
      seq('"', repeat(choice(/[^"\\\n]/, /\\[^\n]/)), '"'),
      seq(/[“”]/, /[^”“\n]*/, /[”“]/),
    )),

    // `"""…"""`: ends at the first unescaped `"""`.
    text_block: _ => token(seq(
      '"""',
      repeat(choice(/[^"\\]/, /\\[\s\S]/, /"[^"\\]/, /"\\[\s\S]/, /""[^"\\]/, /""\\[\s\S]/)),
      '"""',
    )),

    comment: _ => token(choice(
      seq('//', /[^\n]*/),
      seq('/*', /[^*]*\*+([^/*][^*]*\*+)*/, '/'),
    )),
  },
});
