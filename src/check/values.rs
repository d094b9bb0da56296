//! Indicator values: a value must be written, a quantity needs its comparator, and a
//! number must be one its dimension can hold (a ratio within 0–100 %, a score within 0–100
//! 分, no negative or fractional counts), and a target must be neither always nor never met.

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic, Diagnostics, Fix, Message};
use crate::lower::ProjectContext;
use crate::model::{Indicator, Project, Quantity, Value};
use crate::syntax::ast::Cmp;
use crate::syntax::keywords::Kw;
use crate::t;
use crate::units::Dimension;

/// No value after an indicator's name; a number without its comparator.
pub fn missing_value_or_comparator(
    ctx: &ProjectContext,
    project: &Project,
    diags: &mut Diagnostics,
) {
    for ind in &project.indicators {
        match &ind.value {
            Value::Missing => diags.push(
                Diagnostic::new(
                    Code::MissingValue,
                    ind.name_span,
                    t!("指标 `{}` 没有指标值", "indicator `{}` has no target value", &ind.name),
                )
                .label(t!("名称后缺少指标值", "no value after the name"))
                .help(t!(
                    "在同一行名称后写指标值：定量如 >= 90 %、= 2 个，定性如 \"及时\"，时限如 {} 2024-06-30",
                    "write the value on the name's line: quantitative like >= 90 %, = 2 个; qualitative like \"及时\"; a deadline like {} 2024-06-30",
                    ctx.kw(Kw::By)
                )),
            ),
            Value::Quantitative(q) if !q.cmp_written => diags.push(
                Diagnostic::new(
                    Code::MissingComparator,
                    q.number_span,
                    t!(
                        "定量指标值缺少比较符",
                        "a quantitative target without a comparator"
                    ),
                )
                .label(t!(
                    "`{}` 前面应有 = > < >= <=",
                    "`{}` needs = > < >= <= before it",
                    q.text
                ))
                .help(t!(
                    "写明目标是“等于”“不少于”还是“不超过”：如 `= {0}`、`>= {0}`",
                    "say whether the target is exact, a minimum or a maximum: `= {0}`, `>= {0}`",
                    q.text
                ))
                .fix(Fix::maybe(q.number_span.at_start(), "=")),
            ),
            _ => {}
        }
    }
}

/// What the dimension of each quantity can hold, and targets that are always or never met.
pub fn range_rules(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    for ind in &project.indicators {
        if let Value::Quantitative(q) = &ind.value {
            quantity_range(ind, q, diags);
        }
    }
}

fn quantity_range(ind: &Indicator, q: &Quantity, diags: &mut Diagnostics) {
    let Some(unit) = &q.unit else { return };
    let Some(r) = unit.resolved else { return };
    let Some(base) = q.number.checked_mul(r.factor) else {
        return;
    };
    let name = &*ind.name;
    let span = q.number_span.to(unit.span);
    let written = (q.text, &*unit.text);
    let dim = r.dimension;
    if dim == Dimension::RATIO {
        if base < Decimal::ZERO || base > Decimal::ONE_HUNDRED {
            diags.push(
                Diagnostic::new(
                    Code::RatioOutOfRange,
                    span,
                    t!(
                        "比率 `{}` 的目标 {}{} 超出 0–100%",
                        "the ratio `{}` has target {}{}, outside 0–100 %",
                        name,
                        written.0,
                        written.1
                    ),
                )
                .label(t!(
                    "比率不能小于 0 或大于 100%",
                    "a ratio cannot be below 0 or above 100 %"
                ))
                .help(t!(
                    "检查数值是否多写了位数；若要表达增长倍数或数量，请改用 个、次 等计数单位",
                    "check for extra digits; for growth or a count, use a count unit such as 个 or 次"
                )),
            );
        }
    } else if dim == Dimension::SCORE {
        if base < Decimal::ZERO || base > Decimal::ONE_HUNDRED {
            diags.push(
                Diagnostic::new(
                    Code::ScoreOutOfRange,
                    span,
                    t!(
                        "`{}` 的分值目标 {}{} 超出 0–100 分",
                        "the score target {1}{2} of `{0}` is outside 0–100",
                        name,
                        written.0,
                        written.1
                    ),
                )
                .label(t!(
                    "分 是百分制的分值，不是金额",
                    "分 is a score out of 100, not money"
                ))
                .help(t!(
                    "满意度等分值在 0 到 100 之间；金额请用 元 或 万元",
                    "a score lies between 0 and 100; for money use 元 or 万元"
                )),
            );
        }
    } else if q.number.is_sign_negative() && !q.number.is_zero() {
        diags.push(
            Diagnostic::new(
                Code::NegativeValue,
                span,
                t!("`{}` 的目标值是负数", "the target of `{}` is negative", name),
            )
            .label(t!("{}不能是负数", "a {} cannot be negative", dim))
            .help(t!(
                "写正数；若要表达“减少”，在名称中写明（如“投诉件数较上年减少”）并写减少的量",
                "write a positive number; to express a decrease, say so in the name and give the amount"
            )),
        );
    }
    // An average (`平均每期参训人数`, `人均课时`) may well be fractional.
    let average = name.contains("平均") || name.contains("人均") || name.contains("均值");
    let countable = [Dimension::PEOPLE, Dimension::COUNT, Dimension::PERSON_TIME].contains(&dim);
    if countable && !average && !base.fract().is_zero() {
        diags.push(
            Diagnostic::new(
                Code::FractionalCount,
                span,
                t!(
                    "`{}` 的目标 {}{} 不是整数",
                    "the target {1}{2} of `{0}` is not a whole number",
                    name,
                    written.0,
                    written.1
                ),
            )
            .label(t!("{}只能是整数", "a {} is a whole number", dim))
            .help(t!(
                "人数、人次、个数只能取整数（写 3.00 可以，写 2.5 不行）；若是平均数，请在名称中写明“平均”或“人均”",
                "people, visits and counts are whole numbers (3.00 is fine, 2.5 is not); for an average, say “平均” or “人均” in the name"
            )),
        );
    }
    degenerate(
        ind,
        q,
        base,
        dim == Dimension::RATIO || dim == Dimension::SCORE,
        diags,
    );
}

/// `>= 100 %` can only mean `= 100 %`; `> 100 %` and `< 0` can never be met; `>= 0` always is.
fn degenerate(
    ind: &Indicator,
    q: &Quantity,
    base: Decimal,
    bounded: bool,
    diags: &mut Diagnostics,
) {
    use Cmp::*;
    let (zh, en, fix) = match q.cmp {
        Ge if bounded && base == Decimal::ONE_HUNDRED => (
            "“不低于 100” 只能是恰好 100",
            "“at least 100” can only mean exactly 100",
            Some("="),
        ),
        Gt if bounded && base >= Decimal::ONE_HUNDRED => (
            "比率或分值不可能超过 100",
            "a rate or score cannot exceed 100",
            None,
        ),
        Le if bounded && base >= Decimal::ONE_HUNDRED => {
            ("“不超过 100” 总能达到", "“at most 100” is always met", None)
        }
        Ge if base.is_zero() => ("“不少于 0” 总能达到", "“at least 0” is always met", None),
        Lt if base <= Decimal::ZERO => (
            "“小于 0” 永远达不到",
            "“less than 0” can never be met",
            None,
        ),
        _ => return,
    };
    let d = Diagnostic::new(
        Code::DegenerateTarget,
        ind.value_span,
        t!("`{}` 的目标没有意义", "the target of `{}` is degenerate", &ind.name),
    )
    .label(Message::fixed(zh, en))
    .help(t!(
        "写出真正要达到的值：确数用 =（= 100 %），下限用 >= 并给出低于上限的值（>= 95 %）",
        "write the value actually aimed at: = for an exact figure (= 100 %), >= with a value below the ceiling (>= 95 %)"
    ));
    diags.push(match (fix, ind.cmp_span) {
        (Some(f), Some(cspan)) => d.fix(Fix::maybe(cspan, f)),
        _ => d,
    });
}
