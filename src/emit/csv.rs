//! `--emit csv` (one row per indicator) and `--emit summary` (the 汇总表: one row per project
//! and a total row), RFC 4180 via the `csv` crate. A UTF-8 BOM leads by default so Excel
//! reads Chinese correctly, and text cells that a spreadsheet would run as a formula are
//! neutralised (OWASP's CSV-injection advice): the form's own notation `=2.00(个)` begins
//! with `=`, so this is not hypothetical.

use super::report::{group_label, pick, summary_header, summary_values, CellValue};
use super::Options;
use crate::model::{Fen, Value};
use crate::Compilation;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text cell that a spreadsheet could take for a formula gets a leading `'`.
pub fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn money(f: Option<Fen>) -> String {
    f.map(|f| f.to_string()).unwrap_or_default()
}

pub(super) fn writer(opts: &Options) -> csv::Writer<Vec<u8>> {
    let mut buf = Vec::new();
    if opts.bom {
        buf.extend_from_slice(BOM);
    }
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buf)
}

pub(super) fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing to a Vec cannot fail.
    w.into_inner().unwrap_or_default()
}

/// One row per indicator.
pub fn indicators(c: &Compilation, opts: &Options) -> Vec<u8> {
    let lang = opts.lang;
    let mut w = writer(opts);
    let header = [
        ("项目名称", "project"),
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "indicator"),
        ("指标值", "value"),
        ("比较符", "cmp"),
        ("数值", "number"),
        ("计量单位", "unit"),
        ("量纲", "dimension"),
        ("定性值", "text"),
        ("截止日期", "deadline"),
        ("备注", "note"),
        ("取值依据", "basis"),
        ("源文件", "file"),
        ("行号", "line"),
    ];
    let _ = w.write_record(header.iter().map(|(zh, en)| pick(zh, en, lang)));
    for p in &c.program().projects {
        let source = c.files.get(p.file);
        let file = &source.name;
        for i in &p.indicators {
            let (cmp, number, unit, dimension, text, deadline) = match &i.value {
                Value::Quantitative(q) => (
                    q.cmp.as_str().to_string(),
                    q.number.to_string(),
                    q.unit
                        .as_ref()
                        .map(|u| u.text.to_string())
                        .unwrap_or_default(),
                    q.dimension().map(|d| d.to_string()).unwrap_or_default(),
                    String::new(),
                    String::new(),
                ),
                Value::Qualitative(t) => (
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    t.to_string(),
                    String::new(),
                ),
                Value::Deadline { dates, text } => (
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    text.as_deref().unwrap_or_default().to_string(),
                    dates
                        .iter()
                        .map(|d| d.to_string())
                        .collect::<Vec<_>>()
                        .join(";"),
                ),
                Value::Missing => Default::default(),
            };
            let record = [
                neutralise(&p.name),
                group_label(i.level1, lang).to_string(),
                group_label(i.level2, lang).to_string(),
                neutralise(&i.name),
                neutralise(&i.value.form_text()),
                neutralise(&cmp),
                number,
                neutralise(&unit),
                dimension,
                neutralise(&text),
                deadline,
                neutralise(i.note().unwrap_or("")),
                neutralise(i.basis().unwrap_or("")),
                neutralise(file),
                source.line_of(i.name_span.start as usize).to_string(),
            ];
            let _ = w.write_record(&record);
        }
    }
    finish(w)
}

/// The 汇总表: one row per project, then the total row. Money is plain `450000.00` so
/// spreadsheets read numbers.
pub fn summary(c: &Compilation, opts: &Options) -> Vec<u8> {
    let mut w = writer(opts);
    let _ = w.write_record(summary_header(opts.lang));
    for row in summary_values(&c.program(), opts.lang) {
        let record: Vec<String> = row
            .iter()
            .map(|v| match v {
                CellValue::Money(m) => money(*m),
                CellValue::Text(t) => neutralise(t),
                other => other.display(),
            })
            .collect();
        let _ = w.write_record(&record);
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starts_are_neutralised() {
        assert_eq!(neutralise("=2.00(个)"), "'=2.00(个)");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("≥85(%)"), "≥85(%)");
        assert_eq!(neutralise("及时"), "及时");
    }

    #[test]
    fn quotes_and_bom() {
        let c = crate::compile_str("t.perf", include_str!("../../examples/quickstart.perf"));
        let out = indicators(&c, &Options::default());
        assert!(out.starts_with(BOM));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("\"'=4\"") || text.contains("'=4(期)"),
            "{text}"
        );
        let plain = indicators(
            &c,
            &Options {
                bom: false,
                ..Options::default()
            },
        );
        assert!(!plain.starts_with(BOM));
    }
}
