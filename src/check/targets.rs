//! Whether each target says something checkable: rules over the lowered indicators of one
//! project, reading the model only. Each qualitative value gets at most one of the wording
//! rules (the most specific), so a weak target is named once, not three times.

use rust_decimal::Decimal;

use crate::diag::{Arg, Code, Diagnostic, Diagnostics, Fix};
use crate::hierarchy::GroupName;
use crate::lower::ProjectContext;
use crate::model::{Indicator, Project, Value};
use crate::syntax::ast::Cmp;
use crate::syntax::keywords;
use crate::syntax::keywords::Kw;
use crate::t;
use crate::units::{Dimension, Registry};

/// What a name says it measures: the dimension, how messages name it, and an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    pub dimension: Dimension,
    pub zh: &'static str,
    pub en: &'static str,
    pub example: &'static str,
}

/// What an indicator's name says it measures (名称以 率/比例/覆盖率 结尾 → ratio, …).
/// Trailing notes in parentheses (`点击率（收听率）`) do not count.
pub fn implied_dimension(name: &str) -> Option<Measure> {
    let core = core_name(name);
    // 频率, 效率, 速率 … end in 率 but are not shares of a whole.
    const NOT_RATIOS: &[&str] = &["频率", "效率", "速率", "功率", "汇率", "税率", "利率"];
    if NOT_RATIOS.iter().any(|w| core.ends_with(w)) {
        return None;
    }
    const fn m(
        dimension: Dimension,
        zh: &'static str,
        en: &'static str,
        example: &'static str,
    ) -> Measure {
        Measure {
            dimension,
            zh,
            en,
            example,
        }
    }
    const TABLE: &[(&[&str], Measure)] = &[
        (
            &["率", "比例", "占比"],
            m(Dimension::RATIO, "比率（%）", "a rate", ">= 95 %"),
        ),
        (
            &["人次"],
            m(
                Dimension::PERSON_TIME,
                "人次",
                "person-times (人次)",
                ">= 500 人次",
            ),
        ),
        (
            &["人数"],
            m(
                Dimension::PEOPLE,
                "人数（人）",
                "a number of people",
                "= 20 人",
            ),
        ),
        (
            &["天数", "时长"],
            m(
                Dimension::DURATION,
                "时长（天、小时……）",
                "a duration",
                "<= 30 天",
            ),
        ),
        (
            &["金额", "资金", "经费", "成本"],
            m(
                Dimension::MONEY,
                "金额（元、万元）",
                "an amount of money",
                "<= 100,000 元",
            ),
        ),
    ];
    TABLE
        .iter()
        .find(|(ends, _)| ends.iter().any(|e| core.ends_with(e)))
        .map(|(_, measure)| *measure)
}

pub fn core_name(name: &str) -> &str {
    let mut s = name.trim();
    loop {
        let stripped = s
            .strip_suffix('）')
            .and_then(|r| r.rfind('（').map(|i| &r[..i]))
            .or_else(|| {
                s.strip_suffix(')')
                    .and_then(|r| r.rfind('(').map(|i| &r[..i]))
            });
        match stripped {
            Some(r) if !r.trim().is_empty() => s = r.trim_end(),
            _ => return s,
        }
    }
}

/// A quantity found inside qualitative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiddenQuantity {
    pub cmp: Cmp,
    pub number: String,
    pub unit: String,
    /// The text says exactly this and nothing more (`大于90%`, `95%以上`): rewriting it as
    /// the quantity keeps its meaning. `80%合格` guesses the comparator and drops `合格`.
    pub exact: bool,
}

/// A number or comparison written inside qualitative text (`大于90%`, `80%合格`), as the
/// quantitative value it should have been.
pub fn hidden_quantity(text: &str, units: &Registry) -> Option<HiddenQuantity> {
    // A change relative to something (`较上年提高5%`, `同比增长10%`) is not the absolute
    // target the number alone would make it.
    const RELATIVE: &[&str] = &[
        "较",
        "比上年",
        "同比",
        "环比",
        "增长",
        "提高",
        "提升",
        "下降",
        "降低",
        "减少",
        "增加",
    ];
    // Most qualitative values hold no digit at all: nothing to find.
    let start = text.find(|c: char| c.is_ascii_digit())?;
    if RELATIVE.iter().any(|r| text.contains(r)) {
        return None;
    }
    let end = start
        + text[start..]
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len() - start);
    let number = text[start..end].trim_end_matches('.').to_string();
    let before = text[..start].trim_end();
    let word = keywords::comparator_ending(before);
    let cmp = word.map(|(c, _)| c);
    let nothing_before = word.is_some_and(|(_, len)| before.len() == len);
    // `％` is `%` (as the lexer reads it).
    let after = text[end..].trim_start();
    let (after, percent_sign) = match after.strip_prefix('％') {
        Some(rest) => (rest, true),
        None => (after, false),
    };
    // The unit: `%` for a full-width sign, else the longest unit the text continues with.
    let mut unit: &str = if percent_sign { "%" } else { "" };
    if !percent_sign {
        for (i, c) in after.char_indices().take(4) {
            let candidate = &after[..i + c.len_utf8()];
            if units.get(candidate).is_some() {
                unit = candidate;
            }
        }
    }
    let after_unit = if percent_sign {
        after
    } else {
        &after[unit.len()..]
    }
    .trim_start();
    // A date or a month (`3-11月`, `9月前`) is no hidden target: only a comparison word or a
    // percentage / score makes one.
    let scale = matches!(unit, "%" | "‰" | "分");
    if cmp.is_none() && !scale {
        return None;
    }
    // A bound written after the number: `5%以内` is at most 5 %, `90%以上` at least 90 %.
    let bound = keywords::BOUND_WORDS
        .iter()
        .chain(&[("内", Some(Cmp::Le))])
        .find(|(w, c)| c.is_some() && after_unit.starts_with(w));
    let (cmp, rest) = match bound {
        Some((w, c)) => (*c, &after_unit[w.len()..]),
        None => (cmp, after_unit),
    };
    let nothing_after = rest
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '。' | '.' | '；' | ';'))
        .is_empty();
    // `大于90%以上`: a word before the number and a bound after it that disagree (`>` and
    // `>=`) leave the target unsure, so the fix is no longer certain.
    let before_and_after_agree = match (word, bound) {
        (Some((w, _)), Some((_, b))) => Some(w) == *b,
        _ => true,
    };
    let exact = cmp.is_some()
        && before_and_after_agree
        && !unit.is_empty()
        && nothing_after
        && (nothing_before || (before.is_empty() && bound.is_some()));
    Some(HiddenQuantity {
        cmp: cmp.unwrap_or(Cmp::Ge),
        number,
        unit: unit.to_string(),
        exact,
    })
}

const YES_NO: &[&str] = &["是", "否", "是否", "有", "没有", "已", "未"];
const FILLER: &[&str] = &[
    "无",
    "不涉及",
    "暂无",
    "无此项",
    "略",
    "/",
    "-",
    "—",
    "——",
    "空",
    "不适用",
];

/// A direction with no measure: `提升`, or an adverb and such a verb (`不断提高`, `环比下降`).
pub fn is_vague(text: &str) -> bool {
    const VERBS: &[&str] = &[
        "提升", "提高", "改善", "增强", "优化", "加强", "扩大", "上升", "下降", "降低", "减少",
        "增加", "增长", "好转",
    ];
    const ADVERBS: &[&str] = &[
        "",
        "不断",
        "持续",
        "有所",
        "明显",
        "逐步",
        "稳步",
        "进一步",
        "显著",
        "大幅",
        "环比",
        "同比",
        "得到",
        "全面",
        "有效",
    ];
    let t = text.trim().trim_end_matches(['。', '！', '.']);
    ADVERBS
        .iter()
        .any(|a| t.strip_prefix(a).is_some_and(|rest| VERBS.contains(&rest)))
}

/// Run every target rule over one project.
pub fn check(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    for ind in &project.indicators {
        match &ind.value {
            Value::Qualitative(text) => qualitative(ctx, ind, text, diags),
            Value::Quantitative(q) => quantitative(
                ctx,
                ind,
                q.cmp,
                q.number,
                q.dimension(),
                q.unit.is_some(),
                diags,
            ),
            Value::Deadline { .. } => {
                if execution_rate_as_output(ind, diags) {
                    continue;
                }
                if ind.level1 == GroupName::Satisfaction {
                    diags.push(satisfaction_not_lower_bound(ind, None));
                }
            }
            Value::Missing => {}
        }
    }
    mixed_satisfaction_units(project, diags);
}

fn qualitative(ctx: &ProjectContext, ind: &Indicator, text: &str, diags: &mut Diagnostics) {
    let trimmed = text.trim();
    if execution_rate_as_output(ind, diags) {
        return;
    }
    if let Some(hidden) = hidden_quantity(trimmed, &ctx.units) {
        let fixed = format!("{} {} {}", hidden.cmp.as_str(), hidden.number, hidden.unit)
            .trim_end()
            .to_string();
        diags.push(
            Diagnostic::new(
                Code::HiddenNumber,
                ind.value_span,
                t!(
                    "`{}` 的定性值 \"{}\" 里写着一个数值目标",
                    "the qualitative value \"{1}\" of `{0}` hides a numeric target",
                    &ind.name,
                    trimmed
                ),
            )
            .label(t!(
                "这是带引号的文字，不会被当作数值检查",
                "quoted text is not checked as a number"
            ))
            .help(t!(
                "把目标写成定量值：{}（比较符、数字、单位不加引号）",
                "write the target as a quantity: {} (comparator, number and unit, unquoted)",
                &fixed
            ))
            .fix(if hidden.exact {
                Fix::certain(ind.value_span, fixed)
            } else {
                Fix::maybe(ind.value_span, fixed)
            }),
        );
        return;
    }
    if YES_NO.contains(&trimmed) {
        diags.push(
            Diagnostic::new(
                Code::YesNoValue,
                ind.value_span,
                t!("`{}` 的指标值只是 \"{}\"", "the target of `{}` is only \"{}\"", &ind.name, trimmed),
            )
            .label(t!("是/否无法衡量完成程度", "yes/no measures no degree of completion"))
            .help(t!(
                "写出可检验的结果：数量（= 1 份）、比率（>= 90 %）或具体的完成标准（\"通过专家评审\"）",
                "write a checkable result: a quantity (= 1 份), a rate (>= 90 %) or a concrete standard (\"通过专家评审\")"
            )),
        );
        return;
    }
    if FILLER.contains(&trimmed) || trimmed.is_empty() {
        diags.push(
            Diagnostic::new(
                Code::FillerValue,
                ind.value_span,
                t!("`{}` 的指标值 \"{}\" 没有内容", "the target of `{}` says nothing: \"{}\"", &ind.name, trimmed),
            )
            .label(t!("这不是目标", "this is not a target"))
            .help(t!(
                "若该指标不适用，删除这一行；否则写出具体目标",
                "if the indicator does not apply, delete the line; otherwise write a concrete target"
            )),
        );
        return;
    }
    if ind.level2 == GroupName::Quantity || ind.in_cost_group() {
        diags.push(
            Diagnostic::new(
                Code::QualitativeQuantity,
                ind.value_span,
                t!(
                    "{0} / {1} 的指标 `{2}` 应为定量值",
                    "`{2}` is in {0} / {1} and needs a quantitative target",
                    Arg::Words(ind.level1.form_name(), ind.level1.as_str()),
                    Arg::Words(ind.level2.form_name(), ind.level2.as_str()),
                    &ind.name
                ),
            )
            .label(t!("定性值 \"{}\"", "qualitative value \"{}\"", trimmed))
            .help(t!(
                "数量指标和成本指标必须定量：写成 比较符 数字 单位，如 = 2 个、<= 50,000 元",
                "quantity and cost indicators must be quantitative: comparator, number, unit, such as = 2 个 or <= 50,000 元"
            )),
        );
        return;
    }
    if let Some(measure) = implied_dimension(&ind.name) {
        if ind.level1 != GroupName::Satisfaction {
            diags.push(
                Diagnostic::new(
                    Code::QualitativeMeasure,
                    ind.value_span,
                    t!(
                        "`{}` 是{}，指标值却是定性的 \"{}\"",
                        "`{}` measures {}, but its target is the qualitative \"{}\"",
                        &ind.name,
                        Arg::Words(measure.zh, measure.en),
                        trimmed
                    ),
                )
                .label(t!("这里应是数值", "a number belongs here"))
                .help(t!(
                    "写成定量值，如 {}",
                    "write a quantity, such as {}",
                    measure.example
                )),
            );
            return;
        }
    }
    if ind.level1 == GroupName::Satisfaction {
        diags.push(satisfaction_not_lower_bound(ind, None));
        return;
    }
    if is_vague(trimmed) {
        diags.push(
            Diagnostic::new(
                Code::VagueTarget,
                ind.value_span,
                t!("`{}` 的指标值 \"{}\" 没有衡量标准", "the target \"{1}\" of `{0}` has no measure", &ind.name, trimmed),
            )
            .label(t!("提升多少？与什么相比？", "by how much, compared with what?"))
            .help(t!(
                "写明可检验的程度，如 >= 90 %、较上年提高 5 个百分点，或具体的完成标准",
                "state a checkable degree, such as >= 90 %, 5 points above last year, or a concrete standard"
            )),
        );
    }
}

fn quantitative(
    ctx: &ProjectContext,
    ind: &Indicator,
    cmp: Cmp,
    number: Decimal,
    dimension: Option<Dimension>,
    has_unit: bool,
    diags: &mut Diagnostics,
) {
    let implied = implied_dimension(&ind.name);
    if let (Some(measure), None) = (implied, dimension) {
        if !has_unit {
            diags.push(
                Diagnostic::new(
                    Code::NameUnitMismatch,
                    ind.value_span,
                    t!(
                        "`{}` 按名称是{}，指标值却没有计量单位",
                        "the name `{}` suggests {}, but the value has no unit",
                        &ind.name,
                        Arg::Words(measure.zh, measure.en)
                    ),
                )
                .label(t!("缺少单位", "no unit"))
                .help(t!(
                    "写上单位，如 {}",
                    "write the unit, such as {}",
                    measure.example
                )),
            );
        }
    }
    if let (Some(measure), Some(dim)) = (implied, dimension) {
        // Money per person or per area (`人均培训成本 <= 800 元/人`) is still money: the
        // implied dimension must be the numerator; only a ratio must be a ratio outright.
        let implied = measure.dimension;
        let per = dim.is_per(implied) && implied != Dimension::RATIO;
        if implied != dim && !per {
            diags.push(
                Diagnostic::new(
                    Code::NameUnitMismatch,
                    ind.value_span,
                    t!(
                        "`{}` 按名称是{}，计量单位却是{}",
                        "the name `{}` suggests {}, but its unit measures {}",
                        &ind.name,
                        Arg::Words(measure.zh, measure.en),
                        dim
                    ),
                )
                .label(t!("单位的量纲是{}", "this unit's dimension is {}", dim))
                .help(t!(
                    "改用与名称一致的单位（如 {}），或改指标名称",
                    "use a unit that matches the name (such as {}), or rename the indicator",
                    measure.example
                )),
            );
        }
    }
    if ind.level1 == GroupName::Satisfaction && matches!(cmp, Cmp::Eq | Cmp::Lt | Cmp::Le) {
        diags.push(satisfaction_not_lower_bound(ind, Some(cmp)));
    }
    if ind.level1 == GroupName::Output
        && ind.level2 == GroupName::Quantity
        && matches!(cmp, Cmp::Lt | Cmp::Le)
        && !number.is_zero()
    {
        diags.push(
            Diagnostic::new(
                Code::OutputUpperBound,
                ind.cmp_span.unwrap_or(ind.value_span),
                t!(
                    "产出数量 `{}` 设了上限",
                    "the output quantity `{}` is bounded from above",
                    &ind.name
                ),
            )
            .label(t!("{} 表示“最多”", "{} means “at most”", cmp.as_str()))
            .help(t!(
                "产出数量是要完成的量，通常写下限（>=）或确数（=）；若确实是上限，用 @allow(output-upper-bound) 说明",
                "an output quantity is what will be delivered: usually a minimum (>=) or an exact figure (=); if it really is a cap, say so with @allow(output-upper-bound)"
            )),
        );
    }
    if ind.level2 == GroupName::Timeliness
        && dimension.is_some_and(|d| {
            [Dimension::COUNT, Dimension::PEOPLE, Dimension::PERSON_TIME].contains(&d)
        })
    {
        diags.push(
            Diagnostic::new(
                Code::CountInTimeliness,
                ind.value_span,
                t!("时效指标 `{}` 的值是一个数量", "the timeliness indicator `{}` has a count as its value", &ind.name),
            )
            .label(t!("时效指标应写时限或完成时间", "timeliness is a deadline or a completion date"))
            .help(t!(
                "写成时限（{0} 2024-06-30、{0} 2024-Q4）或及时率（>= 95 %）；份数、次数应放在数量指标中",
                "write a deadline ({0} 2024-06-30) or a rate (>= 95 %); counts belong under quantity",
                ctx.kw(Kw::By)
            )),
        );
    }
    execution_rate_as_output(ind, diags);
}

/// 预算执行率 under 产出指标, whatever its value. Returns whether it fired.
fn execution_rate_as_output(ind: &Indicator, diags: &mut Diagnostics) -> bool {
    if ind.level1 == GroupName::Output && ind.name.contains("预算执行率") {
        diags.push(
            Diagnostic::new(
                Code::ExecutionRateAsOutput,
                ind.name_span,
                t!("预算执行率放在了产出指标中", "the budget execution rate is listed as an output"),
            )
            .label(t!("这不是项目的产出", "this is not an output of the project"))
            .help(t!(
                "预算执行率属于预算执行情况，在绩效自评中单独计分（10 分），不应作为产出指标；删除这一行",
                "the execution rate belongs to budget execution, scored separately in the self-evaluation (10 points); delete this line"
            )),
        );
        return true;
    }
    false
}

fn satisfaction_not_lower_bound(ind: &Indicator, cmp: Option<Cmp>) -> Diagnostic {
    let d = Diagnostic::new(
        Code::SatisfactionNotLowerBound,
        ind.cmp_span.unwrap_or(ind.value_span),
        t!(
            "满意度指标 `{}` 的目标应写成下限",
            "the satisfaction target of `{}` should be a lower bound",
            &ind.name
        ),
    )
    .help(t!(
        "满意度是调查结果，目标写“不低于”：如 >= 85 % 或 >= 85 分",
        "satisfaction is a survey result: write a minimum, such as >= 85 % or >= 85 分"
    ));
    match (cmp, ind.cmp_span) {
        (Some(Cmp::Eq), Some(span)) => d
            .label(t!("`=` 要求恰好等于", "`=` asks for exactly this value"))
            .fix(Fix::maybe(span, ">=")),
        (Some(c), _) => d.label(t!("`{}` 是上限", "`{}` is an upper bound", c.as_str())),
        (None, _) => d.label(t!(
            "定性值无法与调查结果比较",
            "a qualitative value cannot be compared with a survey result"
        )),
    }
}

/// Satisfaction targets of one project in both % and 分 cannot be summarised together.
fn mixed_satisfaction_units(project: &Project, diags: &mut Diagnostics) {
    fn dim_of(i: &Indicator) -> Option<Dimension> {
        i.dimension().filter(|d| {
            i.level1 == GroupName::Satisfaction
                && (*d == Dimension::RATIO || *d == Dimension::SCORE)
        })
    }
    let Some(first) = project.indicators.iter().find(|i| dim_of(i).is_some()) else {
        return;
    };
    let first_dim = dim_of(first);
    let mut others = project
        .indicators
        .iter()
        .filter(|i| dim_of(i).is_some() && dim_of(i) != first_dim);
    let Some(other) = others.next() else { return };
    let count_first = project
        .indicators
        .iter()
        .filter(|i| dim_of(i) == first_dim)
        .count();
    let count_other = project
        .indicators
        .iter()
        .filter(|i| dim_of(i).is_some())
        .count()
        - count_first;
    let unit = |d: Option<Dimension>| {
        if d == Some(Dimension::RATIO) {
            "%"
        } else {
            "分"
        }
    };
    diags.push(
        Diagnostic::new(
            Code::MixedSatisfactionUnits,
            other.value_span,
            t!(
                "项目的满意度目标混用了 % 和 分",
                "the project's satisfaction targets mix % and 分"
            ),
        )
        .label(t!("这里用 {}", "this one is in {}", unit(dim_of(other))))
        .with_label(first.value_span, t!("这里用 {}", "this one is in {}", unit(first_dim)))
        .help(t!(
            "{} 个用 {}，{} 个用 {}；同一项目的满意度应统一口径（通常用 %）",
            "{} in {}, {} in {}: one project's satisfaction targets should use one scale (usually %)",
            count_first,
            unit(first_dim),
            count_other,
            unit(dim_of(other))
        )),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_imply_dimensions_by_their_ending() {
        let dim = |n: &str| implied_dimension(n).map(|m| m.dimension);
        assert_eq!(dim("项目验收通过率"), Some(Dimension::RATIO));
        assert_eq!(dim("点击率（收听率）"), Some(Dimension::RATIO));
        assert_eq!(dim("青年干部班培训人次"), Some(Dimension::PERSON_TIME));
        assert_eq!(dim("法制干部培训人数"), Some(Dimension::PEOPLE));
        assert_eq!(dim("工作开展天数"), Some(Dimension::DURATION));
        assert_eq!(dim("设备租赁成本"), Some(Dimension::MONEY));
        assert_eq!(dim("人民建议征集成果转化效率"), None);
        assert_eq!(dim("巡查频率"), None);
        assert_eq!(dim("人员到位及时性"), None);
    }

    #[test]
    fn hidden_numbers_become_quantities() {
        let reg = Registry::prelude();
        let h = |t: &str| hidden_quantity(t, reg).map(|h| (h.cmp, h.number, h.unit, h.exact));
        assert_eq!(h("大于90%"), Some((Cmp::Gt, "90".into(), "%".into(), true)));
        assert_eq!(
            h("80%合格"),
            Some((Cmp::Ge, "80".into(), "%".into(), false))
        );
        assert_eq!(
            h("不低于 95 分"),
            Some((Cmp::Ge, "95".into(), "分".into(), true))
        );
        assert_eq!(
            h("控制在5%以内"),
            Some((Cmp::Le, "5".into(), "%".into(), false))
        );
        assert_eq!(h("95%以上"), Some((Cmp::Ge, "95".into(), "%".into(), true)));
        assert_eq!(
            h("不少于16个区"),
            Some((Cmp::Ge, "16".into(), "个".into(), false))
        );
        // `以上` includes the number, `大于` does not: which was meant is for a person.
        assert_eq!(
            h("大于90%以上"),
            Some((Cmp::Ge, "90".into(), "%".into(), false))
        );
        assert_eq!(
            h("不低于90%以上"),
            Some((Cmp::Ge, "90".into(), "%".into(), true))
        );
        assert_eq!(h("较上年提高5%"), None);
        assert_eq!(h("3-11月开展"), None);
        assert_eq!(h("9月前完成"), None);
        assert_eq!(h("8月和次年1月"), None);
        assert_eq!(h("及时"), None);
    }

    #[test]
    fn vague_targets_are_a_direction_without_a_measure() {
        for v in [
            "提升",
            "提高",
            "改善",
            "不断提高",
            "环比下降",
            "持续上升",
            "优化",
        ] {
            assert!(is_vague(v), "{v}");
        }
        for v in [
            "较上年提高 5 个百分点",
            "形成制度化文件",
            "及时",
            "建立健全",
            "提升至90%",
        ] {
            assert!(!is_vague(v), "{v}");
        }
    }
}
