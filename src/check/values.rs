//! Indicator values: a value must be written, a quantity needs its comparator, units must
//! be known (dimension vectors from `units`), and a ratio must lie in 0–100 %. Deadlines are
//! resolved to the last day they name.

use rust_decimal::Decimal;

use super::FileContext;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::hierarchy::GroupName;
use crate::model::{Indicator, Value};
use crate::syntax::ast::{self, IndicatorExtra};
use crate::t;

pub fn lower_indicator(
    ctx: &FileContext,
    ind: &ast::Indicator,
    diags: &mut Diagnostics,
) -> Indicator {
    let value = match &ind.value {
        None => {
            diags.push(
                Diagnostic::new(
                    Code::MissingValue,
                    ind.name.span,
                    t!("指标 `{}` 没有指标值", "indicator `{}` has no target value", ind.name.value),
                )
                .label(t!("名称后缺少指标值", "no value after the name"))
                .help(t!(
                    "在同一行名称后写指标值：定量如 >= 90 %、= 2 个，定性如 \"及时\"，时限如 by 2024-06-30",
                    "write the value on the name's line: quantitative like >= 90 %, = 2 个; qualitative like \"及时\"; a deadline like by 2024-06-30"
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
                            ctx.units.resolve(u, diags);
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
    ctx: &FileContext,
    name: &str,
    q: &ast::Quantity,
    diags: &mut Diagnostics,
) -> Value {
    let cmp = match q.cmp {
        Some((c, _)) => c,
        None => {
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
                .fix(q.number.span.at_start(), "="),
            );
            ast::Cmp::Eq
        }
    };
    let resolved = q.unit.as_ref().and_then(|u| ctx.units.resolve(u, diags));
    if let (Some(r), Some(u)) = (resolved, &q.unit) {
        if r.dimension.is("ratio") {
            ratio_in_range(name, q, u, r.factor, diags);
        }
    }
    Value::Quantitative {
        cmp,
        number: q.number.value,
        text: q.number.text.to_string(),
        unit: q.unit.as_ref().map(|u| u.text()),
        dimension: resolved.map(|r| r.dimension.to_string()),
    }
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
