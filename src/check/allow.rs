//! `@allow(CODE, lint-name)`: silence the named warnings inside the item it stands before.
//! Scopes are spans, so applying them is one filter over the diagnostics.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast::{self, Attr, GroupItem};
use crate::t;

pub struct Allow {
    scope: Span,
    code: Code,
    /// Where the code is written in the attribute, for the unused-allow warning.
    at: Span,
}

pub fn collect(p: &ast::Project, out: &mut Vec<Allow>, diags: &mut Diagnostics) {
    add(&p.attrs, p.span, out, diags);
    for item in &p.items {
        if let ast::ProjectItem::Group(g) = item {
            collect_group(g, out, diags);
        }
    }
}

fn collect_group(g: &ast::Group, out: &mut Vec<Allow>, diags: &mut Diagnostics) {
    add(&g.attrs, g.span, out, diags);
    for item in &g.items {
        match item {
            GroupItem::Group(inner) => collect_group(inner, out, diags),
            GroupItem::Indicator(i) => add(&i.attrs, i.span, out, diags),
            GroupItem::Error(_) => {}
        }
    }
}

fn add(attrs: &[Attr], scope: Span, out: &mut Vec<Allow>, diags: &mut Diagnostics) {
    for attr in attrs {
        for (name, span) in &attr.codes {
            match Code::lookup(name) {
                Some(code) => out.push(Allow {
                    scope,
                    code,
                    at: *span,
                }),
                None => diags.push(
                    Diagnostic::new(
                        Code::UnknownCode,
                        *span,
                        t!("`{}` 不是诊断代码或检查名", "`{}` is not a diagnostic code or lint name", name),
                    )
                    .help(t!(
                        "写代码（如 W0201）或检查名（如 empty-group）；`perfc explain 代码` 可查看说明",
                        "write a code (W0201) or a lint name (empty-group); see `perfc explain CODE`"
                    )),
                ),
            }
        }
    }
}

/// Drop the warnings an `@allow` covers among `diags[first..]` (one project's), then report
/// each `@allow` that covered nothing (a stale one hides nothing today and would silently
/// hide a new problem tomorrow). Errors cannot be allowed: a filing with an error cannot be
/// built, whatever the file says.
///
/// One sweep over scope boundaries and warnings in position order: scopes are items of the
/// tree, so they nest or are disjoint, and at any position only the few enclosing scopes are
/// open. Cost: sorting, then each warning against the open scopes only.
pub fn apply(allows: &[Allow], first: usize, diags: &mut Diagnostics) {
    if allows.is_empty() {
        return;
    }
    #[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
    enum Event {
        // At one position: a scope ending there closes before one starting there opens,
        // and a warning starting there is then inside the new scope only.
        Close(usize),
        Open(usize),
        Warning(usize),
    }
    let mut events: Vec<(u32, Event)> = Vec::with_capacity(2 * allows.len() + 16);
    for (i, a) in allows.iter().enumerate() {
        events.push((a.scope.start, Event::Open(i)));
        events.push((a.scope.end, Event::Close(i)));
    }
    for (j, d) in diags.iter().enumerate().skip(first) {
        if !d.is_error() {
            events.push((d.primary().start, Event::Warning(j)));
        }
    }
    events.sort_unstable();
    let mut used = vec![false; allows.len()];
    let mut covered = vec![false; diags.len()];
    let mut open: Vec<usize> = Vec::new();
    for (_, event) in events {
        match event {
            Event::Open(i) => open.push(i),
            Event::Close(i) => open.retain(|&o| o != i),
            Event::Warning(j) => {
                let s = diags[j].primary();
                for &i in &open {
                    let a = &allows[i];
                    if a.code == diags[j].code && a.scope.file == s.file && s.end <= a.scope.end {
                        used[i] = true;
                        covered[j] = true;
                    }
                }
            }
        }
    }
    let mut j = 0;
    diags.retain(|_| {
        j += 1;
        !covered[j - 1]
    });
    // `@allow(unused-allow)` covers the unused-allow warnings of the allows inside it.
    let quieting: Vec<usize> = (0..allows.len())
        .filter(|&i| allows[i].code == Code::UnusedAllow)
        .collect();
    for i in 0..allows.len() {
        if used[i] || allows[i].code == Code::UnusedAllow {
            continue;
        }
        let at = allows[i].at;
        for &q in &quieting {
            let b = &allows[q];
            if b.scope.file == at.file && b.scope.start <= at.start && at.end <= b.scope.end {
                used[q] = true;
                used[i] = true;
            }
        }
    }
    for (a, u) in allows.iter().zip(used) {
        if u {
            continue;
        }
        let info = a.code.info();
        let d = Diagnostic::new(
            Code::UnusedAllow,
            a.at,
            t!(
                "`@allow({})` 没有消除任何警告",
                "`@allow({})` silences nothing",
                info.code
            ),
        );
        diags.push(if a.code.info().severity == crate::diag::Severity::Error {
            d.label(t!("{} 是错误，不能被忽略", "{} is an error and cannot be allowed", info.code))
                .help(t!("改正错误本身，并删除这个 @allow", "fix the error itself and delete this @allow"))
        } else {
            d.label(t!("这里没有 {}（{}）", "there is no {} ({}) here", info.code, info.lint))
                .help(t!(
                    "删除这个 @allow：问题已不存在，留着它会掩盖以后出现的新问题",
                    "delete this @allow: the problem is gone, and keeping it would hide a new one later"
                ))
        });
    }
}
