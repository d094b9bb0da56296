//! Syntax: text → tokens (`lexer`, pulled by the parser one at a time) → tree (`ast`, built
//! by the LALRPOP grammar in `grammar/perf.lalrpop`), handed item by item to a `Sink`.
//! Reading never fails: syntax errors become diagnostics and `Error` nodes, so later stages
//! and the editor always get a tree.

pub mod ast;
pub mod cascade;
pub mod keywords;
pub mod lexer;
pub mod repair;

use std::cell::RefCell;

use lalrpop_util::{lalrpop_mod, ErrorRecovery, ParseError};

use crate::diag::{Arg, Code, Diagnostic, Diagnostics, Fix, Message, Sep};
use crate::source::{FileId, Span};
use crate::t;
use keywords::{Keyword, Kw, KwLang};
use lexer::{LexicalError, Tok};

lalrpop_mod!(
    #[allow(
        clippy::all,
        clippy::pedantic,
        unused_parens,
        unused_imports,
        dead_code
    )]
    grammar,
    "/perf.rs"
);

/// The error for a word standing where the keyword `expected` belongs (for grammar actions).
pub(crate) fn misspelled<'s>(
    word: (&'s str, Span),
    expected: &[&str],
) -> ErrorRecovery<usize, Tok<'s>, LexicalError> {
    ErrorRecovery {
        error: ParseError::UnrecognizedToken {
            token: (
                word.1.start as usize,
                Tok::Word(word.0),
                word.1.end as usize,
            ),
            expected: expected.iter().map(|e| e.to_string()).collect(),
        },
        dropped_tokens: vec![],
    }
}

/// The keyword among `allowed` that a misspelled word most likely meant, if exactly one of
/// them is near (for grammar actions that read the item as meant).
pub(crate) fn nearest_keyword(word: &str, allowed: &[Kw]) -> Option<Kw> {
    let near: Vec<Kw> = keywords::did_you_mean(word)
        .into_iter()
        .filter_map(|(zh, _)| match keywords::lookup(zh) {
            Some(keywords::Keyword::Kw(k)) if allowed.contains(&k) => Some(k),
            _ => None,
        })
        .collect();
    match near[..] {
        [k] => Some(k),
        _ => None,
    }
}

/// Where a parse takes each complete top-level item. Checking lowers each project as it
/// arrives and drops its tree; the formatter and tests collect the whole tree instead.
pub trait Sink<'s> {
    fn setting(&mut self, setting: ast::Setting<'s>);
    fn unit(&mut self, unit: Box<ast::UnitDecl<'s>>);
    /// A project; `log` holds the syntax errors found so far, to tell whether any lies
    /// inside it.
    fn project(&mut self, project: Box<ast::Project<'s>>, log: &SyntaxLog<'s>);
    /// A stretch skipped after a syntax error (already reported).
    fn error(&mut self, _span: Span) {}
    /// After a complete reading: whether the sink needs the file read once more (a file
    /// setting came after projects it applies to), having prepared itself for it.
    fn read_again(&mut self) -> bool {
        false
    }
    /// Forget what the last reading produced: the file is read again.
    fn restart(&mut self);
}

/// The syntax errors of one reading, as they are found: the lexer's diagnostics and the
/// parser's recoveries (worded at the end).
pub struct SyntaxLog<'s> {
    pub lexer: RefCell<Diagnostics>,
    pub parser: RefCell<Vec<ErrorRecovery<usize, Tok<'s>, LexicalError>>>,
}

impl<'s> SyntaxLog<'s> {
    fn new() -> SyntaxLog<'s> {
        SyntaxLog {
            lexer: RefCell::new(Vec::new()),
            parser: RefCell::new(Vec::new()),
        }
    }

    /// Whether a syntax error was found inside `span`.
    pub fn error_within(&self, span: Span) -> bool {
        let inside = |at: usize| (span.start as usize) <= at && at < span.end as usize;
        self.lexer
            .borrow()
            .iter()
            .any(|d| d.is_error() && inside(d.primary().start as usize))
            || self
                .parser
                .borrow()
                .iter()
                .any(|r| inside(recovery_start(&r.error)))
    }

    /// Whether the number at `span` could not be read (too large, or badly grouped): an
    /// amount written with it is no amount, so no sum is checked over it.
    pub fn number_is_invalid(&self, span: Span) -> bool {
        self.lexer
            .borrow()
            .iter()
            .any(|d| matches!(d.code, Code::NumberOutOfRange) && d.primary() == span)
    }
}

/// Whether a parse error happened at the top level of the file: there the grammar expects
/// a project among other things.
fn at_top_level(e: &ParseError<usize, Tok<'_>, LexicalError>) -> bool {
    match e {
        ParseError::UnrecognizedToken { expected, .. }
        | ParseError::UnrecognizedEof { expected, .. } => {
            expected.iter().any(|e| e == "\"project\"")
        }
        _ => false,
    }
}

fn recovery_start(e: &ParseError<usize, Tok<'_>, LexicalError>) -> usize {
    match e {
        ParseError::UnrecognizedToken { token: (l, ..), .. }
        | ParseError::ExtraToken { token: (l, ..) } => *l,
        ParseError::InvalidToken { location } | ParseError::UnrecognizedEof { location, .. } => {
            *location
        }
        ParseError::User { error } => match *error {},
    }
}

/// The result of reading a file.
pub struct Read {
    /// The language most of the file's keywords are written in.
    pub keyword_lang: KwLang,
    /// The file could not be read to its end (too deeply nested, too many errors): its
    /// items were dropped.
    pub abandoned: bool,
}

/// Read one file (BOM already stripped), handing each item to `sink`; diagnostics are
/// appended to `diags`, and trivia recorded when asked. The file is read again when its
/// braces do not balance (with the missing `}` placed by indentation, see `repair`) or when
/// the sink asks (a file setting after the projects it applies to).
pub fn parse_into<'s>(
    file: FileId,
    src: &'s str,
    diags: &mut Diagnostics,
    sink: &mut dyn Sink<'s>,
    mut trivia: Option<&mut lexer::Trivia>,
) -> Read {
    let mut plan = lexer::ClosePlan::new();
    let mut plan_diags = Vec::new();
    let mut repaired = false;
    loop {
        let log = SyntaxLog::new();
        if let Some(t) = trivia.as_deref_mut() {
            *t = lexer::Trivia::default();
        }
        let mut lexer =
            lexer::Lexer::new(file, src, &log.lexer, trivia.as_deref_mut(), plan.clone());
        let result = grammar::FileParser::new().parse(file, &log, sink, &mut lexer);
        if lexer.unbalanced() && !repaired {
            repaired = true;
            let (new_plan, new_diags) = repair::plan(file, src);
            // A stray `}` with no `{` that indentation can place: read as it is.
            if !new_plan.is_empty() {
                (plan, plan_diags) = (new_plan, new_diags);
                sink.restart();
                continue;
            }
        }
        let keyword_lang = lexer.keyword_lang();
        let abandoned = lexer.stopped();
        if !abandoned && sink.read_again() {
            continue;
        }
        let mut lexed = std::mem::take(&mut plan_diags);
        lexed.extend(log.lexer.into_inner());
        let lexer_errors = lexed.iter().filter(|d| d.is_error()).count();
        if abandoned {
            diags.extend(lexed);
            // Lexing stopped: what the parser made of the part before is dropped with the
            // rest (the file is most likely not a filing at all).
            sink.restart();
            return Read {
                keyword_lang,
                abandoned,
            };
        }
        let mut recovered = log.parser.into_inner();
        let room = lexer::MAX_ERRORS_PER_FILE.saturating_sub(lexer_errors);
        if recovered.len() > room {
            let stop_at = recovery_start(&recovered[room].error);
            recovered.truncate(room);
            diags.extend(lexed);
            for r in recovered {
                diags.push(parse_error(file, src, keyword_lang, r.error));
            }
            diags.push(lexer::too_many_errors(file, src, stop_at));
            sink.restart();
            return Read {
                keyword_lang,
                abandoned: true,
            };
        }
        // The lexer's and the parser's errors in source order, follow-on errors dropped.
        let mut found: Vec<cascade::Found> = lexed
            .into_iter()
            .map(|diagnostic| cascade::Found {
                diagnostic,
                top_level: false,
            })
            .collect();
        let parsed = recovered.into_iter().map(|r| r.error).chain(result.err());
        for e in parsed {
            let top_level = at_top_level(&e);
            found.push(cascade::Found {
                diagnostic: parse_error(file, src, keyword_lang, e),
                top_level,
            });
        }
        found.sort_by_key(|f| f.diagnostic.primary().start);
        diags.extend(cascade::suppress(src, found));
        return Read {
            keyword_lang,
            abandoned,
        };
    }
}

/// A sink that keeps the whole tree.
struct Collect<'s> {
    items: Vec<ast::Item<'s>>,
}

impl<'s> Sink<'s> for Collect<'s> {
    fn setting(&mut self, setting: ast::Setting<'s>) {
        self.items.push(ast::Item::Setting(setting));
    }
    fn unit(&mut self, unit: Box<ast::UnitDecl<'s>>) {
        self.items.push(ast::Item::Unit(unit));
    }
    fn project(&mut self, project: Box<ast::Project<'s>>, _: &SyntaxLog<'s>) {
        self.items.push(ast::Item::Project(project));
    }
    fn error(&mut self, span: Span) {
        self.items.push(ast::Item::Error(span));
    }
    fn restart(&mut self) {
        self.items.clear();
    }
}

/// Parse one file into a whole tree (the formatter, tests). Diagnostics are appended to
/// `diags`.
pub fn parse<'s>(file: FileId, src: &'s str, diags: &mut Diagnostics) -> ast::File<'s> {
    let mut sink = Collect { items: Vec::new() };
    let read = parse_into(file, src, diags, &mut sink, None);
    ast::File {
        items: sink.items,
        keyword_lang: read.keyword_lang,
    }
}

/// The diagnostic for a parse error. `lang` is how the file spells keywords: the keywords
/// named in "expected …" and in fix-its are spelled the same way.
fn parse_error(
    file: FileId,
    src: &str,
    lang: KwLang,
    e: ParseError<usize, Tok<'_>, LexicalError>,
) -> Diagnostic {
    match e {
        // A line break with nothing after it: the file ends in the middle of an item.
        ParseError::UnrecognizedToken {
            token: (l, Tok::Term, _),
            expected,
        } if src[l..].trim().is_empty() => parse_error(
            file,
            src,
            lang,
            ParseError::UnrecognizedEof {
                location: l,
                expected,
            },
        ),
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => {
            let lang = keywords::lang_at(src, l, lang);
            unexpected(src, lang, Span::new(file, l, r), &tok, &expected)
        }
        ParseError::ExtraToken { token: (l, tok, r) } => {
            let lang = keywords::lang_at(src, l, lang);
            unexpected(src, lang, Span::new(file, l, r), &tok, &[])
        }
        ParseError::InvalidToken { location } => Diagnostic::new(
            Code::SyntaxError,
            Span::new(file, location, location),
            t!("无法识别的记号", "invalid token"),
        ),
        ParseError::UnrecognizedEof { location, expected } => Diagnostic::new(
            Code::UnexpectedEof,
            Span::new(file, location.min(src.len()), src.len()),
            t!("文件意外结束", "unexpected end of file"),
        )
        .label(t!(
            "此处还需要：{}",
            "expected here: {}",
            expected_list(&expected, lang)
        ))
        .help(expected_help(&expected, lang)),
        ParseError::User { error } => match error {},
    }
}

fn unexpected(src: &str, lang: KwLang, span: Span, tok: &Tok, expected: &[String]) -> Diagnostic {
    let list = expected_list(expected, lang);
    let what = match tok {
        Tok::Term => Arg::Words("行尾", "end of line"),
        // A keyword as the file wrote it (`年度`, not its English twin).
        Tok::Kw(_) | Tok::Fund(_) | Tok::Group(_) | Tok::Cmp(_) => {
            Arg::from(format!("`{}`", src.get(span.range()).unwrap_or("")))
        }
        _ => Arg::from(tok.describe(src.get(span.range()).unwrap_or(""))),
    };
    let mut d = Diagnostic::new(
        Code::SyntaxError,
        span,
        t!("此处不应出现 {}", "unexpected {}", what),
    );
    if !expected.is_empty() {
        d = d.label(t!("这里需要 {}", "expected {}", list));
    }
    // `项目性质：“…”`: a colon after a field's name, as the paper form prints its labels. A
    // colon means something only in a unit declaration, where the grammar expects it, so
    // deleting one it does not expect cannot change what the line says.
    if matches!(tok, Tok::Colon) && !expected.iter().any(|e| e == "\":\"") {
        let spaced = |c: Option<char>| c.is_none_or(char::is_whitespace);
        let before = src[..span.start as usize].chars().next_back();
        let after = src[span.end as usize..].chars().next();
        // Keep the words apart: `项目性质："…"` becomes `项目性质 "…"`, not `项目性质"…"`.
        let replacement = if spaced(before) || spaced(after) {
            ""
        } else {
            " "
        };
        return d
            .help(t!(
                "名称后面不加冒号：删除 `{}`",
                "no colon after a name: delete `{}`",
                src.get(span.range()).unwrap_or(":")
            ))
            .fix(Fix::certain(span, replacement));
    }
    // A plain word where a quoted value could go: the commonest slip is a qualitative value
    // written without quotes (`"人员到位及时性" 及时`).
    if let Tok::Word(w) = tok {
        // `period 2024-01-01 to 2024-12-31`: the one thing that fits is the range `..`.
        if expected == ["\"..\""] {
            return d
                .help(t!(
                    "日期范围写作 `开始日期 .. 结束日期`",
                    "a date range is written `start .. end`"
                ))
                .fix(Fix::certain(span, ".."));
        }
        if expected.iter().any(|e| e == "\"string\"") {
            return d
                .help(t!(
                    "文字值要放在双引号里：\"{}\"",
                    "a text value goes between double quotes: \"{}\"",
                    w
                ))
                .fix(Fix::maybe(span, format!("\"{w}\"")));
        }
        let mut near = keywords::did_you_mean(w);
        // Where the grammar expected particular keywords, only those are candidates.
        let fits = |en: &str| expected.iter().any(|e| e.trim_matches('"') == en);
        if near.iter().any(|(_, en)| fits(en)) {
            near.retain(|(_, en)| fits(en));
        }
        if !near.is_empty() {
            let names = Arg::list(
                Sep::Or,
                near.iter().map(|(z, e)| {
                    // Both spellings, the reader's language first.
                    t!("`{}`（{}）", "`{1}` ({0})", *z, *e)
                }),
            );
            // Suggest in the script the user was writing in.
            let best = if w.is_ascii() { near[0].1 } else { near[0].0 };
            // A near keyword with a rival is a guess; with none, the spelling is certain.
            return d.help(t!("是否想写 {}？", "did you mean {}?", names)).fix(
                if near.len() == 1 {
                    Fix::certain(span, best)
                } else {
                    Fix::maybe(span, best)
                },
            );
        }
    }
    let in_project = expected.iter().any(|e| e == "\"nature\"");
    if let (Tok::Kw(kw @ (Kw::Year | Kw::Unit)), true) = (tok, in_project) {
        let name = if *kw == Kw::Year {
            "year / 年度"
        } else {
            "unit / 计量单位"
        };
        return d.help(t!(
            "`{}` 是文件级设置，只能写在文件顶层（所有项目之外）",
            "`{}` is a file-level setting: write it at the top level of the file, outside every project",
            name
        ));
    }
    if let (Tok::Kw(Kw::Project), true) = (tok, in_project) {
        return d.help(t!(
            "项目不能嵌套：上一个项目是否少了结尾的 `}}`？",
            "projects do not nest: is the previous project missing its closing `}}`?"
        ));
    }
    // A project's item at the top level: the line that opened the project was lost or
    // broken, or the project before closed early. (Its other items are not reported again:
    // see `cascade`.)
    let at_top = expected.iter().any(|e| e == "\"project\"");
    let project_item = matches!(
        tok,
        Tok::Group(_)
            | Tok::Fund(_)
            | Tok::Kw(
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
            )
    );
    if at_top && project_item {
        return d.help(t!(
            "这一项属于项目，却写在了所有项目之外：是否少了 `{} \"名称\" {{` 这一行，或上一个项目提前写了 `}}`？",
            "this belongs inside a project but stands outside every project: is the line `{} \"name\" {{` missing, or did the project before close early?",
            keywords::spelling(Keyword::Kw(Kw::Project), lang)
        ));
    }
    if let Tok::Str(_) = tok {
        if expected.iter().any(|e| e == "\"term\"") {
            return d.help(t!(
                "一行只写一个指标；同一行写多个时用 `;` 分隔。若这是指标值，名称和值之间不能换行",
                "one indicator per line; separate several on one line with `;`. If this is a value, keep it on its name's line"
            ));
        }
    }
    d.help(expected_help(expected, lang))
}

/// Readable names for the grammar's terminals.
fn terminal_names(t: &str, lang: KwLang) -> Arg {
    let bare = t.trim_matches('"');
    match bare {
        "term" => Arg::Words("换行或 `;`", "a line break or `;`"),
        "string" => Arg::Words("带引号的文字", "a quoted string"),
        "number" => Arg::Words("数字", "a number"),
        "word" => Arg::Words("单位或名称", "a unit or name"),
        "date" => Arg::Words("日期（如 2024-12-31）", "a date (e.g. 2024-12-31)"),
        "cmp" => Arg::Words(
            "比较符（= > < >= <= ≥ ≤）",
            "a comparator (= > < >= <= ≥ ≤)",
        ),
        "group" => Arg::Words(
            "指标组（如 产出指标、数量指标）",
            "an indicator group (output, quantity …)",
        ),
        "fund-key" => Arg::Words(
            "资金项（如 年度资金申请总额）",
            "a funding key (annual, appropriation …)",
        ),
        other => match keywords::lookup(other) {
            // Keywords are named as the file writes them: they are what to type.
            Some(k) => Arg::from(format!("`{}`", keywords::spelling(k, lang))),
            None => Arg::from(format!("`{other}`")),
        },
    }
}

/// What the grammar expected, named (at most eight, then `……`).
fn expected_list(expected: &[String], lang: KwLang) -> Arg {
    // After a unit the grammar also takes a second word, only so that `人 次` can be
    // reported with a fix; it is not something to write, so it is not listed.
    let unit_continues = expected.iter().any(|e| e == "\"/\"");
    let expected: Vec<&String> = expected
        .iter()
        .filter(|e| !(unit_continues && *e == "\"word\""))
        .collect();
    // After an indicator's value the six extras (note … score) are all possible: named one
    // by one they would push the line break and `}` out of the list, which is what a slip
    // there most often needs.
    const EXTRAS: [&str; 6] = [
        "\"note\"",
        "\"basis\"",
        "\"weight\"",
        "\"actual\"",
        "\"deviation\"",
        "\"score\"",
    ];
    let extras = expected
        .iter()
        .filter(|e| EXTRAS.contains(&e.as_str()))
        .count();
    let mut names: Vec<Arg> = Vec::new();
    let mut expected = expected;
    if extras >= 4 {
        names.push(match lang {
            KwLang::Zh => Arg::Words(
                "指标的附加项（如 `备注`、`分值`、`实际完成值`）",
                "an indicator extra (`备注`, `分值`, `实际完成值` …)",
            ),
            KwLang::En => Arg::Words(
                "指标的附加项（如 `note`、`weight`、`actual`）",
                "an indicator extra (`note`, `weight`, `actual` …)",
            ),
        });
        expected.retain(|e| !EXTRAS.contains(&e.as_str()));
    }
    for e in expected.iter().take(8) {
        let name = terminal_names(e, lang);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    if expected.len() > 8 {
        names.push(Arg::Words("……", "…"));
    }
    Arg::list(Sep::Comma, names)
}

fn expected_help(expected: &[String], lang: KwLang) -> Message {
    if expected.iter().any(|e| e == "\"}\"") && expected.iter().any(|e| e == "\"term\"") {
        t!(
            "每一项独占一行（或用 `;` 分隔），块以 `}}` 结束",
            "each item goes on its own line (or after `;`), and a block ends with `}}`"
        )
    } else if expected.is_empty() {
        t!("删除多余的内容", "remove the extra text")
    } else {
        t!(
            "这里应写：{}",
            "write here: {}",
            expected_list(expected, lang)
        )
    }
}
