//! Emitters: the checked model → the formats people submit and read. Emitters only read the
//! compilation (model, and for the HTML appendix the warnings); they never re-parse or
//! re-check, and the same input gives the same bytes.

pub mod csv;
pub mod evaluation;
pub mod html;
pub mod json;
pub mod markdown;
pub mod report;
pub mod table;
mod wrap;
pub mod xlsx;

use crate::diag::Lang;
use crate::Compilation;

/// An output format of `perfc build --emit` (the doc lines are the CLI's help).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// perfc/1 JSON（交换格式 / interchange）
    Json,
    /// 每个指标一行 / one row per indicator
    Csv,
    /// 汇总表：每个项目一行，含合计 / one row per project, with totals
    Summary,
    /// 终端表格 / tables for the terminal
    Table,
    /// Markdown 表格 / Markdown tables
    Markdown,
    /// 可打印的网页（A4）/ a print-ready page
    Html,
    /// Excel 工作簿（申报表格式）/ an Excel workbook in the form layout
    Xlsx,
}

/// Choices that shape an output.
#[derive(Debug, Clone)]
pub struct Options {
    /// Headers and labels in Chinese or English.
    pub lang: Lang,
    /// Start CSV with a UTF-8 byte-order mark, so Excel reads Chinese correctly.
    pub bom: bool,
    /// Terminal width for `table`.
    pub width: usize,
    /// End the HTML page with the appendix of the warnings the filing passed with. Off for a
    /// clean copy to submit (`--no-warnings`); the checker still reports them.
    pub warnings_appendix: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::Zh,
            bom: true,
            width: 100,
            warnings_appendix: true,
        }
    }
}

/// Produce one format. Only xlsx can fail (its writer reports its own errors).
pub fn emit(format: Format, c: &Compilation, opts: &Options) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => json::emit(&c.files, &c.program()).into_bytes(),
        Format::Csv => csv::indicators(c, opts),
        Format::Summary => csv::summary(c, opts),
        Format::Table => table::emit(c, opts).into_bytes(),
        Format::Markdown => markdown::emit(c, opts).into_bytes(),
        Format::Html => html::emit(c, opts).into_bytes(),
        Format::Xlsx => xlsx::emit(c, opts)?,
    })
}
