//! Indicator values: a value must be written, a quantity needs its comparator, units must
//! be known (dimension vectors from `units`), and a ratio must lie in 0–100 %. Deadlines are
//! resolved to the last day they name.

use rust_decimal::Decimal;

use crate::source::Span;
use crate::units::{Dimension, Resolved};

use super::ProjectContext;
use crate::diag::{Code, Diagnostic, Diagnostics, Fix};
use crate::hierarchy::GroupName;
use crate::model::{Indicator, Value};
use crate::syntax::ast::{self, IndicatorExtra};
use crate::t;

pub fn lower_indicator(
    ctx: &ProjectContext,
    ind: &ast::Indicator,
    diags: &mut Diagnostics,
) -> Indicator {
    let value = match &ind.value {
        None => {
            diags.push(
                Diagnostic::new(
                    Code::MissingValue,
                    ind.name.span,
                    t!("指标 `{}` 没有指标值", "indicator `{}` has no target value", &ind.name.value),
                )
                .label(t!("名称后缺少指标值", "no value after the name"))
                .help(t!(
                    "在同一行名称后写指标值：定量如 >= 90 %、= 2 个，定性如 \"及时\"，时限如 {} 2024-06-30",
                    "write the value on the name's line: quantitative like >= 90 %, = 2 个; qualitative like \"及时\"; a deadline like {} 2024-06-30",
                    ctx.kw(crate::syntax::keywords::Kw::By)
                )),
            );
            Value::Missing
        }
        Some(ast::Value::Quantitative(q)) => quantitative(ctx, &ind.name.value, q, diags),
        Some(ast::Value::Qualitative(s)) => Value::Qualitative(s.value.to_string()),
        Some(ast::Value::Deadline { dates, text, .. }) => Value::Deadline {
            dates: dates
                .iter()
                .filter_map(|d| super::dates::resolve_reported(d, true, diags))
                .collect(),
            text: text.as_ref().map(|t| t.value.to_string()),
        },
    };
    let mut indicator = Indicator {
        level1: GroupName::Output,
        level2: GroupName::Quantity,
        name: ind.name.value.to_string(),
        value,
        note: None,
        basis: None,
        weight: None,
        actual: None,
        span: ind.span,
        name_span: ind.name.span,
        value_span: match &ind.value {
            None => ind.name.span,
            Some(ast::Value::Quantitative(q)) => q.span,
            Some(ast::Value::Qualitative(s)) => s.span,
            Some(ast::Value::Deadline { span, .. }) => *span,
        },
        cmp_span: match &ind.value {
            Some(ast::Value::Quantitative(q)) => q.cmp.map(|c| c.1),
            _ => None,
        },
        line: 0,
    };
    for extra in &ind.extras {
        match extra {
            IndicatorExtra::Note(_, s) => indicator.note = Some(s.value.to_string()),
            IndicatorExtra::Basis(_, s) => indicator.basis = Some(s.value.to_string()),
            IndicatorExtra::Weight(_, n) => indicator.weight = Some(n.value),
            IndicatorExtra::Actual(_, a) => {
                indicator.actual = Some(match a {
                    ast::Actual::Quantity(q) => {
                        if let Some(u) = &q.unit {
                            ctx.units.resolve(u, ctx.keyword_lang, diags);
                        }
                        let unit = q.unit.as_ref().map(|u| u.text()).unwrap_or_default();
                        let cmp = q.cmp.map(|c| c.0.as_str()).unwrap_or("");
                        format!("{cmp}{}{unit}", q.number.value)
                    }
                    ast::Actual::Word(w, _) => w.to_string(),
                    ast::Actual::Text(s) => s.value.to_string(),
                })
            }
        }
    }
    indicator
}

fn quantitative(
    ctx: &ProjectContext,
    name: &str,
    q: &ast::Quantity,
    diags: &mut Diagnostics,
) -> Value {
    let bound = bound_in_unit(ctx, q);
    let cmp = match (q.cmp, &bound) {
        (Some((c, _)), _) => c,
        (None, Some(b)) => b.cmp.unwrap_or(ast::Cmp::Eq),
        (None, None) => {
            diags.push(
                Diagnostic::new(
                    Code::MissingComparator,
                    q.number.span,
                    t!(
                        "定量指标值缺少比较符",
                        "a quantitative target without a comparator"
                    ),
                )
                .label(t!(
                    "`{}` 前面应有 = > < >= <=",
                    "`{}` needs = > < >= <= before it",
                    q.number.text
                ))
                .help(t!(
                    "写明目标是“等于”“不少于”还是“不超过”：如 `= {}`、`>= {}`",
                    "say whether the target is exact, a minimum or a maximum: `= {}`, `>= {}`",
                    q.number.text,
                    q.number.text
                ))
                .fix(Fix::maybe(q.number.span.at_start(), "=")),
            );
            ast::Cmp::Eq
        }
    };
    let resolved = match bound {
        Some(b) => {
            diags.push(b.diagnostic);
            Some(b.unit)
        }
        None => q
            .unit
            .as_ref()
            .and_then(|u| ctx.units.resolve(u, ctx.keyword_lang, diags)),
    };
    if let (Some(r), Some(u)) = (resolved, &q.unit) {
        range_rules(name, cmp, q, u, r, diags);
    }
    Value::Quantitative {
        cmp,
        number: q.number.value,
        text: q.number.text.to_string(),
        unit: q.unit.as_ref().map(|u| u.text()),
        dimension: resolved.map(|r| r.dimension),
        base: resolved.and_then(|r| q.number.value.checked_mul(r.factor)),
    }
}

/// A bound written into the unit (`400 人次以上`): the unit without it, and the comparator
/// the words mean.
struct BoundInUnit {
    unit: Resolved,
    cmp: Option<ast::Cmp>,
    diagnostic: Diagnostic,
}

/// `人次以上`, `%以内`, `人左右`: a known unit followed by words that belong in the
/// comparator (or, for `左右`, say the target is no target). One error with two fixes: the
/// unit alone, or the bound moved into the comparator (`>= 400 人次`).
fn bound_in_unit(ctx: &ProjectContext, q: &ast::Quantity) -> Option<BoundInUnit> {
    const BOUNDS: &[(&str, Option<ast::Cmp>)] = &[
        ("及以上", Some(ast::Cmp::Ge)),
        ("以上", Some(ast::Cmp::Ge)),
        ("以下", Some(ast::Cmp::Le)),
        ("以内", Some(ast::Cmp::Le)),
        ("之内", Some(ast::Cmp::Le)),
        ("左右", None),
    ];
    let u = q.unit.as_ref()?;
    if !u.rest.is_empty() {
        return None;
    }
    let (word, span) = u.first;
    let (suffix, cmp, unit_name) = BOUNDS.iter().find_map(|(suffix, cmp)| {
        let rest = word.strip_suffix(suffix)?;
        (!rest.is_empty()).then_some((*suffix, *cmp, rest))
    })?;
    let def = ctx.units.get(unit_name)?;
    let unit = Resolved {
        dimension: def.dimension,
        factor: def.factor,
    };
    let unit_span = Span::new(
        span.file,
        span.start as usize,
        span.start as usize + unit_name.len(),
    );
    let suffix_span = Span::new(span.file, unit_span.end as usize, span.end as usize);
    let mut d = Diagnostic::new(
        Code::UnknownUnit,
        suffix_span,
        t!(
            "`{}` 不是计量单位的一部分",
            "`{}` is not part of the unit",
            suffix
        ),
    )
    .label(t!(
        "这是比较关系，不是单位",
        "this is a comparison, not a unit"
    ))
    .with_label(unit_span, t!("单位是 `{}`", "the unit is `{}`", unit_name));
    d = match cmp {
        Some(c) => {
            let moved = format!("{} {} {}", c.as_str(), q.number.text, unit_name);
            d.help(t!(
                "“{}”是比较关系，写进比较符：`{}`",
                "“{}” is a comparison: write it as the comparator, `{}`",
                suffix,
                &moved
            ))
            .fix(Fix::maybe(q.span, moved))
            .fix(Fix::maybe(suffix_span, ""))
        }
        None => d
            .help(t!(
                "“左右”不是可检验的目标：写确数（= {0} {1}）或下限（>= {0} {1}）",
                "“about” is no checkable target: write an exact figure (= {0} {1}) or a minimum (>= {0} {1})",
                q.number.text,
                unit_name
            ))
            .fix(Fix::maybe(suffix_span, "")),
    };
    Some(BoundInUnit {
        unit,
        cmp,
        diagnostic: d,
    })
}

/// What the dimension of a value can hold, and targets that are always or never met.
fn range_rules(
    name: &str,
    cmp: ast::Cmp,
    q: &ast::Quantity,
    u: &ast::UnitExpr,
    r: Resolved,
    diags: &mut Diagnostics,
) {
    let span = q.number.span.to(u.span);
    let value = q.number.value;
    let Some(base) = value.checked_mul(r.factor) else {
        return;
    };
    let dim = r.dimension;
    if dim == Dimension::RATIO {
        ratio_in_range(name, q, u, r.factor, diags);
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
                        q.number.text,
                        u.text()
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
    } else if value.is_sign_negative() && !value.is_zero() {
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
    let countable = !average && ["people", "count", "person-time"].iter().any(|d| dim.is(d));
    if countable && !base.fract().is_zero() {
        diags.push(
            Diagnostic::new(
                Code::FractionalCount,
                span,
                t!("`{}` 的目标 {}{} 不是整数", "the target {1}{2} of `{0}` is not a whole number", name, q.number.text, u.text()),
            )
            .label(t!("{}只能是整数", "a {} is a whole number", dim))
            .help(t!(
                "人数、人次、个数只能取整数（写 3.00 可以，写 2.5 不行）；若是平均数，请在名称中写明“平均”或“人均”",
                "people, visits and counts are whole numbers (3.00 is fine, 2.5 is not); for an average, say “平均” or “人均” in the name"
            )),
        );
    }
    degenerate(
        name,
        cmp,
        q,
        base,
        dim == Dimension::RATIO || dim == Dimension::SCORE,
        diags,
    );
}

/// `>= 100 %` can only mean `= 100 %`; `> 100 %` and `< 0` can never be met; `>= 0` always is.
fn degenerate(
    name: &str,
    cmp: ast::Cmp,
    q: &ast::Quantity,
    base: Decimal,
    bounded: bool,
    diags: &mut Diagnostics,
) {
    use ast::Cmp::*;
    let span = q.span;
    let (zh, en, fix) = match cmp {
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
        span,
        t!("`{}` 的目标没有意义", "the target of `{}` is degenerate", name),
    )
    .label(crate::diag::Message::fixed(zh, en))
    .help(t!(
        "写出真正要达到的值：确数用 =（= 100 %），下限用 >= 并给出低于上限的值（>= 95 %）",
        "write the value actually aimed at: = for an exact figure (= 100 %), >= with a value below the ceiling (>= 95 %)"
    ));
    diags.push(match (fix, q.cmp) {
        (Some(f), Some((_, cspan))) => d.fix(Fix::maybe(cspan, f)),
        _ => d,
    });
}

/// A ratio is a share of a whole: 0–100 %.
fn ratio_in_range(
    name: &str,
    q: &ast::Quantity,
    u: &ast::UnitExpr,
    factor: Decimal,
    diags: &mut Diagnostics,
) {
    let Some(percent) = q.number.value.checked_mul(factor) else {
        return;
    };
    if percent < Decimal::ZERO || percent > Decimal::ONE_HUNDRED {
        diags.push(
            Diagnostic::new(
                Code::RatioOutOfRange,
                q.number.span.to(u.span),
                t!(
                    "比率 `{}` 的目标 {}{} 超出 0–100%",
                    "the ratio `{}` has target {}{}, outside 0–100 %",
                    name,
                    q.number.text,
                    u.text()
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
}
