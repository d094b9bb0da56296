//! The shared shape of the submission forms: the 汇总表 (one row per project and a total)
//! and each project's 申报表 as a grid of cells with merged spans, in the official layout.
//! Every emitter that draws a form (table, Markdown, HTML, xlsx) starts from these, so the
//! layouts cannot drift apart; each only decides how to draw a grid.

use rust_decimal::Decimal;

use crate::diag::Lang;
use crate::evaluate::form2;
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
    /// A weight or score shown with two decimals (分值 `5.00`, 得分 `13.75`).
    Points(Decimal),
    /// A percentage shown with two decimals (执行率 `95.00%`), held in percent.
    Percent(Decimal),
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
            CellValue::Points(d) => form2(*d),
            CellValue::Percent(d) => format!("{}%", form2(*d)),
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
    /// Whether the cells, with their spans, cover every row × column exactly once (for
    /// tests of the layouts built on grids).
    #[cfg(test)]
    pub fn tiles_exactly(&self) -> bool {
        let mut filled = vec![vec![0u8; self.columns]; self.rows.len()];
        for (r, c, cell) in self.positioned() {
            for row in filled.iter_mut().skip(r).take(cell.rowspan) {
                for slot in row.iter_mut().skip(c).take(cell.colspan) {
                    *slot += 1;
                }
            }
        }
        filled.iter().flatten().all(|n| *n == 1)
    }

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

pub(super) fn cell(value: CellValue) -> Cell {
    Cell {
        value,
        colspan: 1,
        rowspan: 1,
    }
}
pub(super) fn span(value: CellValue, colspan: usize, rowspan: usize) -> Cell {
    Cell {
        value,
        colspan,
        rowspan,
    }
}
pub(super) fn label(zh: &str, en: &str, lang: Lang) -> CellValue {
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

/// The 一级 and 二级 labels of an indicator row in a plain table, blank where they repeat the
/// row above (`last`, updated), as the form prints a group's name once over its run.
pub fn level_labels(
    last: &mut Option<(GroupName, GroupName)>,
    level1: GroupName,
    level2: GroupName,
    lang: Lang,
) -> (String, String) {
    let labels = match *last {
        Some((a, b)) if a == level1 && b == level2 => (String::new(), String::new()),
        Some((a, _)) if a == level1 => (String::new(), group_label(level2, lang).into()),
        _ => (
            group_label(level1, lang).into(),
            group_label(level2, lang).into(),
        ),
    };
    *last = Some((level1, level2));
    labels
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
/// One project's 申报表 as typed parts, in form order: the one layout every emitter draws
/// a form from (the grid of HTML and xlsx, the tables of the terminal and Markdown).
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: String,
    pub subtitle: String,
    /// 项目名称, 项目性质, 项目类别, 主管部门, 实施单位, 计划开始日期, 计划完成日期: (label, value).
    pub info: Vec<(CellValue, CellValue)>,
    /// The funding table, row by row: the 项目资金总额 side and the 年度资金申请总额 side,
    /// each (label, amount), empty cells where a side has no row.
    pub funding: Vec<[(CellValue, CellValue); 2]>,
    /// Quoted sub-amounts (`其中：中央补助安排`) and other form fields: (label, value).
    pub extra: Vec<(CellValue, CellValue)>,
    /// 项目总目标 and 年度总体目标: (label, text).
    pub goals: [(CellValue, CellValue); 2],
    pub indicators: Vec<IndicatorRow>,
}

/// A row of the indicator table.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub level1: GroupName,
    pub level2: GroupName,
    pub name: String,
    /// 年度指标值: a date for a deadline of one date, else the form's text.
    pub target: CellValue,
    pub note: CellValue,
}

/// The typed layout of one project's form.
pub fn form(p: &Project, year: Option<i32>, lang: Lang) -> Form {
    let l = |zh, en| label(zh, en, lang);
    let f = &p.funding;
    let money = |m: Option<Fen>| CellValue::Money(m);
    let empty = || (CellValue::Empty, CellValue::Empty);
    let year = year.or(p.year).map(|y| y.to_string()).unwrap_or_default();
    let mut extra: Vec<(CellValue, CellValue)> = f
        .custom
        .iter()
        .map(|c| {
            let name = match lang {
                Lang::Zh => format!("其中：{}", c.name),
                Lang::En => format!("of which {}", c.name),
            };
            (CellValue::Label(name), money(c.amount))
        })
        .collect();
    extra.extend(p.fields.iter().map(|(k, v)| {
        (
            CellValue::Label(k.to_string()),
            CellValue::Text(v.to_string()),
        )
    }));
    Form {
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
        info: vec![
            (
                l("项目名称", "Project"),
                CellValue::Text(p.name.to_string()),
            ),
            (l("项目性质", "Nature"), text(p.nature_text())),
            (l("项目类别", "Category"), text(p.category_text())),
            (l("主管部门", "Department"), text(p.department.as_deref())),
            (l("实施单位", "Implementer"), text(p.implementer.as_deref())),
            (l("计划开始日期", "Start"), date(p.start_date())),
            (l("计划完成日期", "End"), date(p.end_date())),
        ],
        funding: vec![
            [
                (l("项目资金总额", "Total"), money(f.total)),
                (l("年度资金申请总额", "Annual request"), money(f.annual)),
            ],
            [
                (l("其中：财政资金", "of which fiscal"), money(f.fiscal)),
                (
                    l("其中：当年财政拨款", "of which appropriation"),
                    money(f.appropriation),
                ),
            ],
            [
                empty(),
                (l("上年结转资金", "Carry-over"), money(f.carryover)),
            ],
            [
                (l("其他资金", "Other"), money(f.total_other)),
                (l("其他资金", "Other"), money(f.other)),
            ],
        ],
        extra,
        goals: [
            (l("项目总目标", "Overall goal"), text(p.overall_goal_text())),
            (l("年度总体目标", "Goal for the year"), text(p.goal_text())),
        ],
        indicators: p
            .indicators
            .iter()
            .map(|i| IndicatorRow {
                level1: i.level1,
                level2: i.level2,
                name: i.name.to_string(),
                target: target(&i.value),
                note: text(i.note()),
            })
            .collect(),
    }
}

/// One project's form as a grid in the official layout: HTML and xlsx draw this.
pub fn project_grid(p: &Project, year: Option<i32>, lang: Lang) -> Grid {
    let form = form(p, year, lang);
    let l = |zh, en| label(zh, en, lang);
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let info = |k: usize| (cell(form.info[k].0.clone()), form.info[k].1.clone());
    let (name_l, name) = info(0);
    let (nature_l, nature) = info(1);
    let (category_l, category) = info(2);
    rows.push(vec![
        name_l,
        cell(name),
        nature_l,
        cell(nature),
        category_l,
        cell(category),
    ]);
    for (a, b) in [(3, 4), (5, 6)] {
        let (al, av) = info(a);
        let (bl, bv) = info(b);
        rows.push(vec![al, span(av, 2, 1), bl, span(bv, 2, 1)]);
    }
    // Funding: its rows under one merged label, as on the paper form.
    let funding_rows = form.funding.len() + form.extra.len();
    for (k, [(ll, lv), (rl, rv)]) in form.funding.iter().enumerate() {
        let mut row = Vec::new();
        if k == 0 {
            row.push(span(l("项目资金（元）", "Funding (元)"), 1, funding_rows));
        }
        row.extend([
            cell(ll.clone()),
            cell(lv.clone()),
            cell(rl.clone()),
            span(rv.clone(), 2, 1),
        ]);
        rows.push(row);
    }
    for (label, value) in &form.extra {
        rows.push(vec![
            cell(label.clone()),
            cell(value.clone()),
            span(CellValue::Empty, 3, 1),
        ]);
    }
    // Goals.
    let [(overall_l, overall), (goal_l, goal)] = form.goals.clone();
    rows.push(vec![
        span(l("项目绩效目标", "Performance goals"), 1, 2),
        span(overall_l, 2, 1),
        span(goal_l, 3, 1),
    ]);
    rows.push(vec![span(overall, 2, 1), span(goal, 3, 1)]);
    // Indicators: 一级 and 二级 cells merged over their runs of rows.
    let inds = &form.indicators;
    rows.push(vec![
        span(l("绩效指标", "Indicators"), 1, inds.len() + 1),
        cell(l("一级指标", "Level 1")),
        cell(l("二级指标", "Level 2")),
        cell(l("三级指标", "Indicator")),
        cell(l("年度指标值", "Target")),
        cell(l("备注", "Note")),
    ]);
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
        row.push(cell(CellValue::Text(ind.name.clone())));
        row.push(cell(ind.target.clone()));
        row.push(cell(ind.note.clone()));
        rows.push(row);
    }
    Grid {
        title: form.title,
        subtitle: form.subtitle,
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
            assert!(grid.tiles_exactly(), "{}", grid.title);
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
