//! `--emit json`: the stable interchange shape of LANGUAGE.md §7 (`format: "perfc/1"`).
//! Money is a decimal string in 元 with two decimals; numbers keep their written text.

use serde::Serialize;

use crate::model::{Fen, Funding, Indicator, Program, Project, Value};
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
    actual: Option<&'a str>,
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

/// Sum of one funding column over all projects, blank cells counting as zero. i128 cannot
/// overflow for any number of i64 amounts a filing can hold.
fn column_total(projects: &[Project], col: impl Fn(&Funding) -> Option<Fen>) -> String {
    let sum: i128 = projects
        .iter()
        .filter_map(|p| col(&p.funding))
        .map(|f| f.0 as i128)
        .sum();
    let sign = if sum < 0 { "-" } else { "" };
    let abs = sum.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn indicator<'a>(files: &'a Files, p: &'a Project, i: &'a Indicator) -> IndicatorOut<'a> {
    let value = match &i.value {
        Value::Quantitative {
            cmp,
            number,
            unit,
            dimension,
            ..
        } => ValueOut::Quantitative {
            cmp: cmp.as_str(),
            // The exact decimal with its written scale (`3.00` stays `3.00`) but without
            // digit separators, so any JSON reader can parse it.
            number: number.to_string(),
            unit: unit.as_deref(),
            dimension: dimension.map(|d| d.to_string()),
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
        note: i.note.as_deref(),
        basis: i.basis.as_deref(),
        weight: i.weight.map(|w| w.to_string()),
        actual: i.actual.as_deref(),
        source: Source {
            file: &files.get(p.file).name,
            line: i.line,
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
            nature: p.nature.as_deref(),
            category: p.category.as_deref(),
            department: p.department.as_deref(),
            implementer: p.implementer.as_deref(),
            start: p.start.map(|d| d.to_string()),
            end: p.end.map(|d| d.to_string()),
            framework: p.framework.year(),
            fields: p
                .fields
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
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
            goal: p.goal.as_deref(),
            overall_goal: p.overall_goal.as_deref(),
            indicators: p
                .indicators
                .iter()
                .map(|i| indicator(files, p, i))
                .collect(),
            weights: p
                .group_weights
                .iter()
                .map(|w| WeightOut {
                    level1: w.level1.as_str(),
                    level2: w.level2.map(|g| g.as_str()),
                    weight: w.weight.to_string(),
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
            annual: column_total(ps, |f| f.annual),
            appropriation: column_total(ps, |f| f.appropriation),
            carryover: column_total(ps, |f| f.carryover),
            other: column_total(ps, |f| f.other),
        },
    };
    // Serialising strings, numbers and options cannot fail.
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
