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

/// The plan for `src`'s missing braces, and one diagnostic per brace it supplies: E0117 per
/// block it closes, E0109 per `{` it opens.
pub fn plan(file: FileId, src: &str) -> (ClosePlan, Vec<Diagnostic>) {
    if let Some(opened) = missing_opens(file, src) {
        return opened;
    }
    if let Some(dropped) = stray_opens(file, src) {
        return dropped;
    }
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
    let mut plan = ClosePlan::new();
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
                plan.closes.push((start, closed));
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
        plan.closes.push((usize::MAX, at_end));
    }
    (plan, diags)
}

/// One line of tokens, for finding a header whose `{` was left out.
struct Line<'s> {
    first: &'s str,
    /// Where its last token ends.
    end: usize,
    indent: usize,
    has_open: bool,
    starts_with_close: bool,
    /// Where the line break after it starts (none on the last line).
    newline: Option<usize>,
}

/// More `}` than `{`: the lines that by their indentation open a block but have no `{` (a
/// block keyword — a project, a group, a funding key — followed by deeper lines). Only when
/// exactly as many such lines as missing `{` are found is the plan trusted; otherwise the
/// file is read as written.
fn missing_opens(file: FileId, src: &str) -> Option<(ClosePlan, Vec<Diagnostic>)> {
    let mut lines: Vec<Line> = Vec::new();
    let (mut opens, mut closes) = (0usize, 0usize);
    let mut current: Option<Line> = None;
    let mut raw = Raw::lexer(src);
    while let Some(r) = raw.next() {
        let span = raw.span();
        match r {
            Ok(Raw::Newline) => {
                if let Some(mut line) = current.take() {
                    line.newline = Some(span.start);
                    lines.push(line);
                }
            }
            Ok(Raw::LineComment | Raw::BlockComment(_) | Raw::IdeographicSpace) | Err(()) => {}
            Ok(kind) => {
                match kind {
                    Raw::LBrace => opens += 1,
                    Raw::RBrace => closes += 1,
                    _ => {}
                }
                let line = current.get_or_insert_with(|| Line {
                    first: &src[span.clone()],
                    end: span.end,
                    indent: indentation(src, span.start),
                    has_open: false,
                    starts_with_close: kind == Raw::RBrace,
                    newline: None,
                });
                line.end = span.end;
                line.has_open |= kind == Raw::LBrace;
            }
        }
    }
    lines.extend(current);
    let missing = closes.checked_sub(opens).filter(|&m| m > 0)?;
    let headers: Vec<&Line> = lines
        .iter()
        .zip(lines.iter().skip(1))
        .filter(|(line, next)| {
            !line.has_open
                && !line.starts_with_close
                && line.newline.is_some()
                && next.indent > line.indent
                && opens_block(line.first)
        })
        .map(|(line, _)| line)
        .collect();
    if headers.len() != missing {
        return stray_closes(file, src, missing);
    }
    let mut plan = ClosePlan::new();
    let mut diags = Vec::new();
    for line in headers {
        plan.opens.push(line.newline.expect("filtered above"));
        let at = Span::new(file, line.end, line.end);
        diags.push(
            Diagnostic::new(
                Code::SyntaxError,
                at,
                t!(
                    "`{}` 后缺少 `{{`",
                    "`{}` is missing its `{{`",
                    truncate(src[..line.end].rsplit('\n').next().unwrap_or("").trim(), 30)
                ),
            )
            .label(t!(
                "按缩进，下面几行属于这里，这里应有 `{{`",
                "by the indentation, the lines below belong here: a `{{` is missing"
            ))
            .help(t!(
                "在这一行末尾补上 `{{`",
                "add the `{{` at the end of this line"
            ))
            .fix(Fix::maybe(at, " {")),
        );
    }
    Some((plan, diags))
}

/// More `}` than `{`, and no header line left to put a `{` on: the `}` that close nothing by
/// the layout. A block's `}` stands at its first line's indentation, so a `}` line indented
/// deeper than the `{` it would close ended a block whose first line was deleted; and a `}` in
/// the middle of a line, with more of the line after it and no `{` before it on the line, was
/// typed by mistake (`400},000.00 元`). Only when exactly as many such `}` as extra ones are
/// found are they dropped.
fn stray_closes(file: FileId, src: &str, missing: usize) -> Option<(ClosePlan, Vec<Diagnostic>)> {
    let mut open: Vec<usize> = Vec::new();
    let mut strays = Vec::new();
    // A `}` in the middle of a line that opened nothing (`400},000.00 元`), waiting to see
    // whether more follows it on the line.
    let mut mid_line: Option<usize> = None;
    let mut opened_on_line = 0usize;
    let mut raw = Raw::lexer(src);
    while let Some(r) = raw.next() {
        let start = raw.span().start;
        match r {
            Ok(Raw::Newline) => {
                mid_line = None;
                opened_on_line = 0;
            }
            Ok(Raw::LineComment | Raw::BlockComment(_) | Raw::IdeographicSpace) | Err(()) => {}
            Ok(Raw::LBrace) => {
                open.push(indentation(src, start));
                opened_on_line += 1;
            }
            Ok(Raw::RBrace) => {
                let indent = indentation(src, start);
                let line_start = starts_line(src, start);
                match open.last() {
                    Some(&opened) if line_start && indent > opened => strays.push(start),
                    Some(_) if !line_start && opened_on_line == 0 => mid_line = Some(start),
                    Some(_) => {
                        open.pop();
                        opened_on_line = opened_on_line.saturating_sub(1);
                    }
                    None => {}
                }
            }
            Ok(_) => {
                if let Some(at) = mid_line.take() {
                    strays.push(at);
                }
            }
        }
    }
    strays.sort_unstable();
    if strays.len() != missing {
        return None;
    }
    let diags = strays
        .iter()
        .map(|&at| {
            Diagnostic::new(
                Code::SyntaxError,
                Span::new(file, at, at + 1),
                t!("多余的 `}}`", "unmatched `}}`"),
            )
            .label(t!(
                "按缩进，这个 `}}` 没有对应的 `{{`",
                "by the indentation, this `}}` closes nothing"
            ))
            .help(t!(
                "块的第一行（如 `产出指标 {{`）是否被删掉了？补上那一行，或删除这个 `}}`",
                "was the block's first line (such as `output {{`) deleted? Restore it, or remove this `}}`"
            ))
        })
        .collect();
    Some((
        ClosePlan {
            drops: strays,
            ..ClosePlan::new()
        },
        diags,
    ))
}

/// More `{` than `}`, where the extra ones stand in the middle of a line that does not close
/// them (`年度{资金申请总额 {`, `"培训人次" >={ 400 人次`): a block opens at the end of its
/// line or holds its whole content on it, so such a `{` was typed by mistake. Only when exactly
/// as many such `{` as extra ones are found are they dropped; otherwise blocks are closed by
/// indentation.
fn stray_opens(file: FileId, src: &str) -> Option<(ClosePlan, Vec<Diagnostic>)> {
    let (mut opens, mut closes) = (0usize, 0usize);
    let mut strays = Vec::new();
    // The `{` of the current line still waiting for something after them, and whether
    // anything but a `{` followed.
    let mut line_opens: Vec<(usize, bool)> = Vec::new();
    let finish_line = |line_opens: &mut Vec<(usize, bool)>, strays: &mut Vec<usize>| {
        strays.extend(
            line_opens
                .drain(..)
                .filter(|&(_, followed)| followed)
                .map(|(at, _)| at),
        );
    };
    // Whether the line starts with a keyword that opens a block, and whether its `{` has
    // been seen: that one `{` stands where a block may open, even with content after it
    // (`quality { "a" = 1 个` whose `}` is missing is no stray).
    let mut header: Option<bool> = None;
    let mut header_open_seen = false;
    let mut raw = Raw::lexer(src);
    while let Some(r) = raw.next() {
        let start = raw.span().start;
        if !matches!(
            r,
            Ok(Raw::Newline | Raw::LineComment | Raw::BlockComment(_) | Raw::IdeographicSpace)
                | Err(())
        ) && header.is_none()
        {
            header = Some(opens_block(&src[raw.span()]));
            header_open_seen = false;
        }
        match r {
            Ok(Raw::Newline) => {
                finish_line(&mut line_opens, &mut strays);
                header = None;
            }
            Ok(Raw::LineComment | Raw::BlockComment(_) | Raw::IdeographicSpace) | Err(()) => {}
            Ok(Raw::LBrace) => {
                opens += 1;
                if header == Some(true) && !header_open_seen {
                    header_open_seen = true;
                    continue;
                }
                line_opens.push((start, false));
            }
            Ok(Raw::RBrace) => {
                closes += 1;
                // It closes the last `{` of the line: a one-line block.
                line_opens.pop();
            }
            Ok(_) => {
                for o in line_opens.iter_mut() {
                    o.1 = true;
                }
            }
        }
    }
    finish_line(&mut line_opens, &mut strays);
    let extra = opens.checked_sub(closes).filter(|&m| m > 0)?;
    if strays.len() != extra {
        return None;
    }
    let diags = strays
        .iter()
        .map(|&at| {
            Diagnostic::new(
                Code::SyntaxError,
                Span::new(file, at, at + 1),
                t!("多余的 `{{`", "stray `{{`"),
            )
            .label(t!(
                "这个 `{{` 在一行中间，没有对应的 `}}`",
                "this `{{` stands in the middle of a line and nothing closes it"
            ))
            .help(t!(
                "块以行末的 `{{` 开始；删除这个 `{{`",
                "a block opens with a `{{` at the end of its line: remove this one"
            ))
            .fix(Fix::maybe(Span::new(file, at, at + 1), ""))
        })
        .collect();
    Some((
        ClosePlan {
            drops: strays,
            ..ClosePlan::new()
        },
        diags,
    ))
}

/// Whether a line starting with `word` can open a block: a project, the funding block, a
/// group, a funding key.
fn opens_block(word: &str) -> bool {
    use super::keywords::{lookup, Keyword, Kw};
    matches!(
        lookup(word),
        Some(Keyword::Kw(Kw::Project | Kw::Funding) | Keyword::Group(_) | Keyword::Fund(_))
    )
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
