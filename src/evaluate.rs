//! §8 self-evaluation: the weights, scores, budget execution and grade of a project whose
//! indicators carry actuals (实际完成值). Pure arithmetic over the model, exact decimals
//! throughout; the checks (`check::evaluation`) report what makes a score doubtful, the
//! emitters (`emit::evaluation`) print the 项目支出绩效自评表.
//!
//! The rules, and where each one comes from, are in `docs/self-evaluation.md`.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::hierarchy::{Framework, GroupName};
use crate::model::{Achievement, Actual, Date, Fen, Indicator, Project, Quantity, Value};
use crate::syntax::ast::Cmp;

/// The points of 预算执行率: what the LEVEL1 weights leave of 100.
pub const EXECUTION_WEIGHT: Decimal = Decimal::TEN;
/// What the LEVEL1 weights add up to.
pub const LEVEL1_TOTAL: Decimal = Decimal::from_parts(90, 0, 0, false, 0);

/// The evaluation of one project.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// One per `Project::indicators`, in the same order.
    pub indicators: Vec<IndicatorScore>,
    /// The 一级 and 二级 groups with the weights they were given, in written order.
    pub groups: Vec<GroupWeight>,
    pub execution: Execution,
    /// The sum of the rounded indicator scores and the execution score.
    pub total: Decimal,
    pub grade: Grade,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupWeight {
    pub level1: GroupName,
    /// `None` for the 一级 group itself.
    pub level2: Option<GroupName>,
    pub weight: Decimal,
    /// Written in the file rather than a default or an equal share.
    pub written: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorScore {
    /// The 分值: as written, or an equal share of what its group's written weights leave.
    pub weight: Decimal,
    /// Rounded half-up to two decimals; `None` when it cannot be scored (counted as 0).
    pub score: Option<Decimal>,
    /// Why there is no score, when there is none.
    pub unscored: Option<Unscored>,
}

/// Why an indicator has no score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unscored {
    /// No 实际完成值 written.
    NoActual,
    /// The indicator has no target value (reported already).
    NoTarget,
    /// The actual's unit measures something else than the target's.
    DimensionMismatch,
    /// The actual is a number where a word or date is needed, or the reverse.
    WrongKind,
    /// A word other than 达成 / 部分达成 / 未达成.
    NotAnAchievement,
    /// A number too large for exact arithmetic.
    Overflow,
}

/// 预算执行率: 全年执行数 ÷ 全年预算数 (default 年初预算数), capped at 100 %, × 10.
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    /// 年初预算数 (`annual`).
    pub budget: Option<Fen>,
    /// 全年预算数 (`adjusted`, else `annual`).
    pub adjusted: Option<Fen>,
    /// 全年执行数 (`execution`).
    pub executed: Option<Fen>,
    /// Execution ÷ adjusted in percent, rounded half-up to two decimals, not capped.
    pub rate: Option<Decimal>,
    pub weight: Decimal,
    pub score: Decimal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Grade {
    Excellent,
    Good,
    Fair,
    Poor,
}

impl Grade {
    /// 优 ≥ 90, 良 80–89.99, 中 60–79.99, 差 < 60.
    pub fn of(total: Decimal) -> Grade {
        if total >= Decimal::from(90) {
            Grade::Excellent
        } else if total >= Decimal::from(80) {
            Grade::Good
        } else if total >= Decimal::from(60) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];
}

/// Half-up to two decimals, as the printed form rounds.
pub fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// A decimal as the form prints a score or weight: always two decimals (`5.00`, `16.67`).
pub fn form2(d: Decimal) -> String {
    let mut r = round2(d);
    r.rescale(2);
    r.to_string()
}

/// The LEVEL1 weights used when none is written (财预〔2020〕10号; 2021 framework:
/// 产出 40, 成本 10).
pub fn default_level1_weight(framework: Framework, g: GroupName) -> Option<Decimal> {
    let w = match (framework, g) {
        (Framework::F2015, GroupName::Output) => 50,
        (Framework::F2021, GroupName::Output) => 40,
        (Framework::F2021, GroupName::Cost) => 10,
        (_, GroupName::Benefit) => 30,
        (_, GroupName::Satisfaction) => 10,
        _ => return None,
    };
    Some(Decimal::from(w))
}

/// Evaluate a project. Meaningful when `project.has_actuals()`; for a project without any,
/// every indicator is `Unscored::NoActual`.
pub fn evaluate(project: &Project) -> Evaluation {
    let groups = weigh_groups(project);
    let weights = weigh_indicators(project, &groups);
    let indicators: Vec<IndicatorScore> = project
        .indicators
        .iter()
        .zip(weights)
        .map(|(ind, weight)| {
            let (score, unscored) = match score_indicator(ind, weight) {
                Ok(s) => (Some(round2(s)), None),
                Err(u) => (None, Some(u)),
            };
            IndicatorScore {
                weight,
                score,
                unscored,
            }
        })
        .collect();
    let execution = execution(project);
    let total = indicators
        .iter()
        .filter_map(|i| i.score)
        .fold(execution.score, |acc, s| acc.checked_add(s).unwrap_or(acc));
    Evaluation {
        indicators,
        groups,
        execution,
        total,
        grade: Grade::of(total),
    }
}

/// Split `parent` among children: written weights as written, the rest shared equally by
/// the unwritten ones in whole cents, the first ones taking a cent more when it does not
/// divide (50 ÷ 3 → 16.67, 16.67, 16.66), so the shares add up to what the form prints.
pub fn share(parent: Decimal, written: &[Option<Decimal>]) -> Vec<Decimal> {
    // Checked throughout: weights are whatever the file says, however large.
    let written_sum = written
        .iter()
        .flatten()
        .try_fold(Decimal::ZERO, |acc, w| acc.checked_add(*w));
    let open = written.iter().filter(|w| w.is_none()).count();
    let left = written_sum
        .and_then(|s| parent.checked_sub(s))
        .unwrap_or(Decimal::ZERO)
        .max(Decimal::ZERO);
    let mut shares = Vec::with_capacity(written.len());
    let cents = left.checked_mul(Decimal::ONE_HUNDRED);
    let (each, mut extra) = if open == 0 {
        (Decimal::ZERO, 0)
    } else if let Some(cents) = cents.filter(|c| c.fract().is_zero()) {
        let n = Decimal::from(open);
        let each = (cents / n).trunc();
        let extra = cents - each * n;
        (
            each / Decimal::ONE_HUNDRED,
            i64::try_from(extra).unwrap_or(0),
        )
    } else {
        // Written weights with more than two decimals: exact shares.
        (left / Decimal::from(open), 0)
    };
    for w in written {
        shares.push(match w {
            Some(w) => *w,
            None if extra > 0 => {
                extra -= 1;
                each + Decimal::new(1, 2)
            }
            None => each,
        });
    }
    shares
}

/// `share` among the children that can score: an unweighted child with no indicators (an
/// empty group) gets no share, or its points would be lost to the total.
fn share_scoring(parent: Decimal, children: &[(Option<Decimal>, bool)]) -> Vec<Decimal> {
    let eligible: Vec<Option<Decimal>> = children
        .iter()
        .filter(|(w, has)| w.is_some() || *has)
        .map(|(w, _)| *w)
        .collect();
    let mut shares = share(parent, &eligible).into_iter();
    children
        .iter()
        .map(|(w, has)| {
            if w.is_some() || *has {
                shares.next().unwrap_or_default()
            } else {
                Decimal::ZERO
            }
        })
        .collect()
}

/// The 一级 groups in written order with the 二级 groups under each, by name: one entry per
/// name, its weight the first one written.
fn weigh_groups(project: &Project) -> Vec<GroupWeight> {
    let mut level1: Vec<(GroupName, Option<Decimal>)> = Vec::new();
    let mut level2: Vec<(GroupName, GroupName, Option<Decimal>)> = Vec::new();
    fn add1(name: GroupName, w: Option<Decimal>, level1: &mut Vec<(GroupName, Option<Decimal>)>) {
        match level1.iter_mut().find(|(n, _)| *n == name) {
            Some((_, slot @ None)) => *slot = w,
            Some(_) => {}
            None => level1.push((name, w)),
        }
    }
    for g in &project.groups {
        let w = g.weight.map(|w| w.value);
        match g.parent {
            None => add1(g.name, w, &mut level1),
            Some(_) => {
                add1(g.level1, None, &mut level1);
                match level2
                    .iter_mut()
                    .find(|(l1, n, _)| *l1 == g.level1 && *n == g.name)
                {
                    Some((_, _, slot @ None)) => *slot = w,
                    Some(_) => {}
                    None => level2.push((g.level1, g.name, w)),
                }
            }
        }
    }
    for ind in &project.indicators {
        add1(ind.level1, None, &mut level1);
        if !level2
            .iter()
            .any(|(l1, n, _)| *l1 == ind.level1 && *n == ind.level2)
        {
            level2.push((ind.level1, ind.level2, None));
        }
    }

    let none_written = level1.iter().all(|(_, w)| w.is_none());
    let level1_weights: Vec<Decimal> = if none_written {
        level1
            .iter()
            .map(|(n, _)| default_level1_weight(project.framework, *n).unwrap_or_default())
            .collect()
    } else {
        share_scoring(
            LEVEL1_TOTAL,
            &level1
                .iter()
                .map(|(n, w)| (*w, project.indicators.iter().any(|i| i.level1 == *n)))
                .collect::<Vec<_>>(),
        )
    };

    let mut out = Vec::new();
    for ((name, written), weight) in level1.iter().zip(level1_weights) {
        out.push(GroupWeight {
            level1: *name,
            level2: None,
            weight,
            written: written.is_some(),
        });
        let children: Vec<&(GroupName, GroupName, Option<Decimal>)> =
            level2.iter().filter(|(l1, _, _)| l1 == name).collect();
        let shares = share_scoring(
            weight,
            &children
                .iter()
                .map(|(l1, l2, w)| {
                    let has = project
                        .indicators
                        .iter()
                        .any(|i| i.level1 == *l1 && i.level2 == *l2);
                    (*w, has)
                })
                .collect::<Vec<_>>(),
        );
        for ((_, l2, w), s) in children.iter().zip(shares) {
            out.push(GroupWeight {
                level1: *name,
                level2: Some(*l2),
                weight: s,
                written: w.is_some(),
            });
        }
    }
    out
}

/// Each indicator's weight: as written, or its share of its group's.
fn weigh_indicators(project: &Project, groups: &[GroupWeight]) -> Vec<Decimal> {
    let mut out = vec![Decimal::ZERO; project.indicators.len()];
    for g in groups {
        let Some(level2) = g.level2 else { continue };
        let members: Vec<usize> = project
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.level1 == g.level1 && i.level2 == level2)
            .map(|(k, _)| k)
            .collect();
        let written: Vec<Option<Decimal>> = members
            .iter()
            .map(|&k| project.indicators[k].weight())
            .collect();
        for (&k, s) in members.iter().zip(share(g.weight, &written)) {
            out[k] = s;
        }
    }
    out
}

/// The unrounded score of one indicator with weight `w`.
pub fn score_indicator(ind: &Indicator, w: Decimal) -> Result<Decimal, Unscored> {
    let actual = ind.actual().ok_or(Unscored::NoActual)?;
    let explicit = ind.score().map(|s| s.value);
    match (&ind.value, &actual.value) {
        (Value::Missing, _) => Err(Unscored::NoTarget),
        (_, Actual::Text(_)) => Err(Unscored::NotAnAchievement),
        (Value::Qualitative(_) | Value::Deadline { .. }, Actual::Achievement(a)) => {
            Ok(achievement_score(*a, w, explicit))
        }
        (Value::Quantitative(target), Actual::Quantity(actual)) => {
            let (t, a) = in_target_unit(target, actual)?;
            quantity_score(target.cmp, t, a, w).ok_or(Unscored::Overflow)
        }
        (Value::Deadline { dates, .. }, Actual::Date(done)) => {
            let deadline = dates.iter().max().ok_or(Unscored::NoTarget)?;
            Ok(deadline_score(*deadline, *done, w))
        }
        _ => Err(Unscored::WrongKind),
    }
}

/// The target's number and the actual converted into the target's unit. An actual without
/// a unit is read in the target's unit; two units of unknown dimension compare only when
/// written alike.
pub fn in_target_unit(
    target: &Quantity,
    actual: &Quantity,
) -> Result<(Decimal, Decimal), Unscored> {
    let t = target.number;
    let (Some(tu), Some(au)) = (&target.unit, &actual.unit) else {
        return Ok((t, actual.number));
    };
    if tu.text == au.text {
        return Ok((t, actual.number));
    }
    match (tu.resolved, au.resolved) {
        (Some(tr), Some(ar)) if tr.dimension == ar.dimension => {
            let a = actual
                .number
                .checked_mul(ar.factor)
                .and_then(|b| b.checked_div(tr.factor))
                .ok_or(Unscored::Overflow)?;
            Ok((t, a))
        }
        _ => Err(Unscored::DimensionMismatch),
    }
}

/// The §8 table for a quantitative target `cmp t`, actual `a` (both in the target's unit),
/// weight `w`. `None` only on arithmetic overflow.
pub fn quantity_score(cmp: Cmp, t: Decimal, a: Decimal, w: Decimal) -> Option<Decimal> {
    // A negative actual counts as 0.
    let a = a.max(Decimal::ZERO);
    let higher_is_better = match cmp {
        Cmp::Ge | Cmp::Gt => true,
        // `= 0` (no accidents) is met only by 0: lower is better.
        Cmp::Eq => t > Decimal::ZERO,
        Cmp::Le | Cmp::Lt => false,
    };
    if higher_is_better {
        if a >= t || t <= Decimal::ZERO {
            Some(w)
        } else {
            a.checked_div(t)?.checked_mul(w)
        }
    } else if a <= t {
        Some(w)
    } else if t <= Decimal::ZERO || a >= t.checked_mul(Decimal::TWO)? {
        Some(Decimal::ZERO)
    } else {
        let over = (a - t).checked_div(t)?;
        (Decimal::ONE - over).checked_mul(w)
    }
}

/// A deadline met (on or before the date) scores `w`, a late one 0.
pub fn deadline_score(deadline: Date, done: Date, w: Decimal) -> Decimal {
    if done <= deadline {
        w
    } else {
        Decimal::ZERO
    }
}

/// The band of a qualitative result, as fractions of the weight (`low`, `high`).
pub fn band(a: Achievement) -> (Decimal, Decimal) {
    match a {
        Achievement::Achieved => (Decimal::new(8, 1), Decimal::ONE),
        Achievement::Partly => (Decimal::new(6, 1), Decimal::new(8, 1)),
        Achievement::NotAchieved => (Decimal::ZERO, Decimal::new(6, 1)),
    }
}

/// The default points of a qualitative result, as a fraction of the weight.
pub fn default_fraction(a: Achievement) -> Decimal {
    match a {
        Achievement::Achieved => Decimal::ONE,
        Achievement::Partly => Decimal::new(7, 1),
        Achievement::NotAchieved => Decimal::ZERO,
    }
}

/// Whether an explicit `score` lies inside the band of `a` for weight `w` (ends included).
pub fn score_in_band(a: Achievement, w: Decimal, score: Decimal) -> bool {
    let (low, high) = band(a);
    score >= low * w && score <= high * w
}

/// A qualitative result: the explicit score when it lies in the word's band (one outside
/// is reported and the default used), else the default points.
pub fn achievement_score(a: Achievement, w: Decimal, explicit: Option<Decimal>) -> Decimal {
    match explicit {
        Some(s) if score_in_band(a, w, s) => s,
        _ => default_fraction(a) * w,
    }
}

/// 预算执行率 and its score.
pub fn execution(project: &Project) -> Execution {
    let f = &project.funding;
    let adjusted = f.adjusted.or(f.annual);
    let rate = match (f.execution, adjusted) {
        (Some(e), Some(b)) if b.0 > 0 => Decimal::from(e.0.max(0)).checked_div(Decimal::from(b.0)),
        _ => None,
    };
    let score = rate
        .map(|r| round2(r.min(Decimal::ONE) * EXECUTION_WEIGHT))
        .unwrap_or(Decimal::ZERO);
    Execution {
        budget: f.annual,
        adjusted,
        executed: f.execution,
        rate: rate
            .and_then(|r| r.checked_mul(Decimal::ONE_HUNDRED))
            .map(round2),
        weight: EXECUTION_WEIGHT,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn q(cmp: Cmp, t: &str, a: &str, w: &str) -> Decimal {
        round2(quantity_score(cmp, d(t), d(a), d(w)).unwrap())
    }

    #[test]
    fn higher_is_better_full_at_and_above_target() {
        assert_eq!(q(Cmp::Ge, "95", "95", "10"), d("10"));
        assert_eq!(q(Cmp::Ge, "95", "99.5", "10"), d("10"));
        // Below: actual ÷ target × w, rounded half-up.
        assert_eq!(q(Cmp::Ge, "5000", "4000", "10"), d("8.00"));
        assert_eq!(q(Cmp::Ge, "3", "2", "5"), d("3.33"));
        assert_eq!(q(Cmp::Ge, "3", "1", "5"), d("1.67"));
    }

    #[test]
    fn greater_than_scores_like_at_least() {
        // The §8 table puts `>` with `>=`: the ratio is continuous, so equality is full.
        assert_eq!(q(Cmp::Gt, "95", "95", "10"), q(Cmp::Ge, "95", "95", "10"));
        assert_eq!(q(Cmp::Gt, "95", "94", "10"), q(Cmp::Ge, "95", "94", "10"));
        assert_eq!(q(Cmp::Gt, "95", "94", "10"), d("9.89"));
    }

    #[test]
    fn equal_target_scores_as_higher_is_better() {
        assert_eq!(q(Cmp::Eq, "2", "2", "5"), d("5"));
        assert_eq!(q(Cmp::Eq, "2", "3", "5"), d("5"));
        assert_eq!(q(Cmp::Eq, "2", "1", "5"), d("2.50"));
    }

    #[test]
    fn target_zero() {
        // `= 0 起` is lower-is-better: only 0 meets it.
        assert_eq!(q(Cmp::Eq, "0", "0", "5"), d("5"));
        assert_eq!(q(Cmp::Eq, "0", "1", "5"), d("0"));
        assert_eq!(q(Cmp::Le, "0", "0", "5"), d("5"));
        assert_eq!(q(Cmp::Le, "0", "0.01", "5"), d("0"));
        // `>= 0` is met by anything.
        assert_eq!(q(Cmp::Ge, "0", "0", "5"), d("5"));
    }

    #[test]
    fn lower_is_better_bands() {
        assert_eq!(q(Cmp::Le, "100", "80", "10"), d("10"));
        assert_eq!(q(Cmp::Le, "100", "100", "10"), d("10"));
        assert_eq!(q(Cmp::Le, "100", "125", "10"), d("7.50"));
        assert_eq!(q(Cmp::Le, "100", "199.99", "10"), d("0.00"));
        assert_eq!(q(Cmp::Le, "100", "199.9", "10"), d("0.01"));
        assert_eq!(q(Cmp::Le, "100", "200", "10"), d("0"));
        assert_eq!(q(Cmp::Le, "100", "350", "10"), d("0"));
        assert_eq!(q(Cmp::Lt, "100", "100", "10"), d("10"));
        assert_eq!(q(Cmp::Lt, "100", "150", "10"), d("5.00"));
    }

    #[test]
    fn negative_actual_counts_as_zero() {
        assert_eq!(q(Cmp::Ge, "10", "-5", "10"), d("0"));
        assert_eq!(q(Cmp::Le, "10", "-5", "10"), d("10"));
    }

    #[test]
    fn deadlines() {
        let deadline = Date::new(2024, 12, 31).unwrap();
        let w = d("5");
        assert_eq!(deadline_score(deadline, deadline, w), w);
        assert_eq!(
            deadline_score(deadline, Date::new(2024, 12, 20).unwrap(), w),
            w
        );
        assert_eq!(
            deadline_score(deadline, Date::new(2025, 1, 1).unwrap(), w),
            Decimal::ZERO
        );
    }

    #[test]
    fn qualitative_defaults_and_bands() {
        let w = d("5");
        assert_eq!(achievement_score(Achievement::Achieved, w, None), d("5"));
        assert_eq!(achievement_score(Achievement::Partly, w, None), d("3.5"));
        assert_eq!(
            achievement_score(Achievement::NotAchieved, w, None),
            Decimal::ZERO
        );
        // An explicit score inside the band is taken, ends included.
        assert_eq!(
            achievement_score(Achievement::Partly, w, Some(d("3"))),
            d("3")
        );
        assert_eq!(
            achievement_score(Achievement::Partly, w, Some(d("4"))),
            d("4")
        );
        assert_eq!(
            achievement_score(Achievement::Achieved, w, Some(d("4"))),
            d("4")
        );
        // Outside it (reported by the checks), the default points.
        assert_eq!(
            achievement_score(Achievement::Partly, w, Some(d("4.5"))),
            d("3.5")
        );
        assert!(!score_in_band(Achievement::NotAchieved, w, d("3.01")));
        assert!(score_in_band(Achievement::NotAchieved, w, d("3")));
    }

    #[test]
    fn rounding_is_half_up() {
        assert_eq!(round2(d("2.345")), d("2.35"));
        assert_eq!(round2(d("2.344999")), d("2.34"));
        assert_eq!(round2(d("-2.345")), d("-2.35"));
        assert_eq!(form2(d("5")), "5.00");
        assert_eq!(form2(d("16.666")), "16.67");
    }

    #[test]
    fn equal_shares_add_up_in_cents() {
        assert_eq!(
            share(d("50"), &[None, None, None]),
            vec![d("16.67"), d("16.67"), d("16.66")]
        );
        assert_eq!(
            share(d("20"), &[Some(d("5")), None, None]),
            vec![d("5"), d("7.50"), d("7.50")]
        );
        assert_eq!(
            share(d("10"), &[Some(d("12")), None]),
            vec![d("12"), d("0")]
        );
        let s = share(d("10"), &[None, None, None, None, None, None, None]);
        assert_eq!(s.iter().copied().sum::<Decimal>(), d("10"));
    }

    #[test]
    fn empty_groups_take_no_share() {
        let t = Some(d("10"));
        assert_eq!(
            share_scoring(d("30"), &[(None, true), (None, false), (None, true)]),
            vec![d("15"), d("0"), d("15")]
        );
        // A weight written on an empty group stays: the checks say its points are lost.
        assert_eq!(
            share_scoring(d("30"), &[(None, true), (t, false)]),
            vec![d("20"), d("10")]
        );
    }

    #[test]
    fn grades_at_their_edges() {
        assert_eq!(Grade::of(d("90")), Grade::Excellent);
        assert_eq!(Grade::of(d("89.99")), Grade::Good);
        assert_eq!(Grade::of(d("80")), Grade::Good);
        assert_eq!(Grade::of(d("79.99")), Grade::Fair);
        assert_eq!(Grade::of(d("60")), Grade::Fair);
        assert_eq!(Grade::of(d("59.99")), Grade::Poor);
    }

    fn project(src: &str) -> Evaluation {
        let c = crate::compile_str("t.perf", src);
        let p = &c.units[0].model().projects[0];
        evaluate(p)
    }

    const HEAD: &str = "year 2024\nproject \"示例项目\" {\n  department \"某局\"\n  funding {\n    annual 1,000,000.00 元\n    adjusted 980,000.00 元\n    execution 950,000.00 元\n  }\n";

    #[test]
    fn default_weights_and_a_whole_project() {
        let src = format!(
            "{HEAD}  output {{\n    quantity {{\n      \"课题完成数\" = 2.00 个 actual 2 个\n      \"巡查里程\" >= 5,000 公里 actual 4,000 公里\n    }}\n  }}\n  benefit {{\n    social {{\n      \"人员到位及时性\" \"及时\" actual 部分达成\n    }}\n  }}\n  satisfaction {{\n    beneficiary {{\n      \"城管执法满意度\" >= 85% actual 91.3%\n    }}\n  }}\n}}\n"
        );
        let e = project(&src);
        let w: Vec<String> = e.indicators.iter().map(|i| form2(i.weight)).collect();
        assert_eq!(w, ["25.00", "25.00", "30.00", "10.00"]);
        let s: Vec<String> = e
            .indicators
            .iter()
            .map(|i| form2(i.score.unwrap()))
            .collect();
        // 4,000 ÷ 5,000 × 25 = 20; 部分达成 = 70 % of 30 = 21.
        assert_eq!(s, ["25.00", "20.00", "21.00", "10.00"]);
        // 950,000 ÷ 980,000 = 96.938…% → 9.69.
        assert_eq!(e.execution.rate, Some(d("96.94")));
        assert_eq!(e.execution.score, d("9.69"));
        assert_eq!(e.total, d("85.69"));
        assert_eq!(e.grade, Grade::Good);
    }

    #[test]
    fn written_weights_units_and_deadline() {
        let src = format!(
            "{HEAD}  output weight 60 {{\n    cost weight 10 {{\n      \"人均成本\" <= 10,000 元 actual 1.2 万元 weight 10\n    }}\n    timeliness {{\n      \"课题结题\" by 2024-12-31 actual 2025-01-05\n    }}\n  }}\n  satisfaction weight 30 {{\n    beneficiary {{\n      \"满意度\" >= 90% actual 45%\n    }}\n  }}\n}}\n"
        );
        let e = project(&src);
        // 1.2 万元 = 12,000 元 against <= 10,000: (1 − 0.2) × 10 = 8.
        assert_eq!(e.indicators[0].score, Some(d("8.00")));
        assert_eq!(e.indicators[1].weight, d("50"));
        assert_eq!(e.indicators[1].score, Some(Decimal::ZERO));
        assert_eq!(e.indicators[2].score, Some(d("15.00")));
    }

    #[test]
    fn unscored_reasons() {
        let src = format!(
            "{HEAD}  output {{\n    quantity {{\n      \"培训人数\" >= 95 % actual 96 人\n      \"课题\" \"完成\" actual 大部分完成\n      \"覆盖\" >= 10 个 actual 达成\n      \"会议\" = 2 次\n    }}\n  }}\n}}\n"
        );
        let e = project(&src);
        let u: Vec<Option<Unscored>> = e.indicators.iter().map(|i| i.unscored).collect();
        assert_eq!(
            u,
            [
                Some(Unscored::DimensionMismatch),
                Some(Unscored::NotAnAchievement),
                Some(Unscored::WrongKind),
                Some(Unscored::NoActual)
            ]
        );
    }
}
