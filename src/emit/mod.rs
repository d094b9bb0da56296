//! Emitters: the checked model → the formats people submit and read. Emitters only read the
//! compilation (model, and for the HTML appendix the warnings); they never re-parse or
//! re-check, and the same input gives the same bytes.

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod report;
pub mod table;
pub mod xlsx;

use crate::diag::Lang;
use crate::Compilation;

/// An output format of `perfc build --emit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    Summary,
    Table,
    Markdown,
    Html,
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
}

impl Default for Options {
    fn default() -> Options {
        Options {
            lang: Lang::Zh,
            bom: true,
            width: 100,
        }
    }
}

/// Produce one format. Only xlsx can fail (its writer reports its own errors).
pub fn emit(format: Format, c: &Compilation, opts: &Options) -> Result<Vec<u8>, String> {
    Ok(match format {
        Format::Json => json::emit(&c.files, &c.program).into_bytes(),
        Format::Csv => csv::indicators(c, opts),
        Format::Summary => csv::summary(c, opts),
        Format::Table => table::emit(c, opts).into_bytes(),
        Format::Markdown => markdown::emit(c, opts).into_bytes(),
        Format::Html => html::emit(c, opts).into_bytes(),
        Format::Xlsx => xlsx::emit(c, opts)?,
    })
}
