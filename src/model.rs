//! The typed model of a filing: what lowering makes of the syntax tree, what the rules read,
//! what emitters and the JSON see. Text is borrowed from the source wherever the source holds
//! it (`Cow` only for strings whose escapes were cooked), dimensions are `Dimension` values,
//! the 项目性质 / 项目类别 are enums, and every item keeps its span, so no rule reaches back
//! into the syntax tree.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

use crate::hierarchy::{Framework, GroupName};
use crate::source::{FileId, Span};
use crate::syntax::ast::{Cmp, FundKey};
use crate::syntax::keywords::KwLang;
use crate::units::{Dimension, Resolved};

/// Money in integer 分 (hundredths of a 元): exact, with checked arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Fen(pub i64);

impl Fen {
    pub const ZERO: Fen = Fen(0);

    /// An exact amount of 元 as 分; `None` if finer than 1 分 or out of range.
    pub fn from_yuan(yuan: Decimal) -> Option<Fen> {
        let fen = yuan.checked_mul(Decimal::ONE_HUNDRED)?;
        if !fen.fract().is_zero() {
            return None;
        }
        i64::try_from(fen).ok().map(Fen)
    }

    /// An amount of 元 rounded to the 分 as the forms round: half away from zero (四舍五入),
    /// not to even. `None` out of range.
    pub fn round_yuan(yuan: Decimal) -> Option<Fen> {
        let rounded =
            yuan.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        Fen::from_yuan(rounded)
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// `1,234,567.80`: 元 with thousands separators, as forms print money.
    pub fn grouped(self) -> String {
        group_thousands(&self.to_string())
    }
}

impl fmt::Display for Fen {
    /// `450000.00`: 元 with exactly two decimals, as the JSON shape wants.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

/// `4500000.5` → `4,500,000.5`: the one place digits are grouped by thousands (money in
/// reports and messages, the fix-it for badly grouped numbers).
pub fn group_thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", number),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let mut out = String::with_capacity(number.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A calendar date (always valid once in the model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn is_leap(year: i32) -> bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }
    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if Date::is_leap(year) => 29,
            2 => 28,
            _ => 0,
        }
    }
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= Date::days_in_month(year, month))
            .then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// 项目性质: the official values (Shanghai adds 其他一次性项目), or what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nature<'s> {
    OneOff,
    Recurring,
    Phased,
    OtherOneOff,
    Unknown(Cow<'s, str>),
}

/// 项目类别: 人员类, 运转类 (with its two kinds), 特定目标类, or what was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Category<'s> {
    Personnel,
    Operating,
    PublicFunds,
    OtherOperating,
    SpecificPurpose,
    Unknown(Cow<'s, str>),
}

impl<'s> Nature<'s> {
    /// The official values, in the order the forms list them.
    pub const OFFICIAL: &'static [&'static str] =
        &["一次性项目", "经常性项目", "阶段性项目", "其他一次性项目"];

    pub fn parse(text: Cow<'s, str>) -> Nature<'s> {
        match text.trim() {
            "一次性项目" => Nature::OneOff,
            "经常性项目" => Nature::Recurring,
            "阶段性项目" => Nature::Phased,
            "其他一次性项目" => Nature::OtherOneOff,
            _ => Nature::Unknown(text),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Nature::OneOff => "一次性项目",
            Nature::Recurring => "经常性项目",
            Nature::Phased => "阶段性项目",
            Nature::OtherOneOff => "其他一次性项目",
            Nature::Unknown(s) => s,
        }
    }
    /// A one-off project spends its whole total in the filing year (an unknown value that
    /// says 一次性 counts too: its rules should still apply).
    pub fn is_one_off(&self) -> bool {
        match self {
            Nature::OneOff | Nature::OtherOneOff => true,
            Nature::Unknown(s) => s.contains("一次性"),
            _ => false,
        }
    }
}

impl<'s> Category<'s> {
    pub const OFFICIAL: &'static [&'static str] =
        &["人员类", "运转类", "公用经费", "其他运转类", "特定目标类"];

    pub fn parse(text: Cow<'s, str>) -> Category<'s> {
        match text.trim() {
            "人员类" => Category::Personnel,
            "运转类" => Category::Operating,
            "公用经费" => Category::PublicFunds,
            "其他运转类" => Category::OtherOperating,
            "特定目标类" => Category::SpecificPurpose,
            _ => Category::Unknown(text),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Category::Personnel => "人员类",
            Category::Operating => "运转类",
            Category::PublicFunds => "公用经费",
            Category::OtherOperating => "其他运转类",
            Category::SpecificPurpose => "特定目标类",
            Category::Unknown(s) => s,
        }
    }
}

/// What the whole run produced, for emitters: the filing year and every project in input
/// order.
pub struct Program<'a> {
    pub year: Option<i32>,
    pub projects: Vec<&'a Project<'a>>,
}

/// One file's model.
#[derive(Debug, Default)]
pub struct FileModel<'s> {
    pub year: Option<i32>,
    pub projects: Vec<Project<'s>>,
    /// Every project's name and span, also when the projects themselves are not kept
    /// (`perfc check` drops each once checked): what the link step needs.
    pub names: Vec<(Cow<'s, str>, Span)>,
    /// Declared units (`unit 架次 : count`), for editors' go-to-definition.
    pub units: Vec<Spanned<Cow<'s, str>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project<'s> {
    pub name: Cow<'s, str>,
    pub name_span: Span,
    /// The whole `project "…" { … }`.
    pub span: Span,
    pub file: FileId,
    /// How this project spells its keywords.
    pub keyword_lang: KwLang,
    pub nature: Option<Spanned<Nature<'s>>>,
    pub category: Option<Spanned<Category<'s>>>,
    /// 主管部门 / 实施单位: the project's own, or the file's default.
    pub department: Option<Cow<'s, str>>,
    pub implementer: Option<Cow<'s, str>>,
    /// The file's filing year.
    pub year: Option<i32>,
    pub framework: Framework,
    pub start: Option<Spanned<Date>>,
    pub end: Option<Spanned<Date>>,
    /// A start or end date was written (even if not a calendar date).
    pub start_written: bool,
    pub end_written: bool,
    /// Other form fields, in the order written.
    pub fields: Vec<(Cow<'s, str>, Cow<'s, str>)>,
    /// The funding block as written, with each amount converted to 分.
    pub funding_block: Option<FundingBlock<'s>>,
    /// The funding table the forms print, read off the block.
    pub funding: Funding,
    pub goal: Option<Spanned<Cow<'s, str>>>,
    pub overall_goal: Option<Spanned<Cow<'s, str>>>,
    /// §8 实际完成情况 of the 年度总体目标.
    pub achieved: Option<Spanned<Cow<'s, str>>>,
    /// The indicator groups as written, 一级 before their 二级.
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator<'s>>,
    /// A syntax error inside the project: the parser may have skipped part of it.
    pub broken: bool,
}

impl Project<'_> {
    pub fn nature_text(&self) -> Option<&str> {
        self.nature.as_ref().map(|n| n.value.as_str())
    }
    pub fn category_text(&self) -> Option<&str> {
        self.category.as_ref().map(|c| c.value.as_str())
    }
    pub fn start_date(&self) -> Option<Date> {
        self.start.map(|d| d.value)
    }
    pub fn end_date(&self) -> Option<Date> {
        self.end.map(|d| d.value)
    }
    pub fn goal_text(&self) -> Option<&str> {
        self.goal.as_ref().map(|g| &*g.value)
    }
    pub fn overall_goal_text(&self) -> Option<&str> {
        self.overall_goal.as_ref().map(|g| &*g.value)
    }
    pub fn achieved_text(&self) -> Option<&str> {
        self.achieved.as_ref().map(|g| &*g.value)
    }
    /// Whether any indicator carries a §8 实际完成值: the project is being evaluated.
    pub fn has_actuals(&self) -> bool {
        self.indicators.iter().any(|i| i.actual().is_some())
    }
    /// §8 分值 written on groups: (一级, 二级 or `None` for the 一级 group itself, weight).
    pub fn group_weights(
        &self,
    ) -> impl Iterator<Item = (GroupName, Option<GroupName>, Decimal)> + '_ {
        self.groups.iter().filter_map(|g| {
            let w = g.weight?.value;
            Some(match g.parent {
                None => (g.name, None, w),
                Some(p) => (self.groups[p as usize].name, Some(g.name), w),
            })
        })
    }

    /// The period's span (start to end), for date rules.
    pub fn period_span(&self) -> Option<Span> {
        match (self.start, self.end) {
            (Some(s), Some(e)) => Some(s.span.to(e.span)),
            (s, e) => s.or(e).map(|d| d.span),
        }
    }
}

/// An indicator group as written: a 一级 group at the top of a project, a 二级 group inside
/// one. `level1` is the 一级 group it is counted under (for a 二级 group written under the
/// wrong 一级, the right one: it is reported, and its indicators are checked where they
/// belong).
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: GroupName,
    pub name_span: Span,
    pub span: Span,
    /// The 一级 group this one stands in, `None` for a 一级 group.
    pub parent: Option<u16>,
    pub level1: GroupName,
    /// §8 分值.
    pub weight: Option<Spanned<Decimal>>,
    /// Nothing written inside.
    pub empty: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator<'s> {
    /// Its 二级 group, an index into `Project::groups`.
    pub group: u16,
    pub level1: GroupName,
    pub level2: GroupName,
    pub name: Cow<'s, str>,
    pub value: Value<'s>,
    /// The whole line, the name, the value (the name when there is none) and the comparator
    /// of a quantity: where rules point and what fix-its replace.
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
    pub cmp_span: Option<Span>,
    /// 备注, 取值依据, §8 分值 and 实际完成值: rare, so out of line.
    pub extra: Option<Box<IndicatorExtra<'s>>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct IndicatorExtra<'s> {
    pub note: Option<Cow<'s, str>>,
    pub basis: Option<Cow<'s, str>>,
    pub weight: Option<Spanned<Decimal>>,
    pub actual: Option<Spanned<Actual<'s>>>,
    /// §8 偏差原因分析及改进措施.
    pub deviation: Option<Spanned<Cow<'s, str>>>,
    /// §8 得分 written to place a qualitative result inside its band.
    pub score: Option<Spanned<Decimal>>,
}

impl<'s> Indicator<'s> {
    pub fn note(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.note.as_deref())
    }
    pub fn basis(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|e| e.basis.as_deref())
    }
    pub fn weight(&self) -> Option<Decimal> {
        self.extra.as_ref().and_then(|e| e.weight).map(|w| w.value)
    }
    pub fn actual(&self) -> Option<&Spanned<Actual<'s>>> {
        self.extra.as_ref().and_then(|e| e.actual.as_ref())
    }
    pub fn deviation(&self) -> Option<&str> {
        self.extra
            .as_ref()
            .and_then(|e| e.deviation.as_ref())
            .map(|d| &*d.value)
    }
    pub fn score(&self) -> Option<Spanned<Decimal>> {
        self.extra.as_ref().and_then(|e| e.score)
    }
    /// The quantity, if the value is one.
    pub fn quantity(&self) -> Option<&Quantity<'s>> {
        match &self.value {
            Value::Quantitative(q) => Some(q),
            _ => None,
        }
    }
    /// The dimension of a quantitative value with a known unit.
    pub fn dimension(&self) -> Option<Dimension> {
        self.quantity().and_then(|q| q.dimension())
    }
    /// Whether it stands in a cost group (成本指标 or one of its 2021 children).
    pub fn in_cost_group(&self) -> bool {
        self.level1 == GroupName::Cost || self.level2.is_cost()
    }
}

/// A unit as written (`人次`, `元/人`), with what it resolved to.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit<'s> {
    /// Normalised (`人/次/天`), borrowed when it is one word.
    pub text: Cow<'s, str>,
    pub span: Span,
    /// Written in parentheses (`85(%)`, `3.00（人）`).
    pub parenthesized: bool,
    /// `None` for an unknown unit (reported).
    pub resolved: Option<Resolved>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity<'s> {
    pub cmp: Cmp,
    /// The comparator was written (a missing one is reported and read as `=`).
    pub cmp_written: bool,
    pub number: Decimal,
    /// The number as written (`3.00`, `1,250,000.50`).
    pub text: &'s str,
    pub number_span: Span,
    pub unit: Option<Unit<'s>>,
}

impl Quantity<'_> {
    pub fn dimension(&self) -> Option<Dimension> {
        self.unit.as_ref()?.resolved.map(|r| r.dimension)
    }
    /// The value in its dimension's base unit (元, %, 分, 分钟 …): what range rules
    /// compare. `None` without a known unit.
    pub fn base(&self) -> Option<Decimal> {
        let r = self.unit.as_ref()?.resolved?;
        self.number.checked_mul(r.factor)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value<'s> {
    Quantitative(Quantity<'s>),
    Qualitative(Cow<'s, str>),
    Deadline {
        /// Each date resolved to the last day it names.
        dates: Vec<Date>,
        text: Option<Cow<'s, str>>,
    },
    /// No value written (an error has been reported).
    Missing,
}

impl Value<'_> {
    /// The value as the form writes it: `≥85(%)`, `=2.00(个)`, `及时`, `2024-12-31`.
    pub fn form_text(&self) -> String {
        match self {
            Value::Quantitative(q) => match &q.unit {
                Some(u) => format!("{}{}({})", q.cmp.form_symbol(), q.text, u.text),
                None => format!("{}{}", q.cmp.form_symbol(), q.text),
            },
            Value::Qualitative(t) => t.to_string(),
            Value::Deadline { dates, text } => {
                let d: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
                match text {
                    Some(t) => format!("{} {}", d.join("、"), t),
                    None => d.join("、"),
                }
            }
            Value::Missing => String::new(),
        }
    }
}

/// §8 实际完成值: a quantity (its unit resolved), a date for a deadline, or a word.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual<'s> {
    Quantity(Quantity<'s>),
    Date(Date),
    /// 达成 / 部分达成 / 未达成.
    Achievement(Achievement),
    /// Anything else (reported by the §8 checks).
    Text(Cow<'s, str>),
}

impl Actual<'_> {
    /// As written in the file (`2 个`, `2024-12-20`, `达成`): what `perfc diff` shows.
    pub fn written_text(&self) -> String {
        self.text_with(|number, unit| format!("{number} {unit}"))
    }
    /// As the form writes it, like the target beside it (`4,000(公里)`).
    pub fn form_text(&self) -> String {
        self.text_with(|number, unit| format!("{number}({unit})"))
    }
    fn text_with(&self, quantity: impl Fn(&str, &str) -> String) -> String {
        match self {
            Actual::Quantity(q) => match &q.unit {
                Some(u) => quantity(q.text, &u.text),
                None => q.text.to_string(),
            },
            Actual::Date(d) => d.to_string(),
            Actual::Achievement(w) => w.as_str().to_string(),
            Actual::Text(t) => t.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Achievement {
    Achieved,
    Partly,
    NotAchieved,
}

impl Achievement {
    pub fn parse(word: &str) -> Option<Achievement> {
        match word {
            "达成" => Some(Achievement::Achieved),
            "部分达成" => Some(Achievement::Partly),
            "未达成" => Some(Achievement::NotAchieved),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Achievement::Achieved => "达成",
            Achievement::Partly => "部分达成",
            Achievement::NotAchieved => "未达成",
        }
    }
}

/// The funding block as written: each amount with its key, span and value in 分.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingBlock<'s> {
    pub keyword: Span,
    pub span: Span,
    pub amounts: Vec<Amount<'s>>,
    /// A syntax error lies inside: some amount may not have been read, so no sum over the
    /// block is checked (the error is the one thing to fix).
    pub broken: bool,
}

impl<'s> FundingBlock<'s> {
    /// A top-level amount by key.
    pub fn top(&self, key: FundKey) -> Option<&Amount<'s>> {
        self.amounts
            .iter()
            .find(|a| a.key == AmountKey::Fund(key) && !a.misplaced)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountKey<'s> {
    Fund(FundKey),
    /// A quoted custom sub-amount such as `"中央补助安排"`.
    Custom(Cow<'s, str>),
}

impl AmountKey<'_> {
    pub fn name(&self) -> &str {
        match self {
            AmountKey::Fund(k) => k.as_str(),
            AmountKey::Custom(s) => s,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Amount<'s> {
    pub key: AmountKey<'s>,
    pub key_span: Span,
    pub span: Span,
    /// The money as written (number and unit), if any.
    pub written: Option<Span>,
    /// In 分: as written, or derived from the breakdown; `None` if blank or not
    /// convertible (reported).
    pub amount: Option<Fen>,
    /// Left blank and computed from its breakdown.
    pub derived: bool,
    /// A written amount that could not be converted (reported): sums over it are not
    /// checked, so one bad number is one error.
    pub invalid: bool,
    /// Reported as standing in the wrong place: left out of its parent's sum.
    pub misplaced: bool,
    /// The 其中 breakdown.
    pub children: Vec<Amount<'s>>,
}

/// The funding table. Every amount is optional: the form leaves cells blank.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Funding {
    pub total: Option<Fen>,
    pub fiscal: Option<Fen>,
    pub total_other: Option<Fen>,
    pub annual: Option<Fen>,
    pub appropriation: Option<Fen>,
    pub carryover: Option<Fen>,
    pub other: Option<Fen>,
    /// §8 全年执行数 and 全年预算数.
    pub execution: Option<Fen>,
    pub adjusted: Option<Fen>,
    /// Their breakdowns, when written.
    pub adjusted_rows: FundRows,
    pub execution_rows: FundRows,
    /// Parents computed from their breakdown (`"annual"`), in the order derived.
    pub derived: Vec<&'static str>,
    pub custom: Vec<CustomAmount>,
}

/// The three rows of the 年度资金 under one column of the 自评表.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct FundRows {
    pub appropriation: Option<Fen>,
    pub carryover: Option<Fen>,
    pub other: Option<Fen>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomAmount {
    /// The parent's key (`fiscal`) or, for a custom under a custom, its name.
    pub parent: String,
    pub name: String,
    pub amount: Option<Fen>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_is_exact_and_rejects_fractions_of_a_fen() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(Fen::from_yuan(d("450000.00")), Some(Fen(45_000_000)));
        assert_eq!(Fen::from_yuan(d("0.001")), None);
        assert_eq!(Fen::from_yuan(d("-1.5")).unwrap().to_string(), "-1.50");
        assert_eq!(Fen(1_344_143_800).to_string(), "13441438.00");
        assert_eq!(Fen(i64::MAX).checked_add(Fen(1)), None);
    }

    #[test]
    fn money_rounds_half_away_from_zero() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // Banker's rounding would give 0.12 and -0.12.
        assert_eq!(Fen::round_yuan(d("0.125")), Some(Fen(13)));
        assert_eq!(Fen::round_yuan(d("-0.125")), Some(Fen(-13)));
        assert_eq!(Fen::round_yuan(d("0.124")), Some(Fen(12)));
    }

    #[test]
    fn thousands_are_grouped_once_for_all() {
        assert_eq!(group_thousands("4500000.5"), "4,500,000.5");
        assert_eq!(group_thousands("-1234.56"), "-1,234.56");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(Fen(1_344_143_800).grouped(), "13,441,438.00");
    }

    #[test]
    fn calendar_dates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
    }

    #[test]
    fn nature_and_category_read_the_official_values() {
        assert_eq!(Nature::parse("一次性项目".into()), Nature::OneOff);
        assert!(Nature::parse("其他一次性项目".into()).is_one_off());
        assert!(!Nature::parse("经常性项目".into()).is_one_off());
        assert_eq!(Category::parse("特定目标类".into()).as_str(), "特定目标类");
        assert!(matches!(
            Category::parse("专项类".into()),
            Category::Unknown(_)
        ));
    }
}
