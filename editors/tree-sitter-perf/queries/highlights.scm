;; Highlights for .perf (Neovim and Helix). Capture names are ones both editors know, or
;; fall back from (Neovim drops the last part, Helix takes the longest prefix its theme has).

(comment) @comment

[
  (string)
  (text_block)
  (qualitative)
] @string

(number) @constant.numeric
(date) @constant.numeric.date
(unit) @type.builtin
(unit_declaration name: (unit) @type.definition)
(dimension) @type

(group_name) @type
(fund_key) @variable.builtin
(comparator) @operator
(result) @constant.builtin

(attribute "@" @attribute)
(attribute_name) @attribute
(code) @label

[
  "year"
  "年度"
  "framework"
  "指标体系"
  "department"
  "主管部门"
  "implementer"
  "实施单位"
  "unit"
  "计量单位"
  "project"
  "项目"
  "nature"
  "项目性质"
  "category"
  "项目类别"
  "period"
  "实施周期"
  "start"
  "计划开始日期"
  "end"
  "计划完成日期"
  "funding"
  "项目资金"
  "goal"
  "年度总体目标"
  "overall-goal"
  "项目总目标"
  "by"
  "截至"
  "and"
  "和"
  "note"
  "备注"
  "basis"
  "取值依据"
  "field"
  "字段"
  "weight"
  "分值"
  "actual"
  "实际完成值"
  "deviation"
  "偏差原因"
  "偏差原因分析及改进措施"
  "score"
  "得分"
  "achieved"
  "实际完成情况"
] @keyword

[
  ".."
  "~"
  "～"
  "/"
  "／"
  "·"
  "・"
] @operator

[
  "{"
  "}"
  "｛"
  "｝"
  "("
  ")"
  "（"
  "）"
] @punctuation.bracket

[
  ";"
  "；"
  ","
  "，"
  "、"
  ":"
  "："
] @punctuation.delimiter
