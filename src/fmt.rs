//! The formatter (`perfc fmt`, and the language server's formatting request): the syntax
//! tree plus the lexer's trivia (comments, blank lines) printed in one canonical layout.
//! Every token is printed as the author wrote it (keyword language, comparator spelling,
//! number text, unit spelling and parentheses, string escapes); only the whitespace between
//! tokens is the printer's. A file with syntax errors is not formatted: `format` returns the
//! errors instead. See `docs/fmt.md` for the layout.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::diag::Diagnostic;
use crate::source::{FileId, Span};
use crate::syntax::ast::{
    Actual, AmountItem, AmountKey, Attr, DateLit, Deadline, GroupItem, IndicatorExtra, Item,
    NumLit, Project, ProjectItem, Quantity, Setting, StrLit, UnitDecl, UnitExpr, UnitOp, Value,
};
use crate::syntax::lexer::{is_han, Trivia};
use crate::syntax::{self, Sink, SyntaxLog};

/// A block written on one line stays on one line when it fits in this many display columns
/// (a Chinese character counts two); otherwise its items go one per line.
pub const WIDTH: usize = 100;

/// Spaces per level of nesting.
const INDENT: usize = 2;

/// The canonical layout of `src`, or its syntax errors (with file id `FileId(0)`) when it
/// has any. A leading BOM is kept; line ends become `\n`.
pub fn format(src: &str) -> Result<String, Vec<Diagnostic>> {
    let (bom, text) = match src.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", src),
    };
    if let Some(d) = crate::load::too_large(FileId(0), "-", text.len()) {
        return Err(vec![d]);
    }
    let mut diags = Vec::new();
    let mut trivia = Trivia::default();
    let mut sink = Collect { items: Vec::new() };
    let read = syntax::parse_into(FileId(0), text, &mut diags, &mut sink, Some(&mut trivia));
    let errors: Vec<Diagnostic> = diags.into_iter().filter(|d| d.is_error()).collect();
    if !errors.is_empty() || read.abandoned {
        return Err(errors);
    }
    let mut printer = Printer {
        src: text,
        comments: &trivia.comments,
        next_comment: 0,
        blank_lines: &trivia.blank_lines,
        last: 0,
    };
    let body = printer.file(&sink.items);
    Ok(format!("{bom}{body}"))
}

/// Keeps the whole tree: the printer needs every item, in order.
struct Collect<'s> {
    items: Vec<Item<'s>>,
}

impl<'s> Sink<'s> for Collect<'s> {
    fn setting(&mut self, setting: Setting<'s>) {
        self.items.push(Item::Setting(setting));
    }
    fn unit(&mut self, unit: Box<UnitDecl<'s>>) {
        self.items.push(Item::Unit(unit));
    }
    fn project(&mut self, project: Box<Project<'s>>, _: &SyntaxLog<'s>) {
        self.items.push(Item::Project(project));
    }
    fn error(&mut self, span: Span) {
        self.items.push(Item::Error(span));
    }
    fn restart(&mut self) {
        self.items.clear();
    }
}

/// One child of a block, whatever the block.
#[derive(Clone, Copy)]
enum Node<'a, 's> {
    Top(&'a Item<'s>),
    Project(&'a ProjectItem<'s>),
    Amount(&'a AmountItem<'s>),
    Group(&'a GroupItem<'s>),
}

/// What formatting must keep of a file: its `perfc/1` JSON without source line numbers
/// (formatting moves lines), its diagnostics' severities and codes in order, and the text of
/// every comment in order. The tests and the fuzz target compare this before and after
/// `format`; `import` can compare a round trip the same way.
#[derive(Debug, Clone, PartialEq)]
pub struct Meaning {
    pub json: serde_json::Value,
    pub diagnostics: Vec<String>,
    pub comments: Vec<String>,
}

/// The [`Meaning`] of one file's text (compiled as `x.perf`).
pub fn meaning(text: &str) -> Meaning {
    let c = crate::compile_str("x.perf", text);
    let mut json: serde_json::Value =
        serde_json::from_str(&crate::emit::json::emit(&c.files, &c.program()))
            .unwrap_or(serde_json::Value::Null);
    if let Some(projects) = json["projects"].as_array_mut() {
        for indicator in projects
            .iter_mut()
            .filter_map(|p| p["indicators"].as_array_mut())
            .flatten()
        {
            if let Some(source) = indicator["source"].as_object_mut() {
                source.remove("line");
            }
        }
    }
    let diagnostics = c
        .diagnostics
        .iter()
        .map(|d| format!("{:?} {}", d.severity, d.code.info().code))
        .collect();
    let diags = std::cell::RefCell::new(Vec::new());
    let mut trivia = Trivia::default();
    crate::syntax::lexer::Lexer::new(
        FileId(0),
        text,
        &diags,
        Some(&mut trivia),
        crate::syntax::lexer::ClosePlan::new(),
    )
    .for_each(drop);
    let comments = trivia
        .comments
        .iter()
        .map(|&(s, e)| text[s as usize..e as usize].trim_end().to_string())
        .collect();
    Meaning {
        json,
        diagnostics,
        comments,
    }
}

fn attrs_start(attrs: &[Attr<'_>], span: Span) -> u32 {
    attrs.first().map_or(span.start, |a| a.span.start)
}

impl Node<'_, '_> {
    /// Where the node's first token (an attribute, if any) starts.
    fn start(self) -> u32 {
        match self {
            Node::Top(item) => match item {
                Item::Setting(s) => setting_parts(s).0.start,
                Item::Unit(u) => match &**u {
                    UnitDecl::Alias { span, .. } | UnitDecl::Dimension { span, .. } => span.start,
                },
                Item::Project(p) => attrs_start(&p.attrs, p.span),
                Item::Error(span) => span.start,
            },
            Node::Project(item) => match item {
                ProjectItem::Nature(k, _)
                | ProjectItem::Category(k, _)
                | ProjectItem::Department(k, _)
                | ProjectItem::Implementer(k, _)
                | ProjectItem::Framework(k, _)
                | ProjectItem::Period(k, ..)
                | ProjectItem::Start(k, _)
                | ProjectItem::End(k, _)
                | ProjectItem::Goal(k, _)
                | ProjectItem::OverallGoal(k, _)
                | ProjectItem::Achieved(k, _)
                | ProjectItem::Error(k) => k.start,
                ProjectItem::Funding(f) => f.span.start,
                ProjectItem::Field(f) => f.0.start,
                ProjectItem::Group(g) => attrs_start(&g.attrs, g.span),
            },
            Node::Amount(a) => match a {
                AmountItem::Amount(a) => a.span.start,
                AmountItem::Error(span) => span.start,
            },
            Node::Group(g) => match g {
                GroupItem::Group(g) => attrs_start(&g.attrs, g.span),
                GroupItem::Indicator(i) => attrs_start(&i.attrs, i.span),
                GroupItem::Error(span) => span.start,
            },
        }
    }

    /// Where the node's last token ends.
    fn end(self) -> u32 {
        match self {
            Node::Top(item) => match item {
                Item::Setting(s) => setting_parts(s).1,
                Item::Unit(u) => match &**u {
                    UnitDecl::Alias { span, .. } | UnitDecl::Dimension { span, .. } => span.end,
                },
                Item::Project(p) => p.span.end,
                Item::Error(span) => span.end,
            },
            Node::Project(item) => match item {
                ProjectItem::Nature(_, s)
                | ProjectItem::Category(_, s)
                | ProjectItem::Department(_, s)
                | ProjectItem::Implementer(_, s)
                | ProjectItem::Goal(_, s)
                | ProjectItem::OverallGoal(_, s)
                | ProjectItem::Achieved(_, s) => s.span.end,
                ProjectItem::Framework(_, n) => n.span.end,
                ProjectItem::Period(_, _, d)
                | ProjectItem::Start(_, d)
                | ProjectItem::End(_, d) => d.span.end,
                ProjectItem::Funding(f) => f.span.end,
                ProjectItem::Field(f) => f.2.span.end,
                ProjectItem::Group(g) => g.span.end,
                ProjectItem::Error(span) => span.end,
            },
            Node::Amount(a) => match a {
                AmountItem::Amount(a) => a.span.end,
                AmountItem::Error(span) => span.end,
            },
            Node::Group(g) => match g {
                GroupItem::Group(g) => g.span.end,
                GroupItem::Indicator(i) => i.span.end,
                GroupItem::Error(span) => span.end,
            },
        }
    }

    /// Whether the node holds a block of its own (a block holding one is never put on one
    /// line).
    fn has_block(self) -> bool {
        match self {
            Node::Top(item) => matches!(item, Item::Project(_)),
            Node::Project(item) => {
                matches!(item, ProjectItem::Funding(_) | ProjectItem::Group(_))
            }
            Node::Amount(a) => matches!(a, AmountItem::Amount(a) if a.children.is_some()),
            Node::Group(g) => matches!(g, GroupItem::Group(_)),
        }
    }

    fn is_project(self) -> bool {
        matches!(self, Node::Top(Item::Project(_)))
    }
}

/// A setting's keyword span and the end of its value.
fn setting_parts(s: &Setting<'_>) -> (Span, u32) {
    match s {
        Setting::Year(k, n) | Setting::Framework(k, n) => (*k, n.span.end),
        Setting::Department(k, v) | Setting::Implementer(k, v) => (*k, v.span.end),
    }
}

/// One line (or a few) of a block's output, before alignment.
enum Entry {
    /// A blank line the author left (at most one in a row).
    Blank,
    /// A comment or attribute on its own line, printed at the block's indentation.
    Line(String),
    /// An item: `key`, then `rest` (aligned with the other items of its run), then its
    /// trailing comments. `block`: it opens a block, which ends a run of aligned items.
    Item {
        key: String,
        rest: Option<String>,
        tail: String,
        block: bool,
        /// Whether the key counts for its run's value column (no comment inside it).
        align: bool,
    },
}

impl Entry {
    /// Whether the entry ends a run of items whose values are aligned.
    fn breaks_run(&self) -> bool {
        match self {
            Entry::Blank => true,
            Entry::Line(_) => false,
            Entry::Item {
                key, rest, block, ..
            } => *block || key.contains('\n') || rest.as_ref().is_some_and(|r| r.contains('\n')),
        }
    }
}

/// A piece of an item's text: where its token starts in the source (comments before that
/// point are printed before it), the text, and whether a space separates it from the piece
/// before (no space where the author wrote none, as in `85%` or `≥95.00(%)`).
struct Piece<'a> {
    at: u32,
    text: Cow<'a, str>,
    space: bool,
}

struct Printer<'a> {
    src: &'a str,
    comments: &'a [(u32, u32)],
    /// The first comment not printed yet.
    next_comment: usize,
    blank_lines: &'a [u32],
    /// Where the last printed source ends, to tell whether a blank line came after it.
    last: u32,
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// Whether the text after the last line break is only spaces (a fresh line).
fn fresh(s: &str) -> bool {
    s.rsplit('\n').next().is_none_or(|l| l.trim().is_empty())
}

impl<'a> Printer<'a> {
    fn text(&self, span: Span) -> &'a str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// The source from `start` to `end`, if those are offsets in it.
    fn slice(&self, start: u32, end: u32) -> Option<&'a str> {
        self.src.get(start as usize..end as usize)
    }

    fn comment_text(&self, (start, end): (u32, u32)) -> &'a str {
        self.src
            .get(start as usize..end as usize)
            .unwrap_or("")
            .trim_end()
    }

    /// The next unprinted comment, if it starts before `at`.
    fn comment_before(&self, at: u32) -> Option<(u32, u32)> {
        self.comments
            .get(self.next_comment)
            .copied()
            .filter(|c| c.0 < at)
    }

    fn take_comment(&mut self, c: (u32, u32)) -> &'a str {
        self.next_comment += 1;
        self.last = self.last.max(c.1);
        self.comment_text(c)
    }

    /// Whether the author left a blank line between `from` and `to`.
    fn blank_between(&self, from: u32, to: u32) -> bool {
        let i = self.blank_lines.partition_point(|&b| b <= from);
        self.blank_lines.get(i).is_some_and(|&b| b < to)
    }

    /// The comments (each on its own line) and blank lines before `at`. A block comment on
    /// the line of the token at `at` is left for that token's line when `inline` (it stays
    /// where it was: `/* 其他资金为零 */ other 0 元`).
    fn leading(&mut self, at: u32, inline: bool, entries: &mut Vec<Entry>) {
        while let Some(c) = self.comment_before(at) {
            let same_line = self.slice(c.1, at).is_some_and(|s| !s.contains('\n'));
            if inline && same_line && self.slice(c.0, c.1).is_some_and(|s| s.starts_with("/*")) {
                break;
            }
            if self.blank_between(self.last, c.0) {
                push_blank(entries);
            }
            let text = self.take_comment(c).to_string();
            entries.push(Entry::Line(text));
        }
        if self.blank_between(self.last, at) {
            push_blank(entries);
        }
    }

    /// The comments after an item on its line (and before the next item, `limit`).
    fn trailing(&mut self, end: u32, limit: u32) -> String {
        let line_end = self
            .slice(end, self.src.len() as u32)
            .and_then(|s| s.find('\n'))
            .map_or(self.src.len(), |i| end as usize + i) as u32;
        let bound = line_end.min(limit);
        let mut tail = String::new();
        self.last = self.last.max(end);
        while let Some(c) = self.comment_before(bound) {
            tail.push(' ');
            tail.push_str(self.take_comment(c));
        }
        tail
    }

    /// Append `piece` to `out`, after the comments written before it (inside an item: a
    /// line comment there ends the line, and the item goes on indented by `cont`).
    fn put(&mut self, out: &mut String, piece: &Piece<'_>, cont: usize) {
        while let Some(c) = self.comment_before(piece.at) {
            let text = self.take_comment(c);
            if !fresh(out) {
                out.push(' ');
            }
            out.push_str(text);
            if text.starts_with("//") {
                out.push('\n');
                out.push_str(&pad(cont));
            }
        }
        if piece.space && !fresh(out) {
            out.push(' ');
        }
        out.push_str(&piece.text);
        self.last = self.last.max(piece.at);
    }

    fn put_all(&mut self, pieces: &[Piece<'_>], cont: usize) -> String {
        let mut out = String::new();
        for p in pieces {
            self.put(&mut out, p, cont);
        }
        out
    }

    fn file(&mut self, items: &[Item<'_>]) -> String {
        let nodes: Vec<Node> = items.iter().map(Node::Top).collect();
        let mut entries = self.children(&nodes, self.src.len() as u32, 0);
        while matches!(entries.last(), Some(Entry::Blank)) {
            entries.pop();
        }
        let mut out = String::new();
        emit(&entries, 0, &mut out);
        out
    }

    /// The entries of a block's children, and of the comments up to `close` (the block's
    /// `}`, or the end of the file). No blank line opens a block.
    fn children(&mut self, nodes: &[Node<'_, '_>], close: u32, indent: usize) -> Vec<Entry> {
        let mut entries = Vec::new();
        for (i, &node) in nodes.iter().enumerate() {
            // Projects stand apart: a blank line before and after each.
            if i > 0 && (node.is_project() || nodes[i - 1].is_project()) {
                push_blank(&mut entries);
            }
            self.leading(node.start(), true, &mut entries);
            let limit = nodes.get(i + 1).map_or(close, |n| n.start());
            self.node(node, indent, limit, &mut entries);
        }
        self.leading(close, false, &mut entries);
        while matches!(entries.first(), Some(Entry::Blank)) {
            entries.remove(0);
        }
        entries
    }

    /// An attribute on its own line, with its trailing comments.
    fn attrs(&mut self, attrs: &[Attr<'_>], first_token: u32, entries: &mut Vec<Entry>) {
        for (i, a) in attrs.iter().enumerate() {
            if i > 0 {
                self.leading(a.span.start, true, entries);
            }
            let codes: Vec<&str> = a.codes.iter().map(|c| self.text(c.1)).collect();
            let piece = Piece {
                at: a.span.start,
                text: Cow::Owned(format!("@allow({})", codes.join(", "))),
                space: true,
            };
            let mut line = String::new();
            self.put(&mut line, &piece, 0);
            // Comments inside the attribute's parentheses go after it.
            let next = attrs.get(i + 1).map_or(first_token, |n| n.span.start);
            self.last = self.last.max(a.span.end);
            line.push_str(&self.trailing(a.span.end, next));
            entries.push(Entry::Line(line));
        }
        if !attrs.is_empty() {
            self.leading(first_token, true, entries);
        }
    }

    fn node<'n, 's>(
        &mut self,
        node: Node<'n, 's>,
        indent: usize,
        limit: u32,
        entries: &mut Vec<Entry>,
    ) {
        let cont = indent + 2 * INDENT;
        let (key, rest, block): (Vec<Piece>, Vec<Piece>, Option<Block>) = match node {
            Node::Top(item) => match item {
                Item::Setting(s) => {
                    let (k, v) = match s {
                        Setting::Year(k, n) | Setting::Framework(k, n) => (*k, self.num(n)),
                        Setting::Department(k, v) | Setting::Implementer(k, v) => {
                            (*k, self.string(v, indent))
                        }
                    };
                    (vec![self.word(k)], vec![v], None)
                }
                Item::Unit(u) => {
                    let (span, name) = match &**u {
                        UnitDecl::Alias { span, name, .. }
                        | UnitDecl::Dimension { span, name, .. } => (*span, name.1),
                    };
                    let kw = self.token_at(span.start);
                    let mut rest = vec![self.word(name)];
                    let sign = self.token_at(name.end);
                    rest.push(self.word(sign));
                    match &**u {
                        UnitDecl::Alias { factor, target, .. } => {
                            if let Some(f) = factor {
                                rest.push(self.num(f));
                            }
                            rest.push(self.unit(target, true));
                        }
                        UnitDecl::Dimension { dimension, .. } => rest.push(self.word(dimension.1)),
                    }
                    (vec![self.word(kw)], rest, None)
                }
                Item::Project(p) => {
                    self.attrs(&p.attrs, p.span.start, entries);
                    let kw = self.token_at(p.span.start);
                    let header = vec![self.word(kw), self.string(&p.name, indent)];
                    let children = p.items.iter().map(Node::Project).collect();
                    (header, vec![], Some(Block::new(p.span, children)))
                }
                Item::Error(span) => (vec![self.word(*span)], vec![], None),
            },
            Node::Project(item) => match item {
                ProjectItem::Nature(k, s)
                | ProjectItem::Category(k, s)
                | ProjectItem::Department(k, s)
                | ProjectItem::Implementer(k, s)
                | ProjectItem::Goal(k, s)
                | ProjectItem::OverallGoal(k, s)
                | ProjectItem::Achieved(k, s) => {
                    (vec![self.word(*k)], vec![self.string(s, indent)], None)
                }
                ProjectItem::Framework(k, n) => (vec![self.word(*k)], vec![self.num(n)], None),
                ProjectItem::Period(k, a, b) => {
                    let range = self.token_at(a.span.end);
                    let rest = vec![self.date(a), self.word(range), self.date(b)];
                    (vec![self.word(*k)], rest, None)
                }
                ProjectItem::Start(k, d) | ProjectItem::End(k, d) => {
                    (vec![self.word(*k)], vec![self.date(d)], None)
                }
                ProjectItem::Field(f) => {
                    let rest = vec![self.string(&f.1, indent), self.string(&f.2, indent)];
                    (vec![self.word(f.0)], rest, None)
                }
                ProjectItem::Funding(f) => {
                    let mut header = vec![self.word(f.keyword)];
                    if let Some(u) = &f.unit {
                        header.push(self.unit(u, true));
                    }
                    let children = f.amounts.iter().map(Node::Amount).collect();
                    (header, vec![], Some(Block::new(f.span, children)))
                }
                ProjectItem::Group(g) => {
                    self.attrs(&g.attrs, g.span.start, entries);
                    let (header, block) = self.group(g);
                    (header, vec![], Some(block))
                }
                ProjectItem::Error(span) => (vec![self.word(*span)], vec![], None),
            },
            Node::Amount(a) => match a {
                AmountItem::Amount(a) => {
                    let key = match &a.key {
                        AmountKey::Fund(_) => self.word(a.key_span),
                        AmountKey::Custom(s) => self.string(s, indent),
                    };
                    let mut rest = Vec::new();
                    if let Some(m) = &a.money {
                        rest.push(self.num(&m.number));
                        if let Some(u) = &m.unit {
                            rest.push(self.unit(u, u.span.start > m.number.span.end));
                        }
                    }
                    let block = a
                        .children
                        .as_ref()
                        .map(|c| Block::new(a.span, c.iter().map(Node::Amount).collect()));
                    if block.is_some() {
                        let mut header = vec![key];
                        header.extend(rest);
                        (header, vec![], block)
                    } else {
                        (vec![key], rest, None)
                    }
                }
                AmountItem::Error(span) => (vec![self.word(*span)], vec![], None),
            },
            Node::Group(g) => match g {
                GroupItem::Group(g) => {
                    self.attrs(&g.attrs, g.span.start, entries);
                    let (header, block) = self.group(g);
                    (header, vec![], Some(block))
                }
                GroupItem::Indicator(ind) => {
                    self.attrs(&ind.attrs, ind.span.start, entries);
                    let mut rest = Vec::new();
                    match &ind.value {
                        Some(Value::Quantitative(q)) => self.quantity(q, &mut rest),
                        Some(Value::Qualitative(s)) => rest.push(self.string(s, indent)),
                        Some(Value::Deadline(d)) => self.deadline(d, indent, &mut rest),
                        None => {}
                    }
                    for e in &ind.extras {
                        match e {
                            IndicatorExtra::Note(k, s)
                            | IndicatorExtra::Basis(k, s)
                            | IndicatorExtra::Deviation(k, s) => {
                                rest.push(self.word(*k));
                                rest.push(self.string(s, indent));
                            }
                            IndicatorExtra::Weight(k, n) | IndicatorExtra::Score(k, n) => {
                                rest.push(self.word(*k));
                                rest.push(self.num(n));
                            }
                            IndicatorExtra::Actual(k, a) => {
                                rest.push(self.word(*k));
                                match a {
                                    Actual::Quantity(q) => self.quantity(q, &mut rest),
                                    Actual::Date(d) => rest.push(self.date(d)),
                                    Actual::Word(_, span) => rest.push(self.word(*span)),
                                    Actual::Text(s) => rest.push(self.string(s, indent)),
                                }
                            }
                        }
                    }
                    (vec![self.string(&ind.name, indent)], rest, None)
                }
                GroupItem::Error(span) => (vec![self.word(*span)], vec![], None),
            },
        };
        let comments_before = self.next_comment;
        let mut key_text = self.put_all(&key, cont);
        // A comment inside the key would push the value column of the whole run out.
        let align = self.next_comment == comments_before;
        let rest_text = if rest.is_empty() {
            None
        } else {
            Some(self.put_all(&rest, cont))
        };
        let is_block = block.is_some();
        if let Some(b) = block {
            self.block(&mut key_text, b, indent);
        }
        let tail = self.trailing(node.end(), limit);
        entries.push(Entry::Item {
            key: key_text,
            rest: rest_text,
            tail,
            block: is_block,
            align,
        });
    }

    fn group<'g, 's>(
        &mut self,
        g: &'g crate::syntax::ast::Group<'s>,
    ) -> (Vec<Piece<'a>>, Block<'g, 's>) {
        let mut header = vec![self.word(g.name_span)];
        if let Some(w) = &g.weight {
            let kw = self.token_at(g.name_span.end);
            header.push(self.word(kw));
            header.push(self.num(w));
        }
        let children = g.items.iter().map(Node::Group).collect();
        (header, Block::new(g.span, children))
    }

    /// ` { … }` after a header already in `out`: on one line when the author wrote it on
    /// one line, it holds no comment and no block, and it fits; else one item per line.
    fn block(&mut self, out: &mut String, b: Block<'_, '_>, indent: usize) {
        let open_brace = self.find_open(b.span);
        let (open, after_open) = (open_brace.start, open_brace.end);
        let close_len = self
            .slice(0, b.span.end)
            .unwrap_or("")
            .chars()
            .next_back()
            .map_or(1, char::len_utf8);
        let close = b.span.end - close_len as u32;
        let brace = Piece {
            at: open,
            text: Cow::Borrowed("{"),
            space: true,
        };
        self.put(out, &brace, indent + 2 * INDENT);
        self.last = after_open;
        let inner = indent + INDENT;
        let one_line_source = self.slice(open, close).is_some_and(|s| !s.contains('\n'))
            && self.comment_before(close).is_none()
            && !b.nodes.iter().any(|n| n.has_block());
        let first = b.nodes.first().map_or(close, |n| n.start());
        let header_tail = self.trailing(after_open, first);
        let entries = self.children(&b.nodes, close, inner);
        self.last = b.span.end;
        if one_line_source && header_tail.is_empty() {
            let items: Option<Vec<String>> = entries
                .iter()
                .map(|e| match e {
                    Entry::Item {
                        key, rest, tail, ..
                    } if tail.is_empty() && !key.contains('\n') => Some(match rest {
                        Some(r) if !r.contains('\n') => format!("{key} {r}"),
                        Some(_) => return None,
                        None => key.clone(),
                    }),
                    _ => None,
                })
                .collect();
            if let Some(items) = items {
                let line = if items.is_empty() {
                    "}".to_string()
                } else {
                    format!(" {} }}", items.join("; "))
                };
                let last_line = out.rsplit('\n').next().unwrap_or("");
                if indent + last_line.width() + line.width() <= WIDTH {
                    out.push_str(&line);
                    return;
                }
            }
        }
        out.push_str(&header_tail);
        out.push('\n');
        emit(&entries, inner, out);
        out.push_str(&pad(indent));
        out.push('}');
    }

    /// The `{` of a block: the first token after the header.
    fn find_open(&self, span: Span) -> Span {
        // Strings and comments in the header can hold a brace: scan token by token.
        let mut at = span.start;
        loop {
            let tok = self.token_at(at);
            let text = self.text(tok);
            if text == "{" || text == "｛" || tok.end >= span.end || tok.start == tok.end {
                return tok;
            }
            at = tok.end;
        }
    }

    /// The span of the token at or after `at`, skipping blanks and comments. Used only to
    /// find tokens the tree does not keep a span for (a keyword before a name, `..`, a date
    /// separator, `=` in a unit declaration).
    fn token_at(&self, at: u32) -> Span {
        let mut i = at as usize;
        let src = self.src;
        loop {
            let rest = src.get(i..).unwrap_or("");
            let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n', '\u{3000}']);
            i += rest.len() - trimmed.len();
            if trimmed.starts_with("//") || trimmed.starts_with("/*") {
                let k = self.comments.partition_point(|c| (c.0 as usize) < i);
                match self.comments.get(k).filter(|c| c.0 as usize == i) {
                    Some(c) => {
                        i = c.1 as usize;
                        continue;
                    }
                    None => break,
                }
            }
            break;
        }
        let rest = src.get(i..).unwrap_or("");
        let len = if rest.starts_with(">=") || rest.starts_with("<=") || rest.starts_with("..") {
            2
        } else if let Some(body) = rest.strip_prefix("\"\"\"") {
            body.find("\"\"\"").map_or(rest.len(), |e| e + 6)
        } else if rest.starts_with('"') {
            string_len(rest)
        } else {
            match rest.chars().next() {
                None => 0,
                Some(c) if c.is_ascii_alphabetic() || c == '_' => ascii_word_len(rest),
                Some(c) if is_han(c) => rest
                    .char_indices()
                    .find(|&(_, c)| !is_han(c))
                    .map_or(rest.len(), |(e, _)| e),
                Some(c) => c.len_utf8(),
            }
        };
        Span::new(FileId(0), i, i + len)
    }

    fn word(&self, span: Span) -> Piece<'a> {
        Piece {
            at: span.start,
            text: Cow::Borrowed(self.text(span)),
            space: true,
        }
    }

    fn num(&self, n: &NumLit) -> Piece<'a> {
        self.word(n.span)
    }

    fn date(&self, d: &DateLit) -> Piece<'a> {
        self.word(d.span)
    }

    /// A string as written; a `"""` text block re-indented to sit under its item.
    fn string(&self, s: &StrLit<'_>, indent: usize) -> Piece<'a> {
        let text = self.text(s.span);
        Piece {
            at: s.span.start,
            text: reindent_text_block(text, indent).map_or(Cow::Borrowed(text), Cow::Owned),
            space: true,
        }
    }

    /// A unit as written, without blanks inside (`( 人 / 次 )` → `(人/次)`); `space`: a
    /// blank before it.
    fn unit(&self, u: &UnitExpr<'_>, space: bool) -> Piece<'a> {
        let mut text = String::new();
        let whole = self.text(u.span);
        if u.parens {
            text.push(whole.chars().next().unwrap_or('('));
        }
        text.push_str(self.text(u.first.1));
        let mut prev = u.first.1;
        for (op, _, span) in &u.rest {
            match op {
                UnitOp::Space => text.push(' '),
                UnitOp::Mul | UnitOp::Div => text.push_str(self.text(self.token_at(prev.end))),
            }
            text.push_str(self.text(*span));
            prev = *span;
        }
        if u.parens {
            text.push(whole.chars().next_back().unwrap_or(')'));
        }
        Piece {
            at: u.span.start,
            text: Cow::Owned(text),
            space,
        }
    }

    /// `>= 85 %` with the author's spacing between comparator, number and unit kept (one
    /// blank or none).
    fn quantity(&self, q: &Quantity<'_>, out: &mut Vec<Piece<'a>>) {
        if let Some((_, span)) = q.cmp {
            out.push(self.word(span));
        }
        let mut number = self.num(&q.number);
        number.space = q.cmp.is_none_or(|(_, s)| s.end < q.number.span.start);
        out.push(number);
        if let Some(u) = &q.unit {
            out.push(self.unit(u, u.span.start > q.number.span.end));
        }
    }

    /// `by 2024-06 and 2024-12 "text"`.
    fn deadline(&self, d: &Deadline<'_>, indent: usize, out: &mut Vec<Piece<'a>>) {
        out.push(self.word(self.token_at(d.span.start)));
        let mut prev: Option<&DateLit> = None;
        for date in &d.dates {
            let mut piece = self.date(date);
            if let Some(p) = prev {
                let sep = self.token_at(p.span.end);
                let sep_text = self.text(sep);
                match sep_text {
                    // `,` takes a blank after it; the Chinese marks carry their own space.
                    "," => out.push(Piece {
                        space: false,
                        ..self.word(sep)
                    }),
                    "，" | "、" => {
                        out.push(Piece {
                            space: false,
                            ..self.word(sep)
                        });
                        piece.space = false;
                    }
                    _ => out.push(self.word(sep)),
                }
            }
            out.push(piece);
            prev = Some(date);
        }
        if let Some(t) = &d.text {
            out.push(self.string(t, indent));
        }
    }
}

/// A block to print: its node's span (ending with the `}`) and its children.
struct Block<'g, 's> {
    span: Span,
    nodes: Vec<Node<'g, 's>>,
}

impl<'g, 's> Block<'g, 's> {
    fn new(span: Span, nodes: Vec<Node<'g, 's>>) -> Self {
        Block { span, nodes }
    }
}

fn push_blank(entries: &mut Vec<Entry>) {
    if !entries.is_empty() && !matches!(entries.last(), Some(Entry::Blank)) {
        entries.push(Entry::Blank);
    }
}

/// Print a block's entries at `indent`, the values of each run of one-line items aligned
/// by display width.
fn emit(entries: &[Entry], indent: usize, out: &mut String) {
    let mut i = 0;
    while i < entries.len() {
        let end = (i..entries.len())
            .find(|&k| entries[k].breaks_run())
            .unwrap_or(entries.len());
        let width = entries[i..end]
            .iter()
            .filter_map(|e| match e {
                Entry::Item {
                    key,
                    rest: Some(_),
                    align: true,
                    ..
                } => Some(key.width()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        for e in &entries[i..end] {
            line(e, indent, width, out);
        }
        if end < entries.len() {
            line(&entries[end], indent, 0, out);
        }
        i = end + 1;
    }
}

fn line(e: &Entry, indent: usize, width: usize, out: &mut String) {
    match e {
        Entry::Blank => out.push('\n'),
        Entry::Line(s) => {
            out.push_str(&pad(indent));
            out.push_str(s);
            out.push('\n');
        }
        Entry::Item {
            key,
            rest,
            tail,
            align,
            ..
        } => {
            out.push_str(&pad(indent));
            out.push_str(key);
            if let Some(r) = rest {
                let column = if *align { width } else { 0 };
                out.push_str(&pad(column.saturating_sub(key.width()) + 1));
                out.push_str(r);
            }
            out.push_str(tail);
            out.push('\n');
        }
    }
}

fn ascii_word_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    loop {
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'-' && (b[i + 1].is_ascii_alphanumeric() || b[i + 1] == b'_')
        {
            i += 1;
            continue;
        }
        return i;
    }
}

fn string_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return i + 1,
            '\\' => {
                chars.next();
            }
            '\n' => return i,
            _ => {}
        }
    }
    s.len()
}

/// A `"""` block whose quotes stand on their own lines, with its lines moved to sit one
/// level under the item at `indent` (the closing quotes at the item's indentation). The
/// lexer removes the lines' common indentation, so the text is unchanged. Blocks written
/// otherwise (text right after the opening quotes, escapes that could make lines) are left
/// as written: `None`.
fn reindent_text_block(text: &str, indent: usize) -> Option<String> {
    let body = text.strip_prefix("\"\"\"")?.strip_suffix("\"\"\"")?;
    if body.contains('\\') {
        return None;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let (first, last) = (lines.first()?, lines.last()?);
    if lines.len() < 2 || !first.trim().is_empty() || !last.trim().is_empty() {
        return None;
    }
    let content = &lines[1..lines.len() - 1];
    let common = content
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let mut out = String::from("\"\"\"\n");
    for l in content {
        if !l.trim().is_empty() {
            out.push_str(&pad(indent + INDENT));
            out.push_str(l[common..].trim_end());
        }
        out.push('\n');
    }
    out.push_str(&pad(indent));
    out.push_str("\"\"\"");
    Some(out)
}
