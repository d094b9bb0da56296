//! `perfc evaluate`: the 项目支出绩效自评表 (§8) of every project with actuals, then a
//! summary across projects. The scores come from `evaluate`; this module only lays them out.
//! As `report` does for the declaration, one typed layout (`SelfForm`) is drawn by every
//! format: as simple tables by the terminal and Markdown (`table::draw`, `markdown::draw`),
//! as a grid of merged cells by HTML and xlsx (`html::table`, `xlsx::evaluation_workbook`),
//! as rows by CSV and as the `perfc-evaluation/1` JSON document.

use rust_decimal::Decimal;
use serde::Serialize;

use super::html;
use super::report::{cell, group_label, label, level_labels, pick, span, CellValue, Grid};
use super::table::Simple;
use super::Options;
use crate::diag::Lang;
use crate::evaluate::{evaluate, form2, Evaluation, Grade, Unscored};
use crate::hierarchy::GroupName;
use crate::model::{Actual, Fen, FundRows, Program, Project};
use crate::Compilation;

/// An output format of `perfc evaluate --emit` (the doc lines are the CLI's help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    /// 终端表格 / tables for the terminal
    Table,
    /// Markdown 表格 / Markdown tables
    Markdown,
    /// 每个指标一行，另有预算执行率和总分行 / one row per indicator, plus execution and total rows
    Csv,
    /// 可打印的网页（A4），含得分图 / a print-ready page with a chart of the scores
    Html,
    /// Excel 工作簿：汇总表和每个项目一张自评表 / a workbook: the summary, then one sheet per project
    Xlsx,
    /// perfc-evaluation/1 JSON
    Json,
}

/// A project and, when it has actuals, its evaluation (`None`: 未自评).
pub struct Entry<'a> {
    pub project: &'a Project<'a>,
    pub evaluation: Option<Evaluation>,
}

/// Every project in input order, evaluated when it carries any 实际完成值.
pub fn entries<'a>(program: &Program<'a>) -> Vec<Entry<'a>> {
    program
        .projects
        .iter()
        .map(|p| Entry {
            project: p,
            evaluation: p.has_actuals().then(|| evaluate(p)),
        })
        .collect()
}

/// Produce one format for a compilation. Only xlsx can fail (its writer reports its own
/// errors).
pub fn emit(format: EvalFormat, c: &Compilation, opts: &Options) -> Result<Vec<u8>, String> {
    let program = c.program();
    let entries = entries(&program);
    render(format, program.year, &entries, opts)
}

/// Produce one format for evaluated entries.
pub fn render(
    format: EvalFormat,
    year: Option<i32>,
    entries: &[Entry],
    opts: &Options,
) -> Result<Vec<u8>, String> {
    Ok(match format {
        EvalFormat::Table => table(year, entries, opts).into_bytes(),
        EvalFormat::Markdown => markdown(year, entries, opts.lang).into_bytes(),
        EvalFormat::Csv => csv(entries, opts),
        EvalFormat::Html => html_page(year, entries, opts.lang).into_bytes(),
        EvalFormat::Xlsx => {
            let forms: Vec<(&str, Grid)> = evaluated(entries)
                .map(|(p, e)| {
                    (
                        &*p.name,
                        form_grid(&self_form(p, e, year, opts.lang), opts.lang),
                    )
                })
                .collect();
            super::xlsx::evaluation_workbook(
                year,
                &summary_grid(year, entries, opts.lang),
                &forms,
                opts.lang,
            )?
        }
        EvalFormat::Json => json(year, entries).into_bytes(),
    })
}

fn evaluated<'e, 'a>(
    entries: &'e [Entry<'a>],
) -> impl Iterator<Item = (&'a Project<'a>, &'e Evaluation)> + 'e {
    entries
        .iter()
        .filter_map(|e| e.evaluation.as_ref().map(|ev| (e.project, ev)))
}

/// A grade in the language of the labels (the JSON always says 优/良/中/差).
pub fn grade_label(g: Grade, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => g.as_str(),
        Lang::En => match g {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Fair => "fair",
            Grade::Poor => "poor",
        },
    }
}

/// `良（80–89.99）`, `good (80–89.99)`.
fn grade_with_band(g: Grade, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", g.as_str(), grade_band(g)),
        Lang::En => format!("{} ({})", grade_label(g, lang), grade_band(g)),
    }
}

/// The word for a project without any actual.
fn not_evaluated(lang: Lang) -> &'static str {
    pick("未自评", "not evaluated", lang)
}

/// The grade bands, as the summary explains them.
fn grade_band(g: Grade) -> &'static str {
    match g {
        Grade::Excellent => "≥ 90",
        Grade::Good => "80–89.99",
        Grade::Fair => "60–79.99",
        Grade::Poor => "< 60",
    }
}

// ---------------------------------------------------------------------------------------
// The layout

/// One row of the funding block: 年初预算数, 全年预算数, 全年执行数, and for the 年度资金总额
/// row the 分值, 执行率 and 得分 of 预算执行率.
#[derive(Debug, Clone, PartialEq)]
pub struct FundingRow {
    pub label: String,
    pub budget: Option<Fen>,
    pub adjusted: Option<Fen>,
    pub executed: Option<Fen>,
    pub weight: Option<Decimal>,
    pub rate: Option<Decimal>,
    pub score: Option<Decimal>,
}

/// One row of the indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub level1: GroupName,
    pub level2: GroupName,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: Decimal,
    /// `None` when the indicator could not be scored: a blank, not 0.00.
    pub score: Option<Decimal>,
    pub deviation: String,
}

/// One project's 自评表 as typed parts, in form order.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfForm {
    pub title: String,
    pub subtitle: String,
    /// 项目名称, 主管部门, 实施单位: (label, value).
    pub info: [(String, String); 3],
    /// The funding block's column labels after its row labels.
    pub funding_header: [String; 6],
    pub funding: Vec<FundingRow>,
    /// 预期目标 and 实际完成情况: labels, then texts.
    pub goal_header: [String; 2],
    pub goal: [String; 2],
    pub indicator_header: [String; 8],
    pub indicators: Vec<ScoreRow>,
    /// The 分值 of every indicator and of 预算执行率 (100 when the weights are complete).
    pub total_weight: Decimal,
    pub total: Decimal,
    pub grade: Grade,
}

/// The three rows under 全年预算数: the adjusted ones when `adjusted` is written, else the
/// 年初 rows (全年预算数 defaults to 年初预算数).
fn adjusted_rows(p: &Project) -> (Option<Fen>, FundRows) {
    let f = &p.funding;
    match f.adjusted {
        Some(a) => (Some(a), f.adjusted_rows),
        None => (
            f.annual,
            FundRows {
                appropriation: f.appropriation,
                carryover: f.carryover,
                other: f.other,
            },
        ),
    }
}

/// The typed layout of one project's 自评表.
pub fn self_form(p: &Project, e: &Evaluation, year: Option<i32>, lang: Lang) -> SelfForm {
    let l = |zh: &str, en: &str| pick(zh, en, lang).to_string();
    let f = &p.funding;
    let (adjusted, adj) = adjusted_rows(p);
    let exe = f.execution_rows;
    let x = &e.execution;
    let funding = vec![
        FundingRow {
            label: l("年度资金总额", "Annual funds"),
            budget: f.annual,
            adjusted,
            executed: f.execution,
            weight: Some(x.weight),
            rate: x.rate,
            score: Some(x.score),
        },
        FundingRow {
            label: l("其中：当年财政拨款", "of which appropriation"),
            budget: f.appropriation,
            adjusted: adj.appropriation,
            executed: exe.appropriation,
            weight: None,
            rate: None,
            score: None,
        },
        FundingRow {
            label: l("上年结转资金", "Carry-over"),
            budget: f.carryover,
            adjusted: adj.carryover,
            executed: exe.carryover,
            weight: None,
            rate: None,
            score: None,
        },
        FundingRow {
            label: l("其他资金", "Other"),
            budget: f.other,
            adjusted: adj.other,
            executed: exe.other,
            weight: None,
            rate: None,
            score: None,
        },
    ];
    let indicators: Vec<ScoreRow> = p
        .indicators
        .iter()
        .zip(&e.indicators)
        .map(|(i, s)| ScoreRow {
            level1: i.level1,
            level2: i.level2,
            name: i.name.to_string(),
            target: i.value.form_text(),
            actual: i.actual().map(|a| a.value.form_text()).unwrap_or_default(),
            weight: s.weight,
            score: s.score,
            deviation: i.deviation().unwrap_or_default().to_string(),
        })
        .collect();
    let total_weight = e
        .indicators
        .iter()
        .fold(x.weight, |acc, i| acc.checked_add(i.weight).unwrap_or(acc));
    let year = year.or(p.year).map(|y| y.to_string()).unwrap_or_default();
    SelfForm {
        title: l(
            "项目支出绩效自评表",
            "Project expenditure performance self-evaluation",
        ),
        subtitle: match lang {
            Lang::Zh if !year.is_empty() => format!("（{year}年度）"),
            Lang::En if !year.is_empty() => format!("({year})"),
            _ => String::new(),
        },
        info: [
            (l("项目名称", "Project"), p.name.to_string()),
            (
                l("主管部门", "Department"),
                p.department.as_deref().unwrap_or_default().to_string(),
            ),
            (
                l("实施单位", "Implementer"),
                p.implementer.as_deref().unwrap_or_default().to_string(),
            ),
        ],
        funding_header: [
            l("年初预算数", "Budget"),
            l("全年预算数", "Adjusted budget"),
            l("全年执行数", "Executed"),
            l("分值", "Weight"),
            l("执行率", "Execution rate"),
            l("得分", "Score"),
        ],
        funding,
        goal_header: [l("预期目标", "Expected"), l("实际完成情况", "Achieved")],
        goal: [
            p.goal_text().unwrap_or_default().to_string(),
            p.achieved_text().unwrap_or_default().to_string(),
        ],
        indicator_header: [
            l("一级指标", "Level 1"),
            l("二级指标", "Level 2"),
            l("三级指标", "Indicator"),
            l("年度指标值", "Target"),
            l("实际完成值", "Actual"),
            l("分值", "Weight"),
            l("得分", "Score"),
            l(
                "偏差原因分析及改进措施",
                "Reasons for shortfall and remedies",
            ),
        ],
        indicators,
        total_weight,
        total: e.total,
        grade: e.grade,
    }
}

fn money_text(f: Option<Fen>) -> String {
    f.map(Fen::grouped).unwrap_or_default()
}
fn points_text(d: Option<Decimal>) -> String {
    d.map(form2).unwrap_or_default()
}
fn percent_text(d: Option<Decimal>) -> String {
    d.map(|d| format!("{}%", form2(d))).unwrap_or_default()
}

/// The caption of a form, as `table::project_tables` joins title and subtitle.
fn caption(title: &str, subtitle: &str, lang: Lang) -> String {
    match (lang, subtitle.is_empty()) {
        (Lang::En, false) => format!("{title} {subtitle}"),
        _ => format!("{title}{subtitle}"),
    }
}

/// A project's 自评表 as simple tables: information, funding, goal, indicators with the
/// 总分 and 等级 rows.
pub fn form_tables(f: &SelfForm, lang: Lang) -> Vec<Simple> {
    let l = |zh: &str, en: &str| pick(zh, en, lang).to_string();
    let info = f
        .info
        .iter()
        .map(|(k, v)| vec![k.clone(), v.clone()])
        .collect();
    let mut funding_header = vec![String::new()];
    funding_header.extend(f.funding_header.iter().cloned());
    let funding = f
        .funding
        .iter()
        .map(|r| {
            vec![
                r.label.clone(),
                money_text(r.budget),
                money_text(r.adjusted),
                money_text(r.executed),
                points_text(r.weight),
                percent_text(r.rate),
                points_text(r.score),
            ]
        })
        .collect();
    let mut rows = Vec::new();
    let mut last = None;
    for i in &f.indicators {
        let (l1, l2) = level_labels(&mut last, i.level1, i.level2, lang);
        rows.push(vec![
            l1,
            l2,
            i.name.clone(),
            i.target.clone(),
            i.actual.clone(),
            form2(i.weight),
            points_text(i.score),
            i.deviation.clone(),
        ]);
    }
    let blank = String::new;
    rows.push(vec![
        l("总分", "Total"),
        blank(),
        blank(),
        blank(),
        blank(),
        form2(f.total_weight),
        form2(f.total),
        blank(),
    ]);
    rows.push(vec![
        l("等级", "Grade"),
        blank(),
        blank(),
        blank(),
        blank(),
        blank(),
        grade_label(f.grade, lang).to_string(),
        blank(),
    ]);
    vec![
        Simple {
            caption: caption(&f.title, &f.subtitle, lang),
            section: l("基本信息", "Project"),
            header: Vec::new(),
            rows: info,
            numeric: vec![],
            condensed: false,
        },
        Simple {
            caption: String::new(),
            section: l("预算执行情况（元）", "Budget execution (元)"),
            header: funding_header,
            rows: funding,
            numeric: (1..7).collect(),
            condensed: false,
        },
        Simple {
            caption: String::new(),
            section: l("年度总体目标", "Goal for the year"),
            header: f.goal_header.to_vec(),
            rows: vec![f.goal.to_vec()],
            numeric: vec![],
            condensed: false,
        },
        Simple {
            caption: String::new(),
            section: l("绩效指标", "Indicators"),
            header: f.indicator_header.to_vec(),
            rows,
            numeric: vec![5, 6],
            condensed: true,
        },
    ]
}

/// How many evaluated projects have each grade, and how many were not evaluated.
fn grade_counts(entries: &[Entry]) -> ([usize; 4], usize) {
    let mut counts = [0; 4];
    let mut missing = 0;
    for e in entries {
        match &e.evaluation {
            Some(ev) => {
                if let Some(k) = Grade::ALL.iter().position(|g| *g == ev.grade) {
                    counts[k] += 1;
                }
            }
            None => missing += 1,
        }
    }
    (counts, missing)
}

fn summary_title(year: Option<i32>, lang: Lang) -> (String, String) {
    let year = year.map(|y| y.to_string()).unwrap_or_default();
    (
        pick("绩效自评汇总表", "Summary of self-evaluations", lang).to_string(),
        match lang {
            Lang::Zh if !year.is_empty() => format!("（{year}年度）"),
            Lang::En if !year.is_empty() => format!("({year})"),
            _ => String::new(),
        },
    )
}

/// The summary as two simple tables: each project's score and grade, then the count per
/// grade.
pub fn summary_tables(year: Option<i32>, entries: &[Entry], lang: Lang) -> Vec<Simple> {
    let l = |zh: &str, en: &str| pick(zh, en, lang).to_string();
    let (title, subtitle) = summary_title(year, lang);
    let rows = entries
        .iter()
        .map(|e| match &e.evaluation {
            Some(ev) => vec![
                e.project.name.to_string(),
                percent_text(ev.execution.rate),
                form2(ev.total),
                grade_label(ev.grade, lang).to_string(),
            ],
            None => vec![
                e.project.name.to_string(),
                String::new(),
                String::new(),
                not_evaluated(lang).to_string(),
            ],
        })
        .collect();
    let (counts, missing) = grade_counts(entries);
    let mut count_rows: Vec<Vec<String>> = Grade::ALL
        .iter()
        .zip(counts)
        .map(|(g, n)| vec![grade_with_band(*g, lang), n.to_string()])
        .collect();
    count_rows.push(vec![not_evaluated(lang).to_string(), missing.to_string()]);
    count_rows.push(vec![l("合计", "Total"), entries.len().to_string()]);
    vec![
        Simple {
            caption: caption(&title, &subtitle, lang),
            section: l("各项目得分", "Scores by project"),
            header: vec![
                l("项目名称", "Project"),
                l("预算执行率", "Execution rate"),
                l("总分", "Total"),
                l("等级", "Grade"),
            ],
            rows,
            numeric: vec![1, 2],
            condensed: true,
        },
        Simple {
            caption: String::new(),
            section: l("等级分布", "Projects by grade"),
            header: vec![l("等级", "Grade"), l("项目数", "Projects")],
            rows: count_rows,
            numeric: vec![1],
            condensed: true,
        },
    ]
}

// ---------------------------------------------------------------------------------------
// Terminal and Markdown

fn table(year: Option<i32>, entries: &[Entry], opts: &Options) -> String {
    let mut out = String::new();
    for (p, e) in evaluated(entries) {
        for t in form_tables(&self_form(p, e, year, opts.lang), opts.lang) {
            out.push_str(&super::table::draw(&t, opts.width));
        }
        out.push('\n');
    }
    for t in summary_tables(year, entries, opts.lang) {
        out.push_str(&super::table::draw(&t, opts.width));
    }
    out
}

fn markdown(year: Option<i32>, entries: &[Entry], lang: Lang) -> String {
    let mut out = String::new();
    for (p, e) in evaluated(entries) {
        for t in form_tables(&self_form(p, e, year, lang), lang) {
            super::markdown::draw(&t, Some(&p.name), lang, &mut out);
        }
    }
    for t in summary_tables(year, entries, lang) {
        super::markdown::draw(&t, None, lang, &mut out);
    }
    out
}

// ---------------------------------------------------------------------------------------
// Grids for HTML and xlsx

/// A project's 自评表 as a grid of nine columns: a label column on the left, then the
/// eight columns of the indicator table, the funding and goal blocks fitted to them.
pub fn form_grid(f: &SelfForm, lang: Lang) -> Grid {
    let lab = |s: &str| CellValue::Label(s.to_string());
    let text = |s: &str| {
        if s.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(s.to_string())
        }
    };
    let points = |d: Option<Decimal>| d.map_or(CellValue::Empty, CellValue::Points);
    let mut rows = Vec::new();
    let [(name_l, name), (dept_l, dept), (impl_l, implementer)] = &f.info;
    rows.push(vec![cell(lab(name_l)), span(text(name), 8, 1)]);
    rows.push(vec![
        cell(lab(dept_l)),
        span(text(dept), 4, 1),
        cell(lab(impl_l)),
        span(text(implementer), 3, 1),
    ]);
    // Funding: the block's label down the left, a header row, then its four rows.
    let mut header = vec![span(
        lab(pick("项目资金（元）", "Funding (元)", lang)),
        1,
        f.funding.len() + 1,
    )];
    // Its columns line up with the indicator table's: 得分 stands over 得分, so the score
    // column of the sheet holds every part of the 总分.
    header.push(cell(CellValue::Empty));
    header.extend(f.funding_header.iter().map(|h| cell(lab(h))));
    header.push(cell(CellValue::Empty));
    rows.push(header);
    for r in &f.funding {
        rows.push(vec![
            cell(lab(&r.label)),
            cell(CellValue::Money(r.budget)),
            cell(CellValue::Money(r.adjusted)),
            cell(CellValue::Money(r.executed)),
            cell(points(r.weight)),
            cell(r.rate.map_or(CellValue::Empty, CellValue::Percent)),
            cell(points(r.score)),
            cell(CellValue::Empty),
        ]);
    }
    let pick_form = |a: &'static str, b: &'static str| pick(a, b, lang);
    rows.push(vec![
        span(lab(pick_form("年度总体目标", "Goal for the year")), 1, 2),
        span(lab(&f.goal_header[0]), 4, 1),
        span(lab(&f.goal_header[1]), 4, 1),
    ]);
    rows.push(vec![
        span(text(&f.goal[0]), 4, 1),
        span(text(&f.goal[1]), 4, 1),
    ]);
    // Indicators: 一级 and 二级 cells merged over their runs, as in `report::project_grid`.
    let inds = &f.indicators;
    let mut header = vec![span(
        lab(pick_form("绩效指标", "Indicators")),
        1,
        inds.len() + 1,
    )];
    header.extend(f.indicator_header.iter().map(|h| cell(lab(h))));
    rows.push(header);
    for (i, ind) in inds.iter().enumerate() {
        let mut row = Vec::new();
        let new_level1 = i == 0 || inds[i - 1].level1 != ind.level1;
        if new_level1 {
            let run = inds[i..]
                .iter()
                .take_while(|j| j.level1 == ind.level1)
                .count();
            row.push(span(
                CellValue::Text(group_label(ind.level1, lang).into()),
                1,
                run,
            ));
        }
        if new_level1 || inds[i - 1].level2 != ind.level2 {
            let run = inds[i..]
                .iter()
                .take_while(|j| j.level1 == ind.level1 && j.level2 == ind.level2)
                .count();
            row.push(span(
                CellValue::Text(group_label(ind.level2, lang).into()),
                1,
                run,
            ));
        }
        row.extend([
            cell(text(&ind.name)),
            cell(text(&ind.target)),
            cell(text(&ind.actual)),
            cell(CellValue::Points(ind.weight)),
            cell(points(ind.score)),
            cell(text(&ind.deviation)),
        ]);
        rows.push(row);
    }
    rows.push(vec![
        span(lab(pick_form("总分", "Total")), 6, 1),
        cell(CellValue::Points(f.total_weight)),
        cell(CellValue::Points(f.total)),
        cell(CellValue::Empty),
    ]);
    rows.push(vec![
        span(lab(pick_form("等级", "Grade")), 6, 1),
        span(CellValue::Text(grade_label(f.grade, lang).into()), 3, 1),
    ]);
    Grid {
        title: f.title.clone(),
        subtitle: f.subtitle.clone(),
        columns: 9,
        rows,
        widths: vec![10, 12, 12, 16, 13, 12, 9, 8, 20],
    }
}

/// The summary as a grid of five columns: each project with its 实施单位, 预算执行率,
/// 总分 and 等级, then the count per grade.
pub fn summary_grid(year: Option<i32>, entries: &[Entry], lang: Lang) -> Grid {
    let l = |zh, en| label(zh, en, lang);
    let (title, subtitle) = summary_title(year, lang);
    let mut rows = vec![vec![
        cell(l("项目名称", "Project")),
        cell(l("实施单位", "Implementer")),
        cell(l("预算执行率", "Execution rate")),
        cell(l("总分", "Total")),
        cell(l("等级", "Grade")),
    ]];
    for e in entries {
        let p = e.project;
        let implementer = p
            .implementer
            .as_deref()
            .map_or(CellValue::Empty, |s| CellValue::Text(s.to_string()));
        let mut row = vec![cell(CellValue::Text(p.name.to_string())), cell(implementer)];
        match &e.evaluation {
            Some(ev) => row.extend([
                cell(
                    ev.execution
                        .rate
                        .map_or(CellValue::Empty, CellValue::Percent),
                ),
                cell(CellValue::Points(ev.total)),
                cell(CellValue::Text(grade_label(ev.grade, lang).into())),
            ]),
            None => row.extend([
                cell(CellValue::Empty),
                cell(CellValue::Empty),
                cell(CellValue::Text(not_evaluated(lang).into())),
            ]),
        }
        rows.push(row);
    }
    let (counts, missing) = grade_counts(entries);
    rows.push(vec![
        span(l("等级", "Grade"), 3, 1),
        span(l("项目数", "Projects"), 2, 1),
    ]);
    for (g, n) in Grade::ALL.iter().zip(counts) {
        rows.push(vec![
            span(CellValue::Text(grade_with_band(*g, lang)), 3, 1),
            span(CellValue::Count(n), 2, 1),
        ]);
    }
    rows.push(vec![
        span(CellValue::Text(not_evaluated(lang).into()), 3, 1),
        span(CellValue::Count(missing), 2, 1),
    ]);
    rows.push(vec![
        span(l("合计", "Total"), 3, 1),
        span(CellValue::Count(entries.len()), 2, 1),
    ]);
    Grid {
        title,
        subtitle,
        columns: 5,
        rows,
        widths: vec![30, 24, 12, 10, 10],
    }
}

// ---------------------------------------------------------------------------------------
// HTML

/// What the 自评 page adds to the declaration page's style: the summary stays portrait
/// (five columns), and the chart's bars and grade lines.
const EVAL_CSS: &str = r#"section.eval-summary { page: auto; }
table.eval-summary-grid { max-width: 180mm; margin: 0 auto; }
svg line.band { stroke: #888; stroke-dasharray: 4 3; stroke-width: 1; }
svg line.axis { stroke: #000; stroke-width: 1; }
svg text.band { font-size: 12px; fill: #555; }
"#;

fn html_page(year: Option<i32>, entries: &[Entry], lang: Lang) -> String {
    let summary = summary_grid(year, entries, lang);
    let mut out = String::new();
    html::page_head(&mut out, &summary, EVAL_CSS, lang);
    for (k, (p, e)) in evaluated(entries).enumerate() {
        let grid = form_grid(&self_form(p, e, year, lang), lang);
        let id = format!("project-{}-title", k + 1);
        out.push_str(&format!(
            "<section class=\"form\" id=\"project-{}\" aria-labelledby=\"{id}\">\n",
            k + 1
        ));
        html::heading(&mut out, &grid, &id);
        html::table(&mut out, &grid, "grid project-grid", 0, &id, true);
        out.push_str("</section>\n");
    }
    out.push_str("<section class=\"eval-summary\" aria-labelledby=\"summary-title\">\n");
    html::heading(&mut out, &summary, "summary-title");
    html::table(
        &mut out,
        &summary,
        "grid eval-summary-grid",
        1,
        "summary-title",
        true,
    );
    chart(&mut out, entries, lang);
    out.push_str("</section>\n</body>\n</html>\n");
    out
}

/// Chart geometry in viewBox units (the SVG scales to the page width, at most 180 mm):
/// narrower than the declaration's chart, whose amounts need the room, so that its text
/// prints at about the size of the table's.
const CHART_WIDTH: f64 = 700.0;
const ROW_HEIGHT: f64 = 30.0;
const BAR_HEIGHT: f64 = 18.0;
const PAD: f64 = 10.0;
const FONT: f64 = 14.0;
/// Room right of a full bar for its score and grade (`100.00 优`).
const SCORE_ROOM: f64 = 120.0;
/// Room under the bars for the band labels (60, 80, 90).
const AXIS_ROOM: f64 = 24.0;

/// A horizontal bar chart of each project's 总分 on a 0–100 scale, with dashed lines at the
/// grade boundaries (60, 80, 90); a project not evaluated has no bar but the word. An image
/// to screen readers, so its `<desc>` lists every score.
fn chart(out: &mut String, entries: &[Entry], lang: Lang) {
    let caption = pick("各项目自评得分", "Self-evaluation score by project", lang);
    if entries.is_empty() {
        return;
    }
    let longest = entries
        .iter()
        .map(|e| html::text_width(&e.project.name))
        .fold(0.0, f64::max);
    let label_w = (longest + 12.0).clamp(120.0, 400.0);
    let bar_max = CHART_WIDTH - label_w - SCORE_ROOM;
    let top_of_axis = PAD + ROW_HEIGHT * entries.len() as f64;
    let height = top_of_axis + AXIS_ROOM + PAD;
    let score_text = |e: &Entry| match &e.evaluation {
        Some(ev) => format!("{} {}", form2(ev.total), grade_label(ev.grade, lang)),
        None => not_evaluated(lang).to_string(),
    };
    let desc: Vec<String> = entries
        .iter()
        .map(|e| {
            format!(
                "{}{}{}",
                e.project.name,
                pick("：", ": ", lang),
                score_text(e)
            )
        })
        .collect();
    out.push_str("<figure class=\"chart\">\n");
    out.push_str(&format!(
        "<figcaption id=\"chart-caption\">{}</figcaption>\n",
        html::esc(caption)
    ));
    out.push_str(&format!(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" \
         preserveAspectRatio=\"xMidYMin meet\">\n",
        html::num(CHART_WIDTH),
        html::num(height)
    ));
    out.push_str(&format!(
        "<title id=\"chart-title\">{}</title>\n<desc id=\"chart-desc\">{}</desc>\n",
        html::esc(caption),
        html::esc(&desc.join(pick("；", "; ", lang)))
    ));
    let x_of = |score: f64| label_w + score.clamp(0.0, 100.0) / 100.0 * bar_max;
    for band in [60.0, 80.0, 90.0] {
        let x = html::num(x_of(band));
        out.push_str(&format!(
            "<line class=\"band\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <text class=\"band\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{band}</text>\n",
            html::num(PAD),
            html::num(top_of_axis),
            html::num(top_of_axis + 16.0),
        ));
    }
    out.push_str(&format!(
        "<line class=\"axis\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\n",
        html::num(PAD),
        html::num(top_of_axis),
        x = html::num(label_w),
    ));
    for (i, e) in entries.iter().enumerate() {
        let top = PAD + ROW_HEIGHT * i as f64;
        let bar_y = top + (ROW_HEIGHT - BAR_HEIGHT) / 2.0;
        let baseline = top + ROW_HEIGHT / 2.0 + FONT * 0.35;
        let name = &e.project.name;
        let squeeze = if html::text_width(name) > label_w - 12.0 {
            format!(
                " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"",
                html::num(label_w - 12.0)
            )
        } else {
            String::new()
        };
        out.push_str("<g>");
        out.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"{squeeze}>{}</text>",
            html::num(label_w - 8.0),
            html::num(baseline),
            html::esc(name)
        ));
        match &e.evaluation {
            Some(ev) => {
                // Scores are 0–100 with two decimals: exact enough as a length.
                let score: f64 = form2(ev.total).parse().unwrap_or(0.0);
                let end = x_of(score);
                if end > label_w {
                    out.push_str(&format!(
                        "<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                        html::num(label_w),
                        html::num(bar_y),
                        html::num(end - label_w),
                        html::num(BAR_HEIGHT)
                    ));
                }
                out.push_str(&format!(
                    "<text x=\"{}\" y=\"{}\">{}</text>",
                    html::num(end + 6.0),
                    html::num(baseline),
                    html::esc(&score_text(e))
                ));
            }
            None => out.push_str(&format!(
                "<text class=\"missing\" x=\"{}\" y=\"{}\">{}</text>",
                html::num(label_w + 6.0),
                html::num(baseline),
                html::esc(not_evaluated(lang))
            )),
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n</figure>\n");
}

// ---------------------------------------------------------------------------------------
// CSV

/// One row per indicator with its project's name, then the project's 预算执行率 row and its
/// 总分 row. The 得分 column holds the indicator and execution scores only, so summing it
/// for a project gives its 总分, which stands in a column of its own on the 总分 row (with
/// the 等级); the 分值 column likewise sums to 100. A project without actuals has only its
/// 总分 row, graded 未自评.
fn csv(entries: &[Entry], opts: &Options) -> Vec<u8> {
    use super::csv::{finish, neutralise, writer};
    let lang = opts.lang;
    let l = |zh: &'static str, en: &'static str| pick(zh, en, lang);
    let mut w = writer(opts);
    let header = [
        l("项目名称", "project"),
        l("行", "row"),
        l("一级指标", "level1"),
        l("二级指标", "level2"),
        l("三级指标", "indicator"),
        l("年度指标值", "target"),
        l("实际完成值", "actual"),
        l("分值", "weight"),
        l("得分", "score"),
        l("总分", "total"),
        l("等级", "grade"),
        l("偏差原因分析及改进措施", "deviation"),
    ];
    let _ = w.write_record(header);
    let (kind_indicator, kind_execution, kind_total) = (
        l("指标", "indicator"),
        l("预算执行率", "execution"),
        l("总分", "total"),
    );
    for e in entries {
        let p = e.project;
        let name = neutralise(&p.name);
        let Some(ev) = &e.evaluation else {
            let mut row: [String; 12] = Default::default();
            row[0] = name;
            row[1] = kind_total.to_string();
            row[10] = not_evaluated(lang).to_string();
            let _ = w.write_record(&row);
            continue;
        };
        for (i, s) in p.indicators.iter().zip(&ev.indicators) {
            let _ = w.write_record([
                name.clone(),
                kind_indicator.to_string(),
                group_label(i.level1, lang).to_string(),
                group_label(i.level2, lang).to_string(),
                neutralise(&i.name),
                neutralise(&i.value.form_text()),
                neutralise(&i.actual().map(|a| a.value.form_text()).unwrap_or_default()),
                form2(s.weight),
                points_text(s.score),
                String::new(),
                String::new(),
                neutralise(i.deviation().unwrap_or_default()),
            ]);
        }
        let x = &ev.execution;
        let _ = w.write_record([
            name.clone(),
            kind_execution.to_string(),
            String::new(),
            String::new(),
            l("预算执行率", "budget execution rate").to_string(),
            String::new(),
            percent_text(x.rate),
            form2(x.weight),
            form2(x.score),
            String::new(),
            String::new(),
            String::new(),
        ]);
        let _ = w.write_record([
            name,
            kind_total.to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            form2(ev.total),
            grade_label(ev.grade, lang).to_string(),
            String::new(),
        ]);
    }
    finish(w)
}

// ---------------------------------------------------------------------------------------
// JSON

#[derive(Serialize)]
struct DocOut<'a> {
    format: &'static str,
    year: Option<i32>,
    projects: Vec<ProjectOut<'a>>,
    summary: SummaryOut<'a>,
}

#[derive(Serialize)]
struct ProjectOut<'a> {
    name: &'a str,
    department: Option<&'a str>,
    implementer: Option<&'a str>,
    /// `null` for a project without any actual (未自评).
    evaluation: Option<EvaluationOut>,
    funding: FundingOut,
    goal: Option<&'a str>,
    achieved: Option<&'a str>,
    indicators: Vec<IndicatorOut<'a>>,
}

#[derive(Serialize)]
struct EvaluationOut {
    score: String,
    grade: &'static str,
    execution_rate: Option<String>,
    execution_score: String,
    execution_weight: String,
    weight: String,
}

#[derive(Serialize)]
struct FundingOut {
    budget: ColumnOut,
    adjusted: ColumnOut,
    execution: ColumnOut,
}

/// One column of the funding block: its 年度资金总额 and the three rows.
#[derive(Serialize)]
struct ColumnOut {
    total: Option<String>,
    appropriation: Option<String>,
    carryover: Option<String>,
    other: Option<String>,
}

#[derive(Serialize)]
struct IndicatorOut<'a> {
    level1: &'static str,
    level2: &'static str,
    name: &'a str,
    target: String,
    actual: Option<ActualOut<'a>>,
    weight: String,
    score: Option<String>,
    unscored: Option<&'static str>,
    deviation: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum ActualOut<'a> {
    Quantitative {
        number: String,
        unit: Option<&'a str>,
    },
    Date {
        date: String,
    },
    Achievement {
        text: &'static str,
    },
    Text {
        text: &'a str,
    },
}

#[derive(Serialize)]
struct SummaryOut<'a> {
    projects: usize,
    evaluated: usize,
    grades: GradesOut,
    not_evaluated: Vec<&'a str>,
}

#[derive(Serialize)]
struct GradesOut {
    #[serde(rename = "优")]
    excellent: usize,
    #[serde(rename = "良")]
    good: usize,
    #[serde(rename = "中")]
    fair: usize,
    #[serde(rename = "差")]
    poor: usize,
}

fn money(f: Option<Fen>) -> Option<String> {
    f.map(|f| f.to_string())
}

fn unscored_name(u: Unscored) -> &'static str {
    match u {
        Unscored::NoActual => "no-actual",
        Unscored::NoTarget => "no-target",
        Unscored::DimensionMismatch => "dimension-mismatch",
        Unscored::WrongKind => "wrong-kind",
        Unscored::NotAnAchievement => "not-an-achievement",
        Unscored::Overflow => "overflow",
    }
}

fn actual_out<'a>(a: &'a Actual<'a>) -> ActualOut<'a> {
    match a {
        Actual::Quantity(q) => ActualOut::Quantitative {
            number: q.number.to_string(),
            unit: q.unit.as_ref().map(|u| &*u.text),
        },
        Actual::Date(d) => ActualOut::Date {
            date: d.to_string(),
        },
        Actual::Achievement(w) => ActualOut::Achievement { text: w.as_str() },
        Actual::Text(t) => ActualOut::Text { text: t },
    }
}

fn json(year: Option<i32>, entries: &[Entry]) -> String {
    let projects = entries
        .iter()
        .map(|e| {
            let p = e.project;
            let f = &p.funding;
            let (adjusted, adj) = adjusted_rows(p);
            let indicators = match &e.evaluation {
                Some(ev) => p
                    .indicators
                    .iter()
                    .zip(&ev.indicators)
                    .map(|(i, s)| IndicatorOut {
                        level1: i.level1.as_str(),
                        level2: i.level2.as_str(),
                        name: &i.name,
                        target: i.value.form_text(),
                        actual: i.actual().map(|a| actual_out(&a.value)),
                        weight: form2(s.weight),
                        score: s.score.map(form2),
                        unscored: s.unscored.map(unscored_name),
                        deviation: i.deviation(),
                    })
                    .collect(),
                None => Vec::new(),
            };
            ProjectOut {
                name: &p.name,
                department: p.department.as_deref(),
                implementer: p.implementer.as_deref(),
                evaluation: e.evaluation.as_ref().map(|ev| EvaluationOut {
                    score: form2(ev.total),
                    grade: ev.grade.as_str(),
                    execution_rate: ev.execution.rate.map(form2),
                    execution_score: form2(ev.execution.score),
                    execution_weight: form2(ev.execution.weight),
                    weight: form2(ev.indicators.iter().fold(ev.execution.weight, |acc, i| {
                        acc.checked_add(i.weight).unwrap_or(acc)
                    })),
                }),
                funding: FundingOut {
                    budget: ColumnOut {
                        total: money(f.annual),
                        appropriation: money(f.appropriation),
                        carryover: money(f.carryover),
                        other: money(f.other),
                    },
                    adjusted: ColumnOut {
                        total: money(adjusted),
                        appropriation: money(adj.appropriation),
                        carryover: money(adj.carryover),
                        other: money(adj.other),
                    },
                    execution: ColumnOut {
                        total: money(f.execution),
                        appropriation: money(f.execution_rows.appropriation),
                        carryover: money(f.execution_rows.carryover),
                        other: money(f.execution_rows.other),
                    },
                },
                goal: p.goal_text(),
                achieved: p.achieved_text(),
                indicators,
            }
        })
        .collect();
    let (counts, _) = grade_counts(entries);
    let doc = DocOut {
        format: "perfc-evaluation/1",
        year,
        projects,
        summary: SummaryOut {
            projects: entries.len(),
            evaluated: entries.iter().filter(|e| e.evaluation.is_some()).count(),
            grades: GradesOut {
                excellent: counts[0],
                good: counts[1],
                fair: counts[2],
                poor: counts[3],
            },
            not_evaluated: entries
                .iter()
                .filter(|e| e.evaluation.is_none())
                .map(|e| &*e.project.name)
                .collect(),
        },
    };
    // Serialising strings, numbers and options cannot fail.
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_grid_row_fills_the_columns_exactly() {
        let c = crate::compile_str("t.perf", include_str!("../../tests/evaluate/2024.perf"));
        let program = c.program();
        let entries = entries(&program);
        let mut grids = vec![summary_grid(program.year, &entries, Lang::Zh)];
        for (p, e) in evaluated(&entries) {
            for lang in [Lang::Zh, Lang::En] {
                grids.push(form_grid(&self_form(p, e, program.year, lang), lang));
            }
        }
        assert_eq!(grids.len(), 3);
        for grid in grids {
            assert!(grid.tiles_exactly(), "{}", grid.title);
        }
    }
}
