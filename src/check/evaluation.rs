//! §8 self-evaluation rules: weights (分值) that add up from indicators to 二级 and 一级
//! groups and, with the 10 points of 预算执行率, to 100; actuals (实际完成值) that can be
//! compared with their targets; scores (得分) inside their word's band; execution within the
//! budget; and an evaluation that is complete. The arithmetic is `evaluate`'s: these rules
//! only say where its result would be doubtful.

use rust_decimal::Decimal;

use crate::diag::{Arg, Code, Diagnostic, Diagnostics, Message};
use crate::evaluate::{self, Unscored, EXECUTION_WEIGHT, LEVEL1_TOTAL};
use crate::hierarchy::GroupName;
use crate::lower::ProjectContext;
use crate::model::{Actual, Indicator, Project, Value};
use crate::source::Span;
use crate::syntax::ast::FundKey;
use crate::syntax::keywords::Kw;
use crate::t;

/// Whether a project says anything of §8 at all (the rules are skipped cheaply otherwise).
fn evaluated(project: &Project) -> bool {
    project.groups.iter().any(|g| g.weight.is_some())
        || project.indicators.iter().any(|i| {
            i.extra
                .as_ref()
                .is_some_and(|e| e.weight.is_some() || e.actual.is_some() || e.score.is_some())
        })
}

fn sum(values: impl IntoIterator<Item = Decimal>) -> Option<Decimal> {
    values
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v))
}

/// A number as a budget officer writes a weight: `45`, `12.5`.
fn num(d: Decimal) -> Arg {
    Arg::Decimal(d.normalize())
}

// ---------------------------------------------------------------------------------------
// Weights.

/// How an unwritten weight was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Basis {
    Written,
    /// The 一级 default (产出 50, 效益 30, 满意度 10 …).
    Default,
    /// An equal share of what the written siblings leave.
    Share,
}

/// One weighted item (a 一级 or 二级 group, an indicator) as the sums see it.
#[derive(Debug, Clone)]
struct Node {
    name: Arg,
    /// The weight as written, or as `evaluate` gives it.
    assigned: Decimal,
    basis: Basis,
    /// Its weight if it is known: written, or the sum of its children when all of theirs are.
    known: Option<Decimal>,
    /// The written weight's span, else the name's; `None` for a group not written as such.
    span: Option<Span>,
    /// The labels of its weighted children, shown when its own sum is reported.
    parts: Vec<(Span, Message)>,
}

impl Node {
    /// What a label says of this item's weight.
    fn label(&self) -> Message {
        match (self.basis, self.known) {
            (Basis::Written, _) => t!("分值 {}", "weight {}", num(self.assigned)),
            (_, Some(k)) => t!(
                "未写分值，其下分值合计 {}",
                "no weight; the weights under it add up to {}",
                num(k)
            ),
            (Basis::Default, None) => t!(
                "未写分值，按默认计 {}",
                "no weight; counts as the default {}",
                num(self.assigned)
            ),
            (Basis::Share, None) => t!(
                "未写分值，按均分计 {}",
                "no weight; counts as an equal share, {}",
                num(self.assigned)
            ),
        }
    }

    /// What a parent's unwritten weight counts as (for the parent's own label).
    fn counts_as(&self) -> Message {
        match self.basis {
            Basis::Written => t!("分值 {}", "weight {}", num(self.assigned)),
            Basis::Default => t!(
                "未写分值，按默认计 {}",
                "no weight; counts as the default {}",
                num(self.assigned)
            ),
            Basis::Share => t!(
                "未写分值，按均分计 {}",
                "no weight; counts as an equal share, {}",
                num(self.assigned)
            ),
        }
    }
}

/// The children's known weights: all of them (`Some`), or `None` when one is unknown.
fn all_known(children: &[Node]) -> Option<Decimal> {
    if children.is_empty() {
        return None;
    }
    sum(children
        .iter()
        .map(|c| c.known)
        .collect::<Option<Vec<_>>>()?)
}

/// The labels of the weighted children.
fn parts(children: &[Node]) -> Vec<(Span, Message)> {
    children
        .iter()
        .filter(|c| c.known.is_some())
        .filter_map(|c| Some((c.span?, c.label())))
        .collect()
}

/// Child weights against their parent's, at one level. `parent` is `None` for the project
/// (whose 一级 groups share 90): then a mismatch is `TotalWeightMismatch`.
fn level(ctx: &ProjectContext, parent: Option<&Node>, children: &[Node], diags: &mut Diagnostics) {
    let whole = parent.map_or(LEVEL1_TOTAL, |p| p.assigned);
    let fixed = parent.is_none_or(|p| p.basis == Basis::Written);
    let spans = parts(children);
    if let Some(total) = all_known(children) {
        // An unwritten parent takes its children's sum; the level above compares it.
        if fixed && total != whole {
            diags.extend(mismatch(ctx, parent, total, whole, spans, false));
        }
        return;
    }
    let Some(written) = sum(children.iter().filter_map(|c| c.known)) else {
        return;
    };
    if written > whole {
        diags.extend(mismatch(ctx, parent, written, whole, spans, true));
        return;
    }
    // An unwritten child whose own children are all weighted counts as evaluate gives it
    // (a default or an equal share): its children must add up to that.
    for c in children {
        if let (Basis::Default | Basis::Share, Some(k)) = (c.basis, c.known) {
            if k != c.assigned {
                diags.extend(unwritten_child(ctx, c, k));
            }
        }
    }
}

/// E0601 / E0602: the children add up to `total` where `whole` is due; `exceeds` when some
/// children are unweighted and the weighted ones already pass it.
fn mismatch(
    ctx: &ProjectContext,
    parent: Option<&Node>,
    total: Decimal,
    whole: Decimal,
    mut spans: Vec<(Span, Message)>,
    exceeds: bool,
) -> Option<Diagnostic> {
    let Some(parent) = parent else {
        let (first, first_label) = if spans.is_empty() {
            return None;
        } else {
            spans.remove(0)
        };
        let with_execution = total.checked_add(EXECUTION_WEIGHT)?;
        let message = if exceeds {
            t!(
                "已填写的一级指标分值之和为 {}，超过了 {}",
                "the level-1 weights written add up to {}, more than {}",
                num(total),
                num(whole)
            )
        } else {
            t!(
                "一级指标分值之和为 {}，加上预算执行率 {} 分共 {} 分，不是 100 分",
                "the level-1 weights add up to {}; with {} for budget execution that is {}, not 100",
                num(total),
                num(EXECUTION_WEIGHT),
                num(with_execution)
            )
        };
        let mut d = Diagnostic::new(Code::TotalWeightMismatch, first, message).label(first_label);
        for (s, m) in spans {
            d = d.with_label(s, m);
        }
        return Some(d.help(t!(
            "产出、效益、满意度等一级指标的分值之和应为 {0}，加上预算执行率的 {1} 分共 100 分；现在是 {2}：改正一级指标的分值，使其合计为 {0}",
            "the level-1 weights (output, benefit, satisfaction …) must add up to {0}, which with {1} for budget execution makes 100; they add up to {2}: correct the level-1 weights so they add up to {0}",
            num(whole),
            num(EXECUTION_WEIGHT),
            num(total)
        )));
    };
    let (primary, rest) = match parent.span {
        Some(s) => (s, spans),
        None if !spans.is_empty() => {
            let first = spans.remove(0);
            (first.0, spans)
        }
        None => return None,
    };
    let message = if exceeds {
        t!(
            "{}下已填写的分值之和为 {}，超过了它的分值 {}",
            "the weights written under {} add up to {}, more than its weight {}",
            parent.name.clone(),
            num(total),
            num(whole)
        )
    } else {
        t!(
            "{}下各项分值之和为 {}，与它的分值 {} 不符",
            "the weights under {} add up to {}, not to its weight {}",
            parent.name.clone(),
            num(total),
            num(whole)
        )
    };
    let mut d = Diagnostic::new(Code::WeightSumMismatch, primary, message);
    if parent.span.is_some() {
        d = d.label(parent.counts_as());
    }
    for (s, m) in rest {
        d = d.with_label(s, m);
    }
    let help = if exceeds {
        t!(
            "分值之和为 {0}，不能超过 {1}：未写分值的各项均分剩余的分值，现在已没有剩余，它们将得 0 分。改正下级分值，使其合计为 {1}",
            "the weights add up to {0} and cannot pass {1}: the items without a weight share what is left, and nothing is left, so they would score 0. Correct the weights below so they add up to {1}",
            num(total),
            num(whole)
        )
    } else if parent.basis == Basis::Written {
        t!(
            "分值之和为 {0}，应为 {1}：改正下级分值，使其合计为 {1}；若 {0} 才是对的，把{2}的分值改为 {0}",
            "the weights add up to {0} and must add up to {1}: correct the weights below so they add up to {1}; if {0} is right, change the `{3}` of {2} to {0}",
            num(total),
            num(whole),
            parent.name.clone(),
            ctx.kw(Kw::Weight)
        )
    } else {
        t!(
            "分值之和为 {0}，应为 {1}：改正下级分值，使其合计为 {1}",
            "the weights add up to {0} and must add up to {1}: correct the weights below so they add up to {1}",
            num(total),
            num(whole)
        )
    };
    Some(d.help(help))
}

/// E0601 at a group without a weight whose children are all weighted, but not to what the
/// group counts as.
fn unwritten_child(ctx: &ProjectContext, child: &Node, known: Decimal) -> Option<Diagnostic> {
    let span = child.span?;
    let how = match child.basis {
        Basis::Default => t!("按默认计", "counts as the default"),
        _ => t!("按均分计", "counts as an equal share,"),
    };
    let mut d = Diagnostic::new(
        Code::WeightSumMismatch,
        span,
        t!(
            "{}未写分值，{} {}，但其下分值之和为 {}",
            "{} has no weight and {} {}, but the weights under it add up to {}",
            child.name.clone(),
            how,
            num(child.assigned),
            num(known)
        ),
    )
    .label(child.counts_as());
    for (s, m) in &child.parts {
        d = d.with_label(*s, m.clone());
    }
    Some(d.help(t!(
        "分值之和为 {0}，应为 {1}：为{2}写上 {3} {0}（同级其余各项再均分剩下的分值），或改正其下分值，使其合计为 {1}",
        "the weights add up to {0} and must add up to {1}: write `{3} {0}` on {2}, and the other items at its level share what is left; or correct the weights under it so they add up to {1}",
        num(known),
        num(child.assigned),
        child.name.clone(),
        ctx.kw(Kw::Weight)
    )))
}

/// E0601, E0602: written weights that do not add up to their parent's, from the indicators
/// of each 二级 group up to the project's 90.
pub fn weight_sums(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    if !evaluated(project) {
        return;
    }
    // A 二级 group standing where a 一级 one should is reported already; the sums over it
    // would only repeat that.
    if project
        .groups
        .iter()
        .any(|g| g.parent.is_none() && !project.framework.is_level1(g.name))
    {
        return;
    }
    let eval = evaluate::evaluate(project);
    let none_written = eval.groups.iter().all(|g| g.level2.is_some() || !g.written);
    let group_span = |level1: GroupName, level2: Option<GroupName>| -> Option<Span> {
        let mut found = project.groups.iter().filter(|g| match level2 {
            None => g.parent.is_none() && g.name == level1,
            Some(l2) => g.parent.is_some() && g.level1 == level1 && g.name == l2,
        });
        let first = found.clone().next()?;
        Some(match found.find_map(|g| g.weight) {
            Some(w) => w.span,
            None => first.name_span,
        })
    };

    let mut level1_nodes = Vec::new();
    for g1 in eval.groups.iter().filter(|g| g.level2.is_none()) {
        let mut level2_nodes = Vec::new();
        for g2 in eval
            .groups
            .iter()
            .filter(|g| g.level1 == g1.level1 && g.level2.is_some())
        {
            let Some(l2) = g2.level2 else { continue };
            let indicators: Vec<Node> = project
                .indicators
                .iter()
                .zip(&eval.indicators)
                .filter(|(i, _)| i.level1 == g1.level1 && i.level2 == l2)
                .map(|(i, s)| {
                    let written = i.extra.as_ref().and_then(|e| e.weight);
                    Node {
                        name: t!("`{}`", "`{}`", &i.name).into(),
                        assigned: s.weight,
                        basis: if written.is_some() {
                            Basis::Written
                        } else {
                            Basis::Share
                        },
                        known: written.map(|w| w.value),
                        span: Some(written.map_or(i.name_span, |w| w.span)),
                        parts: Vec::new(),
                    }
                })
                .collect();
            let node = Node {
                name: Arg::Group(l2),
                assigned: g2.weight,
                basis: if g2.written {
                    Basis::Written
                } else {
                    Basis::Share
                },
                known: if g2.written {
                    Some(g2.weight)
                } else {
                    all_known(&indicators)
                },
                span: group_span(g1.level1, Some(l2)),
                parts: parts(&indicators),
            };
            level(ctx, Some(&node), &indicators, diags);
            level2_nodes.push(node);
        }
        let node = Node {
            name: Arg::Group(g1.level1),
            assigned: g1.weight,
            basis: match (g1.written, none_written) {
                (true, _) => Basis::Written,
                (false, true) => Basis::Default,
                (false, false) => Basis::Share,
            },
            known: if g1.written {
                Some(g1.weight)
            } else {
                all_known(&level2_nodes)
            },
            span: group_span(g1.level1, None),
            parts: parts(&level2_nodes),
        };
        level(ctx, Some(&node), &level2_nodes, diags);
        level1_nodes.push(node);
    }
    level(ctx, None, &level1_nodes, diags);
}

// ---------------------------------------------------------------------------------------
// Actuals and scores.

/// The actual as the form prints it, for messages.
fn actual_text(actual: &Actual) -> Arg {
    match actual {
        Actual::Quantity(q) => match &q.unit {
            Some(u) => format!("{} {}", q.text, u.text).into(),
            None => q.text.into(),
        },
        Actual::Date(d) => Arg::Date(*d),
        Actual::Achievement(a) => Arg::Word(a.as_str()),
        Actual::Text(t) => t.into(),
    }
}

/// E0603, E0604, E0605, E0606: actuals that cannot be compared with their targets, and
/// scores where none belongs or outside their word's band.
pub fn actuals(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    if !evaluated(project) {
        return;
    }
    let eval = evaluate::evaluate(project);
    for (ind, s) in project.indicators.iter().zip(&eval.indicators) {
        if let Some(d) = actual_kind(ctx, ind, s.unscored) {
            diags.push(d);
        }
        if let Some(d) = misplaced_score(ctx, ind, s.weight) {
            diags.push(d);
        }
    }
}

fn achievement_words() -> Arg {
    Arg::list(
        crate::diag::Sep::Or,
        ["达成", "部分达成", "未达成"].map(Arg::Word),
    )
}

fn actual_kind(
    ctx: &ProjectContext,
    ind: &Indicator,
    unscored: Option<Unscored>,
) -> Option<Diagnostic> {
    let actual = ind.actual()?;
    let written = actual_text(&actual.value);
    let target = ind.value.form_text();
    match (unscored?, &ind.value, &actual.value) {
        (Unscored::DimensionMismatch, Value::Quantitative(t), Actual::Quantity(a)) => {
            let tu = t.unit.as_ref()?;
            let au = a.unit.as_ref()?;
            // An unknown unit is reported where it is written.
            let (tr, ar) = (tu.resolved?, au.resolved?);
            Some(
                Diagnostic::new(
                    Code::ActualDimensionMismatch,
                    au.span,
                    t!(
                        "`{}` 的实际完成值 {} 与指标值 {} 计量的不是同一种量",
                        "the actual {1} of `{0}` does not measure the same thing as its target {2}",
                        &ind.name,
                        written,
                        target.clone()
                    ),
                )
                .label(t!("这里是{}", "this is {}", ar.dimension))
                .with_label(
                    tu.span,
                    t!("指标值以 {} 计（{}）", "the target is in {} ({})", &tu.text, tr.dimension),
                )
                .help(t!(
                    "实际完成值要与指标值比较，须用同一计量单位（或可换算的单位，如 万元 与 元）：按 {} 填写实际完成值，如 {} {} {}",
                    "the actual is compared with the target, so it takes the same unit (or one that converts, as 万元 to 元): write it in {}, e.g. {} {} {}",
                    &tu.text,
                    ctx.kw(Kw::Actual),
                    a.text,
                    &tu.text
                )),
            )
        }
        (
            Unscored::NotAnAchievement,
            Value::Qualitative(_) | Value::Deadline { .. },
            Actual::Text(_),
        ) => {
            // A date that is not on the calendar is read as text and reported as a date.
            if date_like(&actual.value) {
                return None;
            }
            let deadline = matches!(ind.value, Value::Deadline { .. });
            Some(
                Diagnostic::new(
                    Code::NotAnAchievement,
                    actual.span,
                    t!(
                        "`{}` 的实际完成值 {} 不是 达成、部分达成 或 未达成",
                        "the actual {1} of `{0}` is not 达成, 部分达成 or 未达成",
                        &ind.name,
                        written
                    ),
                )
                .label(t!("无法据此计分", "cannot be scored"))
                .help(if deadline {
                    t!(
                        "时限指标的实际完成值写完成日期（如 {0} 2024-12-20），或写 {1} 之一；情况说明写在 {2} \"…\" 中",
                        "a deadline's actual is the date it was done (`{0} 2024-12-20`) or one of {1}; explain in `{2} \"…\"`",
                        ctx.kw(Kw::Actual),
                        achievement_words(),
                        ctx.kw(Kw::Deviation)
                    )
                } else {
                    t!(
                        "定性指标的实际完成值只能写 {0} 三者之一（不加引号，如 {1} 部分达成）；完成情况的具体说明写在 {2} \"…\" 中",
                        "a qualitative actual is one of {0} (unquoted, e.g. `{1} 部分达成`); explain the details in `{2} \"…\"`",
                        achievement_words(),
                        ctx.kw(Kw::Actual),
                        ctx.kw(Kw::Deviation)
                    )
                }),
            )
        }
        (Unscored::NotAnAchievement | Unscored::WrongKind, value, a) => {
            if date_like(a) {
                return None;
            }
            let (label, help) = match value {
                Value::Quantitative(q) => (
                    t!("定量指标需要数值", "a quantitative target needs a number"),
                    t!(
                        "定量指标按实际数值计分：写实际完成的数量和单位，如 {} {} {}；未完成的写实际达到的数（可以是 0），并在 {} \"…\" 中说明原因",
                        "a quantitative target is scored by the number reached: write it with its unit, e.g. `{} {} {}`; when short, write what was reached (0 if nothing) and explain in `{} \"…\"`",
                        ctx.kw(Kw::Actual),
                        q.text,
                        q.unit.as_ref().map_or("", |u| &*u.text),
                        ctx.kw(Kw::Deviation)
                    ),
                ),
                Value::Qualitative(_) => (
                    t!("定性指标需要 {}", "a qualitative target needs {}", achievement_words()),
                    t!(
                        "定性指标的实际完成值只能写 {0} 三者之一（如 {1} 达成）；具体数字写在 {2} \"…\" 中",
                        "a qualitative actual is one of {0} (e.g. `{1} 达成`); give figures in `{2} \"…\"`",
                        achievement_words(),
                        ctx.kw(Kw::Actual),
                        ctx.kw(Kw::Deviation)
                    ),
                ),
                Value::Deadline { .. } => (
                    t!("时限指标需要完成日期", "a deadline needs a date"),
                    t!(
                        "时限指标的实际完成值写完成日期（如 {0} 2024-12-20），或写 {1} 之一",
                        "a deadline's actual is the date it was done (`{0} 2024-12-20`) or one of {1}",
                        ctx.kw(Kw::Actual),
                        achievement_words()
                    ),
                ),
                Value::Missing => return None,
            };
            Some(
                Diagnostic::new(
                    Code::ActualKindMismatch,
                    actual.span,
                    t!(
                        "`{}` 的实际完成值 {} 与指标值 {} 不是同一类",
                        "the actual {1} of `{0}` is not of the kind of its target {2}",
                        &ind.name,
                        written,
                        target
                    ),
                )
                .label(label)
                .help(help),
            )
        }
        _ => None,
    }
}

/// Whether a text actual is a date off the calendar (`2024-02-30`): lowering keeps such a
/// date as its text and reports it as E0501 already.
fn date_like(actual: &Actual) -> bool {
    let Actual::Text(t) = actual else {
        return false;
    };
    let b = t.as_bytes();
    b.len() >= 4 && b[..4].iter().all(u8::is_ascii_digit) && b.get(4).is_none_or(|c| *c == b'-')
}

fn misplaced_score(ctx: &ProjectContext, ind: &Indicator, weight: Decimal) -> Option<Diagnostic> {
    let score = ind.score()?;
    let name = &*ind.name;
    let (message, label, help) = match (&ind.value, ind.actual().map(|a| &a.value)) {
        (Value::Missing, _) | (_, Some(Actual::Text(_))) => return None,
        (_, None) => (
            t!(
                "`{}` 写了得分，却没有实际完成值",
                "`{}` has a score but no actual",
                name
            ),
            t!("没有可定档的结果", "no result to place in a band"),
            t!(
                "得分只用于定性结果：先写 {0} 达成、{0} 部分达成 或 {0} 未达成，再在该档的区间内写得分；否则删去得分",
                "a score only places a qualitative result: write `{0} 达成`, `{0} 部分达成` or `{0} 未达成` first, then a score in that band; otherwise delete the score",
                ctx.kw(Kw::Actual)
            ),
        ),
        (Value::Qualitative(_) | Value::Deadline { .. }, Some(Actual::Achievement(a))) => {
            if evaluate::score_in_band(*a, weight, score.value) {
                return None;
            }
            let (low, high) = evaluate::band(*a);
            let (lo, hi) = (
                evaluate::round2(low.checked_mul(weight)?),
                evaluate::round2(high.checked_mul(weight)?),
            );
            let pct = |d: Decimal| num(d * Decimal::ONE_HUNDRED);
            (
                t!(
                    "`{}` 的得分 {} 不在“{}”的得分区间 {}–{} 内",
                    "the score {1} of `{0}` is outside the band of {2}, {3}–{4}",
                    name,
                    num(score.value),
                    a.as_str(),
                    num(lo),
                    num(hi)
                ),
                t!(
                    "应在 {}–{} 之间（分值 {} 的 {}%–{}%）",
                    "must lie within {}–{} ({3}–{4} % of the weight {2})",
                    num(lo),
                    num(hi),
                    num(weight),
                    pct(low),
                    pct(high)
                ),
                t!(
                    "达成得分值的 80%–100%，部分达成 60%–80%，未达成 0–60%：在“{}”的区间 {}–{} 内改正得分，或改正实际完成情况的档次；不写得分则按默认（达成 100%、部分达成 70%、未达成 0）计",
                    "达成 scores 80–100 % of the weight, 部分达成 60–80 %, 未达成 0–60 %: correct the score within {}'s band {}–{}, or the result's word; without a score the default applies (100 %, 70 %, 0)",
                    a.as_str(),
                    num(lo),
                    num(hi)
                ),
            )
        }
        (Value::Quantitative(_), Some(_)) => (
            t!(
                "定量指标 `{}` 不能写得分",
                "the quantitative indicator `{}` takes no score",
                name
            ),
            t!("定量指标按公式计分", "a quantity is scored by formula"),
            t!(
                "定量指标的得分由实际完成值与指标值按公式算出，写了也不会采用：删去得分；得分只用于 达成、部分达成、未达成 的定性结果",
                "a quantitative indicator's score is computed from its actual and target and a written one is not used: delete it; a score only places a qualitative result (达成, 部分达成, 未达成)"
            ),
        ),
        (Value::Deadline { .. }, Some(Actual::Date(_))) => (
            t!(
                "`{}` 按完成日期计分，不能写得分",
                "`{}` is scored by its completion date and takes no score",
                name
            ),
            t!("按期得满分，逾期得 0 分", "on time scores the weight, late 0"),
            t!(
                "时限指标写了完成日期时，按期完成得满分、逾期得 0 分：删去得分；若要在区间内给分，实际完成值改写为 达成、部分达成 或 未达成",
                "a deadline with a completion date scores the weight when on time and 0 when late: delete the score; to score within a band, write 达成, 部分达成 or 未达成 as the actual"
            ),
        ),
        // A number or date against the wrong kind of target: reported as such.
        _ => return None,
    };
    Some(
        Diagnostic::new(Code::InvalidScore, score.span, message)
            .label(label)
            .help(help),
    )
}

// ---------------------------------------------------------------------------------------
// Funding and completeness.

/// E0607: 全年执行数 above 全年预算数 (or 年初预算数 when there is no adjusted budget).
pub fn execution_within_budget(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let Some(block) = project.funding_block.as_ref().filter(|b| !b.broken) else {
        return;
    };
    let f = &project.funding;
    let (Some(executed), Some(exec)) = (f.execution, block.top(FundKey::Execution)) else {
        return;
    };
    let (budget, key) = match (f.adjusted, f.annual) {
        (Some(a), _) => (a, FundKey::Adjusted),
        (None, Some(a)) => (a, FundKey::Annual),
        (None, None) => return,
    };
    if executed <= budget {
        return;
    }
    let Some(budget_amount) = block.top(key) else {
        return;
    };
    let over = crate::model::Fen(executed.0.saturating_sub(budget.0));
    let mut d = Diagnostic::new(
        Code::ExecutionExceedsBudget,
        exec.key_span,
        t!(
            "全年执行数 {} 元超过了{} {} 元",
            "the execution {} 元 exceeds the {} of {} 元",
            executed,
            Arg::Words(
                key.form_name(),
                if key == FundKey::Adjusted {
                    "adjusted budget"
                } else {
                    "annual budget"
                }
            ),
            budget
        ),
    )
    .label(t!("全年执行数 {} 元", "execution {} 元", executed))
    .with_label(
        budget_amount.key_span,
        t!("{} {} 元", "{} {} 元", key.form_name(), budget),
    );
    d = d.help(if key == FundKey::Adjusted {
        t!(
            "全年执行数是全年实际支出，不能超过调整后的全年预算数（超出 {} 元）：核对执行数、预算数和单位",
            "the execution is what was actually spent and cannot exceed the adjusted budget (it is {} 元 over): check both amounts and their units",
            over
        )
    } else {
        t!(
            "全年执行数不能超过预算（超出 {0} 元）：年中调整过预算的，写 {1} 全年预算数；否则核对执行数和单位",
            "the execution cannot exceed the budget (it is {0} 元 over): if the budget was adjusted during the year, write `{1}` with the adjusted budget; otherwise check the execution and its unit",
            over,
            ctx.fund(FundKey::Adjusted)
        )
    });
    diags.push(d);
}

/// W0608, W0609, W0610: an evaluation half done — some indicators without an actual, weights
/// in a project with no actual at all, actuals without the year's execution.
pub fn completeness(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    if !evaluated(project) {
        return;
    }
    if project.has_actuals() {
        missing_actuals(ctx, project, diags);
        if project.funding.execution.is_none()
            && !project.funding_block.as_ref().is_some_and(|b| b.broken)
        {
            let span = project
                .funding_block
                .as_ref()
                .map_or(project.name_span, |b| b.keyword);
            diags.push(
                Diagnostic::new(
                    Code::MissingExecution,
                    span,
                    t!(
                        "已填写实际完成值，但资金中没有全年执行数，预算执行率（{} 分）按 0 分计",
                        "the project has actuals but no execution amount, so budget execution ({} points) scores 0",
                        num(EXECUTION_WEIGHT)
                    ),
                )
                .label(t!("缺少 {}", "no `{}`", ctx.fund(FundKey::Execution)))
                .help(t!(
                    "在资金块中写全年执行数，如 {} 950,000.00 元；预算执行率 = 全年执行数 ÷ 全年预算数",
                    "write the year's execution in the funding block, e.g. `{} 950,000.00 元`; budget execution = execution ÷ adjusted budget",
                    ctx.fund(FundKey::Execution)
                )),
            );
        }
    } else {
        let spans: Vec<Span> = project
            .groups
            .iter()
            .filter_map(|g| g.weight.map(|w| w.span))
            .chain(
                project
                    .indicators
                    .iter()
                    .filter_map(|i| i.extra.as_ref()?.weight.map(|w| w.span)),
            )
            .collect();
        let Some(&first) = spans.iter().min_by_key(|s| s.start) else {
            return;
        };
        let mut d = Diagnostic::new(
            Code::WeightsWithoutActuals,
            first,
            t!(
                "项目写了 {} 处分值，却没有任何实际完成值",
                "the project has {} weights but no actual at all",
                spans.len()
            ),
        )
        .label(t!("分值", "a weight"));
        for s in spans.iter().filter(|s| **s != first) {
            d = d.with_label(*s, t!("分值", "a weight"));
        }
        diags.push(d.help(t!(
            "分值用于年终绩效自评：正在自评的，为每个指标写实际完成值（如 {} 达成）；还在申报阶段的，删去分值",
            "weights are for the year-end self-evaluation: when evaluating, write each indicator's actual (e.g. `{} 达成`); when still filing targets, delete the weights",
            ctx.kw(Kw::Actual)
        )));
    }
}

fn missing_actuals(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let missing: Vec<&Indicator> = project
        .indicators
        .iter()
        .filter(|i| i.actual().is_none() && !matches!(i.value, Value::Missing))
        .collect();
    let Some(first) = missing.first() else { return };
    let message = if missing.len() == 1 {
        t!(
            "指标 `{}` 没有实际完成值，自评时按 0 分计",
            "the indicator `{}` has no actual and scores 0",
            &first.name
        )
    } else {
        t!(
            "{} 个指标没有实际完成值，自评时按 0 分计",
            "{} indicators have no actual and score 0",
            missing.len()
        )
    };
    let mut d = Diagnostic::new(Code::MissingActual, first.name_span, message)
        .label(t!("缺少实际完成值", "no actual"));
    for i in &missing[1..] {
        d = d.with_label(i.name_span, t!("缺少实际完成值", "no actual"));
    }
    diags.push(d.help(t!(
        "在指标值后写实际完成值：定量如 {0} 96 %，定性如 {0} 达成，时限如 {0} 2024-12-20；没有完成的也要写（{0} 0 或 {0} 未达成），并在 {1} \"…\" 中说明原因",
        "write `{0}` after the target: a quantity like `{0} 96 %`, a qualitative result like `{0} 达成`, a deadline like `{0} 2024-12-20`; write it when nothing was done too (`{0} 0`, `{0} 未达成`) and explain in `{1} \"…\"`",
        ctx.kw(Kw::Actual),
        ctx.kw(Kw::Deviation)
    )));
}

#[cfg(test)]
mod tests {
    use crate::diag::Code;

    const HEAD: &str = "year 2024\ndepartment \"某局\"\nimplementer \"某局\"\nproject \"示例项目\" {\n  nature \"其他一次性项目\"\n  category \"特定目标类\"\n  period 2024-01-01 .. 2024-12-31\n  goal \"全年完成培训6期。\"\n";

    /// The §8 codes a project reports, given its funding and its groups.
    fn codes(funding: &str, groups: &str) -> Vec<Code> {
        let src = format!("{HEAD}  funding {{\n{funding}\n  }}\n{groups}}}\n");
        let c = crate::compile_str("t.perf", &src);
        c.diagnostics
            .iter()
            .map(|d| d.code)
            .filter(|c| c.as_str().starts_with("E06") || c.as_str().starts_with("W06"))
            .collect()
    }

    const FUNDS: &str = "    annual 100,000.00 元\n    execution 95,000.00 元";

    fn groups(output: &str, quantity: &str, quality: &str, ind1: &str, ind2: &str) -> String {
        format!(
            "  output {output} {{\n    quantity {quantity} {{ \"培训期数\" = 6 期 actual 6 期 {ind1} }}\n    quality {quality} {{ \"考核通过率\" >= 95 % actual 97 % {ind2} }}\n  }}\n  benefit weight 30 {{ social {{ \"业务能力\" \"全员通过考核\" actual 达成 }} }}\n  satisfaction weight 10 {{ beneficiary {{ \"满意度\" >= 90 % actual 93 % }} }}\n"
        )
    }

    #[test]
    fn weights_that_add_up_report_nothing() {
        let g = groups(
            "weight 50",
            "weight 20",
            "weight 30",
            "weight 20",
            "weight 30",
        );
        assert_eq!(codes(FUNDS, &g), []);
    }

    #[test]
    fn decimal_weights_add_up_exactly() {
        let g = groups("weight 50", "weight 12.5", "weight 37.5", "", "");
        assert_eq!(codes(FUNDS, &g), []);
        let g = groups("weight 50", "weight 12.5", "weight 37.4", "", "");
        assert_eq!(codes(FUNDS, &g), [Code::WeightSumMismatch]);
        let g = groups("weight 50", "", "", "weight 16.67", "weight 33.33");
        assert_eq!(codes(FUNDS, &g), []);
    }

    #[test]
    fn indicators_against_a_written_level2_weight() {
        let g = groups("weight 50", "weight 20", "weight 30", "weight 20", "");
        assert_eq!(codes(FUNDS, &g), []);
        // All the indicators of quantity weighted: 15 is not its 20.
        let g = groups("weight 50", "weight 20", "weight 30", "weight 15", "");
        assert_eq!(codes(FUNDS, &g), [Code::WeightSumMismatch]);
        let g = groups("weight 50", "weight 20", "weight 30", "weight 25", "");
        assert_eq!(codes(FUNDS, &g), [Code::WeightSumMismatch]);
        let g = groups(
            "weight 50",
            "weight 20",
            "weight 30",
            "weight 20",
            "weight 30",
        );
        assert_eq!(codes(FUNDS, &g), []);
        let g = groups(
            "weight 50",
            "weight 20",
            "weight 30",
            "weight 20",
            "weight 29",
        );
        assert_eq!(codes(FUNDS, &g), [Code::WeightSumMismatch]);
    }

    #[test]
    fn weights_written_on_indicators_only_add_up_through_their_groups() {
        // Common in the 自评表: only the indicators carry 分值.
        let g = "  output { quantity { \"培训期数\" = 6 期 actual 6 期 weight 20 }\n    quality { \"考核通过率\" >= 95 % actual 97 % weight 30 } }\n  benefit { social { \"业务能力\" \"全员通过考核\" actual 达成 weight 30 } }\n  satisfaction { beneficiary { \"满意度\" >= 90 % actual 93 % weight 10 } }\n";
        assert_eq!(codes(FUNDS, g), []);
        let short = g.replace("weight 30 }", "weight 25 }");
        assert_eq!(codes(FUNDS, &short), [Code::TotalWeightMismatch]);
    }

    #[test]
    fn an_unwritten_group_must_match_its_share_when_a_sibling_is_unweighted() {
        // quantity gets half of 50, 25, but its indicator says 20.
        let g = groups("weight 50", "", "", "weight 20", "");
        assert_eq!(codes(FUNDS, &g), [Code::WeightSumMismatch]);
        let g = groups("weight 50", "", "", "weight 25", "");
        assert_eq!(codes(FUNDS, &g), []);
        // The default 50 of an unwritten output, when no 一级 weight is written.
        let g = "  output { quantity weight 20 { \"培训期数\" = 6 期 actual 6 期 }\n    quality weight 20 { \"考核通过率\" >= 95 % actual 97 % } }\n  benefit { social { \"业务能力\" \"全员通过考核\" actual 达成 } }\n  satisfaction { beneficiary { \"满意度\" >= 90 % actual 93 % } }\n";
        assert_eq!(codes(FUNDS, g), [Code::WeightSumMismatch]);
    }

    #[test]
    fn written_children_beyond_their_parent() {
        let g = groups("weight 50", "weight 60", "", "", "");
        assert_eq!(codes(FUNDS, &g), [Code::WeightSumMismatch]);
        let g =
            groups("weight 70", "", "", "", "").replace("satisfaction weight 10", "satisfaction");
        assert_eq!(codes(FUNDS, &g), [Code::TotalWeightMismatch]);
    }

    #[test]
    fn level1_weights_and_execution_make_100() {
        let g = groups("weight 50", "", "", "", "");
        assert_eq!(codes(FUNDS, &g), []);
        let g = groups("weight 60", "", "", "", "");
        assert_eq!(codes(FUNDS, &g), [Code::TotalWeightMismatch]);
    }

    #[test]
    fn a_declaration_without_actuals_or_weights_reports_nothing() {
        let g = "  output { quantity { \"培训期数\" = 6 期 } }\n  benefit { social { \"业务能力\" \"全员通过考核\" } }\n  satisfaction { beneficiary { \"满意度\" >= 90 % } }\n";
        assert_eq!(codes("    annual 100,000.00 元", g), []);
        // The one output indicator weighs the default 50 of output.
        let weighted = g.replace("= 6 期", "= 6 期 weight 50");
        assert_eq!(
            codes("    annual 100,000.00 元", &weighted),
            [Code::WeightsWithoutActuals]
        );
    }

    #[test]
    fn execution_up_to_the_budget_is_fine() {
        let g = groups("weight 50", "", "", "", "");
        let at = "    annual 100,000.00 元\n    adjusted 90,000.00 元\n    execution 90,000.00 元";
        assert_eq!(codes(at, &g), []);
        let over = at.replace("execution 90,000.00", "execution 90,000.01");
        assert_eq!(codes(&over, &g), [Code::ExecutionExceedsBudget]);
        // Without `adjusted`, the annual budget.
        let annual = "    annual 100,000.00 元\n    execution 100,000.00 元";
        assert_eq!(codes(annual, &g), []);
        let over = annual.replace("execution 100,000.00", "execution 100,000.01");
        assert_eq!(codes(&over, &g), [Code::ExecutionExceedsBudget]);
        let none = "    annual 100,000.00 元";
        assert_eq!(codes(none, &g), [Code::MissingExecution]);
    }

    #[test]
    fn actuals_of_the_wrong_kind_or_dimension() {
        let g = groups("weight 50", "", "", "", "");
        let dim = g.replace("actual 97 %", "actual 96 人");
        assert_eq!(codes(FUNDS, &dim), [Code::ActualDimensionMismatch]);
        // Units that convert are compared, not reported.
        let money = g.replace(
            "\"考核通过率\" >= 95 % actual 97 %",
            "\"人均成本\" <= 10,000 元 actual 0.9 万元",
        );
        assert_eq!(codes(FUNDS, &money), []);
        let word = g.replace("actual 达成", "actual 大部分完成");
        assert_eq!(codes(FUNDS, &word), [Code::NotAnAchievement]);
        let kind = g.replace("actual 6 期", "actual 达成");
        assert_eq!(codes(FUNDS, &kind), [Code::ActualKindMismatch]);
        let number = g.replace("actual 达成", "actual 95 %");
        assert_eq!(codes(FUNDS, &number), [Code::ActualKindMismatch]);
    }

    #[test]
    fn a_date_off_the_calendar_is_reported_once() {
        let g = groups("weight 50", "", "", "", "").replace(
            "\"业务能力\" \"全员通过考核\" actual 达成",
            "\"结题\" by 2024-12-31 actual 2024-02-30",
        );
        assert_eq!(codes(FUNDS, &g), []);
    }

    #[test]
    fn scores_inside_their_band_ends_included() {
        let g = groups("weight 50", "", "", "", "");
        // benefit 30: 部分达成 spans 18–24.
        for (score, ok) in [
            ("18", true),
            ("24", true),
            ("17.99", false),
            ("24.01", false),
        ] {
            let s = g.replace("actual 达成", &format!("actual 部分达成 score {score}"));
            let expected: &[Code] = if ok { &[] } else { &[Code::InvalidScore] };
            assert_eq!(codes(FUNDS, &s), expected, "score {score}");
        }
        let quantitative = g.replace("actual 6 期", "actual 6 期 score 10");
        assert_eq!(codes(FUNDS, &quantitative), [Code::InvalidScore]);
    }

    #[test]
    fn missing_actuals_are_one_warning() {
        let g = groups("weight 50", "", "", "", "")
            .replace(" actual 6 期", "")
            .replace(" actual 93 %", "");
        assert_eq!(codes(FUNDS, &g), [Code::MissingActual]);
    }

    #[test]
    fn enormous_weights_do_not_panic() {
        let huge = "weight 7,922,816,251,426,433,759,354,395,033";
        let g = groups(huge, huge, huge, huge, huge);
        let _ = codes(FUNDS, &g);
        let g = groups("weight 50", huge, "", huge, "");
        let _ = codes(FUNDS, &g);
    }
}
