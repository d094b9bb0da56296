//! `--emit table`: each project's 申报表 drawn in the terminal with box characters, then the
//! 汇总表. comfy-table measures East Asian width, so Chinese columns line up; comparators are
//! drawn in ASCII (`>=`), because `≥` is ambiguous-width and a CJK terminal draws it two
//! columns wide where the table expects one. Tables wrap to `Options::width`.

use comfy_table::presets::{UTF8_FULL, UTF8_FULL_CONDENSED};
use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use super::report::{group_label, money_total, pick, summary_texts, SummaryRow, MONEY_COLUMNS};
use super::Options;
use crate::diag::Lang;
use crate::model::{Fen, Project};
use crate::Compilation;

/// A simple table: a header and rows of text, with the columns that hold numbers.
pub struct Simple {
    pub caption: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<usize>,
    /// Long lists (indicators, the 汇总表) are drawn without rules between rows.
    pub condensed: bool,
}

fn m(f: Option<Fen>) -> String {
    f.map(|f| f.grouped()).unwrap_or_default()
}

/// Comparators in ASCII, for drawings where `≥` would break alignment.
pub fn ascii_comparators(s: &str) -> String {
    s.replace('≥', ">=").replace('≤', "<=")
}

/// A project's form as three simple tables: information and funding, goals, indicators.
pub fn project_tables(p: &Project, year: Option<i32>, lang: Lang) -> Vec<Simple> {
    let l = |zh: &'static str, en: &'static str| pick(zh, en, lang).to_string();
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let f = &p.funding;
    let period = match (p.start, p.end) {
        (Some(a), Some(b)) => format!("{a} {} {b}", pick("至", "to", lang)),
        _ => String::new(),
    };
    let mut info = vec![
        vec![
            l("项目名称", "Project"),
            p.name.clone(),
            l("项目性质", "Nature"),
            s(&p.nature),
        ],
        vec![
            l("项目类别", "Category"),
            s(&p.category),
            l("实施周期", "Period"),
            period,
        ],
        vec![
            l("主管部门", "Department"),
            s(&p.department),
            l("实施单位", "Implementer"),
            s(&p.implementer),
        ],
        vec![
            l("项目资金总额", "Total"),
            m(f.total),
            l("年度资金申请总额", "Annual request"),
            m(f.annual),
        ],
        vec![
            l("其中：财政资金", "of which fiscal"),
            m(f.fiscal),
            l("其中：当年财政拨款", "of which appropriation"),
            m(f.appropriation),
        ],
        vec![
            l("其他资金", "Other"),
            m(f.total_other),
            l("上年结转资金", "Carry-over"),
            m(f.carryover),
        ],
        vec![
            String::new(),
            String::new(),
            l("其他资金", "Other"),
            m(f.other),
        ],
    ];
    for c in &f.custom {
        info.push(vec![
            match lang {
                Lang::Zh => format!("其中：{}", c.name),
                Lang::En => format!("of which {}", c.name),
            },
            m(c.amount),
            String::new(),
            String::new(),
        ]);
    }
    for (k, v) in &p.fields {
        info.push(vec![k.clone(), v.clone(), String::new(), String::new()]);
    }
    let year = year.or(p.year).map(|y| y.to_string()).unwrap_or_default();
    let caption = match lang {
        Lang::Zh => format!("财政项目支出绩效目标申报表（{year}年度）"),
        Lang::En => format!("Project expenditure performance targets ({year})"),
    };
    let mut goals = Vec::new();
    if let Some(g) = &p.overall_goal {
        goals.push(vec![l("项目总目标", "Overall goal"), g.clone()]);
    }
    goals.push(vec![l("年度总体目标", "Goal for the year"), s(&p.goal)]);
    let has_notes = p.indicators.iter().any(|i| i.note.is_some());
    let mut header = vec![
        l("一级指标", "Level 1"),
        l("二级指标", "Level 2"),
        l("三级指标", "Indicator"),
        l("年度指标值", "Target"),
    ];
    if has_notes {
        header.push(l("备注", "Note"));
    }
    let mut rows = Vec::new();
    let mut last = None;
    for i in &p.indicators {
        let key = (i.level1, i.level2);
        let (l1, l2) = match last {
            Some((a, b)) if a == i.level1 && b == i.level2 => (String::new(), String::new()),
            Some((a, _)) if a == i.level1 => (String::new(), group_label(i.level2, lang).into()),
            _ => (
                group_label(i.level1, lang).into(),
                group_label(i.level2, lang).into(),
            ),
        };
        last = Some(key);
        let mut row = vec![l1, l2, i.name.clone(), i.value.form_text()];
        if has_notes {
            row.push(i.note.clone().unwrap_or_default());
        }
        rows.push(row);
    }
    vec![
        Simple {
            caption,
            header: Vec::new(),
            rows: info,
            numeric: vec![],
            condensed: false,
        },
        Simple {
            caption: String::new(),
            header: Vec::new(),
            rows: goals,
            numeric: vec![],
            condensed: false,
        },
        Simple {
            caption: String::new(),
            header,
            rows,
            numeric: vec![],
            condensed: true,
        },
    ]
}

/// The 汇总表 as a simple table. `wide` keeps every column of the form (Markdown); the
/// terminal keeps the columns a reader compares.
pub fn summary_table(c: &Compilation, lang: Lang, wide: bool) -> Simple {
    let l = |zh: &'static str, en: &'static str| pick(zh, en, lang).to_string();
    let projects = &c.program.projects;
    let money_cols: Vec<usize> = if wide {
        (0..MONEY_COLUMNS.len()).collect()
    } else {
        vec![3, 4, 5, 6]
    };
    let mut header = if wide {
        super::report::SUMMARY_TEXT_COLUMNS
            .iter()
            .map(|(zh, en)| pick(zh, en, lang).to_string())
            .collect()
    } else {
        vec![l("项目名称", "Project")]
    };
    let first_money = header.len();
    header.extend(
        money_cols
            .iter()
            .map(|&k| pick(MONEY_COLUMNS[k].0, MONEY_COLUMNS[k].1, lang).to_string()),
    );
    // The cost column only where some project has cost indicators (framework 2021).
    let with_cost = wide || projects.iter().any(|p| SummaryRow::new(p).counts[3] > 0);
    header.extend([
        l("产出", "Output"),
        l("效益", "Benefit"),
        l("满意度", "Satisf."),
    ]);
    if with_cost {
        header.push(l("成本", "Cost"));
    }
    header.push(l("合计", "All"));
    let mut rows = Vec::new();
    let mut totals = [0usize; 5];
    for p in projects {
        let r = SummaryRow::new(p);
        let texts = summary_texts(p);
        let mut row: Vec<String> = if wide {
            texts.to_vec()
        } else {
            vec![texts[0].clone()]
        };
        row.extend(money_cols.iter().map(|&k| m((MONEY_COLUMNS[k].2)(p))));
        for (k, n) in r.counts.iter().enumerate() {
            if k < 3 || with_cost {
                row.push(n.to_string());
            }
            totals[k] += n;
        }
        row.push(p.indicators.len().to_string());
        totals[4] += p.indicators.len();
        rows.push(row);
    }
    let mut total = vec![l("合计", "Total")];
    total.extend(std::iter::repeat_n(String::new(), first_money - 1));
    total.extend(
        money_cols
            .iter()
            .map(|&k| m(money_total(projects, MONEY_COLUMNS[k].2))),
    );
    total.extend(
        totals
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != 3 || with_cost)
            .map(|(_, n)| n.to_string()),
    );
    rows.push(total);
    let year = c.program.year.map(|y| y.to_string()).unwrap_or_default();
    Simple {
        caption: match lang {
            Lang::Zh => format!("绩效目标汇总表（{year}年度）"),
            Lang::En => format!("Summary of performance targets ({year})"),
        },
        numeric: (first_money..header.len()).collect(),
        header,
        rows,
        condensed: true,
    }
}

fn draw(t: &Simple, width: usize) -> String {
    let mut table = Table::new();
    table
        .load_preset(if t.condensed {
            UTF8_FULL_CONDENSED
        } else {
            UTF8_FULL
        })
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width.clamp(40, u16::MAX as usize) as u16);
    if !t.header.is_empty() {
        table.set_header(t.header.iter().map(|h| ascii_comparators(h)));
    }
    for row in &t.rows {
        table.add_row(row.iter().map(|c| ascii_comparators(c)));
    }
    // Numbers never wrap (a wrapped `120,0|00.00` is unreadable); text columns give way.
    // The header may wrap to the width of the widest value.
    for &k in &t.numeric {
        let widest = t
            .rows
            .iter()
            .filter_map(|r| r.get(k))
            .map(|c| unicode_width::UnicodeWidthStr::width(c.as_str()))
            .max()
            .unwrap_or(0)
            .max(4);
        if let Some(col) = table.column_mut(k) {
            col.set_cell_alignment(CellAlignment::Right);
            col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(widest as u16 + 2)));
        }
    }
    // A text column never narrower than six Chinese characters: comfy-table cannot split
    // a two-column character, so a narrower column would overflow the frame.
    for k in 0..t.header.len().max(t.rows.first().map_or(0, Vec::len)) {
        if !t.numeric.contains(&k) {
            if let Some(col) = table.column_mut(k) {
                col.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(14)));
            }
        }
    }
    let mut out = String::new();
    if !t.caption.is_empty() {
        out.push_str(&t.caption);
        out.push('\n');
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

pub fn emit(c: &Compilation, opts: &Options) -> String {
    let mut out = String::new();
    for p in &c.program.projects {
        for t in project_tables(p, c.program.year, opts.lang) {
            out.push_str(&draw(&t, opts.width));
        }
        out.push('\n');
    }
    out.push_str(&draw(&summary_table(c, opts.lang, false), opts.width));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn every_line_of_a_table_has_the_same_display_width() {
        let c = crate::compile_str("t.perf", include_str!("../../examples/quickstart.perf"));
        let out = emit(
            &c,
            &Options {
                width: 100,
                ..Options::default()
            },
        );
        let mut width = None;
        for line in out.lines() {
            let w = UnicodeWidthStr::width(line);
            if line.starts_with('┌') {
                width = Some(w);
                assert!(w <= 100, "{line}");
            } else if line.starts_with(['│', '├', '╞', '└']) {
                assert_eq!(Some(w), width, "{line}\n{out}");
            }
        }
        assert!(!out.contains('≥'));
    }
}
