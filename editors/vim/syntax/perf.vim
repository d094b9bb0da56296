" Vim syntax file
" Language:    perf (财政项目支出绩效目标申报表, perfc)
" Maintainer:  the perfc project
" Keywords come from src/syntax/keywords.rs; editors/vim/test.sh checks every spelling there.
" Chinese keywords are runs of Han characters, which Vim's keyword matching does not split,
" so every keyword is a `syn match` bounded by a lookbehind and a lookahead: `项目` must not
" colour the start of `项目资金总额`, nor `产出` that of `产出率`.

if exists("b:current_syntax")
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn sync minlines=200

" Numbers, then dates: at one position the item defined last wins, so a date beats the
" number that starts it.
syn match perfNumber /\v%([A-Za-z0-9_.])@<!-?\d[0-9_]*%(,[0-9_]+)*%(\.[0-9_]+)?/ nextgroup=perfUnit,perfUnitParen skipwhite
syn match perfDate /\v%([A-Za-z0-9_.])@<!\d{4}-\d{1,2}%(-\d{1,2})?\d@!/
syn match perfDate /\v%([A-Za-z0-9_.])@<!\d{4}-[QqHh]\d\d@!/
" Dates as forms print them; perfc reads them and suggests the ISO spelling.
syn match perfDate /\v%([A-Za-z0-9_.])@<!%(\d{4}年\d{1,2}月%(\d{1,2}日)?|\d{4}\/\d{1,2}\/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2})/

" A unit follows a number (or `funding`, or `=` in a unit declaration), bare or in half- or
" full-width parentheses; a keyword after the number (`actual`, `分值`) is not a unit.
syn match perfUnit /\v[%％‰㎡㎞㎥㎏]|%(%(%([A-Za-z0-9_-])@<!%(environmental-cost|sustainability|appropriation|economic-cost|overall-goal|satisfaction|implementer|beneficiary|social-cost|department|timeliness|ecological|framework|carryover|execution|deviation|category|quantity|economic|achieved|adjusted|project|funding|benefit|quality|nature|period|weight|actual|fiscal|annual|output|social|start|basis|field|total|other|score|year|unit|goal|note|cost|end|and|by)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(偏差原因分析及改进措施|服务对象满意度指标|年度资金申请总额|生态环境成本指标|可持续影响指标|服务对象满意度|计划开始日期|计划完成日期|年度总体目标|项目资金总额|当年财政拨款|上年结转资金|经济效益指标|社会效益指标|生态效益指标|经济成本指标|社会成本指标|生态环境成本|实际完成情况|项目总目标|实际完成值|全年执行数|满意度指标|可持续影响|全年预算数|指标体系|主管部门|实施单位|计量单位|项目性质|项目类别|实施周期|项目资金|取值依据|财政资金|其他资金|产出指标|效益指标|成本指标|数量指标|质量指标|时效指标|经济效益|社会效益|生态效益|经济成本|社会成本|大于等于|小于等于|偏差原因|满意度|不少于|不低于|不小于|不多于|不高于|不超过|不大于|年度|项目|截至|备注|字段|分值|产出|效益|成本|数量|质量|时效|大于|小于|等于|得分|和)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!))@!%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z_][A-Za-z0-9_]*%(-[A-Za-z0-9_]+)*)/ contained nextgroup=perfUnitOp,perfUnit skipwhite
syn match perfUnitOp /\v[/／·・]/ contained nextgroup=perfUnit skipwhite
syn region perfUnitParen matchgroup=perfParen start=/[(（]/ end=/[)）]/ end=/$/ oneline contains=perfUnitInner,perfUnitOpInner
syn match perfUnitInner /\v[%％‰㎡㎞㎥㎏]|%(%(%([A-Za-z0-9_-])@<!%(environmental-cost|sustainability|appropriation|economic-cost|overall-goal|satisfaction|implementer|beneficiary|social-cost|department|timeliness|ecological|framework|carryover|execution|deviation|category|quantity|economic|achieved|adjusted|project|funding|benefit|quality|nature|period|weight|actual|fiscal|annual|output|social|start|basis|field|total|other|score|year|unit|goal|note|cost|end|and|by)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(偏差原因分析及改进措施|服务对象满意度指标|年度资金申请总额|生态环境成本指标|可持续影响指标|服务对象满意度|计划开始日期|计划完成日期|年度总体目标|项目资金总额|当年财政拨款|上年结转资金|经济效益指标|社会效益指标|生态效益指标|经济成本指标|社会成本指标|生态环境成本|实际完成情况|项目总目标|实际完成值|全年执行数|满意度指标|可持续影响|全年预算数|指标体系|主管部门|实施单位|计量单位|项目性质|项目类别|实施周期|项目资金|取值依据|财政资金|其他资金|产出指标|效益指标|成本指标|数量指标|质量指标|时效指标|经济效益|社会效益|生态效益|经济成本|社会成本|大于等于|小于等于|偏差原因|满意度|不少于|不低于|不小于|不多于|不高于|不超过|不大于|年度|项目|截至|备注|字段|分值|产出|效益|成本|数量|质量|时效|大于|小于|等于|得分|和)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!))@!%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z_][A-Za-z0-9_]*%(-[A-Za-z0-9_]+)*)/ contained
syn match perfUnitOpInner /\v[/／·・]/ contained

" Keywords.
syn match perfKeyword /\v%(%([A-Za-z0-9_-])@<!%(overall-goal|implementer|department|framework|deviation|category|achieved|project|nature|period|weight|actual|start|basis|field|score|year|goal|note|end|and|by)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(偏差原因分析及改进措施|计划开始日期|计划完成日期|年度总体目标|实际完成情况|项目总目标|实际完成值|指标体系|主管部门|实施单位|项目性质|项目类别|实施周期|取值依据|偏差原因|年度|项目|截至|备注|字段|分值|得分|和)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!)/
syn match perfKeyword /\v%(%([A-Za-z0-9_-])@<!%(funding)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(项目资金)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!)/ nextgroup=perfUnit,perfUnitParen skipwhite
syn match perfKeyword /\v%(%([A-Za-z0-9_-])@<!%(unit)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(计量单位)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!)/ nextgroup=perfUnitName skipwhite
syn match perfUnitName /\v%(%(%([A-Za-z0-9_-])@<!%(environmental-cost|sustainability|appropriation|economic-cost|overall-goal|satisfaction|implementer|beneficiary|social-cost|department|timeliness|ecological|framework|carryover|execution|deviation|category|quantity|economic|achieved|adjusted|project|funding|benefit|quality|nature|period|weight|actual|fiscal|annual|output|social|start|basis|field|total|other|score|year|unit|goal|note|cost|end|and|by)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(偏差原因分析及改进措施|服务对象满意度指标|年度资金申请总额|生态环境成本指标|可持续影响指标|服务对象满意度|计划开始日期|计划完成日期|年度总体目标|项目资金总额|当年财政拨款|上年结转资金|经济效益指标|社会效益指标|生态效益指标|经济成本指标|社会成本指标|生态环境成本|实际完成情况|项目总目标|实际完成值|全年执行数|满意度指标|可持续影响|全年预算数|指标体系|主管部门|实施单位|计量单位|项目性质|项目类别|实施周期|项目资金|取值依据|财政资金|其他资金|产出指标|效益指标|成本指标|数量指标|质量指标|时效指标|经济效益|社会效益|生态效益|经济成本|社会成本|大于等于|小于等于|偏差原因|满意度|不少于|不低于|不小于|不多于|不高于|不超过|不大于|年度|项目|截至|备注|字段|分值|产出|效益|成本|数量|质量|时效|大于|小于|等于|得分|和)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!))@!%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z_][A-Za-z0-9_]*%(-[A-Za-z0-9_]+)*)/ contained nextgroup=perfUnitEq,perfUnitColon skipwhite
syn match perfUnitEq /\v[=＝]/ contained nextgroup=perfNumber,perfUnit skipwhite
syn match perfUnitColon /\v[:：]/ contained nextgroup=perfDimension skipwhite
syn match perfDimension /\v[A-Za-z_][A-Za-z0-9_-]*/ contained
syn match perfFund /\v%(%([A-Za-z0-9_-])@<!%(appropriation|carryover|execution|adjusted|fiscal|annual|total|other)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(年度资金申请总额|项目资金总额|当年财政拨款|上年结转资金|全年执行数|全年预算数|财政资金|其他资金)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!)/
syn match perfGroup /\v%(%([A-Za-z0-9_-])@<!%(environmental-cost|sustainability|economic-cost|satisfaction|beneficiary|social-cost|timeliness|ecological|quantity|economic|benefit|quality|output|social|cost)%([A-Za-z0-9_-])@!|%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(服务对象满意度指标|生态环境成本指标|可持续影响指标|服务对象满意度|经济效益指标|社会效益指标|生态效益指标|经济成本指标|社会成本指标|生态环境成本|满意度指标|可持续影响|产出指标|效益指标|成本指标|数量指标|质量指标|时效指标|经济效益|社会效益|生态效益|经济成本|社会成本|满意度|产出|效益|成本|数量|质量|时效)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!)/
syn match perfCmp /\v%(%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@<!%(大于等于|小于等于|不少于|不低于|不小于|不多于|不高于|不超过|不大于|大于|小于|等于)%([\u3005\u3007\u2e80-\u2fdf\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])@!)/
syn match perfCmp /\v\>\=|\<\=|[=><≥≤≧≦＝＞＜]/
syn match perfRange /\v\.\.|[~～]/
syn match perfDelim /\v[{}｛｝;；,，、:：]/

" Strings. `"""` is defined after `"` so that it wins where both start.
syn match perfEscape /\v\\%(["\\nt]|u\{\x{1,6}\})/ contained
syn match perfBadEscape /\v\\%(["\\nt]|u\{\x{1,6}\})@!./ contained
syn region perfString start=/"/ skip=/\\./ end=/"/ end=/$/ contains=perfEscape,perfBadEscape
syn region perfTextBlock start=/"""/ skip=/\\./ end=/"""/ contains=perfEscape,perfBadEscape
" Chinese quotes typed by an input method: perfc reads them as a string and offers a fix.
syn region perfChineseString start=/[“”‘]/ end=/[”“’]/ end=/$/

" @allow(CODE, lint-name)
syn region perfAttribute matchgroup=perfAttributeName start=/\v\@\s*\h\w*\s*[(（]/ end=/[)）]/ end=/$/ oneline contains=perfCode,perfDelim
syn match perfCode /\v\h[A-Za-z0-9_]*%(-[A-Za-z0-9_]+)*/ contained

syn keyword perfTodo TODO FIXME XXX contained
syn match perfComment "//.*$" contains=perfTodo,@Spell
syn region perfComment start="/\*" end="\*/" contains=perfTodo,@Spell

hi def link perfComment       Comment
hi def link perfTodo          Todo
hi def link perfString        String
hi def link perfTextBlock     String
hi def link perfChineseString String
hi def link perfEscape        SpecialChar
hi def link perfBadEscape     Error
hi def link perfKeyword       Keyword
hi def link perfFund          Identifier
hi def link perfGroup         Type
hi def link perfCmp           Operator
hi def link perfRange         Operator
hi def link perfNumber        Number
hi def link perfDate          Constant
hi def link perfUnit          Special
hi def link perfUnitInner     Special
hi def link perfUnitOp        Special
hi def link perfUnitOpInner   Special
hi def link perfParen         Delimiter
hi def link perfUnitName      Special
hi def link perfUnitEq        Operator
hi def link perfUnitColon     Delimiter
hi def link perfDimension     Type
hi def link perfDelim         Delimiter
hi def link perfAttributeName PreProc
hi def link perfCode          Label

let b:current_syntax = "perf"

let &cpo = s:cpo_save
unlet s:cpo_save
