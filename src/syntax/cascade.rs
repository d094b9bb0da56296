//! Follow-on syntax errors. After the parser trips, its recovery skips to the end of the line
//! and carries on; when what it skipped opened a block (`项目 “名称” {`) or was the line that
//! opened the project, every line of the block is then read in the wrong place and reported
//! again: one slip, twenty errors. A reader needs the first; the rest only bury it.
//!
//! This runs over one reading's syntax errors, in order, only when there are two or more, and
//! drops an error that follows from one already kept:
//!
//! - **the same line**: an unexpected token or end, an unterminated string or an unknown
//!   character, on the line of the last error kept (the recovery had already given up on that
//!   line);
//! - **the block of a broken line**: an error on a line indented deeper than the kept error's
//!   line, with every line between also deeper (or blank) — by indentation, those lines belong to
//!   the item that broke; so does the `}` that closes them at the broken line's indentation;
//! - **a paragraph of prose**: after an error on a line of prose (a sentence where items were
//!   expected, as when the quotes of a `"""` text were broken), the errors on the following
//!   lines of prose and on the `"""` that was to end them;
//! - **project contents outside a project**: after a project-level item found at the top level
//!   (the line `项目 "…" {` was lost or the previous project closed early), the following
//!   top-level errors up to the next `项目` line, the stray `}` that ended that project included.
//!
//! What the parser's confusion makes (an unexpected token or end, an unterminated string, an
//! unknown character) is dropped wherever it follows; a mistake of the text itself (a
//! Chinese-quoted name, a bad escape, a malformed number or date) stands, unless it is in prose
//! the parser lost its place in (a `"""` whose quotes were broken), where its fix would be as
//! wrong as the error. Only errors of the text itself
//! are dropped or kept as the reason
//! for others (unexpected token or end, unterminated string, unknown character, invalid
//! escape, Chinese quotes, malformed number or date); an unclosed block, reported at its `{`,
//! and every diagnostic of the later stages stand on their own.

use crate::diag::{Code, Diagnostic};
use crate::syntax::keywords::{self, Keyword, Kw};

/// One syntax error with what the filter needs to know of it.
pub struct Found {
    pub diagnostic: Diagnostic,
    /// A parse error at the top level of the file (outside every project).
    pub top_level: bool,
}

/// Whether `code` names an error of the line itself, one that others can follow from. (Not
/// E0117: an unclosed block is reported at its `{`, far from the slip that caused it.)
fn structural(code: Code) -> bool {
    matches!(
        code,
        Code::SyntaxError
            | Code::UnexpectedEof
            | Code::UnterminatedString
            | Code::UnknownCharacter
            | Code::InvalidEscape
            | Code::ChineseQuotes
            | Code::MalformedNumber
            | Code::DateFormat
            | Code::ControlCharacter
    )
}

/// Errors that come of the parser losing its place rather than of the text itself.
fn confusion(code: Code) -> bool {
    matches!(
        code,
        Code::SyntaxError
            | Code::UnexpectedEof
            | Code::UnterminatedString
            // Prose the parser has lost its place in: every `。` of the sentence.
            | Code::UnknownCharacter
    )
}

/// Line starts of `src`, computed once for the filter.
struct Lines<'a> {
    src: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(src: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(
            src.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { src, starts }
    }
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }
    fn text(&self, line: usize) -> &'a str {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.src.len(), |&e| e - 1);
        &self.src[start..end.max(start)]
    }
    /// Indentation in characters (a tab counts as one), `None` for a blank or comment-only
    /// line.
    fn indent(&self, line: usize) -> Option<usize> {
        let text = self.text(line);
        let body = text.trim_start();
        if body.is_empty() || body.starts_with("//") {
            return None;
        }
        Some(text.len() - body.len())
    }
    fn first_word(&self, line: usize) -> &'a str {
        let body = self.text(line).trim_start();
        let end = body
            .find(|c: char| c.is_whitespace() || matches!(c, '{' | '"' | '“' | '('))
            .unwrap_or(body.len());
        &body[..end]
    }
}

/// What the last kept error covers.
struct Anchor {
    line: usize,
    indent: usize,
    /// The line is prose — a sentence written where the grammar wanted items (a `"""` text
    /// whose quotes were broken): the lines of prose after it are the same sentence.
    prose: bool,
    /// Project contents at the top level: later top-level errors follow from it.
    outside_project: bool,
}

/// Whether line `line` reads as a sentence: it starts with Chinese that is no keyword and
/// has the punctuation of a sentence.
fn is_prose(lines: &Lines, line: usize) -> bool {
    let body = lines.text(line).trim_start();
    body.chars()
        .next()
        .is_some_and(crate::syntax::lexer::is_han)
        && keywords::lookup(lines.first_word(line)).is_none()
        && body.contains(['，', '。', '；', '、'])
}

/// Whether line `line` starts a project (`项目` / `project`).
fn starts_project(lines: &Lines, line: usize) -> bool {
    matches!(
        keywords::lookup(lines.first_word(line)),
        Some(Keyword::Kw(Kw::Project))
    )
}

/// Whether line `line` starts with an item that belongs inside a project.
fn project_item(lines: &Lines, line: usize) -> bool {
    match keywords::lookup(lines.first_word(line)) {
        Some(Keyword::Kw(kw)) => matches!(
            kw,
            Kw::Nature
                | Kw::Category
                | Kw::Period
                | Kw::Start
                | Kw::End
                | Kw::Funding
                | Kw::Goal
                | Kw::OverallGoal
                | Kw::Achieved
                | Kw::Field
                | Kw::Note
                | Kw::Basis
        ),
        Some(Keyword::Group(_)) | Some(Keyword::Fund(_)) => true,
        _ => false,
    }
}

/// Keep the errors that do not follow from an earlier one, in their order. `found` is in
/// source order.
pub fn suppress(src: &str, found: Vec<Found>) -> Vec<Diagnostic> {
    let cascading = found
        .iter()
        .filter(|f| structural(f.diagnostic.code))
        .count();
    if cascading < 2 {
        return found.into_iter().map(|f| f.diagnostic).collect();
    }
    let lines = Lines::new(src);
    let mut kept = Vec::with_capacity(found.len());
    let mut anchor: Option<Anchor> = None;
    for f in found {
        let d = &f.diagnostic;
        let at = d.primary().start as usize;
        let line = lines.line_of(at);
        let of_the_text = structural(d.code) && d.is_error();
        // What the parser's confusion makes is dropped wherever it follows; a mistake of the
        // text itself (a Chinese-quoted name, a bad escape: two on one line are two mistakes)
        // only in prose, where the text was never meant as items.
        let covered = of_the_text
            && anchor.as_ref().is_some_and(|a| {
                follows(&lines, a, line, f.top_level || is_brace(src, at))
                    && (confusion(d.code) || (line != a.line && is_prose(&lines, line)))
            });
        if covered {
            continue;
        }
        if of_the_text {
            let indent = lines.indent(line).unwrap_or(0);
            anchor = Some(Anchor {
                line,
                indent,
                prose: is_prose(&lines, line),
                outside_project: f.top_level && project_item(&lines, line),
            });
        }
        kept.push(f.diagnostic);
    }
    kept
}

fn is_brace(src: &str, at: usize) -> bool {
    src[at..].starts_with('}')
}

/// Whether an error on `line` follows from the error kept at `a`. `top_level` says the new
/// error is a parse error at the file's top level (or a stray `}`).
fn follows(lines: &Lines, a: &Anchor, line: usize, top_level: bool) -> bool {
    if line == a.line {
        return true;
    }
    if line < a.line {
        return false;
    }
    if a.outside_project && top_level && !(a.line + 1..=line).any(|l| starts_project(lines, l)) {
        return true;
    }
    // A paragraph of prose: every line from the first to this one prose (or blank), or this
    // one the `"""` that was to end it.
    if a.prose
        && (a.line + 1..line).all(|l| lines.indent(l).is_none() || is_prose(lines, l))
        && (is_prose(lines, line) || lines.text(line).trim_start().starts_with("\"\"\""))
    {
        return true;
    }
    // The block of the broken line: every line after it, up to this one, deeper than it —
    // or this one the `}` at its indentation that closes that block.
    let deeper = |l: usize| lines.indent(l).is_none_or(|i| i > a.indent);
    if !(a.line + 1..line).all(deeper) {
        return false;
    }
    match lines.indent(line) {
        Some(i) if i > a.indent => true,
        Some(i) if i == a.indent => lines.text(line).trim_start().starts_with('}'),
        _ => false,
    }
}
