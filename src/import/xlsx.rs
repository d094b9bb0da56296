//! Workbooks (`.xlsx`, read with calamine) into a [`Filing`]: perfc's own (`--emit xlsx`)
//! and forms as people have them. Every sheet is searched for forms by their labels, never
//! by fixed cell positions: a form starts at a `项目名称` label with a value beside it (a
//! sheet may hold several forms, one below the other); each label's value is the next
//! filled cell to its right (a goal's may be the cell below); the indicator table is found
//! by its header (一级指标 / 二级指标 / 三级指标 / 指标值), and 一级 and 二级 cells left
//! blank under a merged cell carry the text above them down.
//!
//! Numbers: calamine gives a numeric cell as `f64`. It is turned into decimal text by
//! Rust's `Display` for `f64`, which prints the shortest text that reads back as the same
//! `f64` (what the person typed, for any number of up to 15 significant digits: `0.1` stays
//! `0.1`, not `0.1000000000000000055…`), and that text is parsed as an exact decimal. No
//! arithmetic is done in floating point.
//!
//! Nothing is dropped silently: a filled cell that no label, value or indicator row takes
//! is reported with its address (`汇总!C7`); an unknown label with a value beside it is kept
//! as a custom field; a target that is not a well-formed quantity, date or deadline is kept
//! as quoted text, for `perfc check` to judge.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rust_decimal::Decimal;

use super::{group_digits, group_named, Amount, AmountKey, Filing, ImportError, Indicator};
use super::{Notice, Project, Value};
use crate::hierarchy::GroupName;

/// A cell as read: text, a number as its shortest decimal text, or a date.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(String),
    Date(String),
}

impl Cell {
    fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Number(s) | Cell::Date(s) => s,
        }
    }
}

/// One sheet: its name and its filled cells by (row, column), 0-based.
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), Cell>,
}

/// `C7` for row 6, column 2.
pub fn address(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let r = ((c - 1) % 26) as u8;
        letters.push((b'A' + r) as char);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        letters.into_iter().collect::<String>(),
        row as u64 + 1
    )
}

/// The shortest decimal text of a float, or none for NaN and infinities.
pub fn float_text(f: f64) -> Option<String> {
    if !f.is_finite() {
        return None;
    }
    let s = format!("{f}");
    // Display never uses an exponent for f64, so the text is plain digits.
    Some(s)
}

fn cell_of(d: &Data) -> Option<Cell> {
    match d {
        Data::Empty | Data::Error(_) => None,
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(Cell::Text(s.trim().to_string())),
        Data::Int(i) => Some(Cell::Number(i.to_string())),
        Data::Float(f) => float_text(*f).map(Cell::Number),
        Data::Bool(b) => Some(Cell::Text(b.to_string())),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Some(Cell::Date(format!("{y:04}-{m:02}-{d:02}")))
        }
        Data::DateTime(dt) => float_text(dt.as_f64()).map(Cell::Number),
        Data::DateTimeIso(s) => Some(Cell::Date(s.chars().take(10).collect())),
        Data::DurationIso(s) => Some(Cell::Text(s.clone())),
    }
}

/// The sheets of a workbook.
pub fn sheets(name: &str, bytes: &[u8]) -> Result<Vec<Sheet>, ImportError> {
    let unreadable = |e: &dyn std::fmt::Display| {
        ImportError::unreadable(
            format!("`{name}` 不是可读的 xlsx 工作簿：{e}"),
            format!("`{name}` is not a readable xlsx workbook: {e}"),
        )
    };
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let mut out = Vec::new();
    for sheet in wb.sheet_names() {
        let range = wb.worksheet_range(&sheet).map_err(|e| unreadable(&e))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = BTreeMap::new();
        for (r, c, d) in range.used_cells() {
            if let Some(cell) = cell_of(d) {
                let (Ok(r), Ok(c)) = (u32::try_from(r), u32::try_from(c)) else {
                    continue;
                };
                cells.insert((r0.saturating_add(r), c0.saturating_add(c)), cell);
            }
        }
        out.push(Sheet { name: sheet, cells });
    }
    Ok(out)
}

/// A label's text compared without spaces, with half-width colon and parentheses.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '：' => ':',
            '（' => '(',
            '）' => ')',
            c => c,
        })
        .collect::<String>()
        .trim_end_matches(':')
        .to_lowercase()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Name,
    Department,
    Implementer,
    Nature,
    Category,
    Period,
    Start,
    End,
    Total,
    Fiscal,
    Annual,
    Appropriation,
    Carryover,
    Other,
    Goal,
    OverallGoal,
    /// A heading that has no value of its own (项目绩效目标, 绩效指标, the form's title).
    Heading,
    /// 项目资金（元） / （万元）: the unit of the amounts.
    Funding,
}

const LABELS: &[(Label, &[&str])] = &[
    (Label::Name, &["项目名称", "Project"]),
    (
        Label::Department,
        &["主管部门", "主管部门及代码", "Department"],
    ),
    (Label::Implementer, &["实施单位", "Implementer"]),
    (Label::Nature, &["项目性质", "项目属性", "Nature"]),
    (Label::Category, &["项目类别", "Category"]),
    (Label::Period, &["实施周期", "Period"]),
    (Label::Start, &["计划开始日期", "开始日期", "Start"]),
    (Label::End, &["计划完成日期", "完成日期", "结束日期", "End"]),
    (Label::Total, &["项目资金总额", "Total"]),
    (
        Label::Fiscal,
        &["其中：财政资金", "财政资金", "of which fiscal"],
    ),
    (
        Label::Annual,
        &["年度资金总额", "年度资金申请总额", "Annual request"],
    ),
    (
        Label::Appropriation,
        &[
            "其中：财政拨款",
            "其中：当年财政拨款",
            "财政拨款",
            "当年财政拨款",
            "of which appropriation",
        ],
    ),
    (
        Label::Carryover,
        &["上年结转", "上年结转资金", "其中：上年结转", "Carry-over"],
    ),
    (Label::Other, &["其他资金", "其中：其他资金", "Other"]),
    (
        Label::Goal,
        &[
            "年度总体目标",
            "年度目标",
            "年度绩效目标",
            "Goal for the year",
        ],
    ),
    (Label::OverallGoal, &["项目总目标", "Overall goal"]),
    (
        Label::Heading,
        &[
            "项目绩效目标",
            "绩效目标",
            "绩效指标",
            "Performance goals",
            "Indicators",
            "Project expenditure performance targets",
        ],
    ),
];

fn label_of(text: &str) -> Option<Label> {
    let n = norm(text);
    if let Some((l, _)) = LABELS
        .iter()
        .find(|(_, vs)| vs.iter().any(|v| norm(v) == n))
    {
        return Some(*l);
    }
    if n.starts_with("项目资金(") || n.starts_with("funding(") {
        return Some(Label::Funding);
    }
    if n.contains("申报表") {
        return Some(Label::Heading);
    }
    None
}

/// The amount unit a funding label names: `项目资金（万元）` → 万元.
fn funding_unit(text: &str) -> Option<&'static str> {
    let n = norm(text);
    ["亿元", "万元", "元"]
        .into_iter()
        .find(|u| n.contains(&format!("({u})")))
}

/// The indicator table's header columns.
struct Header {
    row: u32,
    level1: u32,
    level2: u32,
    name: u32,
    value: Option<u32>,
    note: Option<u32>,
}

fn header_in(sheet: &Sheet, rows: (u32, u32)) -> Option<Header> {
    for r in rows.0..=rows.1 {
        let find = |names: &[&str]| {
            sheet
                .cells
                .range((r, 0)..=(r, u32::MAX))
                .find(|(_, c)| names.iter().any(|n| norm(n) == norm(c.text())))
                .map(|(&(_, col), _)| col)
        };
        let (Some(level1), Some(level2), Some(name)) = (
            find(&["一级指标", "Level 1"]),
            find(&["二级指标", "Level 2"]),
            find(&["三级指标", "Indicator"]),
        ) else {
            continue;
        };
        return Some(Header {
            row: r,
            level1,
            level2,
            name,
            value: find(&[
                "指标值",
                "年度指标值",
                "目标值",
                "指标值(含计量单位)",
                "Target",
            ]),
            note: find(&["备注", "Note"]),
        });
    }
    None
}

/// A date written as an Excel date, or as text: `2024-01-01`, `2024/1/1`, `2024.1.1`,
/// `2024年1月1日`. Returns the date and the number of characters it took.
fn date_at(chars: &[char], i: usize) -> Option<(String, usize)> {
    let digits = |from: usize, max: usize| -> Option<(u32, usize)> {
        let n = chars[from..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if n == 0 {
            return None;
        }
        let v: String = chars[from..from + n].iter().collect();
        Some((v.parse().ok()?, from + n))
    };
    if i > 0 && chars[i - 1].is_ascii_digit() {
        return None;
    }
    let (y, j) = digits(i, 4)?;
    if j - i != 4 {
        return None;
    }
    let sep = |k: usize| chars.get(k).filter(|c| matches!(c, '-' | '/' | '.' | '年'));
    sep(j)?;
    let (m, k) = digits(j + 1, 2)?;
    let sep2 = chars
        .get(k)
        .filter(|c| matches!(c, '-' | '/' | '.' | '月'))?;
    let (d, mut end) = digits(k + 1, 2)?;
    if *sep2 == '月' && chars.get(end) == Some(&'日') {
        end += 1;
    }
    if !(1..=12).contains(&m)
        || !(1..=31).contains(&d)
        || chars.get(end).is_some_and(|c| c.is_ascii_digit())
    {
        return None;
    }
    Some((format!("{y:04}-{m:02}-{d:02}"), end - i))
}

/// Every date in a text, in order.
fn dates_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match date_at(&chars, i) {
            Some((d, n)) => {
                out.push(d);
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

/// A cell that is one date and nothing else.
fn date_of(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Date(d) => Some(d.clone()),
        Cell::Text(t) => {
            let chars: Vec<char> = t.trim().chars().collect();
            match date_at(&chars, 0) {
                Some((d, n)) if n == chars.len() => Some(d),
                _ => None,
            }
        }
        Cell::Number(_) => None,
    }
}

/// Money as a number cell or as text with comma groups (`1,250,000.50`, `45.5万元`):
/// the exact decimal, with comma groups for reading.
fn money_of(cell: &Cell) -> Option<String> {
    let text: String = cell
        .text()
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
        .collect();
    let text = text
        .trim_end_matches("万元")
        .trim_end_matches("亿元")
        .trim_end_matches('元');
    let d: Decimal = text.parse().ok()?;
    Some(group_digits(&d.to_string()))
}

/// A target as published, as the language writes it: `≥90.00(%)`, `=2.00(个)`,
/// `＞＝85％` become quantities; a date, or dates with a text
/// (`2024-06-30、2024-12-31 上下半年各一次`), a deadline; anything else quoted text.
pub fn value_of(cell: &Cell) -> Value {
    if let Some(d) = date_of(cell) {
        return Value::Deadline {
            dates: vec![d],
            text: None,
        };
    }
    let raw = cell.text().trim().to_string();
    if let Some(v) = deadline(&raw) {
        return v;
    }
    quantity(&raw).unwrap_or(Value::Text(raw))
}

fn deadline(raw: &str) -> Option<Value> {
    let chars: Vec<char> = raw.chars().collect();
    let mut dates = Vec::new();
    let mut i = 0;
    while let Some((d, n)) = date_at(&chars, i) {
        dates.push(d);
        i += n;
        if matches!(chars.get(i), Some('、' | ',' | '，')) {
            i += 1;
        } else {
            break;
        }
    }
    let rest: String = chars[i.min(chars.len())..].iter().collect();
    if dates.is_empty() || !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let rest = rest.trim();
    Some(Value::Deadline {
        dates,
        text: (!rest.is_empty()).then(|| rest.to_string()),
    })
}

fn quantity(raw: &str) -> Option<Value> {
    let mut s: String = raw
        .chars()
        .map(|c| match c {
            '＝' => '=',
            '＞' => '>',
            '＜' => '<',
            '％' => '%',
            '（' => '(',
            '）' => ')',
            '≧' => '≥',
            '≦' => '≤',
            c => c,
        })
        .collect();
    s = s.replace(">=", "≥").replace("<=", "≤");
    // Comparator symbols only. A comparator word (`不低于85%`, `大于90%`) stays the text it
    // is: perfc's own forms print every quantity with a symbol, so a word there was a
    // qualitative text, and `perfc check` (hidden-number) offers the quantitative form.
    let words = [("≥", ">="), ("≤", "<="), (">", ">"), ("<", "<"), ("=", "=")];
    let (cmp, rest) = words
        .iter()
        .find_map(|(w, c)| s.strip_prefix(w).map(|r| (*c, r.trim())))?;
    let n = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, '.' | ',' | '_')))
        .map_or(rest.len(), |(k, _)| k);
    let (number, unit) = rest.split_at(n);
    if number.is_empty() || !number.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let unit = unit.trim();
    let unit = unit
        .strip_prefix('(')
        .and_then(|u| u.strip_suffix(')'))
        .unwrap_or(unit)
        .trim();
    if unit.contains(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"')) {
        return None;
    }
    let value = Value::Quantity {
        cmp: cmp.to_string(),
        number: number.to_string(),
        unit: (!unit.is_empty()).then(|| unit.to_string()),
    };
    // Only what the language reads as one value: a probe through the formatter.
    let probe = format!(
        "project \"p\" {{\n output {{\n quantity {{\n \"n\" {}\n }}\n }}\n}}\n",
        super::write::value(&value, super::write::Keywords::En)
    );
    crate::fmt::format(&probe).ok().map(|_| value)
}

/// The year a title names: `（2024年度）`, `2024年度项目…`, `(2024)`.
fn year_in(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if i > 0 && chars[i - 1].is_ascii_digit() {
            continue;
        }
        let digits: String = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        if digits.len() != 4 {
            continue;
        }
        let after = chars.get(i + 4);
        let before = i.checked_sub(1).and_then(|k| chars.get(k));
        if after == Some(&'年') && chars.get(i + 5) == Some(&'度')
            || matches!(before, Some('(' | '（')) && matches!(after, Some(')' | '）'))
        {
            return digits.parse().ok();
        }
    }
    None
}

/// Read a workbook: every form on every sheet.
pub fn read(name: &str, bytes: &[u8]) -> Result<(Filing, Vec<Notice>), ImportError> {
    let sheets = sheets(name, bytes)?;
    let mut filing = Filing::default();
    let mut notices = Vec::new();
    for sheet in &sheets {
        read_sheet(sheet, &mut filing, &mut notices);
    }
    if filing.projects.is_empty() {
        return Err(ImportError::NoForm {
            zh: format!("`{name}` 中没有可识别的申报表：没有找到旁边填了项目名称的“项目名称”标签"),
            en: format!("`{name}` holds no recognisable form: no 项目名称 (project name) label with a name beside it"),
        });
    }
    Ok((filing, notices))
}

fn read_sheet(sheet: &Sheet, filing: &mut Filing, notices: &mut Vec<Notice>) {
    let mut used: HashSet<(u32, u32)> = HashSet::new();
    // Forms start at a 项目名称 label with a value (not another label) to its right.
    let starts: Vec<(u32, u32)> = sheet
        .cells
        .iter()
        .filter(|(_, c)| label_of(c.text()) == Some(Label::Name))
        .filter(|(&(r, c), _)| {
            right_of(sheet, r, c, u32::MAX).is_some_and(|(_, v)| label_of(v.text()).is_none())
        })
        .map(|(&pos, _)| pos)
        .collect();
    let last_row = sheet.cells.keys().map(|&(r, _)| r).max().unwrap_or(0);
    if starts.is_empty() {
        if !sheet.cells.is_empty() {
            notices.push(Notice {
                place: sheet.name.clone(),
                zh: format!(
                    "工作表没有申报表（没有填了名称的“项目名称”），跳过了它的 {} 个单元格",
                    sheet.cells.len()
                ),
                en: format!(
                    "the sheet holds no form (no 项目名称 with a name), its {} cells skipped",
                    sheet.cells.len()
                ),
            });
        }
        return;
    }
    let mut bounds = Vec::new();
    for (k, &(r, _)) in starts.iter().enumerate() {
        let top = if k == 0 {
            0
        } else {
            // Up to the form's title, if one stands between it and the form before.
            let prev = starts[k - 1].0;
            (prev + 1..r)
                .rev()
                .take_while(|&row| {
                    sheet.cells.range((row, 0)..=(row, u32::MAX)).all(|(_, c)| {
                        label_of(c.text()) == Some(Label::Heading) || year_in(c.text()).is_some()
                    })
                })
                .last()
                .unwrap_or(r)
        };
        bounds.push(top);
    }
    for k in 0..starts.len() {
        let bottom = bounds.get(k + 1).map_or(last_row, |&b| b.saturating_sub(1));
        let project = read_form(sheet, (bounds[k], bottom), &mut used, filing);
        filing.projects.push(project);
    }
    for (&(r, c), cell) in &sheet.cells {
        if !used.contains(&(r, c)) {
            notices.push(Notice {
                place: format!("{}!{}", sheet.name, address(r, c)),
                zh: format!("无法归入申报表的单元格，未导入：“{}”", cell.text()),
                en: format!(
                    "a cell that fits no place in the form, not imported: “{}”",
                    cell.text()
                ),
            });
        }
    }
}

/// The next filled cell right of (r, c), before column `limit`.
fn right_of(sheet: &Sheet, r: u32, c: u32, limit: u32) -> Option<((u32, u32), &Cell)> {
    if c == u32::MAX {
        return None;
    }
    sheet
        .cells
        .range((r, c + 1)..=(r, limit))
        .next()
        .map(|(&p, cell)| (p, cell))
}

fn read_form(
    sheet: &Sheet,
    rows: (u32, u32),
    used: &mut HashSet<(u32, u32)>,
    filing: &mut Filing,
) -> Project {
    let header = header_in(sheet, rows);
    let info_end = header.as_ref().map_or(rows.1, |h| h.row.saturating_sub(1));
    let mut p = Project::default();
    let mut money: Vec<(Label, u32, Option<String>)> = Vec::new();
    let in_rows = |r: u32| r >= rows.0 && r <= info_end;
    let positions: Vec<(u32, u32)> = sheet
        .cells
        .range((rows.0, 0)..=(info_end, u32::MAX))
        .map(|(&p, _)| p)
        .collect();
    for &(r, c) in &positions {
        let Some(cell) = sheet.cells.get(&(r, c)) else {
            continue;
        };
        if used.contains(&(r, c)) {
            continue;
        }
        // The year from a title (`（2024年度）`), not from a goal that mentions one.
        let title = label_of(cell.text()) == Some(Label::Heading)
            || label_of(cell.text()).is_none() && cell.text().chars().count() <= 12;
        if filing.year.is_none() && title {
            filing.year = year_in(cell.text());
        }
        let Some(label) = label_of(cell.text()) else {
            if year_in(cell.text()).is_some() && cell.text().chars().count() <= 12 {
                used.insert((r, c));
            }
            continue;
        };
        used.insert((r, c));
        let mut value = || -> Option<Cell> {
            let (pos, v) = right_of(sheet, r, c, u32::MAX)?;
            if label_of(v.text()).is_some() || used.contains(&pos) {
                return None;
            }
            used.insert(pos);
            Some(v.clone())
        };
        match label {
            Label::Heading => {}
            Label::Funding => p.funding_unit = funding_unit(cell.text()).map(str::to_string),
            Label::Name => p.name = value().map(|v| v.text().to_string()).unwrap_or_default(),
            Label::Department => p.department = value().map(|v| v.text().to_string()),
            Label::Implementer => p.implementer = value().map(|v| v.text().to_string()),
            Label::Nature => p.nature = value().map(|v| v.text().to_string()),
            Label::Category => p.category = value().map(|v| v.text().to_string()),
            Label::Start | Label::End => {
                if let Some(v) = value() {
                    match date_of(&v) {
                        Some(d) if label == Label::Start => p.start = Some(d),
                        Some(d) => p.end = Some(d),
                        // Not a date: kept as a field, so nothing is lost.
                        None => p
                            .fields
                            .push((cell.text().to_string(), v.text().to_string())),
                    }
                }
            }
            Label::Period => {
                if let Some(v) = value() {
                    let ds = dates_in(v.text());
                    if let [a, b] = &ds[..] {
                        p.start = Some(a.clone());
                        p.end = Some(b.clone());
                    } else {
                        p.fields.push(("实施周期".into(), v.text().to_string()));
                    }
                }
            }
            Label::Goal | Label::OverallGoal => {
                let v = value().or_else(|| {
                    let below = (r + 1, c);
                    let v = sheet.cells.get(&below)?;
                    if label_of(v.text()).is_some() || !in_rows(r + 1) {
                        return None;
                    }
                    used.insert(below);
                    Some(v.clone())
                });
                let text = v.map(|v| v.text().to_string());
                if label == Label::Goal {
                    p.goal = text;
                } else {
                    p.overall_goal = text;
                }
            }
            Label::Total
            | Label::Fiscal
            | Label::Annual
            | Label::Appropriation
            | Label::Carryover
            | Label::Other => {
                let v = value();
                let m = v.as_ref().and_then(money_of);
                if v.is_some() && m.is_none() {
                    // Not an amount: kept as a field so nothing is lost.
                    p.fields.push((
                        cell.text().to_string(),
                        v.map(|v| v.text().to_string()).unwrap_or_default(),
                    ));
                }
                money.push((label, c, m));
            }
        }
    }
    // Unknown labels with a value beside them: custom fields (not 其中 sub-amounts, whose
    // parent cannot be told; those are reported).
    for &(r, c) in &positions {
        if used.contains(&(r, c)) {
            continue;
        }
        let Some(Cell::Text(label)) = sheet.cells.get(&(r, c)) else {
            continue;
        };
        if norm(label).starts_with("其中") {
            continue;
        }
        if let Some((pos, v)) = right_of(sheet, r, c, u32::MAX) {
            if !used.contains(&pos) {
                used.insert((r, c));
                used.insert(pos);
                p.fields.push((label.clone(), v.text().to_string()));
            }
        }
    }
    p.funding = funding(&money);
    if let Some(h) = header {
        used.insert((h.row, h.level1));
        used.insert((h.row, h.level2));
        used.insert((h.row, h.name));
        for c in [h.value, h.note].into_iter().flatten() {
            used.insert((h.row, c));
        }
        for (&(r, c), cell) in sheet.cells.range((h.row, 0)..=(h.row, u32::MAX)) {
            if label_of(cell.text()) == Some(Label::Heading) {
                used.insert((r, c));
            }
        }
        indicators(sheet, &h, rows.1, used, &mut p);
    }
    if p.indicators.iter().any(|i| i.level1 == GroupName::Cost)
        || p.indicators.iter().any(|i| {
            matches!(
                i.level2,
                GroupName::EconomicCost | GroupName::SocialCost | GroupName::EnvironmentalCost
            )
        })
    {
        p.framework = Some(2021);
    }
    p
}

/// The funding block from the amounts found: `其他资金` belongs to the parent whose label
/// stands in its column (the total's or the annual request's), else to the annual request.
fn funding(found: &[(Label, u32, Option<String>)]) -> Vec<Amount> {
    let get = |l: Label| found.iter().find(|(x, _, _)| *x == l);
    let col = |l: Label| get(l).map(|(_, c, _)| *c);
    let leaf = |key: &'static str, m: &Option<String>| Amount {
        key: AmountKey::Key(key),
        money: m.clone(),
        children: vec![],
    };
    let (mut total_kids, mut annual_kids) = (Vec::new(), Vec::new());
    for (l, c, m) in found {
        match l {
            Label::Fiscal => total_kids.push(leaf("fiscal", m)),
            Label::Appropriation => annual_kids.push(leaf("appropriation", m)),
            Label::Carryover => annual_kids.push(leaf("carryover", m)),
            Label::Other if col(Label::Total) == Some(*c) && col(Label::Annual) != Some(*c) => {
                total_kids.push(leaf("other", m))
            }
            Label::Other => annual_kids.push(leaf("other", m)),
            _ => {}
        }
    }
    // A line without an amount on the form is left out; a parent without one is derived.
    let keep = |kids: Vec<Amount>| -> Vec<Amount> {
        kids.into_iter().filter(|a| a.money.is_some()).collect()
    };
    let mut out = Vec::new();
    for (label, key, kids) in [
        (Label::Total, "total", keep(total_kids)),
        (Label::Annual, "annual", keep(annual_kids)),
    ] {
        let money = get(label).and_then(|(_, _, m)| m.clone());
        if money.is_some() || !kids.is_empty() {
            out.push(Amount {
                key: AmountKey::Key(key),
                money,
                children: kids,
            });
        }
    }
    out
}

fn indicators(
    sheet: &Sheet,
    h: &Header,
    last: u32,
    used: &mut HashSet<(u32, u32)>,
    p: &mut Project,
) {
    let mut level1: Option<GroupName> = None;
    let mut level2: Option<GroupName> = None;
    for r in h.row + 1..=last {
        let at = |c: Option<u32>| c.and_then(|c| sheet.cells.get(&(r, c)).map(|v| ((r, c), v)));
        if let Some((pos, v)) = at(Some(h.level1)) {
            if let Some(g) = group_named(v.text()) {
                used.insert(pos);
                level1 = Some(g);
                level2 = None;
            } else if label_of(v.text()) == Some(Label::Heading) {
                used.insert(pos);
            } else {
                level1 = None;
                level2 = None;
            }
        }
        if let Some((pos, v)) = at(Some(h.level2)) {
            // An unknown group is left unused, so it is reported with its address.
            level2 = group_named(v.text());
            if level2.is_some() {
                used.insert(pos);
            }
        }
        let Some((name_pos, name)) = at(Some(h.name)) else {
            continue;
        };
        let (Some(l1), Some(l2)) = (level1, level2) else {
            continue;
        };
        used.insert(name_pos);
        let value = match at(h.value) {
            Some((pos, v)) => {
                used.insert(pos);
                value_of(v)
            }
            None => Value::Text(String::new()),
        };
        let note = at(h.note).map(|(pos, v)| {
            used.insert(pos);
            v.text().to_string()
        });
        p.indicators.push(Indicator {
            level1: l1,
            level2: l2,
            name: name.text().to_string(),
            value,
            note,
            basis: None,
            weight: None,
            actual: None,
            deviation: None,
            score: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        assert_eq!(address(0, 0), "A1");
        assert_eq!(address(6, 2), "C7");
        assert_eq!(address(0, 25), "Z1");
        assert_eq!(address(0, 26), "AA1");
        assert_eq!(address(9, 27), "AB10");
    }

    #[test]
    fn floats_become_their_shortest_text() {
        assert_eq!(float_text(0.1).as_deref(), Some("0.1"));
        assert_eq!(float_text(450000.0).as_deref(), Some("450000"));
        assert_eq!(float_text(1250000.5).as_deref(), Some("1250000.5"));
        assert_eq!(float_text(f64::NAN), None);
        assert_eq!(
            money_of(&Cell::Number("1250000.5".into())).as_deref(),
            Some("1,250,000.5")
        );
        assert_eq!(
            money_of(&Cell::Text("1,250,000.50".into())).as_deref(),
            Some("1,250,000.50")
        );
        assert_eq!(
            money_of(&Cell::Text("45.5万元".into())).as_deref(),
            Some("45.5")
        );
        assert_eq!(money_of(&Cell::Text("约十万".into())), None);
        // Far past what a decimal holds: no panic, no amount.
        assert_eq!(money_of(&Cell::Number(float_text(1e300).unwrap())), None);
    }

    #[test]
    fn dates_in_every_spelling() {
        for t in ["2024-01-01", "2024/1/1", "2024.1.1", "2024年1月1日"] {
            assert_eq!(
                date_of(&Cell::Text(t.into())).as_deref(),
                Some("2024-01-01"),
                "{t}"
            );
        }
        assert_eq!(date_of(&Cell::Text("2024年完成".into())), None);
        assert_eq!(
            dates_in("2024年1月1日至2024年12月31日"),
            ["2024-01-01", "2024-12-31"]
        );
        assert_eq!(
            dates_in("2024/1/1-2024/12/31"),
            ["2024-01-01", "2024-12-31"]
        );
    }

    fn q(cmp: &str, number: &str, unit: Option<&str>) -> Value {
        Value::Quantity {
            cmp: cmp.into(),
            number: number.into(),
            unit: unit.map(Into::into),
        }
    }

    #[test]
    fn values_as_published() {
        let v = |t: &str| value_of(&Cell::Text(t.into()));
        assert_eq!(v("≥90.00(%)"), q(">=", "90.00", Some("%")));
        assert_eq!(v("=2.00(个)"), q("=", "2.00", Some("个")));
        assert_eq!(v("＞＝85％"), q(">=", "85", Some("%")));
        assert_eq!(v("不低于85%"), Value::Text("不低于85%".into()));
        assert_eq!(v("≤ 1,000 元"), q("<=", "1,000", Some("元")));
        assert_eq!(v("=49(人/次/天)"), q("=", "49", Some("人/次/天")));
        assert_eq!(v("及时"), Value::Text("及时".into()));
        assert_eq!(v("90%"), Value::Text("90%".into()));
        assert_eq!(v("≥9,0000份"), Value::Text("≥9,0000份".into()));
        assert_eq!(v("≥90 (%) 以上"), Value::Text("≥90 (%) 以上".into()));
        assert_eq!(
            v("2024-06-30、2024-12-31 上下半年各一次"),
            Value::Deadline {
                dates: vec!["2024-06-30".into(), "2024-12-31".into()],
                text: Some("上下半年各一次".into())
            }
        );
        assert_eq!(
            value_of(&Cell::Date("2024-11-30".into())),
            Value::Deadline {
                dates: vec!["2024-11-30".into()],
                text: None
            }
        );
    }

    #[test]
    fn years_from_titles() {
        assert_eq!(year_in("（2024年度）"), Some(2024));
        assert_eq!(year_in("(2025)"), Some(2025));
        assert_eq!(year_in("2024年1月"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panic(t in "\\PC{0,40}", n in proptest::num::f64::ANY) {
            let _ = value_of(&Cell::Text(t.clone()));
            let _ = dates_in(&t);
            let _ = year_in(&t);
            let _ = money_of(&Cell::Text(t));
            if let Some(text) = float_text(n) {
                let _ = money_of(&Cell::Number(text));
            }
        }
    }

    fn workbook(rows: &[&[&str]]) -> Vec<u8> {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let s = wb.add_worksheet();
        for (r, cells) in rows.iter().enumerate() {
            for (c, t) in cells.iter().enumerate() {
                if !t.is_empty() {
                    s.write_string(r as u32, c as u16, *t).unwrap();
                }
            }
        }
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn a_start_that_is_no_date_is_kept_and_goals_give_no_year() {
        let bytes = workbook(&[
            &["项目名称", "甲"],
            &["计划开始日期", "2024年1月"],
            &["年度总体目标", "完成2023年度遗留任务。"],
        ]);
        let (filing, notices) = read("w.xlsx", &bytes).unwrap();
        assert!(notices.is_empty(), "{notices:?}");
        assert_eq!(filing.year, None);
        let p = &filing.projects[0];
        assert_eq!(p.start, None);
        assert_eq!(
            p.fields,
            [("计划开始日期".to_string(), "2024年1月".to_string())]
        );
        assert_eq!(p.goal.as_deref(), Some("完成2023年度遗留任务。"));
    }

    #[test]
    fn a_truncated_or_damaged_workbook_is_an_error_not_a_panic() {
        let bytes = workbook(&[&["项目名称", "甲"], &["年度总体目标", "目标"]]);
        for cut in (0..bytes.len()).step_by(61) {
            let _ = read("w.xlsx", &bytes[..cut]);
            let mut damaged = bytes.clone();
            damaged[cut] ^= 0x5a;
            let _ = read("w.xlsx", &damaged);
        }
    }

    #[test]
    fn garbage_is_refused() {
        assert!(read("x.xlsx", b"PK\x03\x04 not a zip").is_err());
        assert!(read("x.xlsx", b"").is_err());
    }
}
