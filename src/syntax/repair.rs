//! Where the `}` the author forgot belongs. Counting braces alone would close an unclosed
//! block at the end of the file, swallowing everything after it (a missing `}` after one
//! group put every later group and project inside it: five errors, two warnings and advice
//! to change the framework). People indent blocks, so, as rustc does, the indentation says
//! where each missing `}` was meant: a line that starts at or left of the line of an open
//! `{` (or a `}` left of it) ends that block. Exactly as many blocks are closed early as
//! braces are missing; each is reported once, at its `{`, and the lexer then closes them
//! there, so the parser sees the structure the author meant and nothing after it cascades.
//!
//! This runs only for a file whose first reading ended with braces open: it scans the file
//! once more with the raw lexer and returns the plan the second reading follows.

use logos::Logos;

use super::lexer::{truncate, ClosePlan, Raw};
use crate::diag::{Code, Diagnostic, Fix};
use crate::source::{FileId, Span};
use crate::t;

/// The close plan for `src`, and one E0117 per block it closes.
pub fn plan(file: FileId, src: &str) -> (ClosePlan, Vec<Diagnostic>) {
    let tokens = significant_tokens(src);
    let missing = {
        let mut depth: usize = 0;
        for (_, kind) in &tokens {
            match kind {
                Kind::Open => depth += 1,
                Kind::Close => depth = depth.saturating_sub(1),
                Kind::Other => {}
            }
        }
        depth
    };
    let mut missing = missing;
    let mut plan: ClosePlan = Vec::new();
    let mut diags = Vec::new();
    let mut open: Vec<OpenBlock> = Vec::new();
    // Where the last token before each insertion ends: the `}` goes right after it.
    let mut last_end = 0;
    for (i, &(start, kind)) in tokens.iter().enumerate() {
        if missing > 0 && starts_line(src, start) {
            let indent = indentation(src, start);
            let mut closed = 0;
            while missing > 0 {
                let Some(top) = open.last() else { break };
                let ended = match top.style {
                    BlockStyle::Flat => false,
                    _ if kind == Kind::Close => indent < top.indent,
                    _ => indent <= top.indent,
                };
                if !ended {
                    break;
                }
                let top = open.pop().expect("checked above");
                diags.push(unclosed(file, src, &top, last_end));
                missing -= 1;
                closed += 1;
            }
            if closed > 0 {
                plan.push((start, closed));
            }
        }
        match kind {
            Kind::Open => open.push(OpenBlock {
                at: start,
                indent: indentation(src, start),
                style: block_style(src, start, tokens.get(i + 1).map(|t| t.0)),
            }),
            Kind::Close => {
                open.pop();
            }
            Kind::Other => {}
        }
        last_end = token_end(src, start);
    }
    let mut at_end = 0;
    while let Some(top) = open.pop() {
        diags.push(unclosed(file, src, &top, last_end));
        at_end += 1;
    }
    if at_end > 0 {
        plan.push((usize::MAX, at_end));
    }
    (plan, diags)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Open,
    Close,
    Other,
}

/// Every token the parser would see, by start and kind (no newlines, comments or bad
/// characters; `}` with nothing open dropped, as the lexer drops it).
fn significant_tokens(src: &str) -> Vec<(usize, Kind)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut raw = Raw::lexer(src);
    while let Some(r) = raw.next() {
        let start = raw.span().start;
        let kind = match r {
            Ok(Raw::LBrace) => {
                depth += 1;
                Kind::Open
            }
            Ok(Raw::RBrace) if depth > 0 => {
                depth -= 1;
                Kind::Close
            }
            Ok(
                Raw::RBrace
                | Raw::Newline
                | Raw::Semi
                | Raw::LineComment
                | Raw::BlockComment(_)
                | Raw::IdeographicSpace
                | Raw::ChineseQuoted(false),
            )
            | Err(()) => continue,
            Ok(_) => Kind::Other,
        };
        out.push((start, kind));
    }
    out
}

/// Where the token starting at `start` ends, read again (only for the few insertion points).
fn token_end(src: &str, start: usize) -> usize {
    let mut raw = Raw::lexer(&src[start..]);
    match raw.next() {
        Some(_) => start + raw.span().end,
        None => start,
    }
}

/// An open `{` while blocks are being matched by indentation.
struct OpenBlock {
    at: usize,
    /// Indentation of the line the `{` stands on.
    indent: usize,
    style: BlockStyle,
}

/// How a block is laid out, which decides whether its indentation can be trusted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BlockStyle {
    /// Content on the `{`'s own line (`数量指标 { "a" = 1 个 }`): a later line starting at or
    /// left of the `{`'s line is past the block.
    OneLine,
    /// Content on the following lines, indented deeper.
    Indented,
    /// Content not indented: indentation says nothing about where the block ends.
    Flat,
}

fn block_style(src: &str, open: usize, next: Option<usize>) -> BlockStyle {
    let Some(next) = next else {
        return BlockStyle::Indented;
    };
    if !src[open..next].contains('\n') {
        BlockStyle::OneLine
    } else if indentation(src, next) > indentation(src, open) {
        BlockStyle::Indented
    } else {
        BlockStyle::Flat
    }
}

/// Whether only blanks stand before `offset` on its line.
fn starts_line(src: &str, offset: usize) -> bool {
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..offset]
        .chars()
        .all(|c| matches!(c, ' ' | '\t' | '\u{3000}' | '\r'))
}

/// The indentation of the line holding `offset`, in columns (a tab to the next multiple of
/// four, an ideographic space two).
fn indentation(src: &str, offset: usize) -> usize {
    let line_start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let mut col = 0;
    for c in src[line_start..].chars() {
        match c {
            ' ' => col += 1,
            '\t' => col = (col / 4 + 1) * 4,
            '\u{3000}' => col += 2,
            _ => break,
        }
    }
    col
}

/// What opens a block, as its line writes it before the `{` (`数量指标`, `项目 "名称"`).
fn block_header(src: &str, open: usize) -> String {
    let line_start = src[..open].rfind('\n').map_or(0, |i| i + 1);
    let header = src[line_start..open].trim();
    if header.is_empty() {
        "{".to_string()
    } else {
        truncate(header, 30)
    }
}

/// E0117 for `block`, whose `}` belongs right after offset `at`.
fn unclosed(file: FileId, src: &str, block: &OpenBlock, at: usize) -> Diagnostic {
    let insert = match block.style {
        BlockStyle::OneLine => " }".to_string(),
        _ => format!("\n{}}}", " ".repeat(block.indent)),
    };
    // The brace may be the full-width `｛` (three bytes): the span covers the whole character.
    let brace_len = src[block.at..].chars().next().map_or(1, char::len_utf8);
    Diagnostic::new(
        Code::UnclosedBlock,
        Span::new(file, block.at, block.at + brace_len),
        t!(
            "`{}` 块没有结束",
            "the block `{}` is never closed",
            block_header(src, block.at)
        ),
    )
    .label(t!(
        "这个 `{{` 没有对应的 `}}`",
        "this `{{` has no matching `}}`"
    ))
    .with_label(
        Span::new(file, at, at),
        t!(
            "按缩进，`}}` 应在这里",
            "by the indentation, the `}}` belongs here"
        ),
    )
    .help(t!(
        "在块的末尾补上 `}}`",
        "add the missing `}}` where the block ends"
    ))
    .fix(Fix::maybe(Span::new(file, at, at), insert))
}
