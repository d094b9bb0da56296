//! Between perfc and the protocol: spans are byte offsets into a file's text, the protocol
//! counts lines and UTF-16 code units (a CJK character is one unit, `𠀀` two); files are
//! paths, the protocol names them by URI. Diagnostics keep their codes, severities and
//! labels and are worded here in the session's language.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Uri,
};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use crate::diag::{Diagnostic, Lang, Severity};
use crate::source::Span;

/// Line starts of one text, for turning byte offsets into positions and back. Built per
/// request: a 300-indicator filing has a few hundred lines.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The position of a byte offset (clamped to the text, and to the start of a character
    /// when it falls inside one).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a position. A line past the end means the end of the text; a
    /// character past the end of its line means the line's end (as the protocol says); a
    /// position inside a surrogate pair means the start of that character.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units >= pos.character as usize {
                return start + i;
            }
            units += c.len_utf16();
            if units > pos.character as usize {
                return start + i;
            }
        }
        start + line.len()
    }
}

/// Characters kept as they are in a `file:` URI path; everything else is percent-encoded
/// (as VS Code writes URIs, so ours compare equal to the client's).
const PATH_KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The path a `file:` URI names, decoded (`%E9%A1%B9` → `项`).
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // The authority (empty, or `localhost`) ends at the path's first `/`.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    // `/C:/x` on Windows is `C:/x`.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() > 2 && bytes[2] == b':' {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded.as_ref()))
}

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let s = path.to_str()?.replace('\\', "/");
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    Uri::from_str(&format!("file://{}", utf8_percent_encode(&s, PATH_KEEP))).ok()
}

/// The files of a session for converting spans: each file's URI and its text as the client
/// sees it. A file's line index is built the first time one of its spans is converted, so
/// publishing one file's diagnostics costs nothing for the other files of the workspace.
pub struct Files<'a> {
    docs: Vec<(&'a Uri, &'a str, OnceCell<LineIndex<'a>>)>,
}

impl<'a> Files<'a> {
    pub fn new(docs: impl Iterator<Item = (&'a Uri, &'a str)>) -> Files<'a> {
        Files {
            docs: docs.map(|(u, t)| (u, t, OnceCell::new())).collect(),
        }
    }

    fn index(&self, file: usize) -> Option<(&'a Uri, &LineIndex<'a>)> {
        let (uri, text, index) = self.docs.get(file)?;
        Some((uri, index.get_or_init(|| LineIndex::new(text))))
    }

    /// The byte offset in the client's text: a file that starts with a BOM has it counted by
    /// the client and dropped by perfc.
    fn shift(&self, file: usize) -> usize {
        match self.docs.get(file) {
            Some((_, text, _)) if text.starts_with('\u{feff}') => '\u{feff}'.len_utf8(),
            _ => 0,
        }
    }

    pub fn range(&self, span: Span) -> Option<Range> {
        let f = span.file.0 as usize;
        let (_, index) = self.index(f)?;
        let shift = self.shift(f);
        Some(index.range(span.start as usize + shift, span.end as usize + shift))
    }

    pub fn location(&self, span: Span) -> Option<Location> {
        let (uri, _) = self.index(span.file.0 as usize)?;
        Some(Location::new(uri.clone(), self.range(span)?))
    }

    /// The byte offset in perfc's text of a client position.
    pub fn offset(&self, file: usize, pos: Position) -> usize {
        let shift = self.shift(file);
        self.index(file)
            .map_or(0, |(_, index)| index.offset(pos).saturating_sub(shift))
    }
}

/// A diagnostic as the protocol has it: the same code, severity and message as the CLI,
/// the help after the message, the labels as related information.
pub fn diagnostic(files: &Files, d: &Diagnostic, lang: Lang) -> Option<lsp_types::Diagnostic> {
    let range = files.range(d.primary())?;
    let mut message = d.message.render(lang);
    if let Some(help) = &d.help {
        message.push_str(match lang {
            Lang::Zh => "\n帮助：",
            Lang::En => "\nhelp: ",
        });
        message.push_str(&help.render(lang));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .filter_map(|l| {
            Some(DiagnosticRelatedInformation {
                location: files.location(l.span)?,
                message: l.message.as_ref()?.render(lang),
            })
        })
        .collect();
    Some(lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_string())),
        code_description: None,
        source: Some("perfc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    })
}

/// Edits of one file as protocol text edits, grouped by URI.
pub fn workspace_edit<'e>(
    files: &Files,
    edits: impl IntoIterator<Item = &'e crate::diag::Edit>,
) -> lsp_types::WorkspaceEdit {
    // `Uri` hashes its text, which never changes once parsed; clippy sees a cache inside.
    #[allow(clippy::mutable_key_type)]
    let mut changes: HashMap<Uri, Vec<lsp_types::TextEdit>> = HashMap::new();
    for e in edits {
        if let Some(loc) = files.location(e.span) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(lsp_types::TextEdit::new(loc.range, e.replacement.clone()));
        }
    }
    lsp_types::WorkspaceEdit::new(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_outside_the_bmp() {
        // `𠀀` is one character, four bytes, two UTF-16 units.
        let text = "// 𠀀注释\n\"名称𠀀\" 400 人次\n";
        let idx = LineIndex::new(text);
        let at = text.find("400").unwrap();
        assert_eq!(idx.position(at), Position::new(1, 7));
        assert_eq!(idx.offset(Position::new(1, 7)), at);
        let after = text.find("注释").unwrap();
        assert_eq!(idx.position(after), Position::new(0, 5));
        assert_eq!(idx.offset(Position::new(0, 5)), after);
        // Inside the surrogate pair: the start of the character.
        assert_eq!(idx.offset(Position::new(0, 4)), text.find('𠀀').unwrap());
    }

    #[test]
    fn offsets_clamp_past_the_line_and_the_text() {
        let text = "ab\r\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.offset(Position::new(0, 99)), 2);
        assert_eq!(idx.offset(Position::new(1, 1)), 5);
        assert_eq!(idx.offset(Position::new(7, 0)), text.len());
        assert_eq!(idx.position(999), Position::new(1, 2));
    }

    #[test]
    fn file_uris_round_trip_cjk_paths() {
        let path = Path::new("/home/u/申报 2024/项目.perf");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///home/u/%E7%94%B3%E6%8A%A5%202024/%E9%A1%B9%E7%9B%AE.perf"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}
