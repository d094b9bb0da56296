//! Syntax: text → tokens (`lexer`) → tree (`ast`, built by the LALRPOP grammar in
//! `grammar/perf.lalrpop`). `parse` never fails: syntax errors become diagnostics and
//! `Error` nodes, so later stages and the editor always get a tree.

pub mod ast;
pub mod keywords;
pub mod lexer;

use lalrpop_util::{lalrpop_mod, ErrorRecovery, ParseError};

use crate::diag::{Code, Diagnostic, Diagnostics, Text};
use crate::source::{FileId, Span};
use crate::t;
use keywords::Kw;
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

/// Parse one file's text (BOM already stripped). Diagnostics are appended to `diags`.
pub fn parse<'s>(file: FileId, src: &'s str, diags: &mut Diagnostics) -> ast::File<'s> {
    let first_diag = diags.len();
    let lexed = lexer::lex(file, src, diags);
    if !lexed.parseable {
        return ast::File { items: Vec::new() };
    }
    let mut recovered: Vec<ErrorRecovery<usize, Tok<'s>, LexicalError>> = Vec::new();
    let tokens = lexed.tokens.into_iter().map(Ok::<_, LexicalError>);
    let result = grammar::FileParser::new().parse(file, &mut recovered, tokens);
    let room = lexer::MAX_ERRORS_PER_FILE.saturating_sub(diags.len() - first_diag);
    if recovered.len() > room {
        let stop_at = match &recovered[room].error {
            ParseError::UnrecognizedToken { token: (l, ..), .. }
            | ParseError::ExtraToken { token: (l, ..) } => *l,
            _ => src.len(),
        };
        recovered.truncate(room);
        for r in recovered {
            diags.push(parse_error(file, src, r.error));
        }
        diags.push(lexer::too_many_errors(file, src, stop_at));
        return ast::File { items: Vec::new() };
    }
    for r in recovered {
        diags.push(parse_error(file, src, r.error));
    }
    match result {
        Ok(f) => f,
        Err(e) => {
            diags.push(parse_error(file, src, e));
            ast::File { items: Vec::new() }
        }
    }
}

fn parse_error(file: FileId, src: &str, e: ParseError<usize, Tok<'_>, LexicalError>) -> Diagnostic {
    match e {
        ParseError::UnrecognizedToken {
            token: (l, tok, r),
            expected,
        } => unexpected(file, Span::new(file, l, r), &tok, &expected),
        ParseError::ExtraToken { token: (l, tok, r) } => {
            unexpected(file, Span::new(file, l, r), &tok, &[])
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
            expected_list(&expected).zh
        ))
        .help(expected_help(&expected)),
        ParseError::User { error } => match error {},
    }
}

fn unexpected(file: FileId, span: Span, tok: &Tok, expected: &[String]) -> Diagnostic {
    let _ = file;
    let what = tok.describe();
    let list = expected_list(expected);
    let (zh_what, en_what) = match tok {
        Tok::Term => ("行尾".to_string(), "end of line".to_string()),
        _ => (what.clone(), what.clone()),
    };
    let mut d = Diagnostic::new(
        Code::SyntaxError,
        span,
        Text::new(
            format!("此处不应出现 {zh_what}"),
            format!("unexpected {en_what}"),
        ),
    );
    if !expected.is_empty() {
        d = d.label(Text::new(
            format!("这里需要 {}", list.zh),
            format!("expected {}", list.en),
        ));
    }
    // A plain word where a quoted value could go: the commonest slip is a qualitative value
    // written without quotes (`"人员到位及时性" 及时`).
    if let Tok::Word(w) = tok {
        if expected.iter().any(|e| e == "\"string\"") {
            return d
                .help(t!(
                    "文字值要放在双引号里：\"{}\"",
                    "a text value goes between double quotes: \"{}\"",
                    w
                ))
                .fix(span, format!("\"{w}\""));
        }
        let near = crate::syntax::keywords::did_you_mean(w);
        if !near.is_empty() {
            let zh: Vec<String> = near.iter().map(|(z, e)| format!("`{z}`（{e}）")).collect();
            let en: Vec<String> = near.iter().map(|(z, e)| format!("`{e}` ({z})")).collect();
            // Suggest in the script the user was writing in.
            let best = if w.is_ascii() { near[0].1 } else { near[0].0 };
            return d
                .help(Text::new(
                    format!("是否想写 {}？", zh.join(" / ")),
                    format!("did you mean {}?", en.join(" / ")),
                ))
                .fix(span, best);
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
    if let Tok::Str(_) = tok {
        if expected.iter().any(|e| e == "\"term\"") {
            return d.help(t!(
                "一行只写一个指标；同一行写多个时用 `;` 分隔。若这是指标值，名称和值之间不能换行",
                "one indicator per line; separate several on one line with `;`. If this is a value, keep it on its name's line"
            ));
        }
    }
    d.help(expected_help(expected))
}

struct ExpectedList {
    zh: String,
    en: String,
}

/// Readable names for the grammar's terminals.
fn terminal_names(t: &str) -> (String, String) {
    let bare = t.trim_matches('"');
    match bare {
        "term" => ("换行或 `;`".into(), "a line break or `;`".into()),
        "string" => ("带引号的文字".into(), "a quoted string".into()),
        "number" => ("数字".into(), "a number".into()),
        "word" => ("单位或名称".into(), "a unit or name".into()),
        "date" => (
            "日期（如 2024-12-31）".into(),
            "a date (e.g. 2024-12-31)".into(),
        ),
        "cmp" => (
            "比较符（= > < >= <= ≥ ≤）".into(),
            "a comparator (= > < >= <= ≥ ≤)".into(),
        ),
        "group" => (
            "指标组（如 产出指标、数量指标）".into(),
            "an indicator group (output, quantity …)".into(),
        ),
        "fund-key" => (
            "资金项（如 年度资金申请总额）".into(),
            "a funding key (annual, appropriation …)".into(),
        ),
        other => match keywords::lookup(other) {
            // Keywords are named in the reader's language.
            Some(k) => {
                let (en, zh) = keywords::spellings(k);
                (format!("`{zh}`"), format!("`{en}`"))
            }
            None => (format!("`{other}`"), format!("`{other}`")),
        },
    }
}

fn expected_list(expected: &[String]) -> ExpectedList {
    let mut zh = Vec::new();
    let mut en = Vec::new();
    for e in expected.iter().take(8) {
        let (z, n) = terminal_names(e);
        if !zh.contains(&z) {
            zh.push(z);
            en.push(n);
        }
    }
    if expected.len() > 8 {
        zh.push("……".into());
        en.push("…".into());
    }
    ExpectedList {
        zh: zh.join("、"),
        en: en.join(", "),
    }
}

fn expected_help(expected: &[String]) -> Text {
    if expected.iter().any(|e| e == "\"}\"") && expected.iter().any(|e| e == "\"term\"") {
        t!(
            "每一项独占一行（或用 `;` 分隔），块以 `}}` 结束",
            "each item goes on its own line (or after `;`), and a block ends with `}}`"
        )
    } else if expected.is_empty() {
        t!("删除多余的内容", "remove the extra text")
    } else {
        let l = expected_list(expected);
        Text::new(
            format!("这里应写：{}", l.zh),
            format!("write here: {}", l.en),
        )
    }
}
