//! The checked program: owned, typed, validated. This is what emitters, JSON and later the
//! language server read; it never refers back to tokens, only to spans for source lines.

use std::fmt;

use rust_decimal::Decimal;

use crate::hierarchy::{Framework, GroupName};
use crate::source::{FileId, Span};
use crate::syntax::ast::Cmp;
use crate::units::Dimension;

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
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }
    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, 2)
    }

    /// `1,234,567.80`: 元 with thousands separators, as forms print money.
    pub fn grouped(self) -> String {
        let s = self.to_string();
        let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
        let (sign, digits) = match int.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("", int),
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        format!("{sign}{out}.{frac}")
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

#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub year: Option<i32>,
    pub projects: Vec<Project>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Project {
    pub name: String,
    pub nature: Option<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub implementer: Option<String>,
    pub year: Option<i32>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    /// Where the period (or its start) was written, for date rules.
    pub period_span: Option<Span>,
    pub framework: Framework,
    /// Other form fields, in the order written.
    pub fields: Vec<(String, String)>,
    pub funding: Funding,
    pub goal: Option<String>,
    pub overall_goal: Option<String>,
    pub indicators: Vec<Indicator>,
    /// §8 分值 written on groups (`output weight 50 { … }`), reserved for scoring.
    pub group_weights: Vec<GroupWeight>,
    pub file: FileId,
    /// The whole project block, and its name.
    pub span: Span,
    pub name_span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GroupWeight {
    pub level1: GroupName,
    /// `None` for the weight of the 一级 group itself.
    pub level2: Option<GroupName>,
    pub weight: Decimal,
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
    /// §8 全年执行数, reserved for self-evaluation.
    pub execution: Option<Fen>,
    /// Parents computed from their breakdown (`"annual"`), in the order derived.
    pub derived: Vec<&'static str>,
    pub custom: Vec<CustomAmount>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CustomAmount {
    /// The parent's key (`fiscal`) or, for a custom under a custom, its name.
    pub parent: String,
    pub name: String,
    pub amount: Option<Fen>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub level1: GroupName,
    pub level2: GroupName,
    pub name: String,
    pub value: Value,
    pub note: Option<String>,
    pub basis: Option<String>,
    /// §8 分值, reserved.
    pub weight: Option<Decimal>,
    /// §8 实际完成值, reserved: kept as written.
    pub actual: Option<String>,
    /// The whole indicator line, its name, its value (the name when there is none) and the
    /// comparator of a quantitative value: where rules point and what fix-its replace.
    pub span: Span,
    pub name_span: Span,
    pub value_span: Span,
    pub cmp_span: Option<Span>,
    /// 1-based line of the indicator's name.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Quantitative {
        cmp: Cmp,
        number: Decimal,
        /// The number as written (`3.00`).
        text: String,
        unit: Option<String>,
        /// `people`, `ratio`, `people/count/duration` …; `None` without a unit.
        dimension: Option<Dimension>,
        /// The value in its dimension's base unit (元, %, 分, 分钟 …): what range rules
        /// compare. `None` without a known unit.
        base: Option<Decimal>,
    },
    Qualitative(String),
    Deadline {
        /// Each date resolved to the last day it names.
        dates: Vec<Date>,
        text: Option<String>,
    },
    /// No value written (an error has been reported).
    Missing,
}

impl Indicator {
    /// Whether the value is quantitative with a unit written (known or not).
    pub fn value_has_unit(&self) -> bool {
        matches!(&self.value, Value::Quantitative { unit: Some(_), .. })
    }
}

impl Value {
    /// The value as the form writes it: `≥85(%)`, `=2.00(个)`, `及时`, `2024-12-31`.
    pub fn form_text(&self) -> String {
        match self {
            Value::Quantitative {
                cmp, text, unit, ..
            } => match unit {
                Some(u) => format!("{}{}({})", cmp.form_symbol(), text, u),
                None => format!("{}{}", cmp.form_symbol(), text),
            },
            Value::Qualitative(t) => t.clone(),
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
    fn calendar_dates() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
    }
}
