//! `perfc diff`: what changed between two versions of a filing, in the terms a reviewer asks
//! about — money and ambition — rather than lines. Both sides are compiled models; projects
//! are matched by name, indicators by project and name (a changed group is a move), money is
//! compared in exact 分 and targets in their unit's base (`<= 60 万元` and `<= 600,000 元`
//! are the same target).
//!
//! `diff` produces `Change` values (data); `human`, `markdown` and `json` word them. The order
//! is deterministic: the new side's projects in input order, then the removed ones in the old
//! side's order; within a project its fields, funding, goals, then indicators in the new
//! side's order and the removed ones last.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt::Write as _;

use rustc_hash::FxHashMap as HashMap;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value as Json};

use crate::diag::Lang;
use crate::hierarchy::GroupName;
use crate::model::{Actual, Date, Fen, Indicator, Program, Project, Quantity, Value};
use crate::syntax::ast::Cmp;

/// One change. `project` is the project's name on both sides (they are matched by it).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub project: String,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq)]
pub enum What {
    ProjectAdded(Summary),
    ProjectRemoved(Summary),
    /// A project field (nature, period, a custom `field` …), or, with `indicator`, an
    /// indicator's note or basis.
    Field {
        field: Field,
        indicator: Option<(Group2, String)>,
        old: Option<String>,
        new: Option<String>,
    },
    Funding {
        item: FundingItem,
        old: Option<Fen>,
        new: Option<Fen>,
    },
    Goal {
        overall: bool,
        old: Option<String>,
        new: Option<String>,
    },
    IndicatorAdded {
        group: Group2,
        indicator: String,
        value: Val,
    },
    IndicatorRemoved {
        group: Group2,
        indicator: String,
        value: Val,
    },
    IndicatorMoved {
        indicator: String,
        from: Group2,
        to: Group2,
    },
    Target {
        group: Group2,
        indicator: String,
        old: Val,
        new: Val,
        direction: Direction,
    },
}

/// What a reviewer sees of a whole project added or removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub annual: Option<Fen>,
    pub indicators: usize,
}

/// An indicator's place: its 一级 and 二级 group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Group2(pub GroupName, pub GroupName);

impl Group2 {
    fn of(i: &Indicator) -> Group2 {
        Group2(i.level1, i.level2)
    }
    fn label(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{} › {}", self.0.form_name(), self.1.form_name()),
            Lang::En => format!("{} › {}", self.0.as_str(), self.1.as_str()),
        }
    }
    fn json(self) -> Json {
        json!([self.0.as_str(), self.1.as_str()])
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    Nature,
    Category,
    Department,
    Implementer,
    Period,
    Year,
    Framework,
    /// A `field "name" "value"` line.
    Custom(String),
    /// An indicator's 备注 / 取值依据.
    Note,
    Basis,
    /// §8: an indicator's 分值, 实际完成值, 得分 and 偏差原因, a group's 分值, the
    /// project's 实际完成情况.
    Weight,
    Actual,
    Score,
    Deviation,
    GroupWeight(GroupName, Option<GroupName>),
    Achieved,
}

impl Field {
    fn key(&self) -> Cow<'_, str> {
        match self {
            Field::Nature => "nature".into(),
            Field::Category => "category".into(),
            Field::Department => "department".into(),
            Field::Implementer => "implementer".into(),
            Field::Period => "period".into(),
            Field::Year => "year".into(),
            Field::Framework => "framework".into(),
            Field::Custom(name) => format!("fields.{name}").into(),
            Field::Note => "note".into(),
            Field::Basis => "basis".into(),
            Field::Weight | Field::GroupWeight(..) => "weight".into(),
            Field::Actual => "actual".into(),
            Field::Score => "score".into(),
            Field::Deviation => "deviation".into(),
            Field::Achieved => "achieved".into(),
        }
    }
    fn label(&self, lang: Lang) -> Cow<'_, str> {
        let zh = match self {
            Field::Nature => "项目性质",
            Field::Category => "项目类别",
            Field::Department => "主管部门",
            Field::Implementer => "实施单位",
            Field::Period => "实施周期",
            Field::Year => "年度",
            Field::Framework => "指标体系",
            Field::Custom(name) => return name.as_str().into(),
            Field::Note => "备注",
            Field::Basis => "取值依据",
            Field::Weight => "分值",
            Field::Actual => "实际完成值",
            Field::Score => "得分",
            Field::Deviation => "偏差原因",
            Field::Achieved => "实际完成情况",
            Field::GroupWeight(l1, l2) => {
                let group = match (l2, lang) {
                    (Some(l2), Lang::Zh) => format!("{} › {}", l1.form_name(), l2.form_name()),
                    (None, Lang::Zh) => l1.form_name().to_string(),
                    (Some(l2), Lang::En) => format!("{} › {}", l1.as_str(), l2.as_str()),
                    (None, Lang::En) => l1.as_str().to_string(),
                };
                return match lang {
                    Lang::Zh => format!("{group} 分值").into(),
                    Lang::En => format!("{group} weight").into(),
                };
            }
        };
        match lang {
            Lang::Zh => zh.into(),
            Lang::En => self.key(),
        }
    }
}

/// A line of the funding table, or a quoted sub-amount under its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundingItem {
    Key(&'static str),
    Custom { parent: String, name: String },
}

/// The funding table's lines in form order: JSON key (as in `perfc/1`), Chinese label.
const FUNDING: &[(&str, &str)] = &[
    ("total", "项目资金总额"),
    ("fiscal", "财政资金"),
    ("total_other", "其他资金（总额）"),
    ("annual", "年度资金申请总额"),
    ("appropriation", "当年财政拨款"),
    ("carryover", "上年结转资金"),
    ("other", "其他资金（年度）"),
    ("adjusted", "全年预算数"),
    ("adjusted_rows.appropriation", "全年预算数 › 当年财政拨款"),
    ("adjusted_rows.carryover", "全年预算数 › 上年结转资金"),
    ("adjusted_rows.other", "全年预算数 › 其他资金"),
    ("execution", "全年执行数"),
    ("execution_rows.appropriation", "全年执行数 › 当年财政拨款"),
    ("execution_rows.carryover", "全年执行数 › 上年结转资金"),
    ("execution_rows.other", "全年执行数 › 其他资金"),
];

fn funding_value(p: &Project, key: &str) -> Option<Fen> {
    let f = &p.funding;
    match key {
        "total" => f.total,
        "fiscal" => f.fiscal,
        "total_other" => f.total_other,
        "annual" => f.annual,
        "appropriation" => f.appropriation,
        "carryover" => f.carryover,
        "other" => f.other,
        "adjusted" => f.adjusted,
        "execution" => f.execution,
        "adjusted_rows.appropriation" => f.adjusted_rows.appropriation,
        "adjusted_rows.carryover" => f.adjusted_rows.carryover,
        "adjusted_rows.other" => f.adjusted_rows.other,
        "execution_rows.appropriation" => f.execution_rows.appropriation,
        "execution_rows.carryover" => f.execution_rows.carryover,
        "execution_rows.other" => f.execution_rows.other,
        _ => None,
    }
}

fn funding_label(key: &str, lang: Lang) -> Cow<'_, str> {
    match (lang, FUNDING.iter().find(|(k, _)| *k == key)) {
        (Lang::Zh, Some((_, zh))) => (*zh).into(),
        (Lang::En, Some(_)) | (_, None) => key.into(),
    }
}

impl FundingItem {
    fn key(&self) -> String {
        match self {
            FundingItem::Key(k) => k.to_string(),
            FundingItem::Custom { parent, name } => format!("{parent}/{name}"),
        }
    }
    fn label(&self, lang: Lang) -> String {
        match self {
            FundingItem::Key(k) => funding_label(k, lang).into_owned(),
            FundingItem::Custom { parent, name } => {
                format!("{} › {name}", funding_label(parent, lang))
            }
        }
    }
}

/// A target value, owned (the two sides' texts live in different compilations).
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Quantity {
        cmp: Cmp,
        /// The number as written (`600,000`), and exactly.
        text: String,
        number: Decimal,
        unit: Option<String>,
        dimension: Option<String>,
    },
    Text(String),
    Deadline {
        dates: Vec<Date>,
        text: Option<String>,
    },
    Missing,
}

impl Val {
    fn of(v: &Value) -> Val {
        match v {
            Value::Quantitative(q) => Val::Quantity {
                cmp: q.cmp,
                text: q.text.to_string(),
                number: q.number,
                unit: q.unit.as_ref().map(|u| u.text.to_string()),
                dimension: q.dimension().map(|d| d.to_string()),
            },
            Value::Qualitative(t) => Val::Text(t.to_string()),
            Value::Deadline { dates, text } => Val::Deadline {
                dates: dates.clone(),
                text: text.as_ref().map(|t| t.to_string()),
            },
            Value::Missing => Val::Missing,
        }
    }

    /// As a reviewer reads it: `>= 50.00 条`, `"及时"`, `截至 2024-12-31 "四季度完成"`.
    fn show(&self, lang: Lang) -> String {
        match self {
            Val::Quantity {
                cmp, text, unit, ..
            } => match unit {
                Some(u) => format!("{} {text} {u}", cmp.as_str()),
                None => format!("{} {text}", cmp.as_str()),
            },
            Val::Text(t) => format!("\"{t}\""),
            Val::Deadline { dates, text } => {
                let by = match lang {
                    Lang::Zh => "截至",
                    Lang::En => "by",
                };
                let d: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
                match text {
                    Some(t) => format!("{by} {} \"{t}\"", d.join(", ")),
                    None => format!("{by} {}", d.join(", ")),
                }
            }
            Val::Missing => match lang {
                Lang::Zh => "（未填）".into(),
                Lang::En => "(none)".into(),
            },
        }
    }

    /// The `value` object of `perfc/1`.
    fn json(&self) -> Json {
        match self {
            Val::Quantity {
                cmp,
                number,
                unit,
                dimension,
                ..
            } => json!({
                "kind": "quantitative", "cmp": cmp.as_str(), "number": number.to_string(),
                "unit": unit, "dimension": dimension,
            }),
            Val::Text(t) => json!({"kind": "qualitative", "text": t}),
            Val::Deadline { dates, text } => json!({
                "kind": "deadline",
                "dates": dates.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
                "text": text,
            }),
            Val::Missing => json!({"kind": "missing"}),
        }
    }
}

/// How a changed target moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Harder to meet: a larger lower bound, a smaller upper bound, an earlier deadline.
    Stricter,
    /// Easier to meet: the reverse. Flagged in every output.
    Looser,
    /// Neither can be said: `=` changed, the comparator or the kind of value changed, a
    /// qualitative text changed, the unit's dimension changed.
    Changed,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Stricter => "stricter",
            Direction::Looser => "looser",
            Direction::Changed => "changed",
        }
    }
}

/// A quantity in its dimension's base unit, with the dimension: what two targets are
/// compared in. A quantity without a unit is its bare number.
fn in_base(q: &Quantity) -> Option<(Option<crate::units::Dimension>, Decimal)> {
    match &q.unit {
        None => Some((None, q.number)),
        Some(u) => {
            let r = u.resolved?;
            Some((Some(r.dimension), q.number.checked_mul(r.factor)?))
        }
    }
}

/// `None`: the same target. Otherwise the direction of the change.
fn compare_values(old: &Value, new: &Value) -> Option<Direction> {
    match (old, new) {
        (Value::Quantitative(a), Value::Quantitative(b)) => {
            let (Some((da, va)), Some((db, vb))) = (in_base(a), in_base(b)) else {
                // A unit that did not resolve (the side has an error): compare as written.
                let same = a.cmp == b.cmp
                    && a.number == b.number
                    && a.unit.as_ref().map(|u| &u.text) == b.unit.as_ref().map(|u| &u.text);
                return (!same).then_some(Direction::Changed);
            };
            if da != db {
                return Some(Direction::Changed);
            }
            if a.cmp != b.cmp {
                return Some(Direction::Changed);
            }
            if va == vb {
                return None;
            }
            Some(match a.cmp {
                Cmp::Ge | Cmp::Gt if vb > va => Direction::Stricter,
                Cmp::Ge | Cmp::Gt => Direction::Looser,
                Cmp::Le | Cmp::Lt if vb < va => Direction::Stricter,
                Cmp::Le | Cmp::Lt => Direction::Looser,
                Cmp::Eq => Direction::Changed,
            })
        }
        (Value::Qualitative(a), Value::Qualitative(b)) => (a != b).then_some(Direction::Changed),
        (
            Value::Deadline {
                dates: da,
                text: ta,
            },
            Value::Deadline {
                dates: db,
                text: tb,
            },
        ) => {
            if da == db {
                return (ta != tb).then_some(Direction::Changed);
            }
            if ta != tb || da.len() != db.len() {
                return Some(Direction::Changed);
            }
            // Every deadline moved the same way (or stayed): earlier is stricter.
            let earlier = da.iter().zip(db).all(|(a, b)| b <= a);
            let later = da.iter().zip(db).all(|(a, b)| b >= a);
            Some(match (earlier, later) {
                (true, false) => Direction::Stricter,
                (false, true) => Direction::Looser,
                _ => Direction::Changed,
            })
        }
        (Value::Missing, Value::Missing) => None,
        _ => Some(Direction::Changed),
    }
}

/// What changed from `old` to `new`.
pub fn diff(old: &Program, new: &Program) -> Vec<Change> {
    let mut out = Vec::new();
    let mut old_used = vec![false; old.projects.len()];
    // Names to the old side's indices, in order: matching stays linear on big filings.
    let mut by_name: HashMap<&str, VecDeque<usize>> = HashMap::default();
    for (i, o) in old.projects.iter().enumerate() {
        by_name.entry(&o.name).or_default().push_back(i);
    }
    for n in &new.projects {
        match by_name.get_mut(&*n.name).and_then(VecDeque::pop_front) {
            Some(i) => {
                old_used[i] = true;
                diff_project(old.projects[i], n, &mut out);
            }
            None => out.push(Change {
                project: n.name.to_string(),
                what: What::ProjectAdded(summary(n)),
            }),
        }
    }
    for (o, used) in old.projects.iter().zip(&old_used) {
        if !used {
            out.push(Change {
                project: o.name.to_string(),
                what: What::ProjectRemoved(summary(o)),
            });
        }
    }
    out
}

fn summary(p: &Project) -> Summary {
    Summary {
        annual: p.funding.annual,
        indicators: p.indicators.len(),
    }
}

fn period(p: &Project) -> Option<String> {
    let show = |d: Option<Date>| d.map_or_else(|| "?".to_string(), |d| d.to_string());
    (p.start.is_some() || p.end.is_some())
        .then(|| format!("{} .. {}", show(p.start_date()), show(p.end_date())))
}

fn diff_project(o: &Project, n: &Project, out: &mut Vec<Change>) {
    let name = n.name.to_string();
    let mut push = |what: What| {
        out.push(Change {
            project: name.clone(),
            what,
        })
    };
    let owned = |s: Option<&str>| s.map(str::to_string);
    let fields: [(Field, Option<String>, Option<String>); 7] = [
        (
            Field::Year,
            o.year.map(|y| y.to_string()),
            n.year.map(|y| y.to_string()),
        ),
        (
            Field::Framework,
            Some(o.framework.year().to_string()),
            Some(n.framework.year().to_string()),
        ),
        (
            Field::Nature,
            owned(o.nature_text()),
            owned(n.nature_text()),
        ),
        (
            Field::Category,
            owned(o.category_text()),
            owned(n.category_text()),
        ),
        (
            Field::Department,
            owned(o.department.as_deref()),
            owned(n.department.as_deref()),
        ),
        (
            Field::Implementer,
            owned(o.implementer.as_deref()),
            owned(n.implementer.as_deref()),
        ),
        (Field::Period, period(o), period(n)),
    ];
    for (field, a, b) in fields {
        if a != b {
            push(What::Field {
                field,
                indicator: None,
                old: a,
                new: b,
            });
        }
    }
    // Custom fields: the new side's order, then those only the old side has.
    let lookup = |p: &Project, k: &str| {
        p.fields
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.to_string())
    };
    let mut seen: Vec<&str> = Vec::new();
    for (k, _) in n.fields.iter().chain(o.fields.iter()) {
        if seen.contains(&&**k) {
            continue;
        }
        seen.push(k);
        let (a, b) = (lookup(o, k), lookup(n, k));
        if a != b {
            push(What::Field {
                field: Field::Custom(k.to_string()),
                indicator: None,
                old: a,
                new: b,
            });
        }
    }
    for (key, _) in FUNDING {
        let (a, b) = (funding_value(o, key), funding_value(n, key));
        if a != b {
            push(What::Funding {
                item: FundingItem::Key(key),
                old: a,
                new: b,
            });
        }
    }
    let custom_key = |c: &crate::model::CustomAmount| (c.parent.clone(), c.name.clone());
    let custom_of = |p: &Project, k: &(String, String)| {
        p.funding
            .custom
            .iter()
            .find(|c| custom_key(c) == *k)
            .and_then(|c| c.amount)
    };
    let mut seen: Vec<(String, String)> = Vec::new();
    for c in n.funding.custom.iter().chain(o.funding.custom.iter()) {
        let k = custom_key(c);
        if seen.contains(&k) {
            continue;
        }
        let (a, b) = (custom_of(o, &k), custom_of(n, &k));
        let present = |p: &Project| p.funding.custom.iter().any(|c| custom_key(c) == k);
        if a != b || present(o) != present(n) {
            push(What::Funding {
                item: FundingItem::Custom {
                    parent: k.0.clone(),
                    name: k.1.clone(),
                },
                old: a,
                new: b,
            });
        }
        seen.push(k);
    }
    for (overall, a, b) in [
        (false, o.goal_text(), n.goal_text()),
        (true, o.overall_goal_text(), n.overall_goal_text()),
    ] {
        if a != b {
            push(What::Goal {
                overall,
                old: owned(a),
                new: owned(b),
            });
        }
    }
    if o.achieved_text() != n.achieved_text() {
        push(What::Field {
            field: Field::Achieved,
            indicator: None,
            old: owned(o.achieved_text()),
            new: owned(n.achieved_text()),
        });
    }
    // §8 分值 of groups: the new side's order, then those only the old side writes.
    let weights = |p: &Project| p.group_weights().collect::<Vec<_>>();
    let (ow, nw) = (weights(o), weights(n));
    let mut seen: Vec<(GroupName, Option<GroupName>)> = Vec::new();
    for &(l1, l2, _) in nw.iter().chain(&ow) {
        if seen.contains(&(l1, l2)) {
            continue;
        }
        seen.push((l1, l2));
        let find = |ws: &[(GroupName, Option<GroupName>, Decimal)]| {
            ws.iter()
                .find(|(a, b, _)| (*a, *b) == (l1, l2))
                .map(|(_, _, w)| *w)
        };
        let (a, b) = (find(&ow), find(&nw));
        if a != b {
            push(What::Field {
                field: Field::GroupWeight(l1, l2),
                indicator: None,
                old: a.map(|w| w.to_string()),
                new: b.map(|w| w.to_string()),
            });
        }
    }
    diff_indicators(o, n, &mut push);
}

/// Two actuals are the same when they say the same: quantities in their unit's base.
fn same_actual(a: &Actual, b: &Actual) -> bool {
    match (a, b) {
        (Actual::Quantity(x), Actual::Quantity(y)) => match (in_base(x), in_base(y)) {
            (Some(p), Some(q)) => p == q,
            _ => {
                x.number == y.number
                    && x.unit.as_ref().map(|u| &u.text) == y.unit.as_ref().map(|u| &u.text)
            }
        },
        _ => a == b,
    }
}

/// Indicators are matched first by group and name (so the same name in two groups pairs up
/// with itself), then what is left by name alone (a move), each in order of appearance.
fn diff_indicators(o: &Project, n: &Project, push: &mut impl FnMut(What)) {
    let mut pair: Vec<Option<usize>> = vec![None; n.indicators.len()];
    let mut old_used = vec![false; o.indicators.len()];
    // (group, name) and name to the old side's indices, in order of appearance.
    let mut by_place: HashMap<(Group2, &str), VecDeque<usize>> = HashMap::default();
    let mut by_name: HashMap<&str, VecDeque<usize>> = HashMap::default();
    for (i, a) in o.indicators.iter().enumerate() {
        by_place
            .entry((Group2::of(a), &a.name))
            .or_default()
            .push_back(i);
        by_name.entry(&a.name).or_default().push_back(i);
    }
    for (j, b) in n.indicators.iter().enumerate() {
        if let Some(i) = by_place
            .get_mut(&(Group2::of(b), &*b.name))
            .and_then(VecDeque::pop_front)
        {
            old_used[i] = true;
            pair[j] = Some(i);
        }
    }
    for (j, b) in n.indicators.iter().enumerate() {
        if pair[j].is_some() {
            continue;
        }
        if let Some(queue) = by_name.get_mut(&*b.name) {
            // Skip those already paired in their own group.
            while let Some(i) = queue.pop_front() {
                if !old_used[i] {
                    old_used[i] = true;
                    pair[j] = Some(i);
                    break;
                }
            }
        }
    }
    for (j, b) in n.indicators.iter().enumerate() {
        let name = b.name.to_string();
        let Some(i) = pair[j] else {
            push(What::IndicatorAdded {
                group: Group2::of(b),
                indicator: name,
                value: Val::of(&b.value),
            });
            continue;
        };
        let a = &o.indicators[i];
        if Group2::of(a) != Group2::of(b) {
            push(What::IndicatorMoved {
                indicator: name.clone(),
                from: Group2::of(a),
                to: Group2::of(b),
            });
        }
        if let Some(direction) = compare_values(&a.value, &b.value) {
            push(What::Target {
                group: Group2::of(b),
                indicator: name.clone(),
                old: Val::of(&a.value),
                new: Val::of(&b.value),
                direction,
            });
        }
        let weight = |i: &Indicator| i.weight().map(|w| w.to_string());
        let same_weight = a.weight() == b.weight();
        let same_actual = match (a.actual(), b.actual()) {
            (Some(x), Some(y)) => same_actual(&x.value, &y.value),
            (x, y) => x.is_none() && y.is_none(),
        };
        for (field, differs, x, y) in [
            (
                Field::Note,
                a.note() != b.note(),
                a.note().map(str::to_string),
                b.note().map(str::to_string),
            ),
            (
                Field::Basis,
                a.basis() != b.basis(),
                a.basis().map(str::to_string),
                b.basis().map(str::to_string),
            ),
            (Field::Weight, !same_weight, weight(a), weight(b)),
            (
                Field::Actual,
                !same_actual,
                a.actual().map(|x| x.value.written_text()),
                b.actual().map(|x| x.value.written_text()),
            ),
            (
                Field::Score,
                a.score().map(|x| x.value) != b.score().map(|x| x.value),
                a.score().map(|x| x.value.to_string()),
                b.score().map(|x| x.value.to_string()),
            ),
            (
                Field::Deviation,
                a.deviation() != b.deviation(),
                a.deviation().map(str::to_string),
                b.deviation().map(str::to_string),
            ),
        ] {
            if differs {
                push(What::Field {
                    field,
                    indicator: Some((Group2::of(b), name.clone())),
                    old: x,
                    new: y,
                });
            }
        }
    }
    for (a, used) in o.indicators.iter().zip(&old_used) {
        if !used {
            push(What::IndicatorRemoved {
                group: Group2::of(a),
                indicator: a.name.to_string(),
                value: Val::of(&a.value),
            });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Totals

/// The annual amounts summed over all projects of each side, when they differ: the one
/// number a reviewer asks first. Summed in i128, so no sum of i64 amounts overflows.
pub fn annual_totals(old: &Program, new: &Program) -> Option<(i128, i128)> {
    let sum = |p: &Program| -> i128 {
        p.projects
            .iter()
            .filter_map(|p| p.funding.annual)
            .map(|f| i128::from(f.0))
            .sum()
    };
    let (a, b) = (sum(old), sum(new));
    (a != b).then_some((a, b))
}

/// 分 held in i128 as `1,234.50`.
fn grouped_i128(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    crate::model::group_thousands(&format!("{sign}{}.{:02}", abs / 100, abs % 100))
}

fn plain_i128(fen: i128) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn signed_grouped(fen: i128) -> String {
    if fen > 0 {
        format!("+{}", grouped_i128(fen))
    } else {
        grouped_i128(fen)
    }
}

/// The difference of two amounts, when both are there.
fn delta(old: Option<Fen>, new: Option<Fen>) -> Option<i128> {
    Some(i128::from(new?.0) - i128::from(old?.0))
}

// ---------------------------------------------------------------------------------------
// Goal text: a character-level diff

/// One run of the character diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// Past this many characters on both sides together, the texts are shown whole rather than
/// diffed character by character (Myers' diff is quadratic at worst; a goal is a paragraph).
const CHAR_DIFF_LIMIT: usize = 20_000;

/// The character-level diff of two texts, as runs: what Chinese text needs, where a word
/// diff would see one "word" per sentence.
pub fn char_diff(old: &str, new: &str) -> Vec<Run> {
    if old.chars().count() + new.chars().count() > CHAR_DIFF_LIMIT {
        return vec![Run::Deleted(old.into()), Run::Inserted(new.into())];
    }
    let d = similar::TextDiff::from_chars(old, new);
    let mut runs: Vec<Run> = Vec::new();
    for c in d.iter_all_changes() {
        let s = c.value();
        match (c.tag(), runs.last_mut()) {
            (similar::ChangeTag::Equal, Some(Run::Same(r)))
            | (similar::ChangeTag::Delete, Some(Run::Deleted(r)))
            | (similar::ChangeTag::Insert, Some(Run::Inserted(r))) => r.push_str(s),
            (similar::ChangeTag::Equal, _) => runs.push(Run::Same(s.into())),
            (similar::ChangeTag::Delete, _) => runs.push(Run::Deleted(s.into())),
            (similar::ChangeTag::Insert, _) => runs.push(Run::Inserted(s.into())),
        }
    }
    runs
}

// ---------------------------------------------------------------------------------------
// Output

/// What the outputs say around the changes: the two sides' names and the totals.
pub struct Context<'a> {
    pub old_name: &'a str,
    pub new_name: &'a str,
    pub totals: Option<(i128, i128)>,
}

fn count_looser(changes: &[Change]) -> usize {
    changes
        .iter()
        .filter(|c| {
            matches!(
                c.what,
                What::Target {
                    direction: Direction::Looser,
                    ..
                }
            )
        })
        .count()
}

fn headline(changes: &[Change], lang: Lang) -> String {
    let n = changes.len();
    let looser = count_looser(changes);
    match lang {
        Lang::Zh if looser > 0 => format!("共 {n} 处变化，其中 {looser} 个目标放宽"),
        Lang::Zh => format!("共 {n} 处变化"),
        Lang::En if looser > 0 => format!("{n} change(s), {looser} target(s) looser"),
        Lang::En => format!("{n} change(s)"),
    }
}

fn totals_line(totals: (i128, i128), lang: Lang) -> String {
    let (a, b) = totals;
    match lang {
        Lang::Zh => format!(
            "年度资金申请总额合计：{} → {} 元（{}）",
            grouped_i128(a),
            grouped_i128(b),
            signed_grouped(b - a)
        ),
        Lang::En => format!(
            "annual total (年度资金申请总额): {} → {} 元 ({})",
            grouped_i128(a),
            grouped_i128(b),
            signed_grouped(b - a)
        ),
    }
}

fn money(f: Option<Fen>, lang: Lang) -> String {
    match (f, lang) {
        (Some(f), _) => format!("{} 元", f.grouped()),
        (None, Lang::Zh) => "（未填）".into(),
        (None, Lang::En) => "(blank)".into(),
    }
}

fn text_or_blank(s: &Option<String>, lang: Lang) -> String {
    match (s, lang) {
        (Some(s), _) => s.clone(),
        (None, Lang::Zh) => "（未填）".into(),
        (None, Lang::En) => "(blank)".into(),
    }
}

/// A marker and a sentence for one change, without its project: the lines of both the
/// terminal and the Markdown output. `code` wraps a value (backticks in Markdown), `goal`
/// renders a character diff.
struct Line {
    marker: &'static str,
    text: String,
    /// The goal's character diff, shown under the line.
    goal: Option<Vec<Run>>,
}

/// `project`: the project's name, said in the line of a project added or removed (`None`
/// where a heading says it already).
fn describe(c: &What, project: Option<&str>, lang: Lang, code: &dyn Fn(&str) -> String) -> Line {
    let zh = lang == Lang::Zh;
    let colon = if zh { "：" } else { ": " };
    let line = |marker, text| Line {
        marker,
        text,
        goal: None,
    };
    match c {
        What::ProjectAdded(s) | What::ProjectRemoved(s) => {
            let added = matches!(c, What::ProjectAdded(_));
            let money = s.annual.map_or_else(
                || {
                    if zh {
                        "年度资金未填".into()
                    } else {
                        "no annual amount".into()
                    }
                },
                |f| {
                    if zh {
                        format!("年度资金申请总额 {} 元", f.grouped())
                    } else {
                        format!("annual {} 元", f.grouped())
                    }
                },
            );
            let name = match (project, zh) {
                (Some(p), true) => format!("「{p}」"),
                (Some(p), false) => format!(" \"{p}\""),
                (None, _) => String::new(),
            };
            let text = match (zh, added) {
                (true, true) => format!("新增项目{name}（{money}，{} 个指标）", s.indicators),
                (true, false) => format!("删除项目{name}（{money}，{} 个指标）", s.indicators),
                (false, true) => {
                    format!("project added{name} ({money}, {} indicators)", s.indicators)
                }
                (false, false) => {
                    format!(
                        "project removed{name} ({money}, {} indicators)",
                        s.indicators
                    )
                }
            };
            line(if added { "+" } else { "-" }, text)
        }
        What::Field {
            field,
            indicator,
            old,
            new,
        } => {
            let what = match indicator {
                Some((g, name)) => format!(
                    "{}{} › {}",
                    if zh { "指标 " } else { "indicator " },
                    g.label(lang),
                    name
                ),
                None => String::new(),
            };
            let sep = if what.is_empty() { "" } else { " " };
            line(
                "~",
                format!(
                    "{what}{sep}{}{colon}{} → {}",
                    field.label(lang),
                    code(&text_or_blank(old, lang)),
                    code(&text_or_blank(new, lang))
                ),
            )
        }
        What::Funding { item, old, new } => {
            let d = match delta(*old, *new) {
                Some(d) if zh => format!("（{}）", signed_grouped(d)),
                Some(d) => format!(" ({})", signed_grouped(d)),
                None => String::new(),
            };
            line(
                "~",
                format!(
                    "{}{colon}{} → {}{d}",
                    item.label(lang),
                    money(*old, lang),
                    money(*new, lang)
                ),
            )
        }
        What::Goal { overall, old, new } => {
            let label = match (zh, overall) {
                (true, false) => "年度总体目标",
                (true, true) => "项目总目标",
                (false, false) => "goal",
                (false, true) => "overall goal",
            };
            let (text, goal) = match (old, new) {
                (Some(a), Some(b)) => (
                    format!("{label}{}", if zh { "改动：" } else { " changed:" }),
                    Some(char_diff(a, b)),
                ),
                (None, Some(b)) => (
                    format!("{label}{}", if zh { "新增：" } else { " added:" }),
                    Some(vec![Run::Inserted(b.clone())]),
                ),
                (Some(a), None) => (
                    format!("{label}{}", if zh { "删除：" } else { " removed:" }),
                    Some(vec![Run::Deleted(a.clone())]),
                ),
                (None, None) => (label.to_string(), None),
            };
            Line {
                marker: "~",
                text,
                goal,
            }
        }
        What::IndicatorAdded {
            group,
            indicator,
            value,
        } => line(
            "+",
            format!(
                "{}{} › {indicator}{colon}{}",
                if zh {
                    "新增指标 "
                } else {
                    "indicator added "
                },
                group.label(lang),
                code(&value.show(lang))
            ),
        ),
        What::IndicatorRemoved {
            group,
            indicator,
            value,
        } => line(
            "-",
            format!(
                "{}{} › {indicator}{colon}{}",
                if zh {
                    "删除指标 "
                } else {
                    "indicator removed "
                },
                group.label(lang),
                code(&value.show(lang))
            ),
        ),
        What::IndicatorMoved {
            indicator,
            from,
            to,
        } => line(
            "~",
            format!(
                "{}{indicator}{colon}{} → {}",
                if zh {
                    "移动指标 "
                } else {
                    "indicator moved "
                },
                from.label(lang),
                to.label(lang)
            ),
        ),
        What::Target {
            group,
            indicator,
            old,
            new,
            direction,
        } => {
            let (marker, word) = match (direction, zh) {
                (Direction::Looser, true) => ("!", "目标放宽"),
                (Direction::Looser, false) => ("!", "target LOOSER"),
                (Direction::Stricter, true) => ("~", "目标提高"),
                (Direction::Stricter, false) => ("~", "target stricter"),
                (Direction::Changed, true) => ("~", "目标改变"),
                (Direction::Changed, false) => ("~", "target changed"),
            };
            line(
                marker,
                format!(
                    "{word} {} › {indicator}{colon}{} → {}",
                    group.label(lang),
                    code(&old.show(lang)),
                    code(&new.show(lang))
                ),
            )
        }
    }
}

/// The terminal (and `git diff`) output: one block per project, `!` marking a looser
/// target; goal changes in git's word-diff notation (`[-删去-]{+加上+}`).
pub fn human(changes: &[Change], ctx: &Context, lang: Lang) -> String {
    let mut s = String::new();
    if changes.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            match lang {
                Lang::Zh => "没有语义变化",
                Lang::En => "no semantic changes",
            }
        );
        return s;
    }
    let mut current: Option<&str> = None;
    for c in changes {
        let project_level = matches!(c.what, What::ProjectAdded(_) | What::ProjectRemoved(_));
        let l = describe(
            &c.what,
            project_level.then_some(c.project.as_str()),
            lang,
            &|v| v.to_string(),
        );
        if project_level {
            current = None;
            let _ = writeln!(s, "{} {}", l.marker, l.text);
            continue;
        }
        if current != Some(&c.project) {
            let _ = writeln!(s, "{}", project_title(&c.project, lang));
            current = Some(&c.project);
        }
        let _ = writeln!(s, "  {} {}", l.marker, l.text);
        if let Some(runs) = l.goal {
            let mut text = String::new();
            for r in runs {
                match r {
                    Run::Same(t) => text.push_str(&t),
                    Run::Deleted(t) => {
                        let _ = write!(text, "[-{t}-]");
                    }
                    Run::Inserted(t) => {
                        let _ = write!(text, "{{+{t}+}}");
                    }
                }
            }
            for line in text.lines() {
                let _ = writeln!(s, "      {line}");
            }
        }
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{}", headline(changes, lang));
    if let Some(t) = ctx.totals {
        let _ = writeln!(s, "{}", totals_line(t, lang));
    }
    s
}

fn project_title(name: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("项目「{name}」"),
        Lang::En => format!("project \"{name}\""),
    }
}

/// Text set in Markdown as text: the characters Markdown (and GitHub's HTML) reads escaped.
fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '<' | '>' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// The change with the names it sets as text (indicators, custom fields and amounts)
/// escaped for Markdown; values are set as code and goals run by run, so they stay.
fn md_names(w: &What) -> What {
    let mut w = w.clone();
    match &mut w {
        What::Field {
            field, indicator, ..
        } => {
            if let Field::Custom(name) = field {
                *name = md_escape(name);
            }
            if let Some((_, name)) = indicator {
                *name = md_escape(name);
            }
        }
        What::Funding {
            item: FundingItem::Custom { parent, name },
            ..
        } => {
            *parent = md_escape(parent);
            *name = md_escape(name);
        }
        What::IndicatorAdded { indicator, .. }
        | What::IndicatorRemoved { indicator, .. }
        | What::IndicatorMoved { indicator, .. }
        | What::Target { indicator, .. } => *indicator = md_escape(indicator),
        _ => {}
    }
    w
}

/// A value as inline code, with a fence longer than any run of backticks inside.
fn md_code(s: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in s.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') {
        " "
    } else {
        ""
    };
    let flat = s.replace('\n', " ");
    format!("{fence}{pad}{flat}{pad}{fence}")
}

/// Markdown for a pull-request comment: a heading with the count (and the looser targets),
/// a section per project, looser targets in bold with ⚠️, goal edits as <del>deleted</del>
/// and <ins>inserted</ins> text.
pub fn markdown(changes: &[Change], ctx: &Context, lang: Lang) -> String {
    let mut s = String::new();
    let zh = lang == Lang::Zh;
    let title = if zh { "申报变化" } else { "Filing changes" };
    if changes.is_empty() {
        let _ = writeln!(
            s,
            "### perfc diff：{title}\n\n{}",
            if zh {
                "没有语义变化。"
            } else {
                "No semantic changes."
            }
        );
        return s;
    }
    let sep = if zh { "：" } else { ": " };
    let _ = writeln!(s, "### perfc diff{sep}{}\n", headline(changes, lang));
    if let Some(t) = ctx.totals {
        let _ = writeln!(s, "{}\n", totals_line(t, lang));
    }
    let mut current: Option<&str> = None;
    for c in changes {
        let l = describe(&md_names(&c.what), None, lang, &|v| md_code(v));
        if current != Some(&c.project) {
            if current.is_some() {
                s.push('\n');
            }
            let _ = writeln!(s, "#### {}\n", md_escape(&project_title(&c.project, lang)));
            current = Some(&c.project);
        }
        let text = l.text;
        let mark = match l.marker {
            "!" => "⚠️ ",
            "+" => "➕ ",
            "-" => "➖ ",
            _ => "",
        };
        let body = if l.marker == "!" {
            format!("**{text}**")
        } else {
            text
        };
        let _ = writeln!(s, "- {mark}{body}");
        if let Some(runs) = l.goal {
            let mut t = String::new();
            for r in runs {
                match r {
                    Run::Same(x) => t.push_str(&md_escape(&x)),
                    // HTML rather than `~~`/`**`: CommonMark does not open emphasis
                    // between a CJK character and CJK punctuation (`~~，~~`), and GitHub
                    // renders <del> and <ins>.
                    Run::Deleted(x) => {
                        let _ = write!(t, "<del>{}</del>", md_escape(&x));
                    }
                    Run::Inserted(x) => {
                        let _ = write!(t, "<ins>{}</ins>", md_escape(&x));
                    }
                }
            }
            let _ = writeln!(s, "\n  > {t}\n");
        }
    }
    let _ = writeln!(
        s,
        "\n<sub>{} `{}` → `{}`</sub>",
        if zh { "比较" } else { "compared" },
        ctx.old_name.replace('`', "'"),
        ctx.new_name.replace('`', "'")
    );
    s
}

/// The `perfc-diff/1` JSON document (see docs/outputs.md), pretty-printed, ending in a
/// newline.
pub fn json(changes: &[Change]) -> String {
    let list: Vec<Json> = changes.iter().map(change_json).collect();
    let doc = json!({"format": "perfc-diff/1", "changes": list});
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

fn change_json(c: &Change) -> Json {
    let mut m = Map::new();
    let mut put = |k: &str, v: Json| {
        m.insert(k.to_string(), v);
    };
    let text = |s: &Option<String>| s.as_ref().map_or(Json::Null, |s| Json::String(s.clone()));
    let amount = |f: Option<Fen>| f.map_or(Json::Null, |f| Json::String(f.to_string()));
    let kind = match &c.what {
        What::ProjectAdded(_) => "project-added",
        What::ProjectRemoved(_) => "project-removed",
        What::Field { .. } => "field",
        What::Funding { .. } => "funding",
        What::Goal { .. } => "goal",
        What::IndicatorAdded { .. } => "indicator-added",
        What::IndicatorRemoved { .. } => "indicator-removed",
        What::IndicatorMoved { .. } => "indicator-moved",
        What::Target { .. } => "target",
    };
    put("kind", kind.into());
    put("project", c.project.clone().into());
    match &c.what {
        What::ProjectAdded(s) | What::ProjectRemoved(s) => {
            let summary = json!({"annual": amount(s.annual), "indicators": s.indicators});
            if matches!(c.what, What::ProjectAdded(_)) {
                put("new", summary);
            } else {
                put("old", summary);
            }
        }
        What::Field {
            field,
            indicator,
            old,
            new,
        } => {
            if let Some((g, name)) = indicator {
                put("indicator", name.clone().into());
                put("group", g.json());
            }
            if let Field::GroupWeight(l1, l2) = field {
                let mut g = vec![l1.as_str()];
                g.extend(l2.map(|l| l.as_str()));
                put("group", json!(g));
            }
            put("field", field.key().into_owned().into());
            put("old", text(old));
            put("new", text(new));
        }
        What::Funding { item, old, new } => {
            put("field", item.key().into());
            put("old", amount(*old));
            put("new", amount(*new));
            put(
                "delta",
                delta(*old, *new).map_or(Json::Null, |d| Json::String(plain_i128(d))),
            );
        }
        What::Goal { overall, old, new } => {
            put(
                "field",
                if *overall { "overall_goal" } else { "goal" }.into(),
            );
            put("old", text(old));
            put("new", text(new));
        }
        What::IndicatorAdded {
            group,
            indicator,
            value,
        } => {
            put("indicator", indicator.clone().into());
            put("group", group.json());
            put("new", value.json());
        }
        What::IndicatorRemoved {
            group,
            indicator,
            value,
        } => {
            put("indicator", indicator.clone().into());
            put("group", group.json());
            put("old", value.json());
        }
        What::IndicatorMoved {
            indicator,
            from,
            to,
        } => {
            put("indicator", indicator.clone().into());
            put("group", to.json());
            put("old", from.json());
            put("new", to.json());
        }
        What::Target {
            group,
            indicator,
            old,
            new,
            direction,
        } => {
            put("indicator", indicator.clone().into());
            put("group", group.json());
            put("old", old.json());
            put("new", new.json());
            put("direction", direction.as_str().into());
        }
    }
    Json::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{compile_str, Compilation};

    const BASE: &str = r#"
year 2024
department "上海市住房和城乡建设管理委员会"
implementer "上海市城市管理行政执法局"

project "城管执法人员业务培训" {
  nature "其他一次性项目"
  category "特定目标类"
  period 2024-01-01 .. 2024-12-31
  funding {
    annual 1,250,000.50 元 {
      appropriation 1,250,000.50 元
      carryover 0 元
      other 0 元
    }
  }
  goal "全年举办执法业务培训班 4 期，培训一线执法人员 400 人次。"
  output {
    quantity { "培训班次" = 4 期; "培训人次" >= 400 人次 }
    quality { "培训考核合格率" >= 90 % }
    cost { "培训成本" <= 60 万元 }
    timeliness { "培训完成时间" by 2024-11-30 }
  }
  benefit { social { "执法规范化水平" "执法文书差错率较上年下降" } }
  satisfaction { beneficiary { "参训人员满意度" >= 90 % } }
}
"#;

    fn compile(text: &str) -> Compilation {
        let c = compile_str("t.perf", text);
        assert_eq!(c.error_count(), 0, "{:?}", c.diagnostics);
        c
    }

    fn changes(old: &str, new: &str) -> Vec<Change> {
        let (a, b) = (compile(old), compile(new));
        diff(&a.program(), &b.program())
    }

    fn target_direction(old: &str, new: &str) -> Vec<Direction> {
        changes(old, new)
            .into_iter()
            .filter_map(|c| match c.what {
                What::Target { direction, .. } => Some(direction),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn the_same_filing_has_no_changes() {
        assert_eq!(changes(BASE, BASE), vec![]);
    }

    #[test]
    fn a_target_in_another_unit_of_the_same_amount_is_no_change() {
        let new = BASE.replace("<= 60 万元", "<= 600,000.00 元");
        assert_eq!(changes(BASE, &new), vec![]);
        let new = BASE.replace(">= 90 % }\n    cost", ">= 90.00 % }\n    cost");
        assert_eq!(changes(BASE, &new), vec![]);
    }

    #[test]
    fn lower_bounds_are_stricter_when_larger_upper_bounds_when_smaller() {
        let up = BASE.replace("\"培训人次\" >= 400", "\"培训人次\" >= 500");
        assert_eq!(target_direction(BASE, &up), [Direction::Stricter]);
        assert_eq!(target_direction(&up, BASE), [Direction::Looser]);
        let cheaper = BASE.replace("<= 60 万元", "<= 500,000 元");
        assert_eq!(target_direction(BASE, &cheaper), [Direction::Stricter]);
        assert_eq!(target_direction(&cheaper, BASE), [Direction::Looser]);
    }

    #[test]
    fn equalities_comparators_and_texts_are_changed() {
        let eq = BASE.replace("= 4 期", "= 5 期");
        assert_eq!(target_direction(BASE, &eq), [Direction::Changed]);
        let cmp = BASE.replace("\"培训人次\" >= 400", "\"培训人次\" > 400");
        assert_eq!(target_direction(BASE, &cmp), [Direction::Changed]);
        let text = BASE.replace("执法文书差错率较上年下降", "执法文书差错率下降 10%以上");
        assert_eq!(target_direction(BASE, &text), [Direction::Changed]);
    }

    #[test]
    fn an_earlier_deadline_is_stricter() {
        let earlier = BASE.replace("by 2024-11-30", "by 2024-10-31");
        assert_eq!(target_direction(BASE, &earlier), [Direction::Stricter]);
        assert_eq!(target_direction(&earlier, BASE), [Direction::Looser]);
    }

    #[test]
    fn funding_differences_are_exact() {
        let new = BASE.replace("1,250,000.50", "1,300,000.50");
        let c = changes(BASE, &new);
        let funding: Vec<_> = c
            .iter()
            .filter_map(|c| match &c.what {
                What::Funding { item, old, new } => {
                    Some((item.key(), *old, *new, delta(*old, *new)))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            funding,
            [
                (
                    "annual".to_string(),
                    Some(Fen(125_000_050)),
                    Some(Fen(130_000_050)),
                    Some(5_000_000)
                ),
                (
                    "appropriation".to_string(),
                    Some(Fen(125_000_050)),
                    Some(Fen(130_000_050)),
                    Some(5_000_000)
                ),
            ]
        );
        let ctx = Context {
            old_name: "a",
            new_name: "b",
            totals: None,
        };
        let text = human(&c, &ctx, Lang::Zh);
        assert!(
            text.contains("年度资金申请总额：1,250,000.50 元 → 1,300,000.50 元（+50,000.00）"),
            "{text}"
        );
    }

    #[test]
    fn a_changed_group_is_a_move_and_names_repeat_across_groups() {
        let moved = BASE.replace(
            "quality { \"培训考核合格率\" >= 90 % }",
            "quality { \"培训考核合格率\" >= 90 %; \"培训班次\" = 4 期 }",
        );
        let c = changes(BASE, &moved);
        // The second 培训班次 is new; the first stays where it was.
        assert_eq!(c.len(), 1, "{c:?}");
        assert!(matches!(c[0].what, What::IndicatorAdded { .. }));
        let moved = BASE.replace("\"培训班次\" = 4 期; ", "").replace(
            ">= 90 % }\n    cost",
            ">= 90 %; \"培训班次\" = 4 期 }\n    cost",
        );
        let c = changes(BASE, &moved);
        assert_eq!(
            c.iter().map(|c| &c.what).collect::<Vec<_>>(),
            [&What::IndicatorMoved {
                indicator: "培训班次".into(),
                from: Group2(GroupName::Output, GroupName::Quantity),
                to: Group2(GroupName::Output, GroupName::Quality),
            }]
        );
    }

    #[test]
    fn projects_added_and_removed_come_after_the_changed_ones_in_order() {
        let renamed = BASE.replace("城管执法人员业务培训", "城管执法骨干培训");
        let c = changes(BASE, &renamed);
        let kinds: Vec<_> = c
            .iter()
            .map(|c| (change_json(c)["kind"].clone(), c.project.clone()))
            .collect();
        assert_eq!(
            kinds,
            [
                (json!("project-added"), "城管执法骨干培训".to_string()),
                (json!("project-removed"), "城管执法人员业务培训".to_string()),
            ]
        );
    }

    #[test]
    fn evaluation_data_is_compared_too() {
        let with = BASE.replace(
            "\"培训人次\" >= 400 人次",
            "\"培训人次\" >= 400 人次 actual 420 人次",
        );
        let more = with.replace("actual 420 人次", "actual 380 人次");
        let c = changes(&with, &more);
        assert_eq!(c.len(), 1, "{c:?}");
        let j = change_json(&c[0]);
        assert_eq!(j["field"], "actual");
        assert_eq!(j["old"], "420 人次");
        assert_eq!(j["new"], "380 人次");
        assert_eq!(j["group"], json!(["output", "quantity"]));
        assert_eq!(changes(BASE, &with).len(), 1);
        let weighted = BASE.replace("satisfaction {", "satisfaction weight 10 {");
        let c = changes(BASE, &weighted);
        assert_eq!(c.len(), 1, "{c:?}");
        let j = change_json(&c[0]);
        assert_eq!(
            (&j["field"], &j["group"]),
            (&json!("weight"), &json!(["satisfaction"]))
        );
        assert_eq!((&j["old"], &j["new"]), (&Json::Null, &json!("10")));
    }

    #[test]
    fn goal_text_is_diffed_by_character() {
        let runs = char_diff("培训一线执法人员 400 人次", "培训一线执法骨干 500 人次");
        assert_eq!(
            runs,
            [
                Run::Same("培训一线执法".into()),
                Run::Deleted("人员".into()),
                Run::Inserted("骨干".into()),
                Run::Same(" ".into()),
                Run::Deleted("4".into()),
                Run::Inserted("5".into()),
                Run::Same("00 人次".into()),
            ]
        );
        let long = "长".repeat(CHAR_DIFF_LIMIT);
        assert_eq!(char_diff(&long, "短").len(), 2);
    }

    #[test]
    fn markdown_escapes_what_it_does_not_mean() {
        assert_eq!(md_escape("a*b_c|d"), "a\\*b\\_c\\|d");
        assert_eq!(md_code("x`y"), "``x`y``");
        assert_eq!(md_code("`"), "`` ` ``");
        let w = What::IndicatorAdded {
            group: Group2(GroupName::Output, GroupName::Quantity),
            indicator: "*重点*区域|数".into(),
            value: Val::Text("a`b".into()),
        };
        let c = [Change {
            project: "项目_1".into(),
            what: w,
        }];
        let ctx = Context {
            old_name: "a",
            new_name: "b",
            totals: None,
        };
        let md = markdown(&c, &ctx, Lang::Zh);
        assert!(md.contains("#### 项目「项目\\_1」"), "{md}");
        assert!(md.contains("\\*重点\\*区域\\|数：``\"a`b\"``"), "{md}");
    }

    #[test]
    fn self_evaluation_fields_are_compared() {
        let eval = |dev: &str, score: &str, achieved: &str, row: &str| {
            BASE.replacen(
                "  goal \"全年举办执法业务培训班 4 期，培训一线执法人员 400 人次。\"",
                &format!(
                    "  goal \"全年举办执法业务培训班 4 期，培训一线执法人员 400 人次。\"\n  achieved \"{achieved}\""
                ),
                1,
            )
            .replacen(
                "  }\n  goal",
                &format!("    execution {{ appropriation {row} 元; carryover 0 元; other 0 元 }}\n  }}\n  goal"),
                1,
            )
            .replacen(
                "\"执法文书差错率较上年下降\"",
                &format!("\"执法文书差错率较上年下降\" actual 部分达成 score {score} deviation \"{dev}\""),
                1,
            )
        };
        let old = eval("一期延期", "20", "举办 3 期", "1,000,000.00");
        assert_eq!(changes(&old, &old), vec![]);
        let new = eval("一期延至次年", "21", "举办 4 期", "1,100,000.00");
        let keys: Vec<String> = changes(&old, &new)
            .iter()
            .map(|c| match &c.what {
                What::Field { field, .. } => field.key().into_owned(),
                What::Funding { item, .. } => item.key(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            keys,
            [
                "execution",
                "execution_rows.appropriation",
                "achieved",
                "score",
                "deviation"
            ]
        );
    }
}
