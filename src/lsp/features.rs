//! The editor features, each a function of the file's text (and its diagnostics) that the
//! server's request handlers call: hover, completion, symbols, folding ranges, semantic
//! tokens, go to definition and code actions. They read the same lexer, parser, keyword
//! table, hierarchy table and unit registry as the compiler; nothing here knows a keyword
//! or a unit of its own.

use std::cell::RefCell;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionParams, CompletionResponse, DocumentFormattingParams,
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, FoldingRange, FoldingRangeKind,
    FoldingRangeParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, InsertTextFormat, MarkupContent, MarkupKind, SemanticToken, SemanticTokenType,
    SemanticTokens, SemanticTokensParams, SemanticTokensResult, SymbolKind, TextEdit,
};

use crate::diag::{Diagnostic, Lang};
use crate::hierarchy::{Framework, GroupName};
use crate::model::{Category, Nature};
use crate::source::{FileId, Span};
use crate::syntax::ast::{self, Cmp, GroupItem, Item, ProjectItem, Value};
use crate::syntax::keywords::{self, Keyword, Kw, KwLang};
use crate::syntax::lexer::{ClosePlan, Lexer, Tok, Trivia};
use crate::t;
use crate::units::{Dimension, Registry};

use super::convert::{self, LineIndex};
use super::Server;

/// The semantic token types, in legend order (the index is the token's type).
pub const TOKEN_TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::NAMESPACE, // indicator groups (产出指标 …)
    SemanticTokenType::NUMBER,    // numbers and dates
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::OPERATOR, // comparators
    SemanticTokenType::TYPE,     // units
    SemanticTokenType::DECORATOR,
];
const T_KEYWORD: u32 = 0;
const T_GROUP: u32 = 1;
const T_NUMBER: u32 = 2;
const T_STRING: u32 = 3;
const T_COMMENT: u32 = 4;
const T_OPERATOR: u32 = 5;
const T_UNIT: u32 = 6;
const T_DECORATOR: u32 = 7;

/// A file's tokens (without line terminators) and comments, as the compiler lexes it.
pub struct Tokens<'s> {
    pub toks: Vec<(usize, Tok<'s>, usize)>,
    pub comments: Vec<(u32, u32)>,
    /// The language most of the file's keywords are in.
    pub lang: KwLang,
}

pub fn lex(src: &str) -> Tokens<'_> {
    let diags = RefCell::new(Vec::new());
    let mut trivia = Trivia::default();
    let mut lexer = Lexer::new(FileId(0), src, &diags, Some(&mut trivia), ClosePlan::new());
    let mut toks = Vec::new();
    for (l, t, r) in lexer.by_ref().flatten() {
        toks.push((l, t, r));
    }
    let lang = lexer.keyword_lang();
    drop(lexer);
    Tokens {
        toks,
        comments: trivia.comments,
        lang,
    }
}

/// The units a file can use: the prelude and its own declarations.
fn registry(file: &ast::File) -> Registry {
    let mut reg = Registry::for_file();
    let mut ignored = Vec::new();
    for item in &file.items {
        if let Item::Unit(decl) = item {
            reg.declare(decl, file.keyword_lang, &mut ignored);
        }
    }
    reg
}

fn parse(src: &str) -> ast::File<'_> {
    crate::syntax::parse(FileId(0), src, &mut Vec::new())
}

fn contains(span: Span, offset: usize) -> bool {
    (span.start as usize) <= offset && offset <= span.end as usize
}

/// The framework in force at `offset`: the enclosing project's, else the file's, else 2015.
fn framework_at(file: &ast::File, offset: usize) -> Framework {
    let mut fw = Framework::F2015;
    for item in &file.items {
        match item {
            Item::Setting(ast::Setting::Framework(_, n)) => {
                if let Some(f) = year_of(n).and_then(Framework::from_year) {
                    fw = f;
                }
            }
            Item::Project(p) if contains(p.span, offset) => {
                for it in &p.items {
                    if let ProjectItem::Framework(_, n) = it {
                        if let Some(f) = year_of(n).and_then(Framework::from_year) {
                            return f;
                        }
                    }
                }
            }
            _ => {}
        }
    }
    fw
}

fn year_of(n: &ast::NumLit) -> Option<u32> {
    u32::try_from(n.value.trunc().mantissa()).ok()
}

// ---------------------------------------------------------------------------------------
// Hover

/// Markdown for what is under `offset`: a group keyword (both names, what belongs under or
/// above it), another keyword (both spellings), a unit (dimension and conversion), an
/// indicator's value (as parsed), and the long explanation of any diagnostic there.
pub fn hover(src: &str, offset: usize, diags: &[Diagnostic], lang: Lang) -> Option<(String, Span)> {
    let tokens = lex(src);
    let file = parse(src);
    let mut parts: Vec<String> = Vec::new();
    let mut span = None;
    let tok = tokens
        .toks
        .iter()
        .find(|(l, _, r)| *l <= offset && offset < *r)
        .or_else(|| {
            tokens
                .toks
                .iter()
                .find(|(l, _, r)| *l < offset && offset == *r)
        });
    if let Some((l, tok, r)) = tok {
        span = Some(Span::new(FileId(0), *l, *r));
        match tok {
            Tok::Group(g) => parts.push(group_hover(*g, framework_at(&file, offset), lang)),
            Tok::Kw(k) => parts.push(keyword_hover(Keyword::Kw(*k))),
            Tok::Fund(k) => parts.push(keyword_hover(Keyword::Fund(*k))),
            Tok::Word(w) => {
                if let Some(h) = unit_hover(&registry(&file), w, lang) {
                    parts.push(h);
                }
            }
            _ => {}
        }
    }
    if let Some((text, vspan)) = value_hover(&file, src, offset, lang) {
        parts.push(text);
        span.get_or_insert(vspan);
    }
    if let Some((text, sspan)) = evaluation_hover(src, offset, lang) {
        parts.push(text);
        span.get_or_insert(sspan);
    }
    for d in diags.iter().filter(|d| contains(d.primary(), offset)) {
        parts.push(explanation(d, lang));
        span.get_or_insert(d.primary());
    }
    if parts.is_empty() {
        return None;
    }
    Some((parts.join("\n\n---\n\n"), span?))
}

fn group_hover(g: GroupName, fw: Framework, lang: Lang) -> String {
    let head = format!("**{}** · `{}`", g.form_name(), g.as_str());
    let names = |gs: &[GroupName]| -> String {
        gs.iter()
            .map(|c| format!("{} `{}`", c.form_name(), c.as_str()))
            .collect::<Vec<_>>()
            .join(if lang == Lang::Zh { "、" } else { ", " })
    };
    let year = fw.year();
    let role = if let Some((_, kids)) = fw.table().iter().find(|(l1, _)| *l1 == g) {
        t!(
            "一级指标（指标体系 {}）。其下的二级指标：{}",
            "a level-1 group (framework {}). Its level-2 groups: {}",
            year.to_string(),
            names(kids)
        )
    } else if let Some(parent) = fw.parent_of(g) {
        t!(
            "二级指标（指标体系 {}），属于 {} `{}`",
            "a level-2 group (framework {}), under {} `{}`",
            year.to_string(),
            parent.form_name(),
            parent.as_str()
        )
    } else {
        let other = fw.other();
        t!(
            "指标体系 {} 中没有这一组；它属于指标体系 {}（用 `framework {}` 选择）",
            "not a group of framework {}; it belongs to framework {} (select it with `framework {}`)",
            year.to_string(),
            other.year().to_string(),
            other.year().to_string()
        )
    };
    format!("{head}\n\n{}", role.render(lang))
}

fn keyword_hover(k: Keyword) -> String {
    let (en, zh) = keywords::spellings(k);
    if en.is_empty() {
        format!("**{zh}**")
    } else {
        format!("**{zh}** · `{en}`")
    }
}

fn dimension_name(d: Dimension, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", d.name_zh(), d),
        Lang::En => format!("{} ({})", d, d.name_zh()),
    }
}

fn unit_hover(reg: &Registry, name: &str, lang: Lang) -> Option<String> {
    let def = reg.get(name)?;
    let mut out = format!(
        "**{name}** — {}",
        t!(
            "计量单位，量纲：{}",
            "unit of {}",
            dimension_name(def.dimension, lang)
        )
        .render(lang)
    );
    if let Some(base) = Registry::base_unit(def.dimension) {
        if base != name {
            let factor = crate::model::group_thousands(&def.factor.normalize().to_string());
            out.push_str(&format!("\n\n1 {name} = {factor} {base}"));
        }
    }
    if def.declared_at.is_some() {
        out.push_str(&format!(
            "\n\n{}",
            t!("在本文件中声明", "declared in this file").render(lang)
        ));
    }
    Some(out)
}

/// §8, in a project with actuals: on an indicator its weight and score (or why it has none),
/// on the project's name its total, grade and budget execution — the 自评表's figures while
/// they are written.
fn evaluation_hover(src: &str, offset: usize, lang: Lang) -> Option<(String, Span)> {
    use crate::evaluate::{evaluate, form2, Unscored};
    // Only worth compiling when the file says anything of §8.
    if !src.contains("actual") && !src.contains("实际完成值") {
        return None;
    }
    let c = crate::compile_str("hover.perf", src);
    let model = c.units.first()?.model();
    let at = |s: Span| (s.start as usize) <= offset && offset <= (s.end as usize);
    let p = model
        .projects
        .iter()
        .find(|p| at(p.span) && p.has_actuals())?;
    let e = evaluate(p);
    if at(p.name_span) {
        let rate = e
            .execution
            .rate
            .map_or_else(|| "—".to_string(), |r| format!("{}%", form2(r)));
        let text = t!(
            "**绩效自评**：总分 {}，等级 {}；预算执行率 {}，得分 {}",
            "**self-evaluation**: total {}, grade {}; budget execution {}, score {}",
            form2(e.total),
            e.grade.as_str(),
            rate,
            form2(e.execution.score)
        )
        .render(lang);
        return Some((text, p.name_span));
    }
    let (ind, score) = p
        .indicators
        .iter()
        .zip(&e.indicators)
        .find(|(i, _)| at(i.span))?;
    let text = match (score.score, score.unscored) {
        (Some(s), _) => t!(
            "**绩效自评**：分值 {}，得分 {}",
            "**self-evaluation**: weight {}, score {}",
            form2(score.weight),
            form2(s)
        ),
        (None, why) => {
            let why = match why {
                Some(Unscored::NoActual) => t!("没有实际完成值", "no actual"),
                Some(Unscored::DimensionMismatch) => {
                    t!(
                        "实际完成值与指标值的单位不是同一种量",
                        "the actual's unit measures something else"
                    )
                }
                Some(Unscored::WrongKind) => {
                    t!(
                        "实际完成值与指标值的种类不符",
                        "the actual is not of the target's kind"
                    )
                }
                Some(Unscored::NotAnAchievement) => {
                    t!(
                        "实际完成值不是 达成 / 部分达成 / 未达成",
                        "the actual is not 达成 / 部分达成 / 未达成"
                    )
                }
                _ => t!("无法计分", "cannot be scored"),
            };
            t!(
                "**绩效自评**：分值 {}，不计分（{}），按 0 计",
                "**self-evaluation**: weight {}, not scored ({}), counts 0",
                form2(score.weight),
                why.render(lang)
            )
        }
    };
    Some((text.render(lang), ind.span))
}

/// The indicator whose line holds `offset`, with its value as parsed.
fn value_hover(file: &ast::File, src: &str, offset: usize, lang: Lang) -> Option<(String, Span)> {
    let ind = indicator_at(file, offset)?;
    let value = ind.value.as_ref()?;
    let reg = registry(file);
    let text = match value {
        Value::Quantitative(q) => {
            let number = src.get(q.number.span.range()).unwrap_or("");
            let cmp = q.cmp.map_or("—", |(c, _)| c.as_str());
            let (unit, dim) = match &q.unit {
                Some(u) => {
                    let resolved = reg.resolve(u, file.keyword_lang, &mut Vec::new());
                    (u.text().into_owned(), resolved.map(|r| r.dimension))
                }
                None => (String::new(), None),
            };
            let mut s = t!(
                "定量指标：比较符 `{}`，数值 `{}`，单位 `{}`",
                "quantitative target: comparator `{}`, number `{}`, unit `{}`",
                cmp,
                number,
                unit.as_str()
            )
            .render(lang);
            if let Some(dim) = dim {
                s.push_str(
                    &t!(
                        "（量纲：{}）",
                        " (dimension: {})",
                        dim.name_zh(),
                        dim.to_string()
                    )
                    .render(lang),
                );
            }
            s
        }
        Value::Qualitative(text) => t!(
            "定性指标：“{}”",
            "qualitative target: \"{}\"",
            text.value.as_ref()
        )
        .render(lang),
        Value::Deadline(d) => {
            let dates: Vec<String> = d
                .dates
                .iter()
                .filter_map(|dt| src.get(dt.span.range()).map(str::to_string))
                .collect();
            t!("时效指标：截至 {}", "deadline: by {}", dates.join(", ")).render(lang)
        }
    };
    Some((format!("**{}**\n\n{text}", ind.name.value), ind.span))
}

fn indicator_at<'a, 's>(file: &'a ast::File<'s>, offset: usize) -> Option<&'a ast::Indicator<'s>> {
    fn in_group<'a, 's>(g: &'a ast::Group<'s>, offset: usize) -> Option<&'a ast::Indicator<'s>> {
        for item in &g.items {
            match item {
                GroupItem::Group(inner) if contains(inner.span, offset) => {
                    return in_group(inner, offset)
                }
                GroupItem::Indicator(i) if contains(i.span, offset) => return Some(i),
                _ => {}
            }
        }
        None
    }
    for item in &file.items {
        let Item::Project(p) = item else { continue };
        if !contains(p.span, offset) {
            continue;
        }
        for it in &p.items {
            if let ProjectItem::Group(g) = it {
                if contains(g.span, offset) {
                    return in_group(g, offset);
                }
            }
        }
    }
    None
}

/// A code's long explanation, in the reader's language: the title and its section.
fn explanation(d: &Diagnostic, lang: Lang) -> String {
    let text = d.code.info().explain;
    let title = text.lines().next().unwrap_or("").trim_start_matches("# ");
    let heading = match lang {
        Lang::Zh => "## 中文",
        Lang::En => "## English",
    };
    let body = text
        .split_once(heading)
        .map(|(_, rest)| rest.split("\n## ").next().unwrap_or(rest).trim())
        .unwrap_or("");
    format!(
        "**{title}** (`{}`)\n\n{body}\n\n{}",
        d.code.info().lint,
        t!(
            "详见 `perfc explain {}`",
            "see `perfc explain {}`",
            d.code.as_str()
        )
        .render(lang)
    )
}

// ---------------------------------------------------------------------------------------
// Completion

/// Where the cursor stands, read from the tokens before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    Project,
    Funding,
    Group(GroupName),
    Other,
}

struct Context<'t, 's> {
    stack: Vec<Block>,
    /// The tokens of the current item before the cursor.
    item: Vec<&'t Tok<'s>>,
}

/// The tokens before the cursor. A word or number that ends at the cursor is being typed:
/// it is the prefix the client filters by, not context; a `{` just typed is context.
fn before<'t, 's>(
    tokens: &'t Tokens<'s>,
    offset: usize,
) -> impl Iterator<Item = &'t (usize, Tok<'s>, usize)> {
    tokens.toks.iter().take_while(move |(_, tok, r)| {
        *r < offset
            || *r == offset
                && !matches!(
                    tok,
                    Tok::Word(_)
                        | Tok::Kw(_)
                        | Tok::Fund(_)
                        | Tok::Group(_)
                        | Tok::Cmp(_)
                        | Tok::Number(_)
                        | Tok::Date(..)
                )
    })
}

fn context<'t, 's>(tokens: &'t Tokens<'s>, src: &str, offset: usize) -> Context<'t, 's> {
    let mut stack = Vec::new();
    let mut item: Vec<&Tok> = Vec::new();
    for (_, tok, _) in before(tokens, offset) {
        match tok {
            Tok::LBrace => {
                let block = match item.first() {
                    Some(Tok::Kw(Kw::Project)) => Block::Project,
                    Some(Tok::Kw(Kw::Funding)) => Block::Funding,
                    Some(Tok::Fund(_) | Tok::Str(_)) if stack.last() == Some(&Block::Funding) => {
                        Block::Funding
                    }
                    Some(Tok::Group(g)) => Block::Group(*g),
                    // `@allow(…) 产出指标 {`: the group after the attribute.
                    _ => item
                        .iter()
                        .find_map(|t| match t {
                            Tok::Group(g) => Some(Block::Group(*g)),
                            Tok::Kw(Kw::Project) => Some(Block::Project),
                            _ => None,
                        })
                        .unwrap_or(Block::Other),
                };
                stack.push(block);
                item.clear();
            }
            Tok::RBrace => {
                stack.pop();
                item.clear();
            }
            Tok::Term => item.clear(),
            t => item.push(t),
        }
    }
    // A line break typed after the last token ends its item before the lexer says so.
    let last_end = before(tokens, offset).last().map_or(0, |t| t.2);
    if src.get(last_end..offset).is_some_and(|s| s.contains('\n')) {
        item.clear();
    }
    Context { stack, item }
}

pub fn completion(src: &str, offset: usize, snippets: bool) -> Vec<CompletionItem> {
    let tokens = lex(src);
    let file = parse(src);
    let lang = keywords::lang_at(src, offset, tokens.lang);
    let fw = framework_at(&file, offset);
    let ctx = context(&tokens, src, offset);
    let mut out = Vec::new();
    let kw = |k: Keyword| keywords::spelling(k, lang);
    let keyword_item = |k: Keyword, kind: CompletionItemKind| {
        let (en, zh) = keywords::spellings(k);
        CompletionItem {
            label: kw(k).to_string(),
            kind: Some(kind),
            detail: Some(format!("{zh} / {en}")),
            ..Default::default()
        }
    };
    // After a number: its unit.
    if let Some(Tok::Number(_)) = ctx.item.last() {
        return unit_items(&registry(&file));
    }
    // After `nature` / `category`: the official values.
    match ctx.item.first() {
        Some(Tok::Kw(Kw::Nature)) if ctx.item.len() == 1 => {
            return value_items(Nature::OFFICIAL);
        }
        Some(Tok::Kw(Kw::Category)) if ctx.item.len() == 1 => {
            return value_items(Category::OFFICIAL);
        }
        _ => {}
    }
    let depth_in_project = ctx
        .stack
        .iter()
        .rposition(|b| *b == Block::Project)
        .map(|p| ctx.stack.len() - p - 1);
    match (ctx.stack.last(), depth_in_project) {
        (None, _) => {
            for k in [
                Kw::Year,
                Kw::Framework,
                Kw::Department,
                Kw::Implementer,
                Kw::Unit,
                Kw::Project,
            ] {
                out.push(keyword_item(Keyword::Kw(k), CompletionItemKind::KEYWORD));
            }
            if snippets {
                out.push(project_snippet(lang));
            }
        }
        (Some(Block::Project), _) => {
            for k in [
                Kw::Nature,
                Kw::Category,
                Kw::Department,
                Kw::Implementer,
                Kw::Framework,
                Kw::Period,
                Kw::Start,
                Kw::End,
                Kw::Funding,
                Kw::Goal,
                Kw::OverallGoal,
                Kw::Achieved,
                Kw::Field,
            ] {
                out.push(keyword_item(Keyword::Kw(k), CompletionItemKind::KEYWORD));
            }
            for (l1, _) in fw.table() {
                out.push(group_item(*l1, lang, fw, snippets));
            }
        }
        (Some(Block::Group(g)), Some(1)) => {
            // A LEVEL1 block: the LEVEL2 groups its framework puts under it.
            let table = fw
                .table()
                .iter()
                .find(|(l1, _)| l1 == g)
                .or_else(|| fw.other().table().iter().find(|(l1, _)| l1 == g));
            if let Some((_, kids)) = table {
                for k in *kids {
                    out.push(group_item(*k, lang, fw, snippets));
                }
            }
        }
        (Some(Block::Group(_)), _) => {
            if ctx.item.len() == 1 && matches!(ctx.item[0], Tok::Str(_)) {
                for c in [Cmp::Ge, Cmp::Eq, Cmp::Gt, Cmp::Le, Cmp::Lt] {
                    out.push(CompletionItem {
                        label: c.as_str().to_string(),
                        kind: Some(CompletionItemKind::OPERATOR),
                        ..Default::default()
                    });
                }
                out.push(keyword_item(
                    Keyword::Kw(Kw::By),
                    CompletionItemKind::KEYWORD,
                ));
            } else if !ctx.item.is_empty() {
                // After an indicator's value: its extras, §8's included.
                for k in [
                    Kw::Note,
                    Kw::Basis,
                    Kw::Weight,
                    Kw::Actual,
                    Kw::Deviation,
                    Kw::Score,
                ] {
                    out.push(keyword_item(Keyword::Kw(k), CompletionItemKind::KEYWORD));
                }
            } else if snippets {
                out.push(indicator_snippet(lang));
            }
        }
        (Some(Block::Funding), _) => {
            for k in keywords::KEYWORDS.iter().filter(|r| r.lang == KwLang::En) {
                if let Keyword::Fund(_) = k.keyword {
                    out.push(keyword_item(k.keyword, CompletionItemKind::FIELD));
                }
            }
        }
        (Some(Block::Other), _) => {}
    }
    out
}

fn unit_items(reg: &Registry) -> Vec<CompletionItem> {
    let mut seen = std::collections::HashSet::new();
    let mut items: Vec<CompletionItem> = reg
        .entries()
        .filter(|(name, _)| seen.insert(*name))
        .map(|(name, def)| CompletionItem {
            label: name.to_string(),
            kind: Some(CompletionItemKind::UNIT),
            detail: Some(format!("{} / {}", def.dimension.name_zh(), def.dimension)),
            ..Default::default()
        })
        .collect();
    items.sort_by(|a, b| a.label.cmp(&b.label));
    items
}

fn value_items(values: &[&str]) -> Vec<CompletionItem> {
    values
        .iter()
        .map(|v| CompletionItem {
            label: format!("\"{v}\""),
            kind: Some(CompletionItemKind::ENUM_MEMBER),
            ..Default::default()
        })
        .collect()
}

fn group_item(g: GroupName, lang: KwLang, fw: Framework, snippets: bool) -> CompletionItem {
    let label = keywords::spelling(Keyword::Group(g), lang).to_string();
    let level = if fw.is_level1(g) {
        "一级指标 level 1"
    } else {
        "二级指标 level 2"
    };
    CompletionItem {
        insert_text: snippets.then(|| format!("{label} {{\n\t$0\n}}")),
        insert_text_format: snippets.then_some(InsertTextFormat::SNIPPET),
        label,
        kind: Some(CompletionItemKind::MODULE),
        detail: Some(format!("{} / {} · {level}", g.form_name(), g.as_str())),
        ..Default::default()
    }
}

fn snippet(label: &str, detail: &str, body: String) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(detail.to_string()),
        insert_text: Some(body),
        insert_text_format: Some(InsertTextFormat::SNIPPET),
        ..Default::default()
    }
}

fn project_snippet(lang: KwLang) -> CompletionItem {
    let k = |k: Kw| keywords::spelling(Keyword::Kw(k), lang);
    let f = |k: ast::FundKey| keywords::spelling(Keyword::Fund(k), lang);
    let g = |g: GroupName| keywords::spelling(Keyword::Group(g), lang);
    use ast::FundKey as F;
    let body = format!(
        "{project} \"${{1:项目名称}}\" {{\n\t{nature} \"${{2|一次性项目,经常性项目,阶段性项目,其他一次性项目|}}\"\n\t{category} \"${{3|特定目标类,人员类,运转类,公用经费,其他运转类|}}\"\n\t{period} ${{4:2024-01-01}} .. ${{5:2024-12-31}}\n\t{funding} {{\n\t\t{annual} ${{6:0}} 元 {{\n\t\t\t{appr} ${{6:0}} 元\n\t\t\t{carry} 0 元\n\t\t\t{other} 0 元\n\t\t}}\n\t}}\n\t{goal} \"${{7:年度总体目标}}\"\n\t{output} {{\n\t\t{quantity} {{\n\t\t\t\"${{8:指标名称}}\" >= ${{9:1}} ${{10:个}}\n\t\t}}\n\t}}\n\t{benefit} {{\n\t\t{social} {{\n\t\t\t\"${{11:指标名称}}\" \"${{12:指标值}}\"\n\t\t}}\n\t}}\n\t{satisfaction} {{\n\t\t{beneficiary} {{\n\t\t\t\"${{13:服务对象满意度}}\" >= ${{14:90}}%\n\t\t}}\n\t}}\n}}\n",
        project = k(Kw::Project),
        nature = k(Kw::Nature),
        category = k(Kw::Category),
        period = k(Kw::Period),
        funding = k(Kw::Funding),
        annual = f(F::Annual),
        appr = f(F::Appropriation),
        carry = f(F::Carryover),
        other = f(F::Other),
        goal = k(Kw::Goal),
        output = g(GroupName::Output),
        quantity = g(GroupName::Quantity),
        benefit = g(GroupName::Benefit),
        social = g(GroupName::Social),
        satisfaction = g(GroupName::Satisfaction),
        beneficiary = g(GroupName::Beneficiary),
    );
    let label = match lang {
        KwLang::Zh => "新项目",
        KwLang::En => "new project",
    };
    snippet(label, "项目 / project", body)
}

fn indicator_snippet(lang: KwLang) -> CompletionItem {
    let label = match lang {
        KwLang::Zh => "新指标",
        KwLang::En => "new indicator",
    };
    snippet(
        label,
        "指标 / indicator",
        "\"${1:指标名称}\" ${2|>=,=,>,<=,<|} ${3:1} ${4:个}".to_string(),
    )
}

// ---------------------------------------------------------------------------------------
// Symbols, folding, definition

/// Builds one symbol: name, detail, kind, its whole span, the span of its name, children.
type MakeSymbol<'a> = dyn Fn(
        String,
        Option<String>,
        SymbolKind,
        Span,
        Span,
        Option<Vec<DocumentSymbol>>,
    ) -> DocumentSymbol
    + 'a;

/// Projects → groups → indicators (the value in the detail), and declared units.
pub fn symbols(src: &str, index: &LineIndex, shift: usize) -> Vec<DocumentSymbol> {
    let file = parse(src);
    let range = |s: Span| index.range(s.start as usize + shift, s.end as usize + shift);
    #[allow(deprecated)] // `deprecated` is a field every DocumentSymbol must fill
    let symbol = |name: String, detail: Option<String>, kind, span: Span, sel: Span, children| {
        DocumentSymbol {
            name: if name.is_empty() { "\"\"".into() } else { name },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: range(span),
            selection_range: range(sel),
            children,
        }
    };
    fn group_symbols(g: &ast::Group, src: &str, make: &MakeSymbol) -> DocumentSymbol {
        let mut children = Vec::new();
        for item in &g.items {
            match item {
                GroupItem::Group(inner) => children.push(group_symbols(inner, src, make)),
                GroupItem::Indicator(i) => {
                    let detail = i.value.as_ref().and_then(|v| {
                        let span = match v {
                            Value::Quantitative(q) => q.span,
                            Value::Qualitative(s) => s.span,
                            Value::Deadline(d) => d.span,
                        };
                        src.get(span.range()).map(str::to_string)
                    });
                    children.push(make(
                        i.name.value.to_string(),
                        detail,
                        SymbolKind::FIELD,
                        i.span,
                        i.name.span,
                        None,
                    ));
                }
                GroupItem::Error(_) => {}
            }
        }
        let name = src
            .get(g.name_span.range())
            .unwrap_or(g.name.as_str())
            .to_string();
        make(
            name,
            Some(format!("{} / {}", g.name.form_name(), g.name.as_str())),
            SymbolKind::NAMESPACE,
            g.span,
            g.name_span,
            Some(children),
        )
    }
    let mut out = Vec::new();
    for item in &file.items {
        match item {
            Item::Project(p) => {
                let mut children = Vec::new();
                for it in &p.items {
                    if let ProjectItem::Group(g) = it {
                        children.push(group_symbols(g, src, &symbol));
                    }
                }
                out.push(symbol(
                    p.name.value.to_string(),
                    Some("项目 / project".into()),
                    SymbolKind::MODULE,
                    p.span,
                    p.name.span,
                    Some(children),
                ));
            }
            Item::Unit(decl) => {
                let (name, span) = match &**decl {
                    ast::UnitDecl::Alias { name, span, .. } => (name, span),
                    ast::UnitDecl::Dimension { name, span, .. } => (name, span),
                };
                out.push(symbol(
                    name.0.to_string(),
                    Some("计量单位 / unit".into()),
                    SymbolKind::TYPE_PARAMETER,
                    *span,
                    name.1,
                    None,
                ));
            }
            _ => {}
        }
    }
    out
}

/// Blocks and multi-line strings and comments that span more than one line.
pub fn folding(src: &str, index: &LineIndex, shift: usize) -> Vec<FoldingRange> {
    let file = parse(src);
    let tokens = lex(src);
    let line = |offset: usize| index.position(offset + shift).line;
    let mut out = Vec::new();
    let fold = |span: Span, kind: Option<FoldingRangeKind>, out: &mut Vec<FoldingRange>| {
        let start = line(span.start as usize);
        let last = line((span.end as usize).saturating_sub(1));
        // A block's closing `}` stays visible on its own line.
        let end = if kind.is_none() && last > start {
            last - 1
        } else {
            last
        };
        if end > start {
            out.push(FoldingRange {
                start_line: start,
                end_line: end,
                kind,
                ..Default::default()
            });
        }
    };
    fn groups(g: &ast::Group, spans: &mut Vec<Span>) {
        spans.push(g.span);
        for item in &g.items {
            if let GroupItem::Group(inner) = item {
                groups(inner, spans);
            }
        }
    }
    let mut blocks = Vec::new();
    for item in &file.items {
        if let Item::Project(p) = item {
            blocks.push(p.span);
            for it in &p.items {
                match it {
                    ProjectItem::Funding(f) => blocks.push(f.span),
                    ProjectItem::Group(g) => groups(g, &mut blocks),
                    _ => {}
                }
            }
        }
    }
    for b in blocks {
        fold(b, None, &mut out);
    }
    for (l, tok, r) in &tokens.toks {
        if let Tok::Str(_) = tok {
            fold(
                Span::new(FileId(0), *l, *r),
                Some(FoldingRangeKind::Region),
                &mut out,
            );
        }
    }
    for (l, r) in &tokens.comments {
        fold(
            Span::new(FileId(0), *l as usize, *r as usize),
            Some(FoldingRangeKind::Comment),
            &mut out,
        );
    }
    out.sort_by_key(|f| (f.start_line, f.end_line));
    out
}

/// Where the unit under `offset` is declared in this file, if it is one of the file's own.
pub fn definition(src: &str, offset: usize) -> Option<Span> {
    let tokens = lex(src);
    let word = tokens.toks.iter().find_map(|(l, t, r)| match t {
        Tok::Word(w) if *l <= offset && offset <= *r => Some(*w),
        _ => None,
    })?;
    registry(&parse(src)).get(word)?.declared_at
}

// ---------------------------------------------------------------------------------------
// Semantic tokens

pub fn semantic_tokens(src: &str, index: &LineIndex, shift: usize) -> Vec<SemanticToken> {
    let tokens = lex(src);
    let file = parse(src);
    let reg = registry(&file);
    let mut spans: Vec<(usize, usize, u32)> = Vec::new();
    let mut in_attr = false;
    for (l, tok, r) in &tokens.toks {
        let kind = match tok {
            Tok::Kw(_) | Tok::Fund(_) => Some(T_KEYWORD),
            Tok::Group(_) => Some(T_GROUP),
            Tok::Number(_) | Tok::Date(..) => Some(T_NUMBER),
            Tok::Str(_) => Some(T_STRING),
            Tok::Cmp(_) => Some(T_OPERATOR),
            Tok::At => {
                in_attr = true;
                Some(T_DECORATOR)
            }
            Tok::RParen if in_attr => {
                in_attr = false;
                None
            }
            Tok::Word(_) if in_attr => Some(T_DECORATOR),
            Tok::Word(w) if reg.get(w).is_some() => Some(T_UNIT),
            _ => None,
        };
        if let Some(k) = kind {
            if r > l {
                spans.push((*l, *r, k));
            }
        }
    }
    for (l, r) in &tokens.comments {
        spans.push((*l as usize, *r as usize, T_COMMENT));
    }
    spans.sort_by_key(|s| s.0);
    let mut out = Vec::new();
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for (l, r, kind) in spans {
        // Tokens may not span lines: a `"""` text or a `/* */` comment is sent line by line.
        let mut start = l;
        while start < r {
            let line_end = src[start..r].find('\n').map_or(r, |i| start + i);
            let piece = src[start..line_end].trim_end_matches('\r');
            if !piece.is_empty() {
                let pos = index.position(start + shift);
                let length: usize = piece.chars().map(char::len_utf16).sum();
                let delta_line = pos.line.saturating_sub(prev_line);
                let delta_start = if delta_line == 0 {
                    pos.character.saturating_sub(prev_start)
                } else {
                    pos.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: length as u32,
                    token_type: kind,
                    token_modifiers_bitset: 0,
                });
                prev_line = pos.line;
                prev_start = pos.character;
            }
            start = line_end + 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Request handlers

impl Server {
    /// The file, its text as perfc reads it, and the client's positions.
    fn doc_at(&self, uri: &lsp_types::Uri) -> Option<usize> {
        self.at(uri).map(|(id, _)| id)
    }

    fn shift(&self, id: usize) -> usize {
        if self.docs[id].text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// perfc's text of a file and the byte offset of a client position in it.
    fn text_and_offset(&self, id: usize, pos: lsp_types::Position) -> (&str, usize) {
        let text = self.units[id].source().text.as_str();
        let index = LineIndex::new(&self.docs[id].text);
        let offset = index.offset(pos).saturating_sub(self.shift(id));
        (text, offset.min(text.len()))
    }

    /// Spans from `features` are in file 0; this file's diagnostics are in its own id.
    fn local(&self, id: usize, d: &Diagnostic) -> Diagnostic {
        let mut d = d.clone();
        for l in &mut d.labels {
            if l.span.file == FileId(id as u32) {
                l.span.file = FileId(0);
            }
        }
        d
    }

    pub(super) fn hover(&self, p: HoverParams) -> Option<Hover> {
        let doc = &p.text_document_position_params;
        let id = self.doc_at(&doc.text_document.uri)?;
        let (text, offset) = self.text_and_offset(id, doc.position);
        let diags: Vec<Diagnostic> = self
            .diagnostics_of(id)
            .iter()
            .filter(|d| d.primary().file == FileId(id as u32))
            .map(|d| self.local(id, d))
            .collect();
        let (markdown, span) = hover(text, offset, &diags, self.lang)?;
        let index = LineIndex::new(&self.docs[id].text);
        let shift = self.shift(id);
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(index.range(span.start as usize + shift, span.end as usize + shift)),
        })
    }

    pub(super) fn completion(&self, p: CompletionParams) -> Option<CompletionResponse> {
        let doc = &p.text_document_position;
        let id = self.doc_at(&doc.text_document.uri)?;
        // The text the editor shows, even when it is not yet checked (it always is here:
        // requests are answered after a flush).
        let (text, offset) = self.text_and_offset(id, doc.position);
        Some(CompletionResponse::Array(completion(
            text,
            offset,
            self.snippets,
        )))
    }

    pub(super) fn symbols(&self, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
        let id = self.doc_at(&p.text_document.uri)?;
        let index = LineIndex::new(&self.docs[id].text);
        let text = self.units[id].source().text.as_str();
        Some(DocumentSymbolResponse::Nested(symbols(
            text,
            &index,
            self.shift(id),
        )))
    }

    pub(super) fn folding(&self, p: FoldingRangeParams) -> Option<Vec<FoldingRange>> {
        let id = self.doc_at(&p.text_document.uri)?;
        let index = LineIndex::new(&self.docs[id].text);
        let text = self.units[id].source().text.as_str();
        Some(folding(text, &index, self.shift(id)))
    }

    pub(super) fn semantic_tokens(&self, p: SemanticTokensParams) -> Option<SemanticTokensResult> {
        let id = self.doc_at(&p.text_document.uri)?;
        let index = LineIndex::new(&self.docs[id].text);
        let text = self.units[id].source().text.as_str();
        Some(SemanticTokensResult::Tokens(SemanticTokens {
            result_id: None,
            data: semantic_tokens(text, &index, self.shift(id)),
        }))
    }

    pub(super) fn definition(&self, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let doc = &p.text_document_position_params;
        let id = self.doc_at(&doc.text_document.uri)?;
        let (text, offset) = self.text_and_offset(id, doc.position);
        let span = definition(text, offset)?;
        let index = LineIndex::new(&self.docs[id].text);
        let shift = self.shift(id);
        Some(GotoDefinitionResponse::Scalar(lsp_types::Location::new(
            self.docs[id].uri.clone(),
            index.range(span.start as usize + shift, span.end as usize + shift),
        )))
    }

    /// The document as `perfc fmt` formats it (the same function), sent as the one smallest
    /// edit. A file with syntax errors is not formatted (its errors are already shown as
    /// diagnostics), so the answer is then no edit at all.
    pub(super) fn formatting(&self, p: DocumentFormattingParams) -> Option<Vec<TextEdit>> {
        let id = self.doc_at(&p.text_document.uri)?;
        let text = self.units[id].source().text.as_str();
        let formatted = crate::fmt::format(text).ok()?;
        let Some((start, end, replacement)) = smallest_edit(text, &formatted) else {
            return Some(Vec::new());
        };
        let index = LineIndex::new(&self.docs[id].text);
        let shift = self.shift(id);
        Some(vec![TextEdit::new(
            index.range(start + shift, end + shift),
            replacement.to_string(),
        )])
    }

    /// Every fix-it of a diagnostic under the range as a quick fix (the certain first fix
    /// preferred), and one "fix all" source action applying every certain fix of the file.
    pub(super) fn code_action(&self, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let id = self.doc_at(&p.text_document.uri)?;
        let files = self.files();
        let sources = crate::source::Files::from_sources(
            self.units
                .iter()
                .map(|u| u.borrow_owner().clone())
                .collect(),
        );
        let start = files.offset(id, p.range.start);
        let end = files.offset(id, p.range.end);
        let wants = |kind: &CodeActionKind| {
            p.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                })
            })
        };
        let diags: Vec<Diagnostic> = self
            .diagnostics_of(id)
            .into_iter()
            .filter(|d| d.primary().file == FileId(id as u32))
            .collect();
        let mut out = Vec::new();
        if wants(&CodeActionKind::QUICKFIX) {
            for d in &diags {
                let s = d.primary();
                if !((s.start as usize) <= end && start <= s.end as usize) {
                    continue;
                }
                let lsp_diag = convert::diagnostic(&files, d, self.lang);
                for (i, fix) in d.fixes.iter().enumerate() {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: crate::diag::render::fix_note(&sources, fix, self.lang),
                        kind: Some(CodeActionKind::QUICKFIX),
                        diagnostics: lsp_diag.clone().map(|d| vec![d]),
                        edit: Some(convert::workspace_edit(&files, &fix.edits)),
                        is_preferred: Some(i == 0 && fix.is_certain()),
                        ..Default::default()
                    }));
                }
            }
        }
        if wants(&CodeActionKind::SOURCE_FIX_ALL) {
            // The engine of `perfc fix` (safe mode): the same fixes, round after round.
            let text = self.units[id].source().text.as_str();
            let fixed = crate::fix::fix_text(&self.name(id), text, crate::fix::Mode::Safe);
            if let Some((start, end, replacement)) = smallest_edit(text, &fixed.text) {
                let edit = crate::diag::Edit {
                    span: Span::new(FileId(id as u32), start, end),
                    replacement: replacement.to_string(),
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: t!(
                        "修复本文件中所有确定的问题（{} 处）",
                        "fix every certain problem in this file ({})",
                        fixed.changes.len()
                    )
                    .render(self.lang),
                    kind: Some(CodeActionKind::SOURCE_FIX_ALL),
                    edit: Some(convert::workspace_edit(&files, [&edit])),
                    ..Default::default()
                }));
            }
        }
        Some(out)
    }
}

/// One edit that turns `old` into `new`: the part between their common beginning and end
/// (so the editor keeps the cursor and the undo step small). `None` when they are equal.
pub fn smallest_edit<'n>(old: &str, new: &'n str) -> Option<(usize, usize, &'n str)> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    Some((prefix, old.len() - suffix, &new[prefix..new.len() - suffix]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILING: &str = "year 2024\ndepartment \"部\"\nimplementer \"单位\"\nunit 架次 : count\n\nproject \"甲\" {\n  output {\n    quantity {\n      \"培训人次\" >= 400 人次\n      \"飞行\" = 3 架次\n    }\n  }\n}\n";

    #[test]
    fn level1_block_offers_its_level2_groups() {
        let src = "项目 \"甲\" {\n  产出指标 {\n    \n  }\n}\n";
        let at = src.find("    \n").unwrap() + 4;
        let labels: Vec<String> = completion(src, at, false)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["数量指标", "质量指标", "时效指标", "成本指标"]);
    }

    #[test]
    fn smallest_edit_keeps_common_ends_on_character_boundaries() {
        assert_eq!(smallest_edit("abc", "abc"), None);
        assert_eq!(smallest_edit("5 km\n", "5 公里\n"), Some((2, 4, "公里")));
        // `人次` and `人天` share a first byte of their second character only.
        assert_eq!(smallest_edit("人次", "人天"), Some((3, 6, "天")));
        assert_eq!(smallest_edit("ab", "aab"), Some((1, 1, "a")));
    }

    #[test]
    fn a_brace_just_typed_opens_the_block() {
        let src = "项目 \"甲\" {\n  产出指标 {";
        let labels: Vec<String> = completion(src, src.len(), false)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["数量指标", "质量指标", "时效指标", "成本指标"]);
        // A keyword being typed is the prefix, not the block's header.
        let src = "项目 \"甲\" {\n  产出";
        let labels: Vec<String> = completion(src, src.len(), false)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(labels.contains(&"产出指标".to_string()), "{labels:?}");
    }

    #[test]
    fn framework_2021_moves_cost_out_of_output() {
        let src = "framework 2021\nproject \"甲\" {\n  output {\n    \n  }\n}\n";
        let at = src.find("    \n").unwrap() + 4;
        let labels: Vec<String> = completion(src, at, false)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert_eq!(labels, ["quantity", "quality", "timeliness"]);
    }

    #[test]
    fn after_a_number_units_are_offered() {
        let src =
            "project \"甲\" {\n  output {\n    quantity {\n      \"课题\" = 2 \n    }\n  }\n}\n";
        let at = src.find("= 2 ").unwrap() + 4;
        let labels: Vec<String> = completion(src, at, false)
            .into_iter()
            .map(|c| c.label)
            .collect();
        assert!(
            labels.iter().any(|l| l == "人次") && labels.iter().any(|l| l == "万元"),
            "{labels:?}"
        );
    }

    #[test]
    fn hover_names_a_unit_with_its_conversion() {
        let src = "project \"甲\" {\n  funding { annual 45 万元 }\n}\n";
        let at = src.find("万元").unwrap();
        let (text, _) = hover(src, at, &[], Lang::Zh).unwrap();
        assert!(text.contains("1 万元 = 10,000 元"), "{text}");
        assert!(text.contains("金额"), "{text}");
    }

    #[test]
    fn hover_on_a_level1_keyword_lists_what_belongs_under_it() {
        let src = "project \"甲\" {\n  benefit {\n  }\n}\n";
        let at = src.find("benefit").unwrap() + 2;
        let (text, _) = hover(src, at, &[], Lang::En).unwrap();
        assert!(text.starts_with("**效益指标** · `benefit`"), "{text}");
        assert!(text.contains("社会效益指标 `social`"), "{text}");
    }

    #[test]
    fn hover_on_a_value_shows_it_parsed() {
        let at = FILING.find("400").unwrap();
        let (text, _) = hover(FILING, at, &[], Lang::Zh).unwrap();
        assert!(
            text.contains("比较符 `>=`，数值 `400`，单位 `人次`"),
            "{text}"
        );
    }

    #[test]
    fn hover_in_an_evaluated_project_shows_scores() {
        let src = "year 2024\ndepartment \"部\"\nimplementer \"单位\"\nproject \"甲\" {\n  nature \"经常性项目\"; category \"运转类\"; period 2024-01-01 .. 2024-12-31\n  funding { annual 100 元; execution 90 元 }\n  goal \"g\"\n  output {\n    quantity {\n      \"培训人次\" >= 400 人次 actual 300 人次\n      \"培训班次\" = 4 期\n    }\n  }\n  benefit { social { \"规范\" \"提高\" actual 达成 } }\n  satisfaction { beneficiary { \"满意度\" >= 90 % actual 95 % } }\n}\n";
        let (text, _) = hover(src, src.find("300").unwrap(), &[], Lang::Zh).unwrap();
        // 300 ÷ 400 × 25 (产出 50 shared by two indicators).
        assert!(text.contains("分值 25.00，得分 18.75"), "{text}");
        let (text, _) = hover(src, src.find("培训班次").unwrap(), &[], Lang::Zh).unwrap();
        assert!(text.contains("不计分（没有实际完成值）"), "{text}");
        let (text, _) = hover(src, src.find("甲").unwrap(), &[], Lang::En).unwrap();
        // 18.75 + 0 + 30 + 10 + 9 (90 % of the budget executed).
        assert!(text.contains("total 67.75, grade 中"), "{text}");
        // A declaration without actuals says nothing of scores.
        let (text, _) = hover(FILING, FILING.find("400").unwrap(), &[], Lang::Zh).unwrap();
        assert!(!text.contains("绩效自评"), "{text}");
    }

    #[test]
    fn definition_of_a_declared_unit() {
        let at = FILING.rfind("架次").unwrap() + 1;
        let span = definition(FILING, at).unwrap();
        assert_eq!(&FILING[span.range()], "架次");
        assert!((span.start as usize) < FILING.find("project").unwrap());
        assert_eq!(definition(FILING, FILING.find("人次").unwrap()), None);
    }

    #[test]
    fn symbols_nest_projects_groups_indicators() {
        let index = LineIndex::new(FILING);
        let syms = symbols(FILING, &index, 0);
        assert_eq!(syms[0].name, "架次");
        let project = &syms[1];
        assert_eq!(project.name, "甲");
        let output = &project.children.as_ref().unwrap()[0];
        let quantity = &output.children.as_ref().unwrap()[0];
        let ind = &quantity.children.as_ref().unwrap()[0];
        assert_eq!(ind.name, "培训人次");
        assert_eq!(ind.detail.as_deref(), Some(">= 400 人次"));
    }

    #[test]
    fn folding_keeps_the_closing_brace_visible() {
        let index = LineIndex::new(FILING);
        let folds = folding(FILING, &index, 0);
        let project_line = index.position(FILING.find("project").unwrap()).line;
        let f = folds.iter().find(|f| f.start_line == project_line).unwrap();
        assert_eq!(f.end_line, index.position(FILING.len() - 1).line - 1);
    }

    #[test]
    fn semantic_tokens_are_relative_and_in_utf16() {
        let src = "// 𠀀\nyear 2024\n";
        let index = LineIndex::new(src);
        let toks = semantic_tokens(src, &index, 0);
        assert_eq!(toks.len(), 3);
        assert_eq!(
            (toks[0].delta_line, toks[0].length, toks[0].token_type),
            (0, 5, T_COMMENT)
        );
        assert_eq!(
            (toks[1].delta_line, toks[1].delta_start, toks[1].token_type),
            (1, 0, T_KEYWORD)
        );
        assert_eq!(
            (toks[2].delta_line, toks[2].delta_start, toks[2].length),
            (0, 5, 4)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Any text at any cursor, above all half-typed filings: every feature answers
        /// without panicking.
        #[test]
        fn features_never_panic(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "项目", "\"甲\"", "{", "}", "产出指标", "数量指标", "\"指标\"", ">=", "400",
                    "人次", "𠀀", "\n", " ", "\"\"\"", "//", "/*", "unit", "架次", "=", ":",
                    "count", "framework", "2021", "@allow(", ")", "项目性质", "2024-Q2", "截至",
                ]),
                0..40,
            ),
            cursor in 0usize..400,
        ) {
            let src: String = words.concat();
            let mut at = cursor.min(src.len());
            while !src.is_char_boundary(at) {
                at -= 1;
            }
            let index = LineIndex::new(&src);
            let _ = hover(&src, at, &[], Lang::Zh);
            let _ = completion(&src, at, true);
            let _ = definition(&src, at);
            let _ = symbols(&src, &index, 0);
            let _ = folding(&src, &index, 0);
            let _ = semantic_tokens(&src, &index, 0);
        }
    }
}
