//! `--emit json`: the stable interchange shape of LANGUAGE.md §7 (`format: "perfc/1"`).
//! Money is a decimal string in 元 with two decimals; numbers keep their written text.

use serde::Serialize;

use super::report::money_total;
use crate::evaluate::{self, form2, Evaluation};
use crate::model::{Actual, Fen, FundRows, Indicator, Program, Project, Value};
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
    /// §8 实际完成情况, when written.
    #[serde(skip_serializing_if = "Option::is_none")]
    achieved: Option<&'a str>,
    indicators: Vec<IndicatorOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    weights: Vec<WeightOut>,
    /// §8: present when any indicator carries an actual.
    #[serde(skip_serializing_if = "Option::is_none")]
    evaluation: Option<EvaluationOut>,
}

#[derive(Serialize)]
struct EvaluationOut {
    score: String,
    grade: &'static str,
    /// 执行率 in percent, two decimals (`96.94`); null without both amounts.
    execution_rate: Option<String>,
    execution_score: String,
}

/// §8 rows of 全年预算数 or 全年执行数, present when one is written.
#[derive(Serialize)]
struct RowsOut {
    appropriation: Option<String>,
    carryover: Option<String>,
    other: Option<String>,
}

fn rows(r: &FundRows) -> Option<RowsOut> {
    (r != &FundRows::default()).then(|| RowsOut {
        appropriation: money(r.appropriation),
        carryover: money(r.carryover),
        other: money(r.other),
    })
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
    #[serde(skip_serializing_if = "Option::is_none")]
    execution_rows: Option<RowsOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adjusted: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adjusted_rows: Option<RowsOut>,
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
    actual: Option<ActualOut<'a>>,
    /// §8: the 分值 the score is out of, when the project is evaluated.
    #[serde(skip_serializing_if = "Option::is_none")]
    weight_used: Option<String>,
    /// §8: the score when the project is evaluated (null when it cannot be scored).
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    deviation: Option<&'a str>,
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

/// §8 实际完成值, typed like `value`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum ActualOut<'a> {
    Quantitative {
        number: String,
        unit: Option<&'a str>,
        dimension: Option<String>,
    },
    Date {
        date: String,
    },
    /// 达成 / 部分达成 / 未达成.
    Achievement {
        text: &'static str,
    },
    /// Anything else (an error of the §8 checks, so never in a build's output).
    Text {
        text: &'a str,
    },
}

fn actual_out<'a>(a: &'a Actual) -> ActualOut<'a> {
    match a {
        Actual::Quantity(q) => ActualOut::Quantitative {
            number: q.number.to_string(),
            unit: q.unit.as_ref().map(|u| &*u.text),
            dimension: q.dimension().map(|d| d.to_string()),
        },
        Actual::Date(d) => ActualOut::Date {
            date: d.to_string(),
        },
        Actual::Achievement(w) => ActualOut::Achievement { text: w.as_str() },
        Actual::Text(t) => ActualOut::Text { text: t },
    }
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

fn indicator<'a>(
    files: &'a Files,
    p: &'a Project,
    i: &'a Indicator,
    eval: Option<&evaluate::IndicatorScore>,
) -> IndicatorOut<'a> {
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
        // As written, so that importing the JSON gives back the same file; the weight a
        // score is out of (a default or an equal share where none is written) is
        // `weight_used`.
        weight: i.weight().map(|w| w.to_string()),
        weight_used: eval.map(|e| form2(e.weight)),
        actual: i.actual().map(|a| actual_out(&a.value)),
        score: eval.map(|e| e.score.map(form2)),
        deviation: i.deviation(),
        source: Source {
            file: &files.get(p.file).name,
            line: files.get(p.file).line_of(i.name_span.start as usize),
        },
    }
}

fn project<'a>(files: &'a Files, p: &'a Project, eval: Option<&Evaluation>) -> ProjectOut<'a> {
    ProjectOut {
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
            execution_rows: rows(&p.funding.execution_rows),
            adjusted: money(p.funding.adjusted),
            adjusted_rows: rows(&p.funding.adjusted_rows),
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
        achieved: p.achieved_text(),
        indicators: p
            .indicators
            .iter()
            .enumerate()
            .map(|(k, i)| indicator(files, p, i, eval.map(|e| &e.indicators[k])))
            .collect(),
        weights: p
            .group_weights()
            .map(|(level1, level2, weight)| WeightOut {
                level1: level1.as_str(),
                level2: level2.map(|g| g.as_str()),
                weight: weight.to_string(),
            })
            .collect(),
        evaluation: eval.map(|e| EvaluationOut {
            score: form2(e.total),
            grade: e.grade.as_str(),
            execution_rate: e.execution.rate.map(form2),
            execution_score: form2(e.execution.score),
        }),
    }
}

/// The JSON document, pretty-printed, ending in a newline.
pub fn emit(files: &Files, program: &Program) -> String {
    let projects = program
        .projects
        .iter()
        .map(|p| {
            let eval = p.has_actuals().then(|| evaluate::evaluate(p));
            project(files, p, eval.as_ref())
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
