//! Dates: calendar validity of every date literal, resolution of months, quarters and
//! halves to their first or last day, and the order of a project's period.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::model::Date;
use crate::source::Span;
use crate::syntax::ast::{DateKind, DateLit};
use crate::t;

/// The first (`last == false`) or last day a literal names; `None` if it is not a date.
pub fn resolve(d: &DateLit, last: bool) -> Option<Date> {
    let y = d.year;
    let (first_month, last_month) = match d.kind {
        DateKind::Day(m, day) => return Date::new(y, m, day),
        DateKind::Month(m) => (m, m),
        DateKind::Quarter(q) if (1..=4).contains(&q) => (q * 3 - 2, q * 3),
        DateKind::Half(h) if (1..=2).contains(&h) => (h * 6 - 5, h * 6),
        DateKind::Quarter(_) | DateKind::Half(_) => return None,
    };
    if last {
        Date::new(y, last_month, Date::days_in_month(y, last_month))
    } else {
        Date::new(y, first_month, 1)
    }
}

/// `resolve`, reporting a literal that names no calendar day.
pub fn resolve_reported(d: &DateLit, last: bool, diags: &mut Diagnostics) -> Option<Date> {
    let r = resolve(d, last);
    if r.is_none() {
        diags.push(invalid_date(d));
    }
    r
}

fn invalid_date(d: &DateLit) -> Diagnostic {
    let (zh, en) = match d.kind {
        DateKind::Day(m, day) if (1..=12).contains(&m) => (
            format!(
                "{} 年 {} 月只有 {} 天，没有 {} 日",
                d.year,
                m,
                Date::days_in_month(d.year, m),
                day
            ),
            format!(
                "{}-{:02} has {} days, not {}",
                d.year,
                m,
                Date::days_in_month(d.year, m),
                day
            ),
        ),
        DateKind::Day(m, _) | DateKind::Month(m) => {
            (format!("没有第 {m} 个月"), format!("there is no month {m}"))
        }
        DateKind::Quarter(q) => (
            format!("没有第 {q} 季度"),
            format!("there is no quarter {q}"),
        ),
        DateKind::Half(h) => (
            format!("没有第 {h} 个半年"),
            format!("there is no half-year {h}"),
        ),
    };
    Diagnostic::new(Code::InvalidDate, d.span, t!("日期无效", "invalid date"))
        .label(crate::diag::Text::new(zh, en))
        .help(t!(
            "日期写作 2024-06-30（日）、2024-06（月）、2024-Q2（季度）或 2024-H1（半年）",
            "write a date as 2024-06-30 (day), 2024-06 (month), 2024-Q2 (quarter) or 2024-H1 (half-year)"
        ))
}

pub fn start_after_end(
    start: Date,
    end: Date,
    start_span: Span,
    end_span: Span,
    diags: &mut Diagnostics,
) {
    if start > end {
        diags.push(
            Diagnostic::new(
                Code::StartAfterEnd,
                start_span,
                t!(
                    "计划开始日期晚于计划完成日期",
                    "the start date is after the end date"
                ),
            )
            .label(t!("开始于 {}", "starts {}", start))
            .with_label(end_span, t!("完成于 {}", "ends {}", end))
            .help(t!(
                "检查两个日期是否写反或年份有误",
                "check whether the dates are swapped or a year is wrong"
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    fn lit(year: i32, kind: DateKind) -> DateLit {
        DateLit {
            year,
            kind,
            span: Span::new(FileId(0), 0, 0),
        }
    }

    #[test]
    fn quarters_and_halves_resolve_to_their_last_day() {
        let q4 = resolve(&lit(2024, DateKind::Quarter(4)), true).unwrap();
        assert_eq!(q4.to_string(), "2024-12-31");
        let h1 = resolve(&lit(2024, DateKind::Half(1)), true).unwrap();
        assert_eq!(h1.to_string(), "2024-06-30");
        let feb = resolve(&lit(2024, DateKind::Month(2)), true).unwrap();
        assert_eq!(feb.to_string(), "2024-02-29");
        let q2 = resolve(&lit(2024, DateKind::Quarter(2)), false).unwrap();
        assert_eq!(q2.to_string(), "2024-04-01");
        assert!(resolve(&lit(2024, DateKind::Quarter(5)), true).is_none());
    }
}
