//! Funding: amounts to exact 分, their units, where each key may stand, the breakdown sums
//! (`annual = appropriation + carryover + other`, `total = fiscal + other`), parents derived
//! from their breakdown, and `annual ≤ total`.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::ProjectContext;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{CustomAmount, Fen, Funding};
use crate::source::Span;
use crate::syntax::ast::{self, AmountItem, AmountKey, FundKey};
use crate::t;
use crate::units::Resolved;

/// Money for messages: `1,234,567.80`.
pub fn yuan(f: Fen) -> String {
    f.grouped()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Root,
    Fund(FundKey),
    Custom,
}

/// One amount after conversion, with its breakdown.
struct Node<'a> {
    /// Reported as misplaced: left out of its parent's sum.
    misplaced: bool,
    key: &'a AmountKey<'a>,
    key_span: Span,
    amount: Option<Fen>,
    derived: bool,
    children: Vec<Node<'a>>,
}

pub fn lower(ctx: &ProjectContext, f: &ast::Funding, diags: &mut Diagnostics) -> Funding {
    let block_unit = match &f.unit {
        Some(u) => money_unit(ctx, u, diags).map(|r| (r, u.text())),
        None => ctx.units.get("元").map(|d| {
            let r = Resolved {
                dimension: d.dimension,
                factor: d.factor,
            };
            (r, "元".to_string())
        }),
    };
    let nodes = lower_items(ctx, &f.amounts, Parent::Root, block_unit.as_ref(), diags);
    let mut out = Funding::default();
    for node in &nodes {
        let AmountKey::Fund(key) = node.key else {
            continue;
        };
        if node.derived {
            out.derived.push(key.as_str());
        }
        match key {
            FundKey::Total => out.total = node.amount,
            FundKey::Annual => out.annual = node.amount,
            FundKey::Execution => out.execution = node.amount,
            _ => {}
        }
        for child in &node.children {
            let slot = match (key, child.key) {
                (FundKey::Total, AmountKey::Fund(FundKey::Fiscal)) => Some(&mut out.fiscal),
                (FundKey::Total, AmountKey::Fund(FundKey::Other)) => Some(&mut out.total_other),
                (FundKey::Annual, AmountKey::Fund(FundKey::Appropriation)) => {
                    Some(&mut out.appropriation)
                }
                (FundKey::Annual, AmountKey::Fund(FundKey::Carryover)) => Some(&mut out.carryover),
                (FundKey::Annual, AmountKey::Fund(FundKey::Other)) => Some(&mut out.other),
                _ => None,
            };
            if let Some(slot) = slot {
                *slot = child.amount;
                if child.derived {
                    if let AmountKey::Fund(k) = child.key {
                        let name = if *k == FundKey::Other && *key == FundKey::Total {
                            "total_other"
                        } else {
                            k.as_str()
                        };
                        out.derived.push(name);
                    }
                }
            }
        }
        collect_custom(key.as_str(), &node.children, &mut out.custom);
    }
    if let (Some(total), Some(annual)) = (out.total, out.annual) {
        if annual > total {
            let total_span = nodes
                .iter()
                .find(|n| matches!(n.key, AmountKey::Fund(FundKey::Total)));
            let annual_span = nodes
                .iter()
                .find(|n| matches!(n.key, AmountKey::Fund(FundKey::Annual)));
            if let (Some(t), Some(a)) = (total_span, annual_span) {
                diags.push(
                    Diagnostic::new(
                        Code::AnnualExceedsTotal,
                        a.key_span,
                        t!("年度资金申请总额大于项目资金总额", "the annual amount exceeds the project total"),
                    )
                    .label(t!("年度 {} 元", "annual {} 元", yuan(annual)))
                    .with_label(t.key_span, t!("总额 {} 元", "total {} 元", yuan(total)))
                    .help(t!(
                        "项目资金总额是整个实施周期的资金，不能少于其中一年的申请额；检查两处金额和单位",
                        "the project total covers the whole period and cannot be less than one year's request; check both amounts and their units"
                    )),
                );
            }
        }
    }
    out
}

fn collect_custom(parent: &str, nodes: &[Node], out: &mut Vec<CustomAmount>) {
    for n in nodes {
        match n.key {
            AmountKey::Custom(name) => {
                out.push(CustomAmount {
                    parent: parent.to_string(),
                    name: name.value.to_string(),
                    amount: n.amount,
                });
                collect_custom(&name.value, &n.children, out);
            }
            AmountKey::Fund(k) => collect_custom(k.as_str(), &n.children, out),
        }
    }
}

/// Resolve a unit that must be money.
fn money_unit(
    ctx: &ProjectContext,
    u: &ast::UnitExpr,
    diags: &mut Diagnostics,
) -> Option<Resolved> {
    let r = ctx.units.resolve(u, ctx.keyword_lang, diags)?;
    if r.dimension == crate::units::Dimension::MONEY {
        Some(r)
    } else {
        diags.push(
            Diagnostic::new(
                Code::NotMoney,
                u.span,
                t!("`{}` 不是金额单位", "`{}` is not a unit of money", u.text()),
            )
            .label(t!("这里的量纲是 {}", "this has dimension {}", r.dimension))
            .help(t!(
                "资金用 元、万元 或 亿元",
                "funding is in 元, 万元 or 亿元"
            )),
        );
        None
    }
}

fn allowed(parent: Parent, key: &AmountKey) -> bool {
    match (parent, key) {
        (Parent::Root, AmountKey::Fund(k)) => {
            matches!(k, FundKey::Total | FundKey::Annual | FundKey::Execution)
        }
        (Parent::Root, AmountKey::Custom(_)) => false,
        (Parent::Fund(FundKey::Total), AmountKey::Fund(k)) => {
            matches!(k, FundKey::Fiscal | FundKey::Other)
        }
        (Parent::Fund(FundKey::Annual), AmountKey::Fund(k)) => {
            matches!(
                k,
                FundKey::Appropriation | FundKey::Carryover | FundKey::Other
            )
        }
        (_, AmountKey::Fund(_)) => false,
        (_, AmountKey::Custom(_)) => true,
    }
}

fn key_name(key: &AmountKey) -> String {
    match key {
        AmountKey::Fund(k) => format!("{}（{}）", k.form_name(), k.as_str()),
        AmountKey::Custom(s) => format!("\"{}\"", s.value),
    }
}

fn misplaced(ctx: &ProjectContext, parent: Parent, a: &ast::Amount) -> Diagnostic {
    let where_ = match parent {
        Parent::Root => "资金块顶层 / the top of the funding block".to_string(),
        Parent::Fund(k) => format!("{}（{}）", k.form_name(), k.as_str()),
        Parent::Custom => "自定义分项 / a custom sub-amount".to_string(),
    };
    let right = match &a.key {
        AmountKey::Fund(FundKey::Fiscal) => "total / 项目资金总额",
        AmountKey::Fund(FundKey::Appropriation | FundKey::Carryover) => "annual / 年度资金申请总额",
        AmountKey::Fund(FundKey::Other) => "total 或 annual / total or annual",
        AmountKey::Fund(_) => "资金块顶层 / the top of the funding block",
        AmountKey::Custom(_) => "某个资金项之下 / under one of the amounts",
    };
    use FundKey::*;
    let k = |key| ctx.fund(key);
    let table = format!(
        "{} {{ {}; {} }}, {} {{ {}; {}; {} }}",
        k(Total),
        k(Fiscal),
        k(Other),
        k(Annual),
        k(Appropriation),
        k(Carryover),
        k(Other)
    );
    Diagnostic::new(
        Code::MisplacedAmount,
        a.key_span,
        t!(
            "{}不能放在{}",
            "{} cannot stand under {}",
            key_name(&a.key),
            where_
        ),
    )
    .label(t!("位置不对", "misplaced"))
    .help(t!(
        "应放在 {} 之下。资金表结构：{}；引号中的自定义分项写在某个资金项的 {{ }} 里",
        "it belongs under {}. The table: {}; quoted custom sub-amounts go inside an amount's {{ }}",
        right,
        table
    ))
}

fn lower_items<'a>(
    ctx: &ProjectContext,
    items: &'a [AmountItem<'a>],
    parent: Parent,
    unit: Option<&(Resolved, String)>,
    diags: &mut Diagnostics,
) -> Vec<Node<'a>> {
    let mut nodes = Vec::new();
    let mut seen: HashMap<String, Span> = HashMap::new();
    for item in items {
        let AmountItem::Amount(a) = item else {
            continue;
        };
        if !allowed(parent, &a.key) {
            diags.push(misplaced(ctx, parent, a));
        }
        let dedup = match &a.key {
            AmountKey::Fund(k) => k.as_str().to_string(),
            AmountKey::Custom(s) => format!("\"{}\"", s.value),
        };
        if let Some(&first) = seen.get(&dedup) {
            diags.push(super::settings::duplicate(
                a.key_span,
                first,
                &key_name(&a.key),
            ));
            continue;
        }
        seen.insert(dedup, a.key_span);
        let amount = a.money.as_ref().and_then(|m| amount(ctx, m, unit, diags));
        let child_parent = match a.key {
            AmountKey::Fund(k) => Parent::Fund(k),
            AmountKey::Custom(_) => Parent::Custom,
        };
        let children = a
            .children
            .as_ref()
            .map(|c| lower_items(ctx, c, child_parent, unit, diags))
            .unwrap_or_default();
        let misplaced = !allowed(parent, &a.key);
        let mut node = Node {
            misplaced,
            key: &a.key,
            key_span: a.key_span,
            amount,
            derived: false,
            children,
        };
        check_breakdown(&mut node, a.money.is_some(), diags);
        nodes.push(node);
    }
    nodes
}

/// Compare a parent with the sum of its breakdown, or derive it when it was left blank.
fn check_breakdown(node: &mut Node, written: bool, diags: &mut Diagnostics) {
    let keyed: Vec<&Node> = node
        .children
        .iter()
        .filter(|c| matches!(c.key, AmountKey::Fund(_)) && !c.misplaced)
        .collect();
    let custom: Vec<&Node> = node
        .children
        .iter()
        .filter(|c| matches!(c.key, AmountKey::Custom(_)))
        .collect();
    let sum = |parts: &[&Node]| -> Result<Fen, ()> {
        parts
            .iter()
            .filter_map(|c| c.amount)
            .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a).ok_or(()))
    };
    // A part that failed to convert has been reported; comparing without it would only add
    // a second, misleading error.
    let complete = |parts: &[&Node]| parts.iter().all(|c| c.amount.is_some());
    // A misplaced part (reported as such) leaves the sum undefined: with it or without it
    // the comparison would only add a second, misleading error.
    if node.children.iter().any(|c| c.misplaced) {
        return;
    }
    if !keyed.is_empty() && complete(&keyed) {
        match sum(&keyed) {
            Err(()) => diags.push(overflow(node.key_span)),
            Ok(total) => match node.amount {
                Some(parent) if parent != total => {
                    let parts: Vec<String> = keyed
                        .iter()
                        .map(|c| match c.key {
                            AmountKey::Fund(k) => k.form_name().to_string(),
                            AmountKey::Custom(s) => s.value.to_string(),
                        })
                        .collect();
                    let mut d = Diagnostic::new(
                        Code::BreakdownMismatch,
                        node.key_span,
                        t!(
                            "{}与分项合计不符：{} 元 ≠ {} 元",
                            "{} does not equal the sum of its breakdown: {} 元 ≠ {} 元",
                            key_name(node.key),
                            yuan(parent),
                            yuan(total)
                        ),
                    )
                    .label(t!(
                        "填写为 {} 元",
                        "written as {} 元",
                        yuan(parent)
                    ));
                    for c in &keyed {
                        if let Some(a) = c.amount {
                            d = d.with_label(c.key_span, t!("{} 元", "{} 元", yuan(a)));
                        }
                    }
                    diags.push(d.help(t!(
                        "{}应等于{}之和（{} 元），两者相差 {} 元；改正总额或某个分项",
                        "{} must equal {} ({} 元); they differ by {} 元: correct the total or a part",
                        key_name(node.key),
                        parts.join(" + "),
                        yuan(total),
                        yuan(Fen(parent.0.abs_diff(total.0).min(i64::MAX as u64) as i64))
                    )));
                }
                None if !written => {
                    node.amount = Some(total);
                    node.derived = true;
                }
                _ => {}
            },
        }
    }
    if let (Some(parent), false) = (node.amount, custom.is_empty()) {
        if let Ok(total) = sum(&custom) {
            if total > parent {
                diags.push(
                    Diagnostic::new(
                        Code::BreakdownMismatch,
                        node.key_span,
                        t!(
                            "{}的“其中”分项合计 {} 元超过了它本身的 {} 元",
                            "the sub-amounts of {} add up to {} 元, more than its {} 元",
                            key_name(node.key),
                            yuan(total),
                            yuan(parent)
                        ),
                    )
                    .help(t!(
                        "引号中的分项是“其中”数，合计不能超过上一级金额",
                        "quoted sub-amounts are parts of their parent and cannot add up to more than it"
                    )),
                );
            }
        }
    }
}

fn overflow(span: Span) -> Diagnostic {
    Diagnostic::new(
        Code::MoneyOverflow,
        span,
        t!(
            "金额超出可精确计算的范围",
            "the amount is too large to compute exactly"
        ),
    )
    .help(t!(
        "检查是否多写了数字或单位有误（例如把 元 写成了 亿元）",
        "check for extra digits or a wrong unit (亿元 for 元, say)"
    ))
}

/// Convert one written amount to exact 分.
fn amount(
    ctx: &ProjectContext,
    m: &ast::Money,
    block_unit: Option<&(Resolved, String)>,
    diags: &mut Diagnostics,
) -> Option<Fen> {
    let (unit, unit_text) = match &m.unit {
        Some(u) => (money_unit(ctx, u, diags)?, u.text()),
        None => block_unit.cloned()?,
    };
    let value = m.number.value;
    if value.is_sign_negative() && !value.is_zero() {
        diags.push(
            Diagnostic::new(
                Code::NegativeAmount,
                m.number.span,
                t!("金额不能为负数", "an amount cannot be negative"),
            )
            .label(t!("{}", "{}", m.number.text))
            .help(t!(
                "申报金额填正数；没有资金的栏目填 0",
                "declare amounts as positive numbers; write 0 where there is no money"
            )),
        );
        return None;
    }
    let yuan_value = match value.checked_mul(unit.factor) {
        Some(v) => v,
        None => {
            diags.push(overflow(m.span));
            return None;
        }
    };
    match Fen::from_yuan(yuan_value) {
        Some(f) => Some(f),
        None if finer_than_fen(yuan_value) => {
            // 元 allows two decimals, 万元 six, 亿元 ten: two plus the factor's zeros.
            let zeros = unit
                .factor
                .normalize()
                .trunc()
                .to_string()
                .len()
                .saturating_sub(1);
            let places = 2 + zeros;
            diags.push(
                Diagnostic::new(
                    Code::MoneyPrecision,
                    m.number.span,
                    t!(
                        "金额 {} {} 精确到了分以下",
                        "the amount {} {} is finer than one 分",
                        m.number.text,
                        &unit_text
                    ),
                )
                .label(t!(
                    "最小单位是 1 分（0.01 元）",
                    "the smallest unit is 1 分 (0.01 元)"
                ))
                .help(t!(
                    "以 {} 为单位时最多写 {} 位小数；请按四舍五入取到分",
                    "in {} write at most {} decimals; round to the 分 (half away from zero)",
                    unit_text,
                    places
                )),
            );
            None
        }
        None => {
            diags.push(overflow(m.span));
            None
        }
    }
}

fn finer_than_fen(v: Decimal) -> bool {
    v.checked_mul(Decimal::ONE_HUNDRED)
        .map(|f| !f.fract().is_zero())
        .unwrap_or(false)
}

/// A one-off project (一次性项目, 其他一次性项目) spends its whole total in the filing year,
/// so its 项目资金总额 must equal its 年度资金申请总额.
pub fn one_off_total(project: &crate::model::Project, f: &ast::Funding, diags: &mut Diagnostics) {
    let one_off = project
        .nature
        .as_deref()
        .is_some_and(|n| n.contains("一次性"));
    let (Some(total), Some(annual)) = (project.funding.total, project.funding.annual) else {
        return;
    };
    if !one_off || total == annual {
        return;
    }
    let span_of = |key: FundKey| {
        f.amounts.iter().find_map(|a| match a {
            AmountItem::Amount(a) if a.key == AmountKey::Fund(key) => Some(a.key_span),
            _ => None,
        })
    };
    let (Some(total_span), Some(annual_span)) = (span_of(FundKey::Total), span_of(FundKey::Annual))
    else {
        return;
    };
    diags.push(
        Diagnostic::new(
            Code::OneOffTotalMismatch,
            total_span,
            t!(
                "一次性项目的项目资金总额 {} 元与年度资金申请总额 {} 元不符",
                "a one-off project's total {} 元 differs from its annual amount {} 元",
                yuan(total),
                yuan(annual)
            ),
        )
        .label(t!("总额 {} 元", "total {} 元", yuan(total)))
        .with_label(annual_span, t!("年度 {} 元", "annual {} 元", yuan(annual)))
        .help(t!(
            "一次性项目只有一个年度，总额应等于年度申请额；若项目跨年度，项目性质应为“阶段性项目”",
            "a one-off project has one year, so its total equals the annual amount; a project spanning years is a 阶段性项目"
        )),
    );
}

/// A cost target in money cannot sensibly exceed the money the project asks for this year.
pub fn cost_within_annual(project: &crate::model::Project, diags: &mut Diagnostics) {
    use crate::hierarchy::GroupName::*;
    let Some(annual) = project.funding.annual else {
        return;
    };
    let annual_yuan = annual.to_decimal();
    for ind in &project.indicators {
        let cost_group = ind.level1 == Cost
            || matches!(
                ind.level2,
                Cost | EconomicCost | SocialCost | EnvironmentalCost
            );
        let crate::model::Value::Quantitative {
            dimension: Some(dim),
            base: Some(yuan_value),
            ..
        } = &ind.value
        else {
            continue;
        };
        let money = *dim == crate::units::Dimension::MONEY;
        if cost_group && money && *yuan_value > annual_yuan {
            diags.push(
                Diagnostic::new(
                    Code::CostExceedsAnnual,
                    ind.value_span,
                    t!(
                        "成本指标 `{}` 超过了项目的年度资金申请总额 {} 元",
                        "the cost target `{}` exceeds the project's annual amount of {} 元",
                        &ind.name,
                        yuan(annual)
                    ),
                )
                .label(t!(
                    "目标 {} 元",
                    "target {} 元",
                    Fen::from_yuan(yuan_value.round_dp(2)).map_or_else(|| yuan_value.normalize().to_string(), yuan)
                ))
                .help(t!(
                    "成本目标应在年度资金之内；检查金额和单位（元 / 万元）",
                    "a cost target should fit in the annual funding; check the amount and its unit (元 / 万元)"
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_groups_thousands() {
        assert_eq!(yuan(Fen(1_344_143_800)), "13,441,438.00");
        assert_eq!(yuan(Fen(5)), "0.05");
        assert_eq!(yuan(Fen(-123_456)), "-1,234.56");
    }
}
