//! `--emit xlsx`: the forms as an Excel workbook, for offices that file spreadsheets. It draws
//! the grids of `report` (the 汇总表 sheet, then one 申报表 sheet per project) with real merged
//! cells, numbers and dates, and like every emitter it only reads the checked model.

use std::collections::HashSet;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::report::{group_label, pick, project_grid, summary_grid, CellValue, Grid};
use super::Options;
use crate::diag::Lang;
use crate::hierarchy::Framework;
use crate::model::{Date, Fen, Program};
use crate::Compilation;

/// Money is written as a number in 元 with this format (two decimals and the 元 the issue
/// asks for); a number format changes only the display, so every cell stays a plain number
/// that sums and sorts. The headers also name the unit, as the paper form does.
const MONEY_FORMAT: &str = "#,##0.00\"元\"";
/// Dates are written as Excel dates (a day number) shown as on the form, so they sort,
/// filter and subtract as dates.
const DATE_FORMAT: &str = "yyyy-mm-dd";
/// The paper forms are set in 宋体; its Latin letters are half the width of its Han
/// characters, which is what the display-width estimates below assume.
const FONT: &str = "宋体";
const FONT_SIZE: f64 = 11.0;
/// Light grey behind labels, as the printed forms shade their captions.
const LABEL_FILL: u32 = 0xF2F2F2;
/// Rows before the grid: the title and the subtitle (年度), each merged across the sheet.
const HEAD_ROWS: usize = 2;
/// Column widths in Excel character units: at least this …
const MIN_WIDTH: usize = 10;
/// … and at most this, whatever one cell holds (longer text wraps).
const MAX_WIDTH: usize = 60;
/// Labels longer than this wrap rather than widen their column: a caption should not make
/// a column of short values wide.
const LABEL_WIDTH: usize = 16;
/// Total width a sheet may take before its widest columns give way, chosen so a project
/// form prints at a readable scale on portrait A4 (≈ 18 cm between 1.5 cm margins) and the
/// 19-column 汇总表 on landscape A4.
const PROJECT_BUDGET: usize = 110;
const SUMMARY_BUDGET: usize = 280;
/// One wrapped line of 11 pt 宋体 in points, and the padding of a row.
const LINE_HEIGHT: f64 = 14.5;
const ROW_PADDING: f64 = 6.0;
const MAX_ROW_HEIGHT: f64 = 409.0;
/// 1.5 cm in inches, the unit of Excel's margins.
const MARGIN: f64 = 1.5 / 2.54;

/// Build the workbook. Fails only when the writer does (a text longer than Excel's 32,767
/// characters in a cell, say), with a message that says so.
pub fn emit(c: &Compilation, opts: &Options) -> Result<Vec<u8>, String> {
    workbook(&c.program(), opts)
}

/// The workbook of a program.
pub fn workbook(program: &Program, opts: &Options) -> Result<Vec<u8>, String> {
    build(program, opts.lang).map_err(|e| match opts.lang {
        Lang::Zh => format!("无法生成 xlsx 工作簿：{e}"),
        Lang::En => format!("cannot write the xlsx workbook: {e}"),
    })
}

/// A workbook titled `title` (and the year), with the summary sheet's name reserved among
/// the sheet names used.
fn new_workbook(
    title: &str,
    year: Option<i32>,
    lang: Lang,
) -> Result<(Workbook, String, HashSet<String>), XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time: the writer would otherwise stamp the current time into
    // docProps/core.xml and no two runs would give the same bytes. The time of generating
    // says nothing about the filing anyway.
    let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
    let title = match year {
        Some(y) => format!("{title} {y}"),
        None => title.to_string(),
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("perfc")
            .set_creation_datetime(&created),
    );
    let summary_name = pick("汇总", "Summary", lang).to_string();
    let mut used = HashSet::new();
    used.insert(summary_name.to_lowercase());
    Ok((workbook, summary_name, used))
}

fn build(program: &Program, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let title = pick("财政项目支出绩效目标申报表", "Performance targets", lang);
    let (mut workbook, summary_name, mut used) = new_workbook(title, program.year, lang)?;
    let styles = Styles::new(lang);

    let mut grid = summary_grid(program, lang);
    add_unit_to_money_headers(&mut grid, lang);
    let last = grid.rows.len().checked_sub(1);
    let mut sheet = Worksheet::new();
    sheet.set_name(&summary_name)?;
    draw(&mut sheet, &grid, &styles, last, SUMMARY_BUDGET)?;
    sheet.set_landscape();
    // The header row repeats with the title when the 汇总表 runs over a page.
    sheet.set_repeat_rows(0, HEAD_ROWS as u32)?;
    workbook.push_worksheet(sheet);

    for p in &program.projects {
        let grid = project_grid(p, program.year, lang);
        let mut sheet = Worksheet::new();
        sheet.set_name(sheet_name(&p.name, &mut used, lang))?;
        draw(&mut sheet, &grid, &styles, None, PROJECT_BUDGET)?;
        sheet.set_portrait();
        sheet.set_repeat_rows(0, HEAD_ROWS as u32 - 1)?;
        workbook.push_worksheet(sheet);
    }
    workbook.save_to_buffer()
}

/// The 自评 workbook of `perfc evaluate`: the summary sheet, then one sheet per evaluated
/// project (named after it), drawn like the declaration's sheets.
pub fn evaluation_workbook(
    year: Option<i32>,
    summary: &Grid,
    forms: &[(&str, Grid)],
    lang: Lang,
) -> Result<Vec<u8>, String> {
    build_evaluation(year, summary, forms, lang).map_err(|e| match lang {
        Lang::Zh => format!("无法生成 xlsx 工作簿：{e}"),
        Lang::En => format!("cannot write the xlsx workbook: {e}"),
    })
}

fn build_evaluation(
    year: Option<i32>,
    summary: &Grid,
    forms: &[(&str, Grid)],
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let title = pick("项目支出绩效自评表", "Performance self-evaluation", lang);
    let (mut workbook, summary_name, mut used) = new_workbook(title, year, lang)?;
    let styles = Styles::new(lang);
    let mut sheet = Worksheet::new();
    sheet.set_name(&summary_name)?;
    draw(&mut sheet, summary, &styles, None, PROJECT_BUDGET)?;
    sheet.set_portrait();
    sheet.set_repeat_rows(0, HEAD_ROWS as u32)?;
    workbook.push_worksheet(sheet);
    for (name, grid) in forms {
        let mut sheet = Worksheet::new();
        sheet.set_name(sheet_name(name, &mut used, lang))?;
        draw(&mut sheet, grid, &styles, None, PROJECT_BUDGET)?;
        sheet.set_portrait();
        sheet.set_repeat_rows(0, HEAD_ROWS as u32 - 1)?;
        workbook.push_worksheet(sheet);
    }
    workbook.save_to_buffer()
}

/// The 汇总表 grid labels its money columns without a unit (the text emitters print `元`
/// next to each amount); here the cells are bare numbers, so the header carries it.
fn add_unit_to_money_headers(grid: &mut Grid, lang: Lang) {
    let money_cols: HashSet<usize> = grid
        .positioned()
        .into_iter()
        .filter(|(_, _, cell)| matches!(cell.value, CellValue::Money(_)))
        .map(|(_, c, _)| c)
        .collect();
    if let Some(header) = grid.rows.first_mut() {
        // The header row has one cell per column, so its index is its column.
        for (c, cell) in header.iter_mut().enumerate() {
            if let (true, CellValue::Label(s)) = (money_cols.contains(&c), &mut cell.value) {
                // On a line of its own, so a narrow column breaks the header there.
                s.push_str(pick("\n（元）", "\n(元)", lang));
            }
        }
    }
}

/// Excel's rules for a sheet name: 1–31 UTF-16 units, none of `[]:*?/\`, no apostrophe at
/// either end, unique ignoring case (and not `History`, which Excel keeps for itself). Clashes
/// get `(2)`, `(3)` … in project order, so the names are the same on every run.
fn sheet_name(name: &str, used: &mut HashSet<String>, lang: Lang) -> String {
    let cleaned: String = name
        .chars()
        .map(|ch| match ch {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            ch if ch.is_control() => ' ',
            ch => ch,
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() {
        pick("项目", "Project", lang)
    } else {
        cleaned
    };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("({n})")
        };
        let stem = truncate_utf16(base, 31 - suffix.len());
        // Cutting may leave an apostrophe or a space at the end.
        let candidate = format!("{}{suffix}", stem.trim_end().trim_end_matches('\''));
        let key = candidate.to_lowercase();
        if !candidate.is_empty() && key != "history" && !used.contains(&key) {
            used.insert(key);
            return candidate;
        }
        n += 1;
    }
}

fn truncate_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, ch) in s.char_indices() {
        units += ch.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// The cell formats, built once: rust_xlsxwriter deduplicates equal formats, but building
/// them in one place keeps the sheets consistent.
struct Styles {
    title: Format,
    subtitle: Format,
    label: Format,
    text: Format,
    text_centred: Format,
    money: Format,
    date: Format,
    count: Format,
    points: Format,
    percent: Format,
    blank: Format,
    /// Every group name in the language of the sheets.
    groups: HashSet<&'static str>,
}

impl Styles {
    fn new(lang: Lang) -> Styles {
        let groups = [Framework::F2015, Framework::F2021]
            .iter()
            .flat_map(|f| f.table())
            .flat_map(|(level1, level2s)| std::iter::once(level1).chain(level2s.iter()))
            .map(|g| group_label(*g, lang))
            .collect();
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(FONT_SIZE)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let heading = Format::new()
            .set_font_name(FONT)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: heading.clone().set_font_size(18).set_bold(),
            subtitle: heading.set_font_size(12),
            label: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_align(FormatAlign::Center),
            text: base.clone().set_align(FormatAlign::Left),
            text_centred: base.clone().set_align(FormatAlign::Center),
            money: base
                .clone()
                .set_num_format(MONEY_FORMAT)
                .set_align(FormatAlign::Right),
            // Left-aligned like the text around them, as the form prints dates.
            date: base
                .clone()
                .set_num_format(DATE_FORMAT)
                .set_align(FormatAlign::Left),
            count: base
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            // 分值 and 得分 as numbers with two decimals, as the 自评表 prints them.
            points: base
                .clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Right),
            // 执行率: the cell holds the fraction (0.95), shown as 95.00%.
            percent: base
                .clone()
                .set_num_format("0.00%")
                .set_align(FormatAlign::Right),
            blank: base,
            groups,
        }
    }

    fn for_cell(&self, value: &CellValue, rowspan: usize, bold: bool) -> Format {
        let f = match value {
            CellValue::Label(_) => return self.label.clone(),
            // 一级 / 二级 group names (产出指标 …) are centred, as the paper form prints
            // them, whether their run is one row long or several.
            CellValue::Text(s) if rowspan > 1 || self.groups.contains(s.as_str()) => {
                &self.text_centred
            }
            CellValue::Text(_) => &self.text,
            CellValue::Money(_) => &self.money,
            // A date before 1900 or after 9999 has no Excel date: it is written as text.
            CellValue::Date(d) if excel_date(*d).is_none() => &self.text,
            CellValue::Date(_) => &self.date,
            CellValue::Count(_) => &self.count,
            CellValue::Points(_) => &self.points,
            CellValue::Percent(_) => &self.percent,
            CellValue::Empty => &self.blank,
        };
        if bold {
            f.clone().set_bold()
        } else {
            f.clone()
        }
    }
}

/// Draw a grid under its title: every span merged, every cell bordered, columns sized to
/// their content, rows tall enough for their wrapped text, and the page set up for A4.
fn draw(
    sheet: &mut Worksheet,
    grid: &Grid,
    styles: &Styles,
    bold_row: Option<usize>,
    budget: usize,
) -> Result<(), XlsxError> {
    let last_col = col(grid.columns.max(1) - 1);
    for (r, text, format, height) in [
        (0, &grid.title, &styles.title, 30.0),
        (1, &grid.subtitle, &styles.subtitle, 20.0),
    ] {
        if last_col == 0 {
            sheet.write_string_with_format(r, 0, text, format)?;
        } else {
            sheet.merge_range(r, 0, r, last_col, text, format)?;
        }
        sheet.set_row_height(r, height)?;
    }

    let cells = grid.positioned();
    for &(r, c, cell) in &cells {
        let (first_row, first_col) = (row(HEAD_ROWS + r), col(c));
        let format = styles.for_cell(&cell.value, cell.rowspan, bold_row == Some(r));
        let number = match &cell.value {
            CellValue::Money(Some(f)) => Some(Typed::Number(yuan(*f))),
            CellValue::Count(n) => Some(Typed::Number(*n as f64)),
            CellValue::Points(d) => d.to_f64().map(Typed::Number),
            CellValue::Percent(d) => (d / Decimal::ONE_HUNDRED).to_f64().map(Typed::Number),
            CellValue::Date(d) => excel_date(*d).map(Typed::Date),
            _ => None,
        };
        // Only ever strings, numbers or dates: a value such as `=2.00(个)` is text on the
        // form and must never turn into a formula, so nothing goes through `write` or
        // `write_formula`.
        let text = match &cell.value {
            CellValue::Label(s) | CellValue::Text(s) => s.clone(),
            CellValue::Date(d) if number.is_none() => d.to_string(),
            _ => String::new(),
        };
        let merged = cell.colspan > 1 || cell.rowspan > 1;
        if merged {
            let last_row = first_row.saturating_add(row(cell.rowspan.saturating_sub(1)));
            let last_col = first_col.saturating_add(col(cell.colspan.saturating_sub(1)));
            // merge_range writes a string; a number or a date goes over its first cell
            // afterwards.
            sheet.merge_range(first_row, first_col, last_row, last_col, &text, &format)?;
        }
        match number {
            Some(Typed::Number(x)) => {
                sheet.write_number_with_format(first_row, first_col, x, &format)?;
            }
            Some(Typed::Date(d)) => {
                sheet.write_datetime_with_format(first_row, first_col, &d, &format)?;
            }
            None if merged => {}
            None if text.is_empty() => {
                sheet.write_blank(first_row, first_col, &format)?;
            }
            None => {
                sheet.write_string_with_format(first_row, first_col, &text, &format)?;
            }
        }
    }

    let widths = column_widths(grid, budget);
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(col(c), *w as f64)?;
    }
    for (r, h) in row_heights(grid, &widths).into_iter().enumerate() {
        // Excel's limit is 409 pt; a longer text still shows when its row is selected.
        sheet.set_row_height(row(HEAD_ROWS + r), h.min(MAX_ROW_HEIGHT))?;
    }

    // Print like the paper form: A4, one page wide, centred, 1.5 cm margins; a form has
    // its own borders, so no gridlines on screen either.
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(MARGIN, MARGIN, MARGIN, MARGIN, 0.3, 0.3);
    sheet.set_screen_gridlines(false);
    Ok(())
}

/// A cell value that is not a string.
enum Typed {
    Number(f64),
    Date(ExcelDateTime),
}

/// The Excel date of a model date; `None` outside the years Excel counts (1900–9999).
fn excel_date(d: Date) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year).ok()?;
    let month = u8::try_from(d.month).ok()?;
    let day = u8::try_from(d.day).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// 分 → 元 as the cell's number. An i64 below 2^53 converts to f64 exactly and IEEE division
/// rounds correctly, so this is the double nearest the exact amount: the very number Excel
/// would read from `13441438.00`, and it displays back to the 分 for any amount under
/// 2^53 分 (≈ 90 万亿元).
fn yuan(f: Fen) -> f64 {
    f.0 as f64 / 100.0
}

/// How wide a text shows in 宋体, in Excel character units: a Han character (and the
/// East-Asian ambiguous ones such as `≥`, full width in a CJK font) counts 2. A multi-line
/// text is as wide as its widest line.
fn display_width(s: &str) -> usize {
    s.lines().map(|l| l.width_cjk()).max().unwrap_or(0)
}

/// Each column as wide as its widest single-column cell plus a little air, within
/// [MIN_WIDTH, MAX_WIDTH]; then, if the sheet is wider than `budget`, the widest columns
/// give way together (one common cap, lowered until the total fits) so text wraps in the
/// columns that hold the most of it. Numbers cannot wrap (a column too narrow for one shows
/// `###`), so a column never gets narrower than its widest number.
fn column_widths(grid: &Grid, budget: usize) -> Vec<usize> {
    let mut wanted = vec![MIN_WIDTH; grid.columns];
    let mut floor = vec![MIN_WIDTH; grid.columns];
    for (_, c, cell) in grid.positioned() {
        if cell.colspan != 1 {
            continue;
        }
        let w = match &cell.value {
            CellValue::Label(s) => display_width(s).min(LABEL_WIDTH) + 2,
            // Room for bold totals and for fonts whose digits are wider than 宋体's.
            // Money also shows its 元 (two columns wide).
            CellValue::Money(_)
            | CellValue::Count(_)
            | CellValue::Points(_)
            | CellValue::Percent(_) => {
                let unit = if matches!(cell.value, CellValue::Money(_)) {
                    2
                } else {
                    0
                };
                let w = (display_width(&cell.value.display()) + unit + 5).min(MAX_WIDTH);
                floor[c] = floor[c].max(w);
                w
            }
            v => display_width(&v.display()) + 2,
        };
        wanted[c] = wanted[c].max(w.min(MAX_WIDTH));
    }
    let fit = |cap: usize| -> Vec<usize> {
        wanted
            .iter()
            .zip(&floor)
            .map(|(w, f)| (*w).min(cap).max(*f))
            .collect()
    };
    let mut cap = MAX_WIDTH;
    while cap > MIN_WIDTH && fit(cap).iter().sum::<usize>() > budget {
        cap -= 1;
    }
    fit(cap)
}

/// Lines a text needs in an area of `columns` (their widths in character units): each of
/// its own lines wraps on its own. Excel draws a column `w` units wide as `7w + 5` pixels
/// (the default font's digit is 7 px); 11 pt 宋体 is 14.7 px a Han character, 7.3 px a unit
/// of display width. Counting 7.5 px, and a few pixels of cell padding, errs towards a row
/// a little too tall rather than a clipped last line.
fn lines_needed(s: &str, columns: &[usize]) -> usize {
    let pixels: usize = columns.iter().map(|w| 7 * w + 5).sum();
    let room = ((pixels as f64 - 6.0) / 7.5).max(2.0);
    s.lines()
        .map(|l| ((l.width_cjk() as f64) / room).ceil().max(1.0) as usize)
        .sum::<usize>()
        .max(1)
}

/// Row heights in points: tall enough for the longest wrapped text starting in each row;
/// a text merged down several rows shares its height out over them.
fn row_heights(grid: &Grid, widths: &[usize]) -> Vec<f64> {
    let height = |lines: usize| lines as f64 * LINE_HEIGHT + ROW_PADDING;
    let mut heights = vec![height(1); grid.rows.len()];
    let cells = grid.positioned();
    let span = |c: usize, n: usize| &widths[c.min(widths.len())..(c + n).min(widths.len())];
    for &(r, c, cell) in cells.iter().filter(|(_, _, cell)| cell.rowspan == 1) {
        let lines = lines_needed(&cell.value.display(), span(c, cell.colspan));
        heights[r] = heights[r].max(height(lines));
    }
    for &(r, c, cell) in cells.iter().filter(|(_, _, cell)| cell.rowspan > 1) {
        let rows = r..(r + cell.rowspan).min(heights.len());
        let need = height(lines_needed(&cell.value.display(), span(c, cell.colspan)));
        let have: f64 = heights[rows.clone()].iter().sum();
        if need > have {
            let extra = (need - have) / rows.len() as f64;
            for h in &mut heights[rows] {
                *h += extra;
            }
        }
    }
    heights
}

// Grids are small (a form has tens of rows); anything past Excel's limits is caught by the
// writer's own range checks, which these saturating conversions feed rather than wrap.
fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}
fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
