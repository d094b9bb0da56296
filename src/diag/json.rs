//! `--message-format json`: one object per diagnostic per line, the fields of LANGUAGE.md §7.
//! Lines and columns are 1-based and count characters, as editors do.

use serde::Serialize;

use super::{Diagnostic, Lang, Severity};
use crate::source::Files;

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    code: &'static str,
    message: String,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    help: Option<String>,
    /// Alternative fixes, likeliest first; only `machine_applicable` ones may be applied
    /// without asking.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    machine_applicable: bool,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

/// One JSON line for a diagnostic.
pub fn to_json_line(files: &Files, d: &Diagnostic, lang: Lang) -> String {
    let span = d.primary();
    let file = files.get(span.file);
    let (line, column) = file.line_col(span.start as usize);
    let (end_line, end_column) = file.line_col(span.end as usize);
    let fixes = d
        .fixes
        .iter()
        .map(|f| JsonFix {
            applicability: f.applicability.as_str(),
            machine_applicable: f.is_certain(),
            edits: f
                .edits
                .iter()
                .map(|e| {
                    let ef = files.get(e.span.file);
                    let (line, column) = ef.line_col(e.span.start as usize);
                    let (end_line, end_column) = ef.line_col(e.span.end as usize);
                    JsonEdit {
                        line,
                        column,
                        end_line,
                        end_column,
                        replacement: &e.replacement,
                    }
                })
                .collect(),
        })
        .collect();
    let j = JsonDiagnostic {
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: d.code.as_str(),
        message: d.message.render(lang),
        file: &file.name,
        line,
        column,
        end_line,
        end_column,
        help: d.help.as_ref().map(|h| h.render(lang)),
        fixes,
    };
    // Serialising plain strings and numbers cannot fail.
    serde_json::to_string(&j).unwrap_or_default()
}
