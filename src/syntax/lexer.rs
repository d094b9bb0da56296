//! Lexing: source text → tokens for the grammar, one at a time as the parser pulls them (no
//! token vector). logos does the scanning; this module adds what a regular lexer cannot:
//! the line-structure rule (a newline or `;` becomes a terminator only after a token that
//! can end an item), keyword lookup in the one table, exact numbers, cooked strings and
//! dedented `"""` text, brace balancing, and diagnostics for every malformed piece. It never
//! fails: bad input is reported and skipped or repaired, so the parser always gets a token
//! stream and one run reports every problem.
//!
//! What the parser does not need — comments, blank lines, which items a `;` joined — is
//! recorded, when asked, in a side table (`Trivia`), so a printer can reproduce the file.

use std::borrow::Cow;
use std::str::FromStr;

use logos::Logos;
use rust_decimal::Decimal;

use std::cell::RefCell;
use std::collections::VecDeque;

use crate::diag::{Code, Diagnostic, Diagnostics, Fix};
use crate::hierarchy::GroupName;
use crate::model::group_thousands;
use crate::source::{FileId, Span};
use crate::syntax::ast::{Cmp, DateKind, FundKey};
use crate::syntax::keywords::{self, Keyword, Kw, KwLang, COMPARATOR_SYMBOLS};
use crate::t;

/// How deep `{` may nest. The grammar needs four levels (project → 一级 → 二级, or funding
/// breakdowns); sixteen leaves room and keeps every later recursive walk shallow.
pub const MAX_NESTING: usize = 16;

/// After this many problems in one file, checking that file stops (E0113).
pub const MAX_ERRORS_PER_FILE: usize = 100;

/// The diagnostic that ends a file's report when it has too many problems.
pub fn too_many_errors(file: FileId, src: &str, at: usize) -> Diagnostic {
    let at = at.min(src.len());
    Diagnostic::new(
        Code::TooManyErrors,
        Span::new(file, at, at),
        t!(
            "此文件错误过多，已停止检查",
            "too many errors in this file; checking stopped"
        ),
    )
    .label(t!(
        "已报告前 {} 个问题，此后的内容未检查",
        "the first {} problems are reported; the rest of the file was not checked",
        MAX_ERRORS_PER_FILE
    ))
    .help(t!(
        "先改正上面的错误再检查；若这不是 .perf 文件（例如 Word 或 Excel 文件），请确认路径",
        "fix the errors above and check again; if this is not a .perf file (a Word or Excel file, say), check the path"
    ))
}

/// A token as the grammar sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok<'s> {
    Kw(Kw),
    Fund(FundKey),
    Group(GroupName),
    Cmp(Cmp),
    /// The exact value; its written text is the source under the token's span.
    Number(Decimal),
    Str(Cow<'s, str>),
    Word(&'s str),
    Date(i32, DateKind),
    LBrace,
    RBrace,
    LParen,
    RParen,
    Slash,
    MidDot,
    DotDot,
    Comma,
    Colon,
    At,
    /// End of an item: from a newline or `;` (see the module comment).
    Term,
}

impl Tok<'_> {
    /// Whether an item can end with this token, so that a following newline ends it.
    pub(crate) fn can_end_item(&self) -> bool {
        matches!(
            self,
            Tok::Kw(_)
                | Tok::Fund(_)
                | Tok::Group(_)
                | Tok::Number(..)
                | Tok::Str(_)
                | Tok::Word(_)
                | Tok::Date(..)
                | Tok::RParen
                | Tok::RBrace
        )
    }

    /// How a token is named in "expected …" messages; `text` is the source it covers.
    pub fn describe(&self, text: &str) -> String {
        match self {
            Tok::Kw(k) => format!("`{}`", keywords::spellings(Keyword::Kw(*k)).0),
            Tok::Fund(k) => format!("`{}`", keywords::spellings(Keyword::Fund(*k)).0),
            Tok::Group(g) => format!("`{}`", g.as_str()),
            Tok::Cmp(c) => format!("`{}`", c.as_str()),
            Tok::Number(_) => format!("`{}`", truncate(text, 20)),
            Tok::Str(s) => format!("\"{}\"", truncate(s, 20)),
            Tok::Word(w) => format!("`{}`", truncate(w, 20)),
            Tok::Date(..) => "date".into(),
            Tok::LBrace => "`{`".into(),
            Tok::RBrace => "`}`".into(),
            Tok::LParen => "`(`".into(),
            Tok::RParen => "`)`".into(),
            Tok::Slash => "`/`".into(),
            Tok::MidDot => "`·`".into(),
            Tok::DotDot => "`..`".into(),
            Tok::Comma => "`,`".into(),
            Tok::Colon => "`:`".into(),
            Tok::At => "`@`".into(),
            Tok::Term => "end of line".into(),
        }
    }
}

pub(crate) fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// The grammar's error type. The lexer reports its problems as diagnostics itself and
/// never hands an error to the parser, so this has no values.
#[derive(Debug, Clone, PartialEq)]
pub enum LexicalError {}

impl std::fmt::Display for LexicalError {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {}
    }
}

/// The raw scan. Callbacks only find extents; meaning is given in `lex`.
///
/// Anything that can run long (strings, comments, runs of Chinese characters) is scanned by
/// a callback loop rather than a regex: logos' generated states for multi-byte characters
/// call each other once per character, which overflows the stack on a megabyte-long line.
#[derive(Logos, Debug, Clone, Copy, PartialEq)]
#[logos(skip r"[ \t\r]+")]
pub(crate) enum Raw {
    #[token("\u{3000}")]
    IdeographicSpace,
    #[token("\n")]
    Newline,
    #[token(";")]
    #[token("；")]
    Semi,
    #[token("//", line_comment)]
    LineComment,
    #[token("/*", block_comment)]
    BlockComment(bool),
    #[token("\"\"\"", triple_quoted)]
    TextBlock(bool),
    /// `true` if closed on its line.
    #[token("\"", string_literal)]
    Str(bool),
    /// `“…”` typed for `"…"` by a Chinese input method; `true` if closed on its line.
    #[token("“", chinese_quoted)]
    #[token("”", chinese_quoted)]
    #[token("‘", chinese_quoted)]
    ChineseQuoted(bool),
    /// A date as forms write it (`2024年11月30日`, `2024/11/30`, `2024.11.30`): read, and
    /// reported with its ISO spelling.
    #[regex(r"[0-9]{4}年[0-9]{1,2}月([0-9]{1,2}日)?")]
    #[regex(r"[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}")]
    #[regex(r"[0-9]{4}\.[0-9]{1,2}\.[0-9]{1,2}")]
    DateOtherFormat,
    #[regex(r"-?[0-9][0-9_]*(,[0-9_]+)*(\.[0-9_]+)?")]
    Number,
    #[regex(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")]
    DateDay,
    #[regex(r"[0-9]{4}-[0-9]{1,2}")]
    DateMonth,
    #[regex(r"[0-9]{4}-[QqHh][0-9]")]
    DateQuarterHalf,
    #[regex(r"[A-Za-z_][A-Za-z0-9_]*(-[A-Za-z0-9_]+)*")]
    AsciiWord,
    #[regex(r"[\p{Han}々〇]", cjk_run)]
    // The squared / cubed unit signs of CJK forms (㎡ for 平方米 …) are units, each a word
    // of its own: `500㎡`.
    #[regex(r"[㎡㎞㎥㎏]")]
    CjkWord,
    #[token("%")]
    #[token("％")]
    #[token("‰")]
    Percent,
    #[token(">=")]
    #[token("<=")]
    #[token("=")]
    #[token(">")]
    #[token("<")]
    #[token("≥")]
    #[token("≤")]
    #[token("≧")]
    #[token("≦")]
    #[token("＝")]
    #[token("＞")]
    #[token("＜")]
    CmpSym,
    #[token("{")]
    #[token("｛")]
    LBrace,
    #[token("}")]
    #[token("｝")]
    RBrace,
    #[token("(")]
    #[token("（")]
    LParen,
    #[token(")")]
    #[token("）")]
    RParen,
    #[token("/")]
    #[token("／")]
    Slash,
    #[token("·")]
    #[token("・")]
    MidDot,
    #[token("..")]
    #[token("~")]
    #[token("～")]
    DotDot,
    #[token(",")]
    #[token("，")]
    #[token("、")]
    Comma,
    #[token(":")]
    #[token("：")]
    Colon,
    #[token("@")]
    At,
}

/// A comment runs to the end of the line.
fn line_comment(lex: &mut logos::Lexer<Raw>) {
    let len = lex.remainder().find('\n').unwrap_or(lex.remainder().len());
    lex.bump(len);
}

/// A `"…"` string: to the next unescaped `"` on the same line. `false` if the line or the
/// file ends first (the string then covers the rest of the line).
fn string_literal(lex: &mut logos::Lexer<Raw>) -> bool {
    let rest = lex.remainder().as_bytes();
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'"' => {
                lex.bump(i + 1);
                return true;
            }
            b'\\' if i + 1 < rest.len() && rest[i + 1] != b'\n' => i += 2,
            b'\n' => break,
            _ => i += 1,
        }
    }
    // `i` is at a newline, the end, or a trailing lone backslash: all char boundaries.
    let end = i.min(rest.len());
    let end = (0..=end)
        .rev()
        .find(|&e| lex.remainder().is_char_boundary(e))
        .unwrap_or(0);
    lex.bump(end);
    false
}

/// A Chinese-quoted text: to the matching closing quote on the same line (`“…”`, also the
/// `“…“` and `”…”` that input methods produce); `false`, consuming only the quote, if the
/// line has none.
fn chinese_quoted(lex: &mut logos::Lexer<Raw>) -> bool {
    let closers: &[char] = if lex.slice() == "‘" {
        &['’']
    } else {
        &['”', '“']
    };
    let rest = lex.remainder();
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    match line.char_indices().find(|(_, c)| closers.contains(c)) {
        Some((i, c)) => {
            lex.bump(i + c.len_utf8());
            true
        }
        None => false,
    }
}

/// Chinese characters, as `\p{Han}` plus the two marks used as characters in names.
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}'
        | '\u{2E80}'..='\u{2FDF}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3038}'..='\u{303B}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{30000}'..='\u{3134F}')
}

/// Extend a one-character match over the rest of the run of Chinese characters.
fn cjk_run(lex: &mut logos::Lexer<Raw>) {
    let len: usize = lex
        .remainder()
        .chars()
        .take_while(|&c| is_han(c))
        .map(char::len_utf8)
        .sum();
    lex.bump(len);
}

/// Skip to the closing `*/`; `false` if the file ends first.
fn block_comment(lex: &mut logos::Lexer<Raw>) -> bool {
    match lex.remainder().find("*/") {
        Some(i) => {
            lex.bump(i + 2);
            true
        }
        None => {
            lex.bump(lex.remainder().len());
            false
        }
    }
}

/// `"""` text ends at the first unescaped `"""` (a `"` just before the end is written
/// `\"`); `false` if the file ends first.
fn triple_quoted(lex: &mut logos::Lexer<Raw>) -> bool {
    let rest = lex.remainder().as_bytes();
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            // An escape: the next character is never a closing quote.
            b'\\' => i += 2,
            b'"' if rest[i..].starts_with(b"\"\"\"") => {
                lex.bump(i + 3);
                return true;
            }
            _ => i += 1,
        }
    }
    lex.bump(lex.remainder().len());
    false
}

/// What the parser does not need but a printer does: every comment, every blank line and
/// every `;`, by position. Checking does not record it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trivia {
    /// `//` and `/* */` comments, as byte ranges.
    pub comments: Vec<(u32, u32)>,
    /// The start of every line that holds nothing (or only blanks).
    pub blank_lines: Vec<u32>,
    /// Every `;` (or `；`) that separates items.
    pub semicolons: Vec<u32>,
}

/// Where the braces the author left out go, computed by `repair` when a first pass ends
/// with braces open or finds a `}` that closes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosePlan {
    /// Before the token starting at each offset (or at the end of the file), this many `}`.
    pub closes: Vec<(usize, usize)>,
    /// At each of these line breaks (the offset where the break starts), a `{`: the line
    /// before opens a block its indented lines belong to.
    pub opens: Vec<usize>,
    /// The brace starting at each of these offsets (sorted) is dropped: a `}` whose block's
    /// first line is gone, a `{` typed in the middle of a line (each reported once, by
    /// `repair`).
    pub drops: Vec<usize>,
}

impl ClosePlan {
    pub fn new() -> ClosePlan {
        ClosePlan::default()
    }
    pub fn is_empty(&self) -> bool {
        self.closes.is_empty() && self.opens.is_empty() && self.drops.is_empty()
    }
}

/// The lexer: an iterator of tokens with their byte offsets, as LALRPOP pulls them.
pub struct Lexer<'s, 'a> {
    file: FileId,
    src: &'s str,
    raw: logos::Lexer<'s, Raw>,
    /// Tokens made but not yet handed out (a raw token can make several: a virtual `}`
    /// from the close plan, a terminator).
    pending: VecDeque<(usize, Tok<'s>, usize)>,
    diags: &'a RefCell<Diagnostics>,
    trivia: Option<&'a mut Trivia>,
    plan: ClosePlan,
    next_close: usize,
    next_open: usize,
    /// A `}` closed nothing: a `{` may be missing (the plan is then computed).
    extra_close: bool,
    /// The last token handed out: what it was, and where it ended.
    last_can_end: bool,
    last_end: usize,
    /// The last word, when it was a Chinese unit word or an English group keyword ending
    /// where the next word starts (`公里s`, `satisfaction指标`).
    last_word: Option<LastWord<'s>>,
    /// Inside `@allow( … )`: its `)` ends no item.
    in_attr: bool,
    /// Just after `@`: the next `(` opens an attribute list.
    attr_pending: bool,
    /// Just after an attribute's `)`: the attribute belongs to the next item, so the
    /// newline after it ends nothing.
    after_attr: bool,
    depth: usize,
    /// Braces still open at the end of the file (the plan is then computed and the file
    /// read again).
    unbalanced: bool,
    errors: usize,
    /// Lexing stopped (too deeply nested, or too many errors): the file is not parsed.
    stopped: bool,
    done: bool,
    /// Where the last newline ended, to find blank lines.
    line_start: usize,
    line_empty: bool,
    keywords_en: usize,
    keywords_zh: usize,
}

#[derive(Clone, Copy)]
enum LastWord<'s> {
    Unit(&'s str, usize),
    EnglishGroup(GroupName, usize, usize),
}

/// The grammar's input: a token with its start and end offsets.
pub type Spanned<'s> = Result<(usize, Tok<'s>, usize), LexicalError>;

impl<'s, 'a> Lexer<'s, 'a> {
    /// A lexer over `src` (one file, BOM already removed); problems go to `diags`, trivia
    /// to `trivia` when given, and blocks are closed where `plan` says.
    pub fn new(
        file: FileId,
        src: &'s str,
        diags: &'a RefCell<Diagnostics>,
        trivia: Option<&'a mut Trivia>,
        plan: ClosePlan,
    ) -> Lexer<'s, 'a> {
        Lexer {
            file,
            src,
            raw: Raw::lexer(src),
            pending: VecDeque::with_capacity(4),
            diags,
            trivia,
            plan,
            next_close: 0,
            next_open: 0,
            extra_close: false,
            last_can_end: false,
            last_end: 0,
            last_word: None,
            in_attr: false,
            attr_pending: false,
            after_attr: false,
            depth: 0,
            unbalanced: false,
            errors: 0,
            stopped: false,
            done: false,
            line_start: 0,
            line_empty: true,
            keywords_en: 0,
            keywords_zh: 0,
        }
    }

    /// Braces were left open, or a `}` closed nothing: the file should be read again with
    /// a plan for the missing braces.
    pub fn unbalanced(&self) -> bool {
        self.unbalanced || self.extra_close
    }

    /// Lexing stopped early (too deep, too many errors): the file is not checked further.
    pub fn stopped(&self) -> bool {
        self.stopped
    }

    /// The language most of the file's keywords are written in (Chinese on a tie).
    pub fn keyword_lang(&self) -> KwLang {
        if self.keywords_en > self.keywords_zh {
            KwLang::En
        } else {
            KwLang::Zh
        }
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn report(&mut self, d: Diagnostic) {
        self.errors += 1;
        self.diags.borrow_mut().push(d);
    }

    /// Hand out a token, after the closes the plan puts before it.
    fn push(&mut self, start: usize, tok: Tok<'s>, end: usize) {
        self.close_before(start);
        self.last_can_end = tok.can_end_item();
        self.last_end = end;
        self.last_word = None;
        self.pending.push_back((start, tok, end));
    }

    /// The virtual `}` the plan puts before offset `at`: each ends the item before it and
    /// is itself an item of the enclosing block.
    fn close_before(&mut self, at: usize) {
        while let Some(&(offset, count)) = self.plan.closes.get(self.next_close) {
            if offset > at {
                break;
            }
            self.next_close += 1;
            let end = self.last_end;
            for _ in 0..count {
                if self.last_can_end {
                    self.pending.push_back((end, Tok::Term, end));
                }
                self.pending.push_back((end, Tok::RBrace, end));
                self.last_can_end = true;
            }
            self.pending.push_back((end, Tok::Term, end));
            self.last_can_end = false;
        }
    }

    /// A newline or `;`: a terminator if the previous token can end an item.
    fn terminator(&mut self, start: usize, end: usize) {
        if self.last_can_end && !self.in_attr && !self.after_attr {
            self.pending.push_back((start, Tok::Term, end));
            self.last_can_end = false;
            // A virtual `}` the plan puts later sits where this line ends, not back at the end
            // of its last word: tokens stay in source order when spaces or junk come between
            // (the lex fuzz target found `90 % �`, a newline, then a `}` left out).
            self.last_end = start;
        }
    }

    fn at_end(&mut self) {
        if self.depth > 0 && !self.stopped {
            self.unbalanced = true;
        }
        self.close_before(usize::MAX);
    }

    /// Blank lines and line starts, for the trivia table.
    fn note_newline(&mut self, at: usize) {
        if let Some(t) = self.trivia.as_deref_mut() {
            if self.line_empty {
                t.blank_lines.push(self.line_start as u32);
            }
        }
        self.line_start = at + 1;
        self.line_empty = true;
    }
}

impl<'s> Iterator for Lexer<'s, '_> {
    type Item = Spanned<'s>;

    fn next(&mut self) -> Option<Spanned<'s>> {
        loop {
            if let Some(t) = self.pending.pop_front() {
                return Some(Ok(t));
            }
            if self.done {
                return None;
            }
            match self.raw.next() {
                None => {
                    self.done = true;
                    if !self.stopped {
                        self.at_end();
                    }
                }
                Some(r) => {
                    let span = self.raw.span();
                    let slice = self.raw.slice();
                    match r {
                        Ok(r) => self.raw(r, slice, span.start, span.end),
                        Err(()) => match self.full_width_run(span.start) {
                            // The whole run is one slip, reported and fixed once.
                            Some(end) if end >= span.end => self.raw.bump(end - span.end),
                            _ => self.bad_char(span.start),
                        },
                    }
                    if self.errors >= MAX_ERRORS_PER_FILE && !self.stopped {
                        // Not a text file, most likely: stop rather than list a million
                        // characters.
                        let d = too_many_errors(self.file, self.src, span.end);
                        self.diags.borrow_mut().push(d);
                        self.stopped = true;
                    }
                    if self.stopped {
                        self.done = true;
                        self.pending.clear();
                    }
                }
            }
        }
    }
}

impl<'s> Lexer<'s, '_> {
    fn raw(&mut self, raw: Raw, slice: &'s str, start: usize, end: usize) {
        if !matches!(
            raw,
            Raw::Newline | Raw::Semi | Raw::LineComment | Raw::BlockComment(true)
        ) {
            self.after_attr = false;
        }
        if !matches!(raw, Raw::Newline | Raw::IdeographicSpace) {
            self.line_empty = false;
        }
        match raw {
            Raw::Newline => {
                if self.plan.opens.get(self.next_open) == Some(&start) {
                    // The `{` the line's indented block says is missing.
                    self.next_open += 1;
                    self.depth += 1;
                    self.push(start, Tok::LBrace, start);
                }
                self.terminator(start, end);
                self.note_newline(start);
            }
            Raw::Semi => {
                if let Some(t) = self.trivia.as_deref_mut() {
                    t.semicolons.push(start as u32);
                }
                self.terminator(start, end);
            }
            Raw::IdeographicSpace => {}
            Raw::LineComment => {
                if let Some(t) = self.trivia.as_deref_mut() {
                    t.comments.push((start as u32, end as u32));
                }
            }
            Raw::BlockComment(closed) => {
                if let Some(t) = self.trivia.as_deref_mut() {
                    t.comments.push((start as u32, end as u32));
                }
                // A comment spanning lines: the lines it covers are not blank.
                if let Some(nl) = slice.rfind('\n') {
                    self.line_start = start + nl + 1;
                    self.line_empty = false;
                }
                if !closed {
                    let d = Diagnostic::new(
                        Code::UnterminatedComment,
                        self.span(start, start + 2),
                        t!("块注释没有结束", "unterminated block comment"),
                    )
                    .label(t!(
                        "`/*` 在此开始，直到文件末尾都没有 `*/`",
                        "this `/*` has no matching `*/` before the end of the file"
                    ))
                    .help(t!(
                        "在注释结束处写 `*/`",
                        "write `*/` where the comment ends"
                    ));
                    self.report(d);
                }
            }
            Raw::TextBlock(closed) => {
                if let Some(nl) = slice.rfind('\n') {
                    self.line_start = start + nl + 1;
                }
                let body = if closed {
                    &slice[3..slice.len() - 3]
                } else {
                    let d = Diagnostic::new(
                        Code::UnterminatedString,
                        self.span(start, start + 3),
                        t!("多行文本没有结束", "unterminated multi-line text"),
                    )
                    .label(t!(
                        "`\"\"\"` 在此开始，直到文件末尾都没有结束的 `\"\"\"`",
                        "this `\"\"\"` is never closed"
                    ))
                    .help(t!(
                        "在文本结束处另起一行写 `\"\"\"`",
                        "close the text with `\"\"\"`"
                    ));
                    self.report(d);
                    &slice[3..]
                };
                let cooked = self.cook(body, start + 3);
                let text = dedent(&cooked);
                self.push(start, Tok::Str(Cow::Owned(text)), end);
            }
            Raw::Str(true) => {
                let body = &slice[1..slice.len() - 1];
                let cooked = self.cook(body, start + 1);
                self.push(start, Tok::Str(cooked), end);
            }
            Raw::Str(false) => {
                let d = Diagnostic::new(
                    Code::UnterminatedString,
                    self.span(start, end),
                    t!("字符串没有结束", "unterminated string"),
                )
                .label(t!(
                    "这一行里缺少结束的 `\"`",
                    "the closing `\"` is missing on this line"
                ))
                .help(t!(
                    "在文字末尾补上 `\"`；跨行的文字请用 `\"\"\"` 包围",
                    "add the closing `\"`; text spanning lines goes between `\"\"\"`"
                ))
                .fix(Fix::maybe(self.span(end, end), "\""));
                self.report(d);
                let cooked = self.cook(&slice[1..], start + 1);
                self.push(start, Tok::Str(cooked), end);
            }
            Raw::Number => {
                let value = self.number(slice, start, end);
                self.push(start, Tok::Number(value), end);
            }
            Raw::DateDay => {
                let mut parts = slice.split('-');
                let y = parts.next().unwrap_or("0").parse().unwrap_or(0);
                let m = parts.next().unwrap_or("0").parse().unwrap_or(0);
                let d = parts.next().unwrap_or("0").parse().unwrap_or(0);
                self.push(start, Tok::Date(y, DateKind::Day(m, d)), end);
            }
            Raw::DateMonth => {
                let (y, m) = slice.split_once('-').unwrap_or(("0", "0"));
                let kind = DateKind::Month(m.parse().unwrap_or(0));
                self.push(start, Tok::Date(y.parse().unwrap_or(0), kind), end);
            }
            Raw::DateQuarterHalf => {
                let (y, rest) = slice.split_once('-').unwrap_or(("0", "Q0"));
                let n = rest[1..].parse().unwrap_or(0);
                let kind = if rest.starts_with(['Q', 'q']) {
                    DateKind::Quarter(n)
                } else {
                    DateKind::Half(n)
                };
                self.push(start, Tok::Date(y.parse().unwrap_or(0), kind), end);
            }
            Raw::AsciiWord | Raw::CjkWord => {
                if self.glued_to_previous_word(raw, slice, start, end) {
                    return;
                }
                let tok = match keywords::lookup_row(slice) {
                    Some(row) => {
                        if !matches!(row.keyword, Keyword::Cmp(_)) {
                            match row.lang {
                                KwLang::En => self.keywords_en += 1,
                                KwLang::Zh => self.keywords_zh += 1,
                            }
                        }
                        match row.keyword {
                            Keyword::Kw(k) => Tok::Kw(k),
                            Keyword::Fund(k) => Tok::Fund(k),
                            Keyword::Group(g) => Tok::Group(g),
                            Keyword::Cmp(c) => Tok::Cmp(c),
                        }
                    }
                    None if slice == "至" => Tok::DotDot,
                    None => Tok::Word(slice),
                };
                let last_word = match (&tok, raw) {
                    (Tok::Word(w), Raw::CjkWord) => Some(LastWord::Unit(w, end)),
                    (Tok::Group(g), Raw::AsciiWord) => Some(LastWord::EnglishGroup(*g, start, end)),
                    _ => None,
                };
                self.push(start, tok, end);
                self.last_word = last_word;
            }
            Raw::ChineseQuoted(true) => self.chinese_quoted(slice, start, end),
            Raw::ChineseQuoted(false) => {
                let d = Diagnostic::new(
                    Code::ChineseQuotes,
                    self.span(start, end),
                    t!("孤立的中文引号 `{}`", "a stray Chinese quote `{}`", slice),
                )
                .label(t!(
                    "这一行里没有与它配对的引号",
                    "nothing on this line closes it"
                ))
                .help(t!(
                    "名称和文字值放在英文双引号 \"…\" 中；若这个引号是文字的一部分，把整段文字放进 \"…\"",
                    "names and text values go between ASCII double quotes \"…\"; if the quote is part of a text, put the whole text inside \"…\""
                ));
                self.report(d);
            }
            Raw::DateOtherFormat => self.date_other_format(slice, start, end),
            Raw::Percent => {
                // `％` is the full-width spelling of the same unit.
                let unit = if slice == "‰" { "‰" } else { "%" };
                self.push(start, Tok::Word(unit), end);
            }
            Raw::CmpSym => {
                let cmp = COMPARATOR_SYMBOLS
                    .iter()
                    .find(|(s, _)| *s == slice)
                    .map(|(_, c)| *c)
                    .unwrap_or(Cmp::Eq);
                self.push(start, Tok::Cmp(cmp), end);
            }
            Raw::LBrace => {
                if self.plan.drops.binary_search(&start).is_ok() {
                    return;
                }
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    let d = Diagnostic::new(
                        Code::NestingTooDeep,
                        self.span(start, end),
                        t!("花括号嵌套过深", "braces nested too deeply"),
                    )
                    .label(t!("这是第 {} 层 `{{`", "this `{{` is level {}", self.depth))
                    .help(t!(
                        "申报表最多需要四层（项目 → 一级指标 → 二级指标 → 指标），上限为 {} 层；请检查多余的 `{{`",
                        "a filing needs at most four levels (project → level 1 → level 2 → indicator) and at most {} are accepted; look for stray `{{`",
                        MAX_NESTING
                    ));
                    self.report(d);
                    self.stopped = true;
                    return;
                }
                self.push(start, Tok::LBrace, end);
            }
            Raw::RBrace => {
                if self.plan.drops.binary_search(&start).is_ok() {
                    return;
                }
                // A `}` the plan already supplied is not also the author's: the plan
                // only closes blocks whose own `}` is missing, so this one is real.
                if self.depth == 0 {
                    self.extra_close = true;
                    let d = Diagnostic::new(
                        Code::SyntaxError,
                        self.span(start, end),
                        t!("多余的 `}}`", "unmatched `}}`"),
                    )
                    .label(t!("这个 `}}` 没有对应的 `{{`", "this `}}` closes nothing"))
                    .help(t!(
                        "删除它，或在前面补上对应的 `{{`",
                        "remove it, or add the `{{` it should close"
                    ));
                    self.report(d);
                    return;
                }
                self.depth -= 1;
                self.push(start, Tok::RBrace, end);
            }
            Raw::LParen => {
                if self.attr_pending {
                    self.in_attr = true;
                }
                self.attr_pending = false;
                self.push(start, Tok::LParen, end);
            }
            Raw::RParen => {
                self.push(start, Tok::RParen, end);
                if self.in_attr {
                    // The `)` of an attribute ends no item: the attribute belongs to the
                    // item on the next line. Mark it so the newline adds no terminator.
                    self.in_attr = false;
                    self.attr_pending = false;
                    self.after_attr = true;
                }
            }
            Raw::Slash => self.push(start, Tok::Slash, end),
            Raw::MidDot => self.push(start, Tok::MidDot, end),
            Raw::DotDot => self.push(start, Tok::DotDot, end),
            Raw::Comma => self.push(start, Tok::Comma, end),
            Raw::Colon => self.push(start, Tok::Colon, end),
            Raw::At => {
                self.attr_pending = true;
                self.push(start, Tok::At, end);
                return;
            }
        }
        if !matches!(raw, Raw::AsciiWord | Raw::LParen) {
            self.attr_pending = false;
        }
    }

    /// Words that only make sense joined to the word just before them (no space between):
    /// `satisfaction指标`, where `指标` is the Chinese suffix of the group name already
    /// written in English, and `公里s`, an English plural on a Chinese unit. Each is one
    /// error whose fix deletes the extra part; the token stream reads as if it were deleted,
    /// so nothing cascades. Returns whether the word was consumed here.
    fn glued_to_previous_word(&mut self, raw: Raw, slice: &str, start: usize, end: usize) -> bool {
        let Some(last) = self.last_word else {
            return false;
        };
        let src: &'s str = self.src;
        let span = self.span(start, end);
        let d = match (raw, last) {
            (Raw::CjkWord, LastWord::EnglishGroup(g, prev_start, prev_end))
                if slice == "指标" && prev_end == start =>
            {
                let prev_text = &src[prev_start..prev_end];
                let zh = keywords::spelling(Keyword::Group(g), KwLang::Zh);
                Diagnostic::new(
                    Code::SyntaxError,
                    span,
                    t!(
                        "英文关键字 `{}` 后面不加 `指标`",
                        "the English keyword `{}` takes no `指标`",
                        prev_text
                    ),
                )
                .label(t!("多余的 `指标`", "extra `指标`"))
                .help(t!(
                    "写英文关键字 `{0}` 或中文关键字 `{1}`，不要混写",
                    "write the English keyword `{0}` or the Chinese one, `{1}`, not a mix",
                    prev_text,
                    zh
                ))
            }
            (Raw::AsciiWord, LastWord::Unit(unit, prev_end))
                if matches!(slice, "s" | "es") && prev_end == start =>
            {
                Diagnostic::new(
                    Code::UnknownUnit,
                    span,
                    t!(
                        "计量单位 `{0}` 后面多了英文复数 `{1}`",
                        "the unit `{0}` has an English plural `{1}`",
                        unit,
                        slice
                    ),
                )
                .label(t!("中文单位没有复数", "Chinese units have no plural"))
                .help(t!(
                    "删除 `{}`，写 `{}`",
                    "delete `{}`: write `{}`",
                    slice,
                    unit
                ))
            }
            _ => return false,
        };
        self.report(d.fix(Fix::certain(span, "")));
        self.last_word = None;
        true
    }

    /// `“培训班次”`: the commonest input-method slip. One error, with the certain fix to ASCII
    /// quotes; the text is lexed as the string it was meant to be.
    fn chinese_quoted(&mut self, slice: &'s str, start: usize, end: usize) {
        let open = slice.chars().next().map_or(0, char::len_utf8);
        let close = slice.chars().next_back().map_or(0, char::len_utf8);
        let body = &slice[open..slice.len() - close];
        let quoted = format!("\"{}\"", body.replace('\\', "\\\\").replace('"', "\\\""));
        let d = Diagnostic::new(
            Code::ChineseQuotes,
            self.span(start, end),
            t!(
                "文字用了中文引号：{}",
                "text in Chinese quotes: {}",
                truncate(slice, 24)
            ),
        )
        .label(t!(
            "名称和文字值要放在英文双引号中",
            "names and text values go between ASCII double quotes"
        ))
        .help(t!(
            "写成 {}（输入引号时切换到英文标点）",
            "write {} (switch the input method to ASCII punctuation for quotes)",
            truncate(&quoted, 26)
        ))
        .fix(Fix::certain(self.span(start, end), quoted));
        self.report(d);
        self.push(start, Tok::Str(Cow::Borrowed(body)), end);
    }

    /// `2024年11月30日`, `2024/11/30`, `2024.11.30`: the date it names, reported with its
    /// ISO spelling.
    fn date_other_format(&mut self, slice: &'s str, start: usize, end: usize) {
        let parts: Vec<u32> = slice
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty())
            .map(|p| p.parse().unwrap_or(0))
            .collect();
        let (year, month, day) = (parts[0] as i32, parts[1], parts.get(2).copied());
        let (kind, iso) = match day {
            Some(d) => (DateKind::Day(month, d), format!("{year}-{month:02}-{d:02}")),
            None => (DateKind::Month(month), format!("{year}-{month:02}")),
        };
        let d = Diagnostic::new(
            Code::DateFormat,
            self.span(start, end),
            t!("日期应写作 {}", "write the date as {}", &iso),
        )
        .label(t!("`{}` 不是日期的写法", "`{}` is not how a date is written", slice))
        .help(t!(
            "日期写成 年-月-日（{}），月份写成 2024-11，季度 2024-Q4，半年 2024-H1",
            "dates are year-month-day ({}); a month 2024-11, a quarter 2024-Q4, a half-year 2024-H1",
            &iso
        ))
        .fix(Fix::certain(self.span(start, end), iso));
        self.report(d);
        self.push(start, Tok::Date(year, kind), end);
    }

    /// `１２０`, `2024．11．30`: characters typed in full width by a Chinese input method
    /// whose half-width twins are what the file means (digits, `.`, `-`, `"`, `@`). The run
    /// is one error whose certain fix writes the same characters in half width; returns
    /// where the run ends, or `None` if `start` holds no such character.
    fn full_width_run(&mut self, start: usize) -> Option<usize> {
        let run: String = self.src[start..]
            .chars()
            .take_while(|c| half_width_twin(*c).is_some())
            .collect();
        if run.is_empty() {
            return None;
        }
        let end = start + run.len();
        let half: String = run.chars().filter_map(half_width_twin).collect();
        let d = Diagnostic::new(
            Code::UnknownCharacter,
            self.span(start, end),
            t!(
                "`{}` 是全角字符",
                "`{}` is written in full-width characters",
                truncate(&run, 24)
            ),
        )
        .label(t!("应写作半角 `{}`", "written half-width it is `{}`", truncate(&half, 24)))
        .help(t!(
            "数字、小数点、连字符、引号和 @ 要用半角（英文输入状态）输入：写 `{}`",
            "digits, the decimal point, hyphens, quotes and @ are typed half-width (ASCII input mode): write `{}`",
            truncate(&half, 24)
        ))
        .fix(Fix::certain(self.span(start, end), half));
        self.report(d);
        Some(end)
    }

    fn bad_char(&mut self, start: usize) {
        let ch = self.src[start..].chars().next().unwrap_or('\u{fffd}');
        let end = start + ch.len_utf8();
        let d = if ch.is_control() {
            Diagnostic::new(
                Code::ControlCharacter,
                self.span(start, end),
                t!(
                    "源文件含有控制字符 U+{}",
                    "the source contains control character U+{}",
                    format!("{:04X}", ch as u32)
                ),
            )
            .label(t!("在字节偏移 {} 处", "at byte offset {}", start))
            .help(t!(
                "删除该字符；.perf 文件应是纯文本（可能是从其他程序复制时带入的）",
                "remove it; a .perf file is plain text (it may have come in with a copy from another program)"
            ))
        } else {
            Diagnostic::new(
                Code::UnknownCharacter,
                self.span(start, end),
                t!("无法识别的字符 `{}`", "unexpected character `{}`", ch),
            )
            .label(t!(
                "这里不能出现此字符",
                "this character cannot appear here"
            ))
            .help(t!(
                "文字内容请放在双引号 \"…\" 中；比较符号用 = > < >= <= ≥ ≤",
                "put text between double quotes \"…\"; comparators are = > < >= <= ≥ ≤"
            ))
        };
        self.report(d);
    }

    /// Parse a number's exact value; report bad comma groups and overflow.
    fn number(&mut self, text: &str, start: usize, end: usize) -> Decimal {
        let mut digits: String = text.chars().filter(|c| *c != '_' && *c != ',').collect();
        if text.contains(',') && !comma_groups_ok(text) {
            // `45,00`: one comma and one or two digits after it reads as a decimal comma
            // (as spreadsheets in some locales write it); anything else as bad grouping.
            let decimal_comma = match text.split_once(',') {
                Some((int, frac)) => {
                    !frac.contains([',', '.']) && (1..=2).contains(&frac.len()) && !int.is_empty()
                }
                None => false,
            };
            if decimal_comma {
                let fixed = text.replace(',', ".");
                let grouped = group_thousands(&digits);
                let d = Diagnostic::new(
                    Code::MalformedNumber,
                    self.span(start, end),
                    t!(
                        "数字 `{}` 用了逗号作小数点",
                        "the number `{}` uses a comma as decimal point",
                        text
                    ),
                )
                .label(t!("小数点应写作 `.`", "the decimal point is `.`"))
                .help(t!(
                    "写成 `{}`；若本意是千位分隔，写成 `{}`",
                    "write `{}`; if the comma separates thousands, write `{}`",
                    &fixed,
                    grouped
                ))
                .fix(Fix::maybe(self.span(start, end), fixed.clone()));
                self.report(d);
                digits = fixed.replace('_', "");
                return Decimal::from_str(&digits).unwrap_or(Decimal::ZERO);
            }
            let fixed = group_thousands(&digits);
            // `120,000,00`: most likely `120,000.00` with its decimal point typed as a comma.
            // Regrouping keeps the number perfc reads (`12,000,000`), but that reading is the
            // likely slip, so neither is certain: both are offered, the decimal first.
            let as_decimal = text
                .rsplit_once(',')
                .filter(|_| last_group_looks_decimal(text))
                .map(|(int, cents)| {
                    group_thousands(&format!(
                        "{}.{}",
                        int.replace([',', '_'], ""),
                        cents.replace('_', "")
                    ))
                });
            let span = self.span(start, end);
            let d = Diagnostic::new(
                Code::MalformedNumber,
                span,
                t!(
                    "数字 `{}` 的千位分隔不正确",
                    "malformed digit grouping in `{}`",
                    text
                ),
            )
            .label(t!(
                "逗号须每三位一组",
                "commas must separate groups of three digits"
            ));
            let d = match as_decimal {
                Some(decimal) => d
                    .help(t!(
                        "若最后一个逗号本是小数点，写成 `{}`；若是千位分隔，写成 `{}`",
                        "if the last comma is a decimal point, write `{}`; if it separates thousands, `{}`",
                        &decimal,
                        &fixed
                    ))
                    .fix(Fix::maybe(span, decimal))
                    .fix(Fix::maybe(span, fixed)),
                None => d
                    .help(t!(
                        "写成 `{}` 或不加逗号 `{}`",
                        "write `{}`, or without commas `{}`",
                        &fixed,
                        &digits
                    ))
                    .fix(Fix::certain(span, fixed)),
            };
            self.report(d);
        }
        match Decimal::from_str(&digits) {
            Ok(v) => v,
            Err(_) => {
                let d = Diagnostic::new(
                    Code::NumberOutOfRange,
                    self.span(start, end),
                    t!(
                        "数字 `{}` 超出可精确表示的范围",
                        "the number `{}` is too large to hold exactly",
                        truncate(text, 40)
                    ),
                )
                .label(t!("最多 28 位有效数字", "at most 28 significant digits"))
                .help(t!(
                    "检查是否多打了数字；金额可改用 万元 或 亿元",
                    "check for extra digits; amounts can be written in 万元 or 亿元"
                ));
                self.report(d);
                Decimal::ZERO
            }
        }
    }

    /// Process escapes in a string body starting at byte `offset`; report control characters
    /// (a NUL pasted into a name is as wrong inside quotes as outside).
    fn cook(&mut self, body: &'s str, offset: usize) -> Cow<'s, str> {
        // One scan for the rare bytes that need work: a backslash or a control character.
        // Nearly every string has neither and is borrowed as it is.
        let special =
            |b: u8| b == b'\\' || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
        if !body.bytes().any(special) {
            return Cow::Borrowed(body);
        }
        if body
            .bytes()
            .any(|b| b.is_ascii_control() && !matches!(b, b'\t' | b'\n' | b'\r'))
        {
            for (i, c) in body.char_indices() {
                if c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r') {
                    self.bad_char(offset + i);
                }
            }
        }
        if !body.contains('\\') {
            return Cow::Borrowed(body);
        }
        let mut out = String::with_capacity(body.len());
        let mut chars = body.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            let esc_start = offset + i;
            match chars.next() {
                Some((_, '"')) => out.push('"'),
                Some((_, '\\')) => out.push('\\'),
                Some((_, 'n')) => out.push('\n'),
                Some((_, 't')) => out.push('\t'),
                Some((j, 'u')) => {
                    let rest = &body[j + 1..];
                    let parsed = rest
                        .strip_prefix('{')
                        .and_then(|r| r.find('}').map(|k| &r[..k]))
                        .filter(|h| !h.is_empty() && h.len() <= 6)
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32);
                    match parsed {
                        Some(ch) => {
                            out.push(ch);
                            let hex_len = rest.find('}').unwrap_or(0) + 1;
                            for _ in 0..hex_len {
                                chars.next();
                            }
                        }
                        None => self.bad_escape(esc_start, esc_start + 2, "\\u"),
                    }
                }
                Some((j, other)) => {
                    let end = offset + j + other.len_utf8();
                    self.bad_escape(esc_start, end, &format!("\\{other}"));
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        Cow::Owned(out)
    }

    fn bad_escape(&mut self, start: usize, end: usize, esc: &str) {
        let d = Diagnostic::new(
            Code::InvalidEscape,
            self.span(start, end),
            t!("无效的转义 `{}`", "invalid escape `{}`", esc),
        )
        .label(t!("不认识的转义", "unknown escape"))
        .help(t!(
            "可用的转义：\\\" \\\\ \\n \\t \\u{{4E2D}}；要写反斜杠本身请写 \\\\",
            "valid escapes: \\\" \\\\ \\n \\t \\u{{4E2D}}; write \\\\ for a backslash"
        ));
        self.report(d);
    }
}

/// `1,234,567.89`: the first group 1–3 digits, then groups of exactly three.
/// The half-width character a full-width one stands for, for the characters whose
/// half-width form means the same in a filing: digits, `．` `－` `＂` `＠`. Others (`＃`,
/// letters) would only trade one error for another, or guess.
fn half_width_twin(c: char) -> Option<char> {
    match c {
        '０'..='９' | '．' | '－' | '＂' | '＠' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// Whether a badly grouped number may have been meant with a decimal comma in its last
/// place (`450,000,00`, a slip for `450,000.00`): one or two digits after its last comma
/// and no decimal point. Regrouping its digits (`45,000,000`) would then change the amount.
fn last_group_looks_decimal(text: &str) -> bool {
    !text.contains('.')
        && text
            .rsplit(',')
            .next()
            .is_some_and(|g| (1..=2).contains(&g.replace('_', "").len()))
}

fn comma_groups_ok(text: &str) -> bool {
    let int = text.trim_start_matches('-').split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.split(',').collect();
    let first = groups[0].replace('_', "");
    (1..=3).contains(&first.len())
        && groups[1..]
            .iter()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// Remove the common leading indentation of a `"""` block, and the blank first and last
/// lines that come from writing the quotes on their own lines.
pub fn dedent(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            }
        })
        .map(|l| l.trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::keywords::{KwLang, KEYWORDS};

    /// Every token of `src` with its offsets, read as the parse driver reads a file: again
    /// with a close plan when braces were left open.
    fn lex(src: &str) -> (Vec<(usize, Tok<'_>, usize)>, Diagnostics, bool) {
        let run = |plan: ClosePlan| {
            let diags = RefCell::new(Vec::new());
            let mut lexer = Lexer::new(FileId(0), src, &diags, None, plan);
            let tokens: Vec<_> = lexer.by_ref().map(|t| t.unwrap()).collect();
            let (unbalanced, stopped) = (lexer.unbalanced(), lexer.stopped());
            drop(lexer);
            (tokens, diags.into_inner(), unbalanced, stopped)
        };
        let (tokens, diags, unbalanced, stopped) = run(ClosePlan::new());
        if !unbalanced {
            return (tokens, diags, stopped);
        }
        let (plan, mut plan_diags) = crate::syntax::repair::plan(FileId(0), src);
        let (tokens, diags, _, stopped) = run(plan);
        plan_diags.extend(diags);
        (tokens, plan_diags, stopped)
    }

    #[test]
    fn a_virtual_close_after_junk_and_a_newline_keeps_tokens_in_order() {
        // Found by the lex fuzz target: an unknown character between the last word and the
        // end of the line, then a `}` left out; the virtual `}` came out before the newline's
        // terminator, with its start going backwards.
        let src = "project \"x\" {\n  output {\n    quantity { \"a\" >= 90 % \u{fffd}\n  }\n}\n";
        let (tokens, diags, _) = lex(src);
        assert!(tokens.windows(2).all(|w| w[0].0 <= w[1].0), "{tokens:?}");
        assert!(diags.iter().any(|d| d.code == Code::UnknownCharacter));
        assert!(
            tokens.iter().any(|t| t.1 == Tok::RBrace && t.0 == t.2),
            "{tokens:?}"
        );
    }

    fn toks(src: &str) -> (Vec<Tok<'_>>, Diagnostics) {
        let (tokens, diags, _) = lex(src);
        (tokens.into_iter().map(|(_, t, _)| t).collect(), diags)
    }

    fn keyword_tok(k: Keyword) -> Tok<'static> {
        match k {
            Keyword::Kw(k) => Tok::Kw(k),
            Keyword::Fund(k) => Tok::Fund(k),
            Keyword::Group(g) => Tok::Group(g),
            Keyword::Cmp(c) => Tok::Cmp(c),
        }
    }

    #[test]
    fn every_keyword_lexes_in_both_languages() {
        let mut en = 0;
        let mut zh = 0;
        for row in KEYWORDS {
            let (t, d) = toks(row.spelling);
            assert!(d.is_empty(), "{}: {d:?}", row.spelling);
            assert_eq!(t, vec![keyword_tok(row.keyword)], "{}", row.spelling);
            match row.lang {
                KwLang::En => en += 1,
                KwLang::Zh => zh += 1,
            }
        }
        assert!(en > 40 && zh > 60, "{en} English, {zh} Chinese spellings");
    }

    #[test]
    fn every_comparator_spelling() {
        let cases = [
            ("=", Cmp::Eq),
            ("＝", Cmp::Eq),
            ("等于", Cmp::Eq),
            (">", Cmp::Gt),
            ("＞", Cmp::Gt),
            ("大于", Cmp::Gt),
            ("<", Cmp::Lt),
            ("＜", Cmp::Lt),
            ("小于", Cmp::Lt),
            (">=", Cmp::Ge),
            ("≥", Cmp::Ge),
            ("≧", Cmp::Ge),
            ("不少于", Cmp::Ge),
            ("不低于", Cmp::Ge),
            ("大于等于", Cmp::Ge),
            ("<=", Cmp::Le),
            ("≤", Cmp::Le),
            ("≦", Cmp::Le),
            ("不多于", Cmp::Le),
            ("不高于", Cmp::Le),
            ("不超过", Cmp::Le),
            ("小于等于", Cmp::Le),
        ];
        for (spelling, cmp) in cases {
            let src = format!("{spelling}85%");
            let (t, d) = toks(&src);
            assert!(d.is_empty(), "{spelling}");
            assert_eq!(t[0], Tok::Cmp(cmp), "{spelling}");
            assert!(
                matches!(t[1], Tok::Number(n) if n == 85.into()),
                "{spelling}: {t:?}"
            );
            assert_eq!(t[2], Tok::Word("%"), "{spelling}");
        }
        for (sym, _) in COMPARATOR_SYMBOLS {
            assert!(cases.iter().any(|(s, _)| s == sym), "{sym} untested");
        }
    }

    #[test]
    fn numbers_keep_their_text_and_exact_value() {
        let src = "3.00 17_500 450,000.00 -5 0.1";
        let (t, d, _) = lex(src);
        assert!(d.is_empty());
        let nums: Vec<(&str, String)> = t
            .iter()
            .filter_map(|(s, t, e)| match t {
                Tok::Number(v) => Some((&src[*s..*e], v.to_string())),
                _ => None,
            })
            .collect();
        assert_eq!(
            nums,
            vec![
                ("3.00", "3.00".into()),
                ("17_500", "17500".into()),
                ("450,000.00", "450000.00".into()),
                ("-5", "-5".into()),
                ("0.1", "0.1".into()),
            ]
        );
    }

    #[test]
    fn regrouping_is_certain_only_when_no_group_looks_like_cents() {
        let (_, d) = toks("1,0000 450,000,00");
        assert_eq!(d.len(), 2);
        assert!(d[0].fixes[0].is_certain());
        // The decimal reading first, then the digits regrouped; neither certain.
        let offered: Vec<&str> = d[1]
            .fixes
            .iter()
            .map(|f| f.edits[0].replacement.as_str())
            .collect();
        assert_eq!(offered, ["450,000.00", "45,000,000"]);
        assert!(d[1].fixes.iter().all(|f| !f.is_certain()));
    }

    #[test]
    fn full_width_digits_are_one_error_with_a_certain_fix() {
        let (t, d) = toks("= １２０．５ 人 ＃");
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].code, Code::UnknownCharacter);
        assert!(d[0].fixes[0].is_certain());
        assert_eq!(d[0].fixes[0].edits[0].replacement, "120.5");
        // `＃` has no twin that means anything here: no fix.
        assert!(d[1].fixes.is_empty());
        assert!(t.iter().any(|t| matches!(t, Tok::Word("人"))));
    }

    #[test]
    fn bad_comma_groups_get_a_fix() {
        let (_, d) = toks("45,00 1,0000");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.code == Code::MalformedNumber));
        assert_eq!(d[1].fixes[0].edits[0].replacement, "10,000");
    }

    #[test]
    fn overflowing_numbers_are_reported_not_wrapped() {
        let (t, d) = toks("99999999999999999999999999999999999");
        assert_eq!(d[0].code, Code::NumberOutOfRange);
        assert!(matches!(t[0], Tok::Number(v) if v.is_zero()));
    }

    #[test]
    fn units_bare_or_in_either_parentheses() {
        for src in ["85%", "85 %", "85(%)", "85（%）", "85％", "85 （ ％ ）"] {
            let (t, d) = toks(src);
            assert!(d.is_empty(), "{src}");
            let words: Vec<_> = t.iter().filter(|t| matches!(t, Tok::Word(_))).collect();
            assert_eq!(words, vec![&Tok::Word("%")], "{src}");
        }
        let (t, _) = toks("=49(人/次/天)");
        assert_eq!(
            t[2..],
            [
                Tok::LParen,
                Tok::Word("人"),
                Tok::Slash,
                Tok::Word("次"),
                Tok::Slash,
                Tok::Word("天"),
                Tok::RParen
            ]
        );
        let (t, _) = toks("3人次");
        assert_eq!(t[1], Tok::Word("人次"));
    }

    #[test]
    fn dates_of_every_precision() {
        let (t, d) = toks("2024-06-30 2024-06 2024-Q2 2024-H1 2024-01-01..2024-12-31");
        assert!(d.is_empty());
        assert_eq!(t[0], Tok::Date(2024, DateKind::Day(6, 30)));
        assert_eq!(t[1], Tok::Date(2024, DateKind::Month(6)));
        assert_eq!(t[2], Tok::Date(2024, DateKind::Quarter(2)));
        assert_eq!(t[3], Tok::Date(2024, DateKind::Half(1)));
        assert_eq!(t[5], Tok::DotDot);
    }

    #[test]
    fn strings_cook_escapes_and_keep_chinese_quotes() {
        let (t, d) = toks(r#""a\"b\\c\n\t\u{4E2D}“引号”""#);
        assert!(d.is_empty());
        assert_eq!(t[0], Tok::Str(Cow::Owned("a\"b\\c\n\t中“引号”".into())));
        let (_, d) = toks(r#""bad \q""#);
        assert_eq!(d[0].code, Code::InvalidEscape);
    }

    #[test]
    fn triple_quoted_text_is_dedented() {
        let src = "goal \"\"\"\n    第一段\n      缩进\n    第二段\n    \"\"\"\n";
        let (t, d) = toks(src);
        assert!(d.is_empty());
        assert_eq!(t[1], Tok::Str(Cow::Owned("第一段\n  缩进\n第二段".into())));
    }

    #[test]
    fn trivia_records_comments_blank_lines_and_semicolons() {
        let src = "year 2024 // 年度\n\n/* 块\n注释 */\n\"a\" = 1 个; \"b\" = 2 个\n";
        let diags = RefCell::new(Vec::new());
        let mut trivia = Trivia::default();
        let n = Lexer::new(FileId(0), src, &diags, Some(&mut trivia), ClosePlan::new()).count();
        assert!(n > 0);
        let comments: Vec<&str> = trivia
            .comments
            .iter()
            .map(|&(s, e)| &src[s as usize..e as usize])
            .collect();
        assert_eq!(comments, vec!["// 年度", "/* 块\n注释 */"]);
        assert_eq!(
            trivia.blank_lines,
            vec![src.find("\n\n").unwrap() as u32 + 1]
        );
        assert_eq!(trivia.semicolons, vec![src.find(';').unwrap() as u32]);
    }

    #[test]
    fn comments_of_both_forms_are_skipped() {
        let (t, d) = toks("year // 注释\n/* 块\n注释 */ 2024");
        assert!(d.is_empty());
        assert_eq!(t.len(), 3, "{t:?}"); // year, Term, 2024
        let (_, d) = toks("/* 没有结束");
        assert_eq!(d[0].code, Code::UnterminatedComment);
    }

    #[test]
    fn crlf_lexes_like_lf() {
        let lf = toks("year 2024\nproject \"a\" {\n}\n").0;
        let crlf = toks("year 2024\r\nproject \"a\" {\r\n}\r\n").0;
        assert_eq!(lf, crlf);
    }

    #[test]
    fn a_qualitative_value_is_not_a_second_indicator() {
        let (t, _) = toks("\"名称\" \"及时\"\n\"第二个\"\n");
        assert!(matches!(
            &t[..],
            [Tok::Str(_), Tok::Str(_), Tok::Term, Tok::Str(_), Tok::Term]
        ));
    }

    #[test]
    fn terminators_follow_the_line_structure_rule() {
        // No terminator after `{`, none for blank or comment lines, `;` separates.
        let (t, _) = toks("output {\n\n  // c\n  \"a\" = 1 个; \"b\" = 2 个\n}\n");
        let terms = t.iter().filter(|t| **t == Tok::Term).count();
        assert_eq!(terms, 3, "{t:?}"); // after 个;, after 个 at end of line, after }
        assert_eq!(t[1], Tok::LBrace);
        assert!(matches!(t[2], Tok::Str(_)));
        // An attribute belongs to the next line's item: its `)` adds no terminator.
        let (t, _) = toks("@allow(W0201)\n\"a\" \"b\"\n");
        assert!(!t[..6].contains(&Tok::Term), "{t:?}");
    }

    #[test]
    fn unclosed_braces_are_reported_and_closed() {
        let (t, d) = toks("project \"a\" {\n  output {\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.code == Code::UnclosedBlock));
        assert_eq!(t.iter().filter(|t| **t == Tok::RBrace).count(), 2);
    }

    /// Where the lexer closes the blocks that lack a `}`: the offsets of the virtual
    /// (zero-width) closing braces, and the blocks reported.
    fn virtual_closes(src: &str) -> (Vec<usize>, Vec<String>) {
        let (tokens, diags, _) = lex(src);
        let closes = tokens
            .iter()
            .filter(|(s, t, e)| *t == Tok::RBrace && s == e)
            .map(|(s, _, _)| *s)
            .collect();
        let blocks = diags
            .iter()
            .filter(|d| d.code == Code::UnclosedBlock)
            .map(|d| d.message.zh())
            .collect();
        (closes, blocks)
    }

    #[test]
    fn a_missing_brace_is_placed_by_indentation() {
        // The `}` of `quality` is missing: its block ends before the next line at its own
        // indentation, not at the end of the file.
        let src =
            "p {\n  output {\n    quality { \"a\" = 1 个\n    timeliness { \"b\" \"c\" }\n  }\n}\n";
        let (closes, blocks) = virtual_closes(src);
        assert_eq!(closes, vec![src.find(" 个").unwrap() + " 个".len()]);
        assert_eq!(blocks, vec!["`quality` 块没有结束".to_string()]);
        // A project without its `}`: the next project at the left margin ends it.
        let src = "project \"a\" {\n  goal \"x\"\n\nproject \"b\" {\n  goal \"y\"\n}\n";
        let (closes, blocks) = virtual_closes(src);
        assert_eq!(closes, vec![src.find("\"x\"").unwrap() + 3]);
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn unindented_blocks_are_closed_at_the_end() {
        // Nothing indented: the indentation says nothing, so the block closes at the end.
        let src = "project \"a\" {\ngoal \"x\"\nproject \"b\" {\ngoal \"y\"\n}\n";
        let (closes, blocks) = virtual_closes(src);
        assert_eq!(closes, vec![src.trim_end().len()]);
        assert_eq!(blocks.len(), 1);
    }

    #[test]
    fn chinese_quotes_lex_as_a_string_with_one_error() {
        let (t, d) = toks("“培训班次” = 4 期");
        assert_eq!(t[0], Tok::Str(Cow::Borrowed("培训班次")));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::ChineseQuotes);
        assert!(d[0].fixes[0].is_certain());
        assert_eq!(d[0].fixes[0].edits[0].replacement, "\"培训班次\"");
    }

    #[test]
    fn dates_as_forms_write_them() {
        for (src, kind, iso) in [
            ("2024年11月30日", DateKind::Day(11, 30), "2024-11-30"),
            ("2024年6月", DateKind::Month(6), "2024-06"),
            ("2024/1/5", DateKind::Day(1, 5), "2024-01-05"),
            ("2024.12.15", DateKind::Day(12, 15), "2024-12-15"),
        ] {
            let (t, d) = toks(src);
            assert_eq!(t, vec![Tok::Date(2024, kind)], "{src}");
            assert_eq!(d[0].code, Code::DateFormat, "{src}");
            assert_eq!(d[0].fixes[0].edits[0].replacement, iso, "{src}");
        }
        // A decimal is still a number.
        let (t, d) = toks("2024.5");
        assert!(d.is_empty());
        assert!(matches!(t[0], Tok::Number(n) if n.to_string() == "2024.5"));
    }

    #[test]
    fn deep_nesting_stops_lexing() {
        let src = "{".repeat(20_000);
        let (_, diags, stopped) = lex(&src);
        assert!(stopped);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::NestingTooDeep);
    }

    #[test]
    fn control_and_unknown_characters() {
        let (_, d) = toks("year\0 2024 #");
        let codes: Vec<_> = d.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::ControlCharacter, Code::UnknownCharacter]);
    }
}
