//! The funding block's tree → model: each amount converted to exact 分 in its unit (the
//! block's, 元 if none), where each key may stand, repeated keys, and parents left blank
//! derived from their breakdown. Whether written parents equal their breakdown is a rule
//! (`check::funding`); lowering only makes the numbers.

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;

use super::ProjectContext;
use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::{Amount, AmountKey, CustomAmount, Fen, Funding, FundingBlock};
use crate::source::Span;
use crate::syntax::ast::{self, FundKey};
use crate::syntax::SyntaxLog;
use crate::t;
use crate::units::{Dimension, Resolved};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    Root,
    Fund(FundKey),
    Custom,
}

/// The block as written (amounts in 分, derived parents filled in) and the table the forms
/// print.
pub fn lower<'s>(
    ctx: &ProjectContext<'_, 's>,
    f: &ast::Funding<'s>,
    log: &SyntaxLog<'s>,
    diags: &mut Diagnostics,
) -> (FundingBlock<'s>, Funding) {
    let block_unit = match &f.unit {
        Some(u) => money_unit(ctx, u, diags).map(|r| (r, u.text().into_owned())),
        None => ctx.units.get("元").map(|d| {
            let r = Resolved {
                dimension: d.dimension,
                factor: d.factor,
            };
            (r, "元".to_string())
        }),
    };
    let amounts = lower_items(
        ctx,
        &f.amounts,
        Parent::Root,
        block_unit.as_ref(),
        log,
        diags,
    );
    let block = FundingBlock {
        keyword: f.keyword,
        span: f.span,
        amounts,
        broken: log.error_within(f.span),
    };
    let table = table(&block);
    (block, table)
}

/// The forms' funding table, read off the block.
fn table(block: &FundingBlock) -> Funding {
    let mut out = Funding::default();
    for node in &block.amounts {
        let AmountKey::Fund(key) = node.key else {
            continue;
        };
        if node.misplaced {
            continue;
        }
        if node.derived {
            out.derived.push(key.as_str());
        }
        match key {
            FundKey::Total => out.total = node.amount,
            FundKey::Annual => out.annual = node.amount,
            FundKey::Execution => out.execution = node.amount,
            FundKey::Adjusted => out.adjusted = node.amount,
            _ => {}
        }
        // §8's rows of 全年预算数 and 全年执行数 (当年财政拨款, 上年结转资金, 其他资金).
        let rows = match key {
            FundKey::Adjusted => Some(&mut out.adjusted_rows),
            FundKey::Execution => Some(&mut out.execution_rows),
            _ => None,
        };
        if let Some(rows) = rows {
            for child in &node.children {
                match child.key {
                    AmountKey::Fund(FundKey::Appropriation) => rows.appropriation = child.amount,
                    AmountKey::Fund(FundKey::Carryover) => rows.carryover = child.amount,
                    AmountKey::Fund(FundKey::Other) => rows.other = child.amount,
                    _ => {}
                }
            }
        }
        for child in &node.children {
            let slot = match (key, &child.key) {
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
                        let name = if k == FundKey::Other && key == FundKey::Total {
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
    out
}

fn collect_custom(parent: &str, nodes: &[Amount], out: &mut Vec<CustomAmount>) {
    for n in nodes {
        match &n.key {
            AmountKey::Custom(name) => {
                out.push(CustomAmount {
                    parent: parent.to_string(),
                    name: name.to_string(),
                    amount: n.amount,
                });
                collect_custom(name, &n.children, out);
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
    if r.dimension == Dimension::MONEY {
        Some(r)
    } else {
        diags.push(
            Diagnostic::new(
                Code::NotMoney,
                u.atoms_span(),
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

fn allowed(parent: Parent, key: &ast::AmountKey) -> bool {
    match (parent, key) {
        (Parent::Root, ast::AmountKey::Fund(k)) => {
            matches!(
                k,
                FundKey::Total | FundKey::Annual | FundKey::Adjusted | FundKey::Execution
            )
        }
        (Parent::Root, ast::AmountKey::Custom(_)) => false,
        (Parent::Fund(FundKey::Total), ast::AmountKey::Fund(k)) => {
            matches!(k, FundKey::Fiscal | FundKey::Other)
        }
        // §8: 全年预算数 and 全年执行数 break down into the same rows as 年度资金申请总额.
        (
            Parent::Fund(FundKey::Annual | FundKey::Adjusted | FundKey::Execution),
            ast::AmountKey::Fund(k),
        ) => {
            matches!(
                k,
                FundKey::Appropriation | FundKey::Carryover | FundKey::Other
            )
        }
        (_, ast::AmountKey::Fund(_)) => false,
        (_, ast::AmountKey::Custom(_)) => true,
    }
}

fn key_name(key: &ast::AmountKey) -> String {
    match key {
        ast::AmountKey::Fund(k) => format!("{}（{}）", k.form_name(), k.as_str()),
        ast::AmountKey::Custom(s) => format!("\"{}\"", s.value),
    }
}

fn misplaced(ctx: &ProjectContext, parent: Parent, a: &ast::Amount) -> Diagnostic {
    let where_ = match parent {
        Parent::Root => "资金块顶层 / the top of the funding block".to_string(),
        Parent::Fund(k) => format!("{}（{}）", k.form_name(), k.as_str()),
        Parent::Custom => "自定义分项 / a custom sub-amount".to_string(),
    };
    let right = match &a.key {
        ast::AmountKey::Fund(FundKey::Fiscal) => "total / 项目资金总额",
        ast::AmountKey::Fund(FundKey::Appropriation | FundKey::Carryover) => {
            "annual / 年度资金申请总额"
        }
        ast::AmountKey::Fund(FundKey::Other) => "total 或 annual / total or annual",
        ast::AmountKey::Fund(_) => "资金块顶层 / the top of the funding block",
        ast::AmountKey::Custom(_) => "某个资金项之下 / under one of the amounts",
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

fn lower_items<'s>(
    ctx: &ProjectContext<'_, 's>,
    items: &[ast::AmountItem<'s>],
    parent: Parent,
    unit: Option<&(Resolved, String)>,
    log: &SyntaxLog<'s>,
    diags: &mut Diagnostics,
) -> Vec<Amount<'s>> {
    let mut nodes = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, Span> = HashMap::default();
    for item in items {
        let ast::AmountItem::Amount(a) = item else {
            continue;
        };
        let misplaced_here = !allowed(parent, &a.key);
        if misplaced_here {
            diags.push(misplaced(ctx, parent, a));
        }
        let dedup = match &a.key {
            ast::AmountKey::Fund(k) => k.as_str().to_string(),
            ast::AmountKey::Custom(s) => format!("\"{}\"", s.value),
        };
        if let Some(&first) = seen.get(&dedup) {
            diags.push(super::duplicate(a.key_span, first, &key_name(&a.key)));
            continue;
        }
        seen.insert(dedup, a.key_span);
        let converted = a.money.as_ref().map(|m| amount(ctx, m, unit, log, diags));
        let child_parent = match a.key {
            ast::AmountKey::Fund(k) => Parent::Fund(k),
            ast::AmountKey::Custom(_) => Parent::Custom,
        };
        let children = a
            .children
            .as_ref()
            .map(|c| lower_items(ctx, c, child_parent, unit, log, diags))
            .unwrap_or_default();
        let mut node = Amount {
            key: match &a.key {
                ast::AmountKey::Fund(k) => AmountKey::Fund(*k),
                ast::AmountKey::Custom(s) => AmountKey::Custom(s.value.clone()),
            },
            key_span: a.key_span,
            span: a.span,
            written: a.money.as_ref().map(|m| m.span),
            amount: converted.flatten(),
            derived: false,
            invalid: matches!(converted, Some(None)),
            misplaced: misplaced_here,
            children,
        };
        derive(&mut node, diags);
        nodes.push(node);
    }
    nodes
}

/// A parent left blank is the sum of its breakdown, when every part of it is known.
fn derive(node: &mut Amount, diags: &mut Diagnostics) {
    if node.written.is_some() || node.children.iter().any(|c| c.misplaced || c.invalid) {
        return;
    }
    let keyed: Vec<&Amount> = node
        .children
        .iter()
        .filter(|c| matches!(c.key, AmountKey::Fund(_)))
        .collect();
    if keyed.is_empty() || keyed.iter().any(|c| c.amount.is_none()) {
        return;
    }
    match keyed
        .iter()
        .filter_map(|c| c.amount)
        .try_fold(Fen::ZERO, |acc, a| acc.checked_add(a))
    {
        Some(total) => {
            node.amount = Some(total);
            node.derived = true;
        }
        None => diags.push(overflow(node.key_span)),
    }
}

pub fn overflow(span: Span) -> Diagnostic {
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

/// Convert one written amount to exact 分; `None` (reported) when it is no amount.
fn amount(
    ctx: &ProjectContext,
    m: &ast::Money,
    block_unit: Option<&(Resolved, String)>,
    log: &SyntaxLog,
    diags: &mut Diagnostics,
) -> Option<Fen> {
    // A number the lexer could not read is reported there: not also as a wrong sum.
    if log.number_is_invalid(m.number.span) {
        return None;
    }
    let (unit, unit_text) = match &m.unit {
        Some(u) => (money_unit(ctx, u, diags)?, u.text().into_owned()),
        None => block_unit.cloned()?,
    };
    let text = ctx.src.get(m.number.span.range()).unwrap_or("");
    let value = m.number.value;
    if value.is_sign_negative() && !value.is_zero() {
        diags.push(
            Diagnostic::new(
                Code::NegativeAmount,
                m.number.span,
                t!("金额不能为负数", "an amount cannot be negative"),
            )
            .label(t!("{}", "{}", text))
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
                        text,
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
                    &unit_text,
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
