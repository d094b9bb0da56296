//! The syntax tree: what the grammar builds, every node with its span. Text is borrowed
//! from the source (`&str`, or `Cow` for strings whose escapes had to be cooked), so parsing
//! allocates little; the checker turns this tree into the owned `model`.

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
        }
    }
}

/// A number as written: its text (for reports: `3.00` stays `3.00`) and its exact value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NumLit<'s> {
    pub text: &'s str,
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

/// `人/次/天`: the first atom, then (operator, atom) pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitExpr<'s> {
    pub first: (&'s str, Span),
    pub rest: Vec<(UnitOp, &'s str, Span)>,
    pub span: Span,
}

impl UnitExpr<'_> {
    /// The expression as the user wrote it, normalised (`人/次/天`).
    pub fn text(&self) -> String {
        let mut s = self.first.0.to_string();
        for (op, atom, _) in &self.rest {
            match op {
                UnitOp::Mul => s.push('·'),
                UnitOp::Div => s.push('/'),
                UnitOp::Space => {}
            }
            s.push_str(atom);
        }
        s
    }
}

/// `@allow(E0301, vague-target)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Attr<'s> {
    pub codes: Vec<(&'s str, Span)>,
    pub span: Span,
}

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
    Year(Span, NumLit<'s>),
    Department(Span, StrLit<'s>),
    Implementer(Span, StrLit<'s>),
    Framework(Span, NumLit<'s>),
    /// `unit 万元 = 10,000 元`: the factor is optional (`unit 人数 = 人`).
    UnitAlias {
        name: (&'s str, Span),
        factor: Option<NumLit<'s>>,
        target: UnitExpr<'s>,
        span: Span,
    },
    UnitDimension {
        name: (&'s str, Span),
        dimension: (&'s str, Span),
        span: Span,
    },
    Project(Project<'s>),
    /// A stretch the parser skipped after a syntax error (already reported).
    Error(Span),
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
    Framework(Span, NumLit<'s>),
    Period(Span, DateLit, DateLit),
    Start(Span, DateLit),
    End(Span, DateLit),
    Funding(Funding<'s>),
    Field(Span, StrLit<'s>, StrLit<'s>),
    Goal(Span, StrLit<'s>),
    OverallGoal(Span, StrLit<'s>),
    Group(Group<'s>),
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
    pub number: NumLit<'s>,
    pub unit: Option<UnitExpr<'s>>,
    pub span: Span,
}

/// Error nodes are rare and small; boxing every amount to shrink them would cost an
/// allocation per amount.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum AmountItem<'s> {
    Amount(Amount<'s>),
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
    pub weight: Option<NumLit<'s>>,
    pub items: Vec<GroupItem<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GroupItem<'s> {
    Group(Group<'s>),
    Indicator(Indicator<'s>),
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
    pub number: NumLit<'s>,
    pub unit: Option<UnitExpr<'s>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'s> {
    Quantitative(Quantity<'s>),
    Qualitative(StrLit<'s>),
    Deadline {
        dates: Vec<DateLit>,
        text: Option<StrLit<'s>>,
        span: Span,
    },
}

/// §8, reserved for monitoring and self-evaluation: parsed and kept, scored later.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual<'s> {
    Quantity(Quantity<'s>),
    /// `达成` / `部分达成` / `未达成`.
    Word(&'s str, Span),
    Text(StrLit<'s>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum IndicatorExtra<'s> {
    Note(Span, StrLit<'s>),
    Basis(Span, StrLit<'s>),
    Weight(Span, NumLit<'s>),
    Actual(Span, Actual<'s>),
}
