//! Funding rules over the lowered block: every written parent equals the sum of its
//! breakdown (`annual = appropriation + carryover + other`, `total = fiscal + other`),
//! quoted sub-amounts stay within their parent, the annual amount within the total (and
//! equal to it for a one-off project), and money targets of cost indicators within the
//! annual amount.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::lower::ProjectContext;
use crate::model::{Amount, AmountKey, Fen, Project};
use crate::syntax::ast::FundKey;
use crate::t;
use crate::units::Dimension;

fn key_name(key: &AmountKey) -> String {
    match key {
        AmountKey::Fund(k) => format!("{}（{}）", k.form_name(), k.as_str()),
        AmountKey::Custom(s) => format!("\"{s}\""),
    }
}

pub fn sums(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let Some(block) = project.funding_block.as_ref().filter(|b| !b.broken) else {
        return;
    };
    for a in &block.amounts {
        breakdown(a, diags);
    }
    let (Some(total), Some(annual)) = (project.funding.total, project.funding.annual) else {
        return;
    };
    if annual > total {
        let (Some(t), Some(a)) = (block.top(FundKey::Total), block.top(FundKey::Annual)) else {
            return;
        };
        diags.push(
            Diagnostic::new(
                Code::AnnualExceedsTotal,
                a.key_span,
                t!("年度资金申请总额大于项目资金总额", "the annual amount exceeds the project total"),
            )
            .label(t!("年度 {} 元", "annual {} 元", annual))
            .with_label(t.key_span, t!("总额 {} 元", "total {} 元", total))
            .help(t!(
                "项目资金总额是整个实施周期的资金，不能少于其中一年的申请额；检查两处金额和单位",
                "the project total covers the whole period and cannot be less than one year's request; check both amounts and their units"
            )),
        );
    }
}

/// A written parent against the sum of its breakdown, then its children in turn.
fn breakdown(node: &Amount, diags: &mut Diagnostics) {
    for c in &node.children {
        breakdown(c, diags);
    }
    // A misplaced or unreadable part (reported as such) leaves the sum undefined: with it or
    // without it the comparison would only add a second, misleading error.
    if node.children.iter().any(|c| c.misplaced || c.invalid) || node.derived {
        return;
    }
    let keyed: Vec<&Amount> = node
        .children
        .iter()
        .filter(|c| matches!(c.key, AmountKey::Fund(_)))
        .collect();
    let custom: Vec<&Amount> = node
        .children
        .iter()
        .filter(|c| matches!(c.key, AmountKey::Custom(_)))
        .collect();
    let sum = |parts: &[&Amount]| -> Option<Fen> {
        parts
            .iter()
            .filter_map(|c| c.amount)
            .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a))
    };
    let complete = keyed.iter().all(|c| c.amount.is_some());
    if let (Some(parent), false, true) = (node.amount, keyed.is_empty(), complete) {
        match sum(&keyed) {
            None => diags.push(crate::lower::funding_overflow(node.key_span)),
            Some(total) if total != parent => {
                let parts: Vec<String> = keyed
                    .iter()
                    .map(|c| match &c.key {
                        AmountKey::Fund(k) => k.form_name().to_string(),
                        AmountKey::Custom(s) => s.to_string(),
                    })
                    .collect();
                let mut d = Diagnostic::new(
                    Code::BreakdownMismatch,
                    node.key_span,
                    t!(
                        "{}与分项合计不符：{} 元 ≠ {} 元",
                        "{} does not equal the sum of its breakdown: {} 元 ≠ {} 元",
                        key_name(&node.key),
                        parent,
                        total
                    ),
                )
                .label(t!("填写为 {} 元", "written as {} 元", parent));
                for c in &keyed {
                    if let Some(a) = c.amount {
                        d = d.with_label(c.key_span, t!("{} 元", "{} 元", a));
                    }
                }
                diags.push(d.help(t!(
                    "{}应等于{}之和（{} 元），两者相差 {} 元；改正总额或某个分项",
                    "{} must equal {} ({} 元); they differ by {} 元: correct the total or a part",
                    key_name(&node.key),
                    parts.join(" + "),
                    total,
                    Fen(parent.0.abs_diff(total.0).min(i64::MAX as u64) as i64)
                )));
            }
            Some(_) => {}
        }
    }
    if let (Some(parent), false) = (node.amount, custom.is_empty()) {
        if let Some(total) = sum(&custom) {
            if total > parent {
                diags.push(
                    Diagnostic::new(
                        Code::BreakdownMismatch,
                        node.key_span,
                        t!(
                            "{}的“其中”分项合计 {} 元超过了它本身的 {} 元",
                            "the sub-amounts of {} add up to {} 元, more than its {} 元",
                            key_name(&node.key),
                            total,
                            parent
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

/// A one-off project (一次性项目, 其他一次性项目) spends its whole total in the filing year,
/// so its 项目资金总额 must equal its 年度资金申请总额.
pub fn one_off_total(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    if project.funding_block.as_ref().is_some_and(|b| b.broken) {
        return;
    }
    let one_off = project
        .nature
        .as_ref()
        .is_some_and(|n| n.value.is_one_off());
    let (Some(total), Some(annual)) = (project.funding.total, project.funding.annual) else {
        return;
    };
    if !one_off || total == annual {
        return;
    }
    let Some(block) = &project.funding_block else {
        return;
    };
    let (Some(t), Some(a)) = (block.top(FundKey::Total), block.top(FundKey::Annual)) else {
        return;
    };
    diags.push(
        Diagnostic::new(
            Code::OneOffTotalMismatch,
            t.key_span,
            t!(
                "一次性项目的项目资金总额 {} 元与年度资金申请总额 {} 元不符",
                "a one-off project's total {} 元 differs from its annual amount {} 元",
                total,
                annual
            ),
        )
        .label(t!("总额 {} 元", "total {} 元", total))
        .with_label(a.key_span, t!("年度 {} 元", "annual {} 元", annual))
        .help(t!(
            "一次性项目只有一个年度，总额应等于年度申请额；若项目跨年度，项目性质应为“阶段性项目”",
            "a one-off project has one year, so its total equals the annual amount; a project spanning years is a 阶段性项目"
        )),
    );
}

/// A cost target in money cannot sensibly exceed the money the project asks for this year.
pub fn cost_within_annual(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    if project.funding_block.as_ref().is_some_and(|b| b.broken) {
        return;
    }
    let Some(annual) = project.funding.annual else {
        return;
    };
    let annual_yuan = annual.to_decimal();
    for ind in &project.indicators {
        let Some(q) = ind.quantity() else { continue };
        let (Some(dim), Some(yuan_value)) = (q.dimension(), q.base()) else {
            continue;
        };
        if ind.in_cost_group() && dim == Dimension::MONEY && yuan_value > annual_yuan {
            let target = match Fen::round_yuan(yuan_value) {
                Some(f) => crate::diag::Arg::Money(f),
                None => crate::diag::Arg::Decimal(yuan_value.normalize()),
            };
            diags.push(
                Diagnostic::new(
                    Code::CostExceedsAnnual,
                    ind.value_span,
                    t!(
                        "成本指标 `{}` 超过了项目的年度资金申请总额 {} 元",
                        "the cost target `{}` exceeds the project's annual amount of {} 元",
                        &ind.name,
                        annual
                    ),
                )
                .label(t!("目标 {} 元", "target {} 元", target))
                .help(t!(
                    "成本目标应在年度资金之内；检查金额和单位（元 / 万元）",
                    "a cost target should fit in the annual funding; check the amount and its unit (元 / 万元)"
                )),
            );
        }
    }
}
