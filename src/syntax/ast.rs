//! The syntax tree: what the grammar builds, every node with its span. It is transient: the
//! parser hands each top-level item to a sink as soon as it is complete (lowering turns a
//! project into the model and drops its tree), so only one project's tree exists at a time.
//! Text is borrowed from the source (`Cow` only for strings whose escapes were cooked); a
//! number keeps its value and span, its written text being the source under the span. Large
//! nodes are boxed so the parser's symbols stay small.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::hierarchy::GroupName;
use crate::source::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Cmp {
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = "<=")]
    Le,
}

impl Cmp {
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Gt => ">",
            Cmp::Lt => "<",
            Cmp::Ge => ">=",
            Cmp::Le => "<=",
        }
    }
    /// The symbol the paper form prints (`≥85(%)`).
    pub fn form_symbol(self) -> &'static str {
        match self {
            Cmp::Eq => "=",
            Cmp::Gt => ">",
            Cmp::Lt => "<",
            Cmp::Ge => "≥",
            Cmp::Le => "≤",
        }
    }
}

/// Keys of the funding block. `Other` means 其他资金 under either parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundKey {
    Total,
    Fiscal,
    Other,
    Annual,
    Appropriation,
    Carryover,
    Execution,
    Adjusted,
}

impl FundKey {
    pub fn as_str(self) -> &'static str {
        match self {
            FundKey::Total => "total",
            FundKey::Fiscal => "fiscal",
            FundKey::Other => "other",
            FundKey::Annual => "annual",
            FundKey::Appropriation => "appropriation",
            FundKey::Carryover => "carryover",
            FundKey::Execution => "execution",
            FundKey::Adjusted => "adjusted",
        }
    }
    pub fn form_name(self) -> &'static str {
        match self {
            FundKey::Total => "项目资金总额",
            FundKey::Fiscal => "财政资金",
            FundKey::Other => "其他资金",
            FundKey::Annual => "年度资金申请总额",
            FundKey::Appropriation => "当年财政拨款",
            FundKey::Carryover => "上年结转资金",
            FundKey::Execution => "全年执行数",
            FundKey::Adjusted => "全年预算数",
        }
    }
}

/// A number: its exact value and where it is written (its text is the source there:
/// `3.00` stays `3.00`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumLit {
    pub value: Decimal,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StrLit<'s> {
    pub value: Cow<'s, str>,
    pub span: Span,
}

/// A date literal of any precision; calendar validity is checked later, so `2024-02-30`
/// lexes and is reported with its span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateKind {
    Day(u32, u32),
    Month(u32),
    Quarter(u32),
    Half(u32),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateLit {
    pub year: i32,
    pub kind: DateKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitOp {
    Mul,
    Div,
    /// Only a space between two words (`人 次`): an error, reported when the unit is
    /// resolved with a fix that joins them.
    Space,
}

/// `人/次/天`: the first atom, then (operator, atom) pairs. `span` covers the atoms and
/// the parentheses around them, when written (`(人/次)`, `（人）`).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitExpr<'s> {
    pub first: (&'s str, Span),
    pub rest: Vec<(UnitOp, &'s str, Span)>,
    pub span: Span,
    pub parens: bool,
}

impl UnitExpr<'_> {
    /// The span of the atoms, without parentheses.
    pub fn atoms_span(&self) -> Span {
        let last = self.rest.last().map_or(self.first.1, |r| r.2);
        self.first.1.to(last)
    }
}

impl<'s> UnitExpr<'s> {
    /// The expression normalised (`人/次/天`), borrowed when it is one word.
    pub fn text(&self) -> Cow<'s, str> {
        if self.rest.is_empty() {
            return Cow::Borrowed(self.first.0);
        }
        let mut s = self.first.0.to_string();
        for (op, atom, _) in &self.rest {
            match op {
                UnitOp::Mul => s.push('·'),
                UnitOp::Div => s.push('/'),
                UnitOp::Space => {}
            }
            s.push_str(atom);
        }
        Cow::Owned(s)
    }
}

/// `@allow(E0301, vague-target)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr<'s> {
    pub codes: Vec<(&'s str, Span)>,
    pub span: Span,
}

/// A whole file's tree, for the tools that want it (the formatter, tests); checking gets
/// the items one at a time instead.
#[derive(Debug, Clone, PartialEq)]
pub struct File<'s> {
    pub items: Vec<Item<'s>>,
    /// The language most of the file's keywords are written in.
    pub keyword_lang: crate::syntax::keywords::KwLang,
}

impl File<'_> {
    /// A file with nothing in it (what is checked of a file that could not be read).
    pub fn empty() -> Self {
        File {
            items: Vec::new(),
            keyword_lang: crate::syntax::keywords::KwLang::Zh,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item<'s> {
    Setting(Setting<'s>),
    Unit(Box<UnitDecl<'s>>),
    Project(Box<Project<'s>>),
    /// A stretch the parser skipped after a syntax error (already reported).
    Error(Span),
}

/// A file-level setting (a default for the file's projects), with its keyword's span.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting<'s> {
    Year(Span, NumLit),
    Department(Span, StrLit<'s>),
    Implementer(Span, StrLit<'s>),
    Framework(Span, NumLit),
}

#[derive(Debug, Clone, PartialEq)]
pub enum UnitDecl<'s> {
    /// `unit 万元 = 10,000 元`: the factor is optional (`unit 人数 = 人`).
    Alias {
        name: (&'s str, Span),
        factor: Option<NumLit>,
        target: UnitExpr<'s>,
        span: Span,
    },
    Dimension {
        name: (&'s str, Span),
        dimension: (&'s str, Span),
        span: Span,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project<'s> {
    pub attrs: Vec<Attr<'s>>,
    pub name: StrLit<'s>,
    pub items: Vec<ProjectItem<'s>>,
    pub span: Span,
}

/// One line of a project, with the span of its keyword.
#[derive(Debug, Clone, PartialEq)]
pub enum ProjectItem<'s> {
    Nature(Span, StrLit<'s>),
    Category(Span, StrLit<'s>),
    Department(Span, StrLit<'s>),
    Implementer(Span, StrLit<'s>),
    Framework(Span, NumLit),
    Period(Span, DateLit, DateLit),
    Start(Span, DateLit),
    End(Span, DateLit),
    Funding(Box<Funding<'s>>),
    Field(Box<(Span, StrLit<'s>, StrLit<'s>)>),
    Goal(Span, StrLit<'s>),
    OverallGoal(Span, StrLit<'s>),
    /// §8 实际完成情况 of the 年度总体目标.
    Achieved(Span, StrLit<'s>),
    Group(Box<Group<'s>>),
    Error(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Funding<'s> {
    pub keyword: Span,
    /// The unit of bare amounts in the block (元 if none).
    pub unit: Option<UnitExpr<'s>>,
    pub amounts: Vec<AmountItem<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AmountKey<'s> {
    Fund(FundKey),
    /// A quoted custom sub-amount such as `"中央补助安排"`.
    Custom(StrLit<'s>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Money<'s> {
    pub number: NumLit,
    pub unit: Option<UnitExpr<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AmountItem<'s> {
    Amount(Box<Amount<'s>>),
    Error(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Amount<'s> {
    pub key: AmountKey<'s>,
    pub key_span: Span,
    pub money: Option<Money<'s>>,
    /// The 其中 breakdown, if written.
    pub children: Option<Vec<AmountItem<'s>>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Group<'s> {
    pub attrs: Vec<Attr<'s>>,
    pub name: GroupName,
    pub name_span: Span,
    pub weight: Option<NumLit>,
    pub items: Vec<GroupItem<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GroupItem<'s> {
    Group(Box<Group<'s>>),
    Indicator(Box<Indicator<'s>>),
    Error(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator<'s> {
    pub attrs: Vec<Attr<'s>>,
    pub name: StrLit<'s>,
    pub value: Option<Value<'s>>,
    pub extras: Vec<IndicatorExtra<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity<'s> {
    /// `None` for a bare `985米`, which the checker rejects with a fix-it.
    pub cmp: Option<(Cmp, Span)>,
    pub number: NumLit,
    pub unit: Option<UnitExpr<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'s> {
    Quantitative(Box<Quantity<'s>>),
    Qualitative(StrLit<'s>),
    Deadline(Box<Deadline<'s>>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline<'s> {
    pub dates: Vec<DateLit>,
    pub text: Option<StrLit<'s>>,
    pub span: Span,
}

/// §8 实际完成值 as written: a quantity, a date, a word (`达成`) or a quoted text.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual<'s> {
    Quantity(Box<Quantity<'s>>),
    Date(DateLit),
    Word(&'s str, Span),
    Text(StrLit<'s>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorExtra<'s> {
    Note(Span, StrLit<'s>),
    Basis(Span, StrLit<'s>),
    Weight(Span, NumLit),
    Actual(Span, Actual<'s>),
    /// §8 偏差原因分析及改进措施.
    Deviation(Span, StrLit<'s>),
    /// §8 得分 placing a qualitative result inside its band.
    Score(Span, NumLit),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser moves these around on every shift and reduce: they stay small, the large
    /// nodes boxed.
    #[test]
    fn parser_symbols_stay_small() {
        use std::mem::size_of;
        assert!(
            size_of::<ProjectItem>() <= 80,
            "{}",
            size_of::<ProjectItem>()
        );
        assert!(size_of::<GroupItem>() <= 16, "{}", size_of::<GroupItem>());
        assert!(size_of::<Value>() <= 48, "{}", size_of::<Value>());
        assert!(size_of::<Item>() <= 64, "{}", size_of::<Item>());
        assert!(size_of::<UnitExpr>() <= 72, "{}", size_of::<UnitExpr>());
    }
}
