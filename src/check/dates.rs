//! Dates: calendar validity of every date literal, resolution of months, quarters and
//! halves to their first or last day, and the order of a project's period.

use crate::diag::{Code, Diagnostic, Diagnostics, Fix};
use crate::lower::ProjectContext;
use crate::model::{Date, Project};
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
    let why = match d.kind {
        DateKind::Day(m, day) if (1..=12).contains(&m) => t!(
            "{0} 年 {1} 月只有 {2} 天，没有 {3} 日",
            "{0}-{4} has {2} days, not {3}",
            d.year,
            m,
            Date::days_in_month(d.year, m),
            day,
            format!("{m:02}")
        ),
        DateKind::Day(m, _) | DateKind::Month(m) => {
            t!("没有第 {} 个月", "there is no month {}", m)
        }
        DateKind::Quarter(q) => t!("没有第 {} 季度", "there is no quarter {}", q),
        DateKind::Half(h) => t!("没有第 {} 个半年", "there is no half-year {}", h),
    };
    let d_ = Diagnostic::new(Code::InvalidDate, d.span, t!("日期无效", "invalid date")).label(why);
    match d.kind {
        // `2024-02-30`: most likely the month's end was meant; a person confirms it.
        DateKind::Day(m, day) if (1..=12).contains(&m) && day > 28 => {
            let last = format!(
                "{:04}-{:02}-{:02}",
                d.year,
                m,
                Date::days_in_month(d.year, m)
            );
            d_.help(t!(
                "若指月末，写 {}",
                "if the end of the month is meant, write {}",
                &last
            ))
            .fix(Fix::maybe(d.span, last))
        }
        _ => d_.help(t!(
            "日期写作 2024-06-30（日）、2024-06（月）、2024-Q2（季度）或 2024-H1（半年）",
            "write a date as 2024-06-30 (day), 2024-06 (month), 2024-Q2 (quarter) or 2024-H1 (half-year)"
        )),
    }
}

/// The period's start no later than its end.
pub fn start_after_end(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let (Some(s), Some(e)) = (project.start, project.end) else {
        return;
    };
    let (start, end, start_span, end_span) = (s.value, e.value, s.span, e.span);
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

/// A one-off project runs within its filing year.
pub fn period_in_filing_year(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    let one_off = project
        .nature
        .as_ref()
        .is_some_and(|n| n.value.is_one_off());
    let (Some(year), Some(start), Some(end), Some(span)) = (
        project.year,
        project.start.map(|d| d.value),
        project.end.map(|d| d.value),
        project.period_span(),
    ) else {
        return;
    };
    if !one_off || (start.year == year && end.year == year) {
        return;
    }
    diags.push(
        Diagnostic::new(
            Code::PeriodOutsideYear,
            span,
            t!(
                "一次性项目的实施周期超出了申报年度 {}",
                "a one-off project's period runs outside the filing year {}",
                year
            ),
        )
        .label(t!("{} 至 {}", "{} to {}", start, end))
        .help(t!(
            "一次性项目应在 {0}-01-01 至 {0}-12-31 之内完成；跨年度的项目性质应为“阶段性项目”",
            "a one-off project runs from {0}-01-01 to {0}-12-31; a project spanning years is a 阶段性项目",
            year
        )),
    );
}

/// Deadlines, and months named in timeliness text, must fall within the project's period.
pub fn deadlines_in_period(_: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    use crate::hierarchy::GroupName;
    use crate::model::Value;
    let (Some(start), Some(end)) = (project.start.map(|d| d.value), project.end.map(|d| d.value))
    else {
        return;
    };
    let filing_year = project.year.unwrap_or(start.year);
    for ind in &project.indicators {
        match &ind.value {
            Value::Deadline { dates, text } => {
                if let Some(d) = dates.iter().find(|d| **d < start || **d > end) {
                    diags.push(outside(ind, &d.to_string(), start, end));
                } else if let Some(text) = text {
                    phrase_outside(ind, text, filing_year, start, end, diags);
                }
            }
            Value::Qualitative(text) if ind.level2 == GroupName::Timeliness => {
                phrase_outside(ind, text, filing_year, start, end, diags);
            }
            _ => {}
        }
    }
}

/// The first time phrase in `text` naming a month outside the period, reported once.
fn phrase_outside(
    ind: &crate::model::Indicator,
    text: &str,
    filing_year: i32,
    start: Date,
    end: Date,
    diags: &mut Diagnostics,
) {
    let month_start = (start.year, start.month);
    let month_end = (end.year, end.month);
    for phrase in super::timephrase::months_named(text, filing_year) {
        if phrase
            .months
            .iter()
            .any(|m| *m < month_start || *m > month_end)
        {
            diags.push(outside(ind, &phrase.text, start, end));
            return;
        }
    }
}

fn outside(ind: &crate::model::Indicator, when: &str, start: Date, end: Date) -> Diagnostic {
    Diagnostic::new(
        Code::DeadlineOutsidePeriod,
        ind.value_span,
        t!(
            "`{}` 的时限“{}”在实施周期之外",
            "the deadline “{1}” of `{0}` falls outside the period",
            &ind.name,
            when
        ),
    )
    .label(t!("实施周期为 {} 至 {}", "the period is {} to {}", start, end))
    .help(t!(
        "时限应在实施周期之内；若工作确实延续到周期之后，应调整实施周期（跨年度项目为“阶段性项目”）",
        "deadlines fall within the period; if the work really runs past it, extend the period (a project spanning years is a 阶段性项目)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{FileId, Span};

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
