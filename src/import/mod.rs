//! `perfc import`: filings kept elsewhere (perfc's own JSON and CSV, spreadsheets) brought
//! back as `.perf` text. Each reader fills the neutral [`Filing`] below with text as it was
//! written — numbers stay decimal text, never floats — and [`write`] prints it as `.perf`,
//! which is then laid out by [`crate::fmt::format`], so what import writes always parses.

pub mod csv;
pub mod json;
pub mod write;
pub mod xlsx;

use crate::hierarchy::GroupName;

/// One filing as read from any input: the file-level year and its projects.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filing {
    pub year: Option<i32>,
    /// Units the built-in table lacks, declared by their dimension (`unit 人数 : people`):
    /// (unit, dimension), as perfc's JSON and CSV give both.
    pub units: Vec<(String, String)>,
    pub projects: Vec<Project>,
}

impl Filing {
    /// Declare `unit` of `dimension` when the built-in table lacks it and it is one word
    /// (a product or quotient of known units needs no declaration).
    pub fn declare_unit(&mut self, unit: &str, dimension: &str) {
        let atom = !unit.contains(['/', '·']);
        if atom
            && crate::units::Registry::prelude().get(unit).is_none()
            && crate::units::Dimension::base(dimension).is_some()
            && !self.units.iter().any(|(u, _)| u == unit)
        {
            self.units.push((unit.to_string(), dimension.to_string()));
        }
    }
}

/// One project's form, every value as text the way it was written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Project {
    pub name: String,
    pub nature: Option<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub implementer: Option<String>,
    /// 2015 (the default, not written) or 2021.
    pub framework: Option<u32>,
    /// `YYYY-MM-DD` (or any date form the language reads).
    pub start: Option<String>,
    pub end: Option<String>,
    /// Other form fields (`field "一级项目名称" "…"`), in order.
    pub fields: Vec<(String, String)>,
    /// The unit the amounts are written in (`万元`, read from a label such as
    /// 项目资金（万元）); 元 when `None`. Each amount is written with it.
    pub funding_unit: Option<String>,
    pub funding: Vec<Amount>,
    pub goal: Option<String>,
    pub overall_goal: Option<String>,
    /// §8 实际完成情况 of the 年度总体目标.
    pub achieved: Option<String>,
    /// 分值 of groups: (一级, 二级 or none, the weight as written).
    pub weights: Vec<(GroupName, Option<GroupName>, String)>,
    pub indicators: Vec<Indicator>,
}

/// One line of the funding block: a fund key or a quoted custom sub-amount, its amount as
/// written (`450,000.00`; none for a parent derived from its breakdown) and its breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub key: AmountKey,
    pub money: Option<String>,
    pub children: Vec<Amount>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountKey {
    /// A fund key by its English name (`total`, `fiscal`, `other`, `annual`,
    /// `appropriation`, `carryover`, `adjusted`, `execution`).
    Key(&'static str),
    /// A quoted sub-amount (`"中央补助安排"`).
    Custom(String),
}

/// A 三级指标 with its target.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    pub level1: GroupName,
    pub level2: GroupName,
    pub name: String,
    pub value: Value,
    pub note: Option<String>,
    pub basis: Option<String>,
    pub weight: Option<String>,
    /// §8 实际完成值 as written (`1350架次`, `2024-12-20`, `达成`, or text).
    pub actual: Option<String>,
    /// §8 偏差原因分析及改进措施.
    pub deviation: Option<String>,
    /// §8 得分 placing a qualitative result inside its band, as written.
    pub score: Option<String>,
}

/// A target value as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `cmp` one of `= > < >= <=`; `number` decimal text; `unit` as written.
    Quantity {
        cmp: String,
        number: String,
        unit: Option<String>,
    },
    /// 定性: a quoted text (also what keeps a malformed quantity, so nothing is lost).
    Text(String),
    /// 时效: `by` dates and an optional text.
    Deadline {
        dates: Vec<String>,
        text: Option<String>,
    },
}

/// Something the importer could not place, or a note on what an input lacks: reported on
/// stderr, never dropped silently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// Where: `file`, `file: project`, or a workbook cell `汇总!C7`.
    pub place: String,
    pub zh: String,
    pub en: String,
}

/// Why an input could not be imported. `Unreadable` (exit 2): not a file perfc can read
/// at all. `NoForm` (exit 1): read, but nothing in it is a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    Unreadable { zh: String, en: String },
    NoForm { zh: String, en: String },
}

impl ImportError {
    pub fn unreadable(zh: impl Into<String>, en: impl Into<String>) -> ImportError {
        ImportError::Unreadable {
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn text(&self, lang: crate::diag::Lang) -> &str {
        let (ImportError::Unreadable { zh, en } | ImportError::NoForm { zh, en }) = self;
        match lang {
            crate::diag::Lang::Zh => zh,
            crate::diag::Lang::En => en,
        }
    }
}

/// What one input gave.
#[derive(Debug, Default)]
pub struct Imported {
    pub filing: Filing,
    pub notices: Vec<Notice>,
}

/// The kind of an input, by its name's extension, else by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Json,
    Csv,
    Xlsx,
}

pub fn kind_of(name: &str, bytes: &[u8]) -> Option<Kind> {
    let lower = name.to_lowercase();
    if lower.ends_with(".json") {
        return Some(Kind::Json);
    }
    if lower.ends_with(".csv") {
        return Some(Kind::Csv);
    }
    if lower.ends_with(".xlsx") || bytes.starts_with(b"PK\x03\x04") {
        return Some(Kind::Xlsx);
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Some(Kind::Json),
        Some(_) if std::str::from_utf8(text).is_ok() => Some(Kind::Csv),
        _ => None,
    }
}

/// Read the inputs (name and bytes each) into one filing. perfc's CSV comes as two files
/// (`--emit csv`, the indicators, and `--emit summary`, the projects and their money),
/// which are merged by project name.
pub fn import(inputs: &[(String, Vec<u8>)]) -> Result<Imported, ImportError> {
    let mut out = Imported::default();
    let mut csv_parts = Vec::new();
    for (name, bytes) in inputs {
        match kind_of(name, bytes) {
            Some(Kind::Json) => {
                let filing = json::read(name, bytes)?;
                merge(&mut out.filing, filing);
            }
            Some(Kind::Csv) => csv_parts.push(csv::read(name, bytes)?),
            Some(Kind::Xlsx) => {
                let (filing, notices) = xlsx::read(name, bytes)?;
                merge(&mut out.filing, filing);
                out.notices.extend(notices);
            }
            None => {
                return Err(ImportError::unreadable(
                    format!("`{name}` 不是 perfc 能导入的文件（xlsx、JSON、CSV）"),
                    format!("`{name}` is not a file perfc can import (xlsx, JSON, CSV)"),
                ))
            }
        }
    }
    if !csv_parts.is_empty() {
        let (filing, notices) = csv::assemble(csv_parts);
        merge(&mut out.filing, filing);
        out.notices.extend(notices);
    }
    Ok(out)
}

fn merge(into: &mut Filing, from: Filing) {
    if into.year.is_none() {
        into.year = from.year;
    }
    for (u, d) in from.units {
        into.declare_unit(&u, &d);
    }
    into.projects.extend(from.projects);
}

/// The group of a label as the forms, perfc's CSV or JSON print it (`产出指标`, `产出`,
/// `output`).
pub fn group_named(label: &str) -> Option<GroupName> {
    match crate::syntax::keywords::lookup(label.trim()) {
        Some(crate::syntax::keywords::Keyword::Group(g)) => Some(g),
        _ => None,
    }
}

/// Money as perfc writes it (`450000.00`) with comma groups (`450,000.00`), for reading;
/// anything that is not a plain decimal is left as it is (the checker reports it).
pub fn group_digits(number: &str) -> String {
    let unsigned = number.strip_prefix('-').unwrap_or(number);
    let int = unsigned.split_once('.').map_or(unsigned, |(i, _)| i);
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    crate::model::group_thousands(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_are_grouped() {
        assert_eq!(group_digits("450000.00"), "450,000.00");
        assert_eq!(group_digits("0.00"), "0.00");
        assert_eq!(group_digits("100"), "100");
        assert_eq!(group_digits("-1234567.5"), "-1,234,567.5");
        assert_eq!(group_digits("abc"), "abc");
    }

    #[test]
    fn groups_by_any_label() {
        assert_eq!(group_named("产出指标"), Some(GroupName::Output));
        assert_eq!(group_named("社会效益"), Some(GroupName::Social));
        assert_eq!(group_named("economic-cost"), Some(GroupName::EconomicCost));
        assert_eq!(group_named("项目"), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(kind_of("a.json", b""), Some(Kind::Json));
        assert_eq!(kind_of("a.CSV", b""), Some(Kind::Csv));
        assert_eq!(kind_of("-", b" {\"format\""), Some(Kind::Json));
        assert_eq!(kind_of("-", b"\xff\xfe"), None);
    }
}
