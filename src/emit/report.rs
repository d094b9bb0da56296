//! The shared shape of the submission forms: the 汇总表 (one row per project and a total)
//! and each project's 申报表 as a grid of cells with merged spans, in the official layout.
//! Every emitter that draws a form (table, Markdown, HTML, xlsx) starts from these, so the
//! layouts cannot drift apart; each only decides how to draw a grid.

use crate::diag::Lang;
use crate::hierarchy::GroupName;
use crate::model::{Date, Fen, Program, Project, Value};

/// What a cell holds, so each emitter can format it (money right-aligned with two decimals,
/// labels bold …).
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// A form label (`项目名称`).
    Label(String),
    /// Text as written.
    Text(String),
    /// Money in 分; `None` is a blank money cell.
    Money(Option<Fen>),
    /// A calendar date (`2024-12-31`), which a spreadsheet keeps as a date.
    Date(Date),
    /// A whole number (counts of indicators).
    Count(usize),
    Empty,
}

impl CellValue {
    /// The cell as plain text (money as `450,000.00`).
    pub fn display(&self) -> String {
        match self {
            CellValue::Label(s) | CellValue::Text(s) => s.clone(),
            CellValue::Money(Some(f)) => f.grouped(),
            CellValue::Date(d) => d.to_string(),
            CellValue::Money(None) | CellValue::Empty => String::new(),
            CellValue::Count(n) => n.to_string(),
        }
    }
}

/// A cell and how many columns and rows it spans from its top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: CellValue,
    pub colspan: usize,
    pub rowspan: usize,
}

/// A rectangular layout: `rows[r]` lists the cells that START in row r, left to right;
/// positions covered by a span from above are simply absent, as in HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub title: String,
    pub subtitle: String,
    pub columns: usize,
    pub rows: Vec<Vec<Cell>>,
    /// Relative column widths, for emitters that size columns.
    pub widths: Vec<u16>,
}

impl Grid {
    /// Every cell with its (row, column) position, spans resolved.
    pub fn positioned(&self) -> Vec<(usize, usize, &Cell)> {
        let mut covered = vec![vec![false; self.columns]; self.rows.len()];
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < self.columns && covered[r][c] {
                    c += 1;
                }
                if c >= self.columns {
                    break;
                }
                for row in covered.iter_mut().skip(r).take(cell.rowspan) {
                    for slot in row.iter_mut().skip(c).take(cell.colspan) {
                        *slot = true;
                    }
                }
                out.push((r, c, cell));
                c += cell.colspan;
            }
        }
        out
    }
}

fn cell(value: CellValue) -> Cell {
    Cell {
        value,
        colspan: 1,
        rowspan: 1,
    }
}
fn span(value: CellValue, colspan: usize, rowspan: usize) -> Cell {
    Cell {
        value,
        colspan,
        rowspan,
    }
}
fn label(zh: &str, en: &str, lang: Lang) -> CellValue {
    CellValue::Label(pick(zh, en, lang).to_string())
}
fn text(s: Option<&str>) -> CellValue {
    match s {
        Some(s) => CellValue::Text(s.to_string()),
        None => CellValue::Empty,
    }
}
pub fn pick<'a>(zh: &'a str, en: &'a str, lang: Lang) -> &'a str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// A 一级 / 二级 group name as the form prints it in the chosen language.
pub fn group_label(g: GroupName, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => g.form_name(),
        Lang::En => g.as_str(),
    }
}

/// The indicator counts per 一级 group that the 汇总表 shows.
pub const COUNTED: [GroupName; 4] = [
    GroupName::Output,
    GroupName::Benefit,
    GroupName::Satisfaction,
    GroupName::Cost,
];

/// One project's row of the 汇总表.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow<'a> {
    pub project: &'a Project<'a>,
    pub counts: [usize; 4],
}

impl<'a> SummaryRow<'a> {
    pub fn new(project: &'a Project<'a>) -> SummaryRow<'a> {
        let mut counts = [0; 4];
        for i in &project.indicators {
            if let Some(k) = COUNTED.iter().position(|g| *g == i.level1) {
                counts[k] += 1;
            }
        }
        SummaryRow { project, counts }
    }
}

/// The money columns of the 汇总表, in order: (zh, en, column of the model).
pub type MoneyColumn = (&'static str, &'static str, fn(&Project) -> Option<Fen>);
pub const MONEY_COLUMNS: [MoneyColumn; 7] = [
    ("项目资金总额", "total", |p| p.funding.total),
    ("财政资金", "fiscal", |p| p.funding.fiscal),
    ("其他资金（总额）", "other (total)", |p| {
        p.funding.total_other
    }),
    ("年度资金申请总额", "annual", |p| p.funding.annual),
    ("当年财政拨款", "appropriation", |p| {
        p.funding.appropriation
    }),
    ("上年结转资金", "carryover", |p| p.funding.carryover),
    ("其他资金", "other", |p| p.funding.other),
];

/// The text columns of the 汇总表 before the money: (zh, en).
pub const SUMMARY_TEXT_COLUMNS: [(&str, &str); 7] = [
    ("项目名称", "project"),
    ("项目性质", "nature"),
    ("项目类别", "category"),
    ("主管部门", "department"),
    ("实施单位", "implementer"),
    ("计划开始日期", "start"),
    ("计划完成日期", "end"),
];

/// The count columns after the money: (zh, en).
pub const SUMMARY_COUNT_COLUMNS: [(&str, &str); 5] = [
    ("产出指标数", "output indicators"),
    ("效益指标数", "benefit indicators"),
    ("满意度指标数", "satisfaction indicators"),
    ("成本指标数", "cost indicators"),
    ("指标总数", "indicators"),
];

/// The cells of a project's summary row before the money: five texts and the two dates.
pub fn summary_info(p: &Project) -> [CellValue; 7] {
    let s = |o: Option<&str>| CellValue::Text(o.unwrap_or_default().to_string());
    [
        CellValue::Text(p.name.to_string()),
        s(p.nature_text()),
        s(p.category_text()),
        s(p.department.as_deref()),
        s(p.implementer.as_deref()),
        date(p.start_date()),
        date(p.end_date()),
    ]
}

fn date(d: Option<Date>) -> CellValue {
    d.map_or(CellValue::Empty, CellValue::Date)
}

/// An indicator's 年度指标值 cell: a deadline that is one date and nothing more is that date,
/// so a spreadsheet sorts and filters it as one; any other value is the form's text.
fn target(v: &Value) -> CellValue {
    match v {
        Value::Deadline { dates, text: None } if dates.len() == 1 => CellValue::Date(dates[0]),
        v => CellValue::Text(v.form_text()),
    }
}

/// Sum of one money column over all projects, a blank cell counting as 0.00: the one total
/// the 汇总表, the CSV, the tables and the JSON all print. Summed in i128, so no number of
/// amounts can overflow; a total past i64 分 (92 万亿元, never a real filing) is shown as
/// the largest amount rather than wrapped.
pub fn money_total(projects: &[&Project], col: fn(&Project) -> Option<Fen>) -> Fen {
    let sum: i128 = projects
        .iter()
        .filter_map(|p| col(p))
        .map(|f| i128::from(f.0))
        .sum();
    Fen(i64::try_from(sum).unwrap_or(if sum < 0 { i64::MIN } else { i64::MAX }))
}

/// The 汇总表's header labels, in column order.
pub fn summary_header(lang: Lang) -> Vec<String> {
    SUMMARY_TEXT_COLUMNS
        .iter()
        .map(|(zh, en)| pick(zh, en, lang))
        .chain(MONEY_COLUMNS.iter().map(|(zh, en, _)| pick(zh, en, lang)))
        .chain(
            SUMMARY_COUNT_COLUMNS
                .iter()
                .map(|(zh, en)| pick(zh, en, lang)),
        )
        .map(str::to_string)
        .collect()
}

/// The 汇总表's body as typed cells: one row per project, then the total row (its label in
/// the first column, blanks under the other text columns). The one place the summary is
/// computed; the grid, the CSV and the tables only format it.
pub fn summary_values(program: &Program, lang: Lang) -> Vec<Vec<CellValue>> {
    let projects = &program.projects;
    let mut rows = Vec::with_capacity(projects.len() + 1);
    let mut totals = [0usize; 5];
    for p in projects {
        let r = SummaryRow::new(p);
        let mut row: Vec<CellValue> = summary_info(p).into();
        row.extend(
            MONEY_COLUMNS
                .iter()
                .map(|(_, _, col)| CellValue::Money(col(p))),
        );
        for (k, n) in r.counts.iter().chain([&p.indicators.len()]).enumerate() {
            row.push(CellValue::Count(*n));
            totals[k] += n;
        }
        rows.push(row);
    }
    let mut total = vec![label("合计", "Total", lang)];
    total.extend(std::iter::repeat_n(
        CellValue::Empty,
        SUMMARY_TEXT_COLUMNS.len() - 1,
    ));
    total.extend(
        MONEY_COLUMNS
            .iter()
            .map(|(_, _, col)| CellValue::Money(Some(money_total(projects, *col)))),
    );
    total.extend(totals.map(CellValue::Count));
    rows.push(total);
    rows
}

/// The 汇总表 as a grid: a header row, one row per project, and the total row (its label
/// merged over the text columns).
pub fn summary_grid(program: &Program, lang: Lang) -> Grid {
    let columns = SUMMARY_TEXT_COLUMNS.len() + MONEY_COLUMNS.len() + SUMMARY_COUNT_COLUMNS.len();
    let mut rows = vec![summary_header(lang)
        .into_iter()
        .map(|h| cell(CellValue::Label(h)))
        .collect::<Vec<_>>()];
    let mut body = summary_values(program, lang);
    let total = body.pop().unwrap_or_default();
    rows.extend(body.into_iter().map(|r| r.into_iter().map(cell).collect()));
    let mut total = total.into_iter();
    let mut total_row = vec![span(
        total.next().unwrap_or(CellValue::Empty),
        SUMMARY_TEXT_COLUMNS.len(),
        1,
    )];
    total_row.extend(total.skip(SUMMARY_TEXT_COLUMNS.len() - 1).map(cell));
    rows.push(total_row);
    let year = program.year.map(|y| y.to_string()).unwrap_or_default();
    Grid {
        title: pick("绩效目标汇总表", "Summary of performance targets", lang).to_string(),
        subtitle: match lang {
            Lang::Zh if !year.is_empty() => format!("（{year}年度）"),
            Lang::En if !year.is_empty() => format!("({year})"),
            _ => String::new(),
        },
        columns,
        rows,
        widths: [vec![24, 12, 10, 16, 16, 11, 11], vec![13; 7], vec![7; 5]].concat(),
    }
}

/// A project's 申报表 in the official layout (six columns).
pub fn project_grid(p: &Project, year: Option<i32>, lang: Lang) -> Grid {
    let l = |zh, en| label(zh, en, lang);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    rows.push(vec![
        cell(l("项目名称", "Project")),
        cell(CellValue::Text(p.name.to_string())),
        cell(l("项目性质", "Nature")),
        cell(text(p.nature_text())),
        cell(l("项目类别", "Category")),
        cell(text(p.category_text())),
    ]);
    rows.push(vec![
        cell(l("主管部门", "Department")),
        span(text(p.department.as_deref()), 2, 1),
        cell(l("实施单位", "Implementer")),
        span(text(p.implementer.as_deref()), 2, 1),
    ]);
    rows.push(vec![
        cell(l("计划开始日期", "Start")),
        span(date(p.start_date()), 2, 1),
        cell(l("计划完成日期", "End")),
        span(date(p.end_date()), 2, 1),
    ]);
    // Funding: four rows under one merged label, as on the paper form.
    let f = &p.funding;
    let money = |m: Option<Fen>| CellValue::Money(m);
    let funding_rows = 4 + f.custom.len();
    rows.push(vec![
        span(l("项目资金（元）", "Funding (元)"), 1, funding_rows),
        cell(l("项目资金总额", "Total")),
        cell(money(f.total)),
        cell(l("年度资金申请总额", "Annual request")),
        span(money(f.annual), 2, 1),
    ]);
    rows.push(vec![
        cell(l("其中：财政资金", "of which fiscal")),
        cell(money(f.fiscal)),
        cell(l("其中：当年财政拨款", "of which appropriation")),
        span(money(f.appropriation), 2, 1),
    ]);
    rows.push(vec![
        cell(CellValue::Empty),
        cell(CellValue::Empty),
        cell(l("上年结转资金", "Carry-over")),
        span(money(f.carryover), 2, 1),
    ]);
    rows.push(vec![
        cell(l("其他资金", "Other")),
        cell(money(f.total_other)),
        cell(l("其他资金", "Other")),
        span(money(f.other), 2, 1),
    ]);
    for c in &f.custom {
        rows.push(vec![
            cell(CellValue::Label(match lang {
                Lang::Zh => format!("其中：{}", c.name),
                Lang::En => format!("of which {}", c.name),
            })),
            cell(money(c.amount)),
            span(CellValue::Empty, 3, 1),
        ]);
    }
    // Goals.
    rows.push(vec![
        span(l("项目绩效目标", "Performance goals"), 1, 2),
        span(l("项目总目标", "Overall goal"), 2, 1),
        span(l("年度总体目标", "Goal for the year"), 3, 1),
    ]);
    rows.push(vec![
        span(text(p.overall_goal_text()), 2, 1),
        span(text(p.goal_text()), 3, 1),
    ]);
    // Indicators: 一级 and 二级 cells merged over their runs of rows.
    let n = p.indicators.len();
    rows.push(vec![
        span(l("绩效指标", "Indicators"), 1, n + 1),
        cell(l("一级指标", "Level 1")),
        cell(l("二级指标", "Level 2")),
        cell(l("三级指标", "Indicator")),
        cell(l("年度指标值", "Target")),
        cell(l("备注", "Note")),
    ]);
    let inds = &p.indicators;
    for (i, ind) in inds.iter().enumerate() {
        let mut row = Vec::new();
        if i == 0 || inds[i - 1].level1 != ind.level1 {
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
        if i == 0 || inds[i - 1].level1 != ind.level1 || inds[i - 1].level2 != ind.level2 {
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
        row.push(cell(CellValue::Text(ind.name.to_string())));
        row.push(cell(target(&ind.value)));
        row.push(cell(text(ind.note())));
        rows.push(row);
    }
    let year = year.or(p.year).map(|y| y.to_string()).unwrap_or_default();
    Grid {
        title: pick(
            "财政项目支出绩效目标申报表",
            "Project expenditure performance targets",
            lang,
        )
        .to_string(),
        subtitle: match lang {
            Lang::Zh if !year.is_empty() => format!("（{year}年度）"),
            Lang::En if !year.is_empty() => format!("({year})"),
            _ => String::new(),
        },
        columns: 6,
        rows,
        widths: vec![14, 14, 16, 30, 16, 12],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quickstart() -> crate::Compilation {
        let c = crate::compile_str("t.perf", include_str!("../../examples/quickstart.perf"));
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
        c
    }

    #[test]
    fn every_grid_row_fills_the_columns_exactly() {
        let c = quickstart();
        let p = c.program();
        for grid in [
            summary_grid(&p, Lang::Zh),
            project_grid(p.projects[0], p.year, Lang::Zh),
        ] {
            let mut filled = vec![vec![0u8; grid.columns]; grid.rows.len()];
            for (r, c, cell) in grid.positioned() {
                for row in filled.iter_mut().skip(r).take(cell.rowspan) {
                    for slot in row.iter_mut().skip(c).take(cell.colspan) {
                        *slot += 1;
                    }
                }
            }
            assert!(
                filled.iter().flatten().all(|n| *n == 1),
                "{}: {filled:?}",
                grid.title
            );
        }
    }

    #[test]
    fn level_cells_merge_over_their_runs() {
        let c = quickstart();
        let p = c.program();
        let grid = project_grid(p.projects[0], p.year, Lang::Zh);
        let output = grid
            .positioned()
            .into_iter()
            .find(|(_, _, c)| c.value == CellValue::Text("产出指标".into()))
            .unwrap();
        assert_eq!(output.2.rowspan, 4);
    }
}
