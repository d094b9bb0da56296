//! `--emit table`: each project's 申报表 drawn in the terminal with box characters, then the
//! 汇总表. comfy-table measures East Asian width, so Chinese columns line up; comparators are
//! drawn in ASCII (`>=`), because `≥` is ambiguous-width and a CJK terminal draws it two
//! columns wide where the table expects one. Tables wrap to `Options::width`, cells by the
//! kinsoku rules of Chinese typesetting (`wrap`).

use comfy_table::presets::{UTF8_FULL, UTF8_FULL_CONDENSED};
use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, Table, TableComponent, Width,
};
use unicode_width::UnicodeWidthStr;

use super::report::{
    form, level_labels, pick, summary_header, summary_values, CellValue, MONEY_COLUMNS,
    SUMMARY_TEXT_COLUMNS,
};
use super::wrap::wrap;
use super::Options;
use crate::diag::Lang;
use crate::model::{Program, Project};
use crate::Compilation;

/// A simple table: a header and rows of text, with the columns that hold numbers.
pub struct Simple {
    pub caption: String,
    /// Which part of a project's form this is (基本信息与资金, 绩效目标, 绩效指标), for
    /// formats that give every table a heading; empty for the 汇总表, which has its caption.
    pub section: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub numeric: Vec<usize>,
    /// Long lists (indicators, the 汇总表) are drawn without rules between rows.
    pub condensed: bool,
}

/// Comparators in ASCII, for drawings where `≥` would break alignment.
pub fn ascii_comparators(s: &str) -> String {
    s.replace('≥', ">=").replace('≤', "<=")
}

/// A project's form as three simple tables: information and funding, goals, indicators —
/// drawn from the typed layout of `report::form`, as every other format draws it.
pub fn project_tables(p: &Project, year: Option<i32>, lang: Lang) -> Vec<Simple> {
    let form = form(p, year, lang);
    let l = |zh: &'static str, en: &'static str| pick(zh, en, lang).to_string();
    let show = |c: &CellValue| c.display();
    // Information two pairs to a row, as the form's grid pairs them (项目类别 alone, as the
    // grid's third column has no partner here), then the funding table side by side, then
    // the sub-amounts and other fields.
    let pair = |k: usize| [show(&form.info[k].0), show(&form.info[k].1)];
    let blank = || [String::new(), String::new()];
    let mut info: Vec<Vec<String>> = [
        (pair(0), pair(1)),
        (pair(2), blank()),
        (pair(3), pair(4)),
        (pair(5), pair(6)),
    ]
    .into_iter()
    .map(|(a, b)| a.into_iter().chain(b).collect())
    .collect();
    for [(ll, lv), (rl, rv)] in &form.funding {
        info.push(vec![show(ll), show(lv), show(rl), show(rv)]);
    }
    for (label, value) in &form.extra {
        info.push(vec![show(label), show(value), String::new(), String::new()]);
    }
    let caption = match (lang, form.subtitle.is_empty()) {
        (Lang::En, false) => format!("{} {}", form.title, form.subtitle),
        _ => format!("{}{}", form.title, form.subtitle),
    };
    // 项目总目标 only when written; 年度总体目标 always (a blank one is a blank to fill in).
    let [overall, goal] = &form.goals;
    let mut goals = Vec::new();
    if overall.1 != CellValue::Empty {
        goals.push(vec![show(&overall.0), show(&overall.1)]);
    }
    goals.push(vec![show(&goal.0), show(&goal.1)]);
    let has_notes = form.indicators.iter().any(|i| i.note != CellValue::Empty);
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
    for i in &form.indicators {
        let (l1, l2) = level_labels(&mut last, i.level1, i.level2, lang);
        let mut row = vec![l1, l2, i.name.clone(), show(&i.target)];
        if has_notes {
            row.push(show(&i.note));
        }
        rows.push(row);
    }
    vec![
        Simple {
            caption,
            section: l("基本信息与资金", "Information and funding"),
            header: Vec::new(),
            rows: info,
            numeric: vec![],
            condensed: false,
        },
        Simple {
            caption: String::new(),
            section: l("绩效目标", "Performance goals"),
            header: Vec::new(),
            rows: goals,
            numeric: vec![],
            condensed: false,
        },
        Simple {
            caption: String::new(),
            section: l("绩效指标", "Indicators"),
            header,
            rows,
            numeric: vec![],
            condensed: true,
        },
    ]
}

/// The 汇总表 as a simple table. `wide` keeps every column of the form (Markdown); the
/// terminal keeps the columns a reader compares.
pub fn summary_table(program: &Program, lang: Lang, wide: bool) -> Simple {
    let l = |zh: &'static str, en: &'static str| pick(zh, en, lang).to_string();
    let texts = SUMMARY_TEXT_COLUMNS.len();
    let first_count = texts + MONEY_COLUMNS.len();
    let values = summary_values(program, lang);
    // The cost column only where some project has cost indicators (framework 2021).
    let cost = first_count + 3;
    let with_cost = wide
        || values[..values.len() - 1]
            .iter()
            .any(|r| matches!(r[cost], CellValue::Count(n) if n > 0));
    // Which columns of the full 汇总表 to draw: all of them in Markdown; in the terminal the
    // name, the annual funding columns and the counts.
    let mut columns: Vec<usize> = if wide {
        (0..first_count).collect()
    } else {
        [0].into_iter().chain(texts + 3..first_count).collect()
    };
    columns.extend((first_count..first_count + 5).filter(|&k| k != cost || with_cost));
    let full_header = summary_header(lang);
    // Counts get short headers: the table is narrow enough as it is.
    let short = [
        l("产出", "Output"),
        l("效益", "Benefit"),
        l("满意度", "Satisf."),
        l("成本", "Cost"),
        l("合计", "All"),
    ];
    let header = columns
        .iter()
        .map(|&k| {
            if k >= first_count {
                short[k - first_count].clone()
            } else {
                full_header[k].clone()
            }
        })
        .collect();
    let rows = values
        .iter()
        .map(|r| columns.iter().map(|&k| r[k].display()).collect())
        .collect();
    let year = program.year.map(|y| y.to_string()).unwrap_or_default();
    let first_money = columns
        .iter()
        .position(|&k| k >= texts)
        .unwrap_or(columns.len());
    Simple {
        caption: match lang {
            Lang::Zh => format!("绩效目标汇总表（{year}年度）"),
            Lang::En => format!("Summary of performance targets ({year})"),
        },
        section: String::new(),
        numeric: (first_money..columns.len()).collect(),
        header,
        rows,
        condensed: true,
    }
}

/// Draw a simple table in two passes. comfy-table lays the columns out (East Asian widths,
/// the constraints below) but would break Chinese text at any character, a `，` or a `）`
/// starting a line; so the first pass only decides the column widths, read off its top
/// border, and the second draws the cells wrapped by `wrap` (kinsoku) to exactly those
/// widths, which comfy-table then leaves as they are.
pub(super) fn draw(t: &Simple, width: usize) -> String {
    let mut first = layout(t, width, None);
    let widths = column_widths(&mut first);
    let columns = t
        .header
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    let table = match widths {
        Some(w) if w.len() == columns => layout(t, width, Some(&w)),
        // A table with no cells has no columns to fix.
        _ => first,
    };
    let mut out = String::new();
    if !t.caption.is_empty() {
        out.push_str(&t.caption);
        out.push('\n');
    }
    out.push_str(&table.to_string());
    out.push('\n');
    out
}

/// The table, either laid out by comfy-table (`fixed` = None) or with every column fixed to
/// the given width (padding included) and every cell wrapped to fit inside it.
fn layout(t: &Simple, width: usize, fixed: Option<&[u16]>) -> Table {
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
    // One column of padding either side, comfy-table's default.
    let cell = |k: usize, text: &str| {
        let text = ascii_comparators(text);
        match fixed.and_then(|w| w.get(k)) {
            Some(w) => wrap(&text, usize::from(*w).saturating_sub(2)),
            None => text,
        }
    };
    if !t.header.is_empty() {
        table.set_header(t.header.iter().enumerate().map(|(k, h)| cell(k, h)));
    }
    for row in &t.rows {
        table.add_row(row.iter().enumerate().map(|(k, c)| cell(k, c)));
    }
    if let Some(widths) = fixed {
        for (k, w) in widths.iter().enumerate() {
            if let Some(col) = table.column_mut(k) {
                col.set_constraint(ColumnConstraint::Absolute(Width::Fixed(*w)));
                if t.numeric.contains(&k) {
                    col.set_cell_alignment(CellAlignment::Right);
                }
            }
        }
        return table;
    }
    // Numbers never wrap (a wrapped `120,0|00.00` is unreadable); text columns give way.
    // The header may wrap to the width of the widest value, but an English word of it is
    // never cut (`Weigh|t`): Chinese may break between any two characters, English not.
    for &k in &t.numeric {
        let longest_word = t
            .header
            .get(k)
            .into_iter()
            .flat_map(|h| h.split_whitespace())
            .filter(|w| w.is_ascii())
            .map(str::len)
            .max()
            .unwrap_or(0);
        let widest = t
            .rows
            .iter()
            .filter_map(|r| r.get(k))
            .map(|c| UnicodeWidthStr::width(c.as_str()))
            .max()
            .unwrap_or(0)
            .max(4)
            .max(longest_word);
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
    table
}

/// The width of each column, padding included, as drawn in the table's top border
/// (`┌──────┬────┐`): comfy-table does not tell its layout otherwise.
fn column_widths(table: &mut Table) -> Option<Vec<u16>> {
    let left = table.style(TableComponent::TopLeftCorner)?;
    let right = table.style(TableComponent::TopRightCorner)?;
    let between = table.style(TableComponent::TopBorderIntersections)?;
    let top = table.lines().next()?;
    let inner = top.strip_prefix(left)?.strip_suffix(right)?;
    inner
        .split(between)
        .map(|segment| u16::try_from(UnicodeWidthStr::width(segment)).ok())
        .collect()
}

pub fn emit(c: &Compilation, opts: &Options) -> String {
    let mut out = String::new();
    for p in &c.program().projects {
        for t in project_tables(p, c.program().year, opts.lang) {
            out.push_str(&draw(&t, opts.width));
        }
        out.push('\n');
    }
    out.push_str(&draw(
        &summary_table(&c.program(), opts.lang, false),
        opts.width,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
