//! `--emit json`: the stable interchange shape of LANGUAGE.md §7 (`format: "perfc/1"`).
//! Money is a decimal string in 元 with two decimals; numbers keep their written text.

use serde::Serialize;

use super::report::money_total;
use crate::model::{Actual, Fen, Indicator, Program, Project, Value};
use crate::source::Files;

#[derive(Serialize)]
struct Out<'a> {
    format: &'static str,
    year: Option<i32>,
    projects: Vec<ProjectOut<'a>>,
    totals: Totals,
}

#[derive(Serialize)]
struct ProjectOut<'a> {
    name: &'a str,
    nature: Option<&'a str>,
    category: Option<&'a str>,
    department: Option<&'a str>,
    implementer: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
    framework: u32,
    fields: serde_json::Map<String, serde_json::Value>,
    funding: FundingOut<'a>,
    goal: Option<&'a str>,
    overall_goal: Option<&'a str>,
    indicators: Vec<IndicatorOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    weights: Vec<WeightOut>,
}

/// §8 分值 of a group, present only when a filing writes one.
#[derive(Serialize)]
struct WeightOut {
    level1: &'static str,
    level2: Option<&'static str>,
    weight: String,
}

#[derive(Serialize)]
struct FundingOut<'a> {
    total: Option<String>,
    fiscal: Option<String>,
    total_other: Option<String>,
    annual: Option<String>,
    appropriation: Option<String>,
    carryover: Option<String>,
    other: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    execution: Option<String>,
    derived: &'a [&'static str],
    custom: Vec<CustomOut<'a>>,
}

#[derive(Serialize)]
struct CustomOut<'a> {
    parent: &'a str,
    name: &'a str,
    amount: Option<String>,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    level1: &'static str,
    level2: &'static str,
    name: &'a str,
    value: ValueOut<'a>,
    note: Option<&'a str>,
    basis: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    weight: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<String>,
    source: Source<'a>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum ValueOut<'a> {
    Quantitative {
        cmp: &'static str,
        number: String,
        unit: Option<&'a str>,
        dimension: Option<String>,
    },
    Qualitative {
        text: &'a str,
    },
    Deadline {
        dates: Vec<String>,
        text: Option<&'a str>,
    },
    Missing {},
}

#[derive(Serialize)]
struct Source<'a> {
    file: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct Totals {
    projects: usize,
    indicators: usize,
    annual: String,
    appropriation: String,
    carryover: String,
    other: String,
}

fn money(f: Option<Fen>) -> Option<String> {
    f.map(|f| f.to_string())
}

/// §8 实际完成值 (`1350架次`, `2024-12-20`, `达成`).
fn actual_text(a: &Actual) -> String {
    match a {
        // The number as JSON numbers are (no digit separators), its unit as written.
        Actual::Quantity(q) => match &q.unit {
            Some(u) => format!("{}{}", q.number, u.text),
            None => q.number.to_string(),
        },
        Actual::Date(d) => d.to_string(),
        Actual::Achievement(w) => w.as_str().to_string(),
        Actual::Text(t) => t.to_string(),
    }
}

fn indicator<'a>(files: &'a Files, p: &'a Project, i: &'a Indicator) -> IndicatorOut<'a> {
    let value = match &i.value {
        Value::Quantitative(q) => ValueOut::Quantitative {
            cmp: q.cmp.as_str(),
            // The exact decimal with its written scale (`3.00` stays `3.00`) but without
            // digit separators, so any JSON reader can parse it.
            number: q.number.to_string(),
            unit: q.unit.as_ref().map(|u| &*u.text),
            dimension: q.dimension().map(|d| d.to_string()),
        },
        Value::Qualitative(t) => ValueOut::Qualitative { text: t },
        Value::Deadline { dates, text } => ValueOut::Deadline {
            dates: dates.iter().map(|d| d.to_string()).collect(),
            text: text.as_deref(),
        },
        Value::Missing => ValueOut::Missing {},
    };
    IndicatorOut {
        level1: i.level1.as_str(),
        level2: i.level2.as_str(),
        name: &i.name,
        value,
        note: i.note(),
        basis: i.basis(),
        weight: i.weight().map(|w| w.to_string()),
        actual: i.actual().map(|a| actual_text(&a.value)),
        source: Source {
            file: &files.get(p.file).name,
            line: files.get(p.file).line_of(i.name_span.start as usize),
        },
    }
}

/// The JSON document, pretty-printed, ending in a newline.
pub fn emit(files: &Files, program: &Program) -> String {
    let projects = program
        .projects
        .iter()
        .map(|p| ProjectOut {
            name: &p.name,
            nature: p.nature_text(),
            category: p.category_text(),
            department: p.department.as_deref(),
            implementer: p.implementer.as_deref(),
            start: p.start_date().map(|d| d.to_string()),
            end: p.end_date().map(|d| d.to_string()),
            framework: p.framework.year(),
            fields: p
                .fields
                .iter()
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect(),
            funding: FundingOut {
                total: money(p.funding.total),
                fiscal: money(p.funding.fiscal),
                total_other: money(p.funding.total_other),
                annual: money(p.funding.annual),
                appropriation: money(p.funding.appropriation),
                carryover: money(p.funding.carryover),
                other: money(p.funding.other),
                execution: money(p.funding.execution),
                derived: &p.funding.derived,
                custom: p
                    .funding
                    .custom
                    .iter()
                    .map(|c| CustomOut {
                        parent: &c.parent,
                        name: &c.name,
                        amount: money(c.amount),
                    })
                    .collect(),
            },
            goal: p.goal_text(),
            overall_goal: p.overall_goal_text(),
            indicators: p
                .indicators
                .iter()
                .map(|i| indicator(files, p, i))
                .collect(),
            weights: p
                .group_weights()
                .map(|(level1, level2, weight)| WeightOut {
                    level1: level1.as_str(),
                    level2: level2.map(|g| g.as_str()),
                    weight: weight.to_string(),
                })
                .collect(),
        })
        .collect();
    let ps = &program.projects;
    let out = Out {
        format: "perfc/1",
        year: program.year,
        projects,
        totals: Totals {
            projects: ps.len(),
            indicators: ps.iter().map(|p| p.indicators.len()).sum(),
            annual: money_total(ps, |p| p.funding.annual).to_string(),
            appropriation: money_total(ps, |p| p.funding.appropriation).to_string(),
            carryover: money_total(ps, |p| p.funding.carryover).to_string(),
            other: money_total(ps, |p| p.funding.other).to_string(),
        },
    };
    // Serialising strings, numbers and options cannot fail.
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
