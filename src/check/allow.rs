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

pub fn collect_project(p: &ast::Project, out: &mut Vec<Allow>, diags: &mut Diagnostics) {
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

/// Drop the warnings an `@allow` covers, then report each `@allow` that covered nothing
/// (a stale one hides nothing today and would silently hide a new problem tomorrow). Errors
/// cannot be allowed: a filing with an error cannot be built, whatever the file says.
pub fn apply(allows: &[Allow], diags: &mut Diagnostics) {
    if allows.is_empty() {
        return;
    }
    let mut used = vec![false; allows.len()];
    diags.retain(|d| {
        if d.is_error() {
            return true;
        }
        let s = d.primary();
        let mut covered = false;
        for (a, u) in allows.iter().zip(used.iter_mut()) {
            if a.code == d.code
                && a.scope.file == s.file
                && a.scope.start <= s.start
                && s.end <= a.scope.end
            {
                *u = true;
                covered = true;
            }
        }
        !covered
    });
    // `@allow(unused-allow)` covers the unused-allow warnings of the allows inside it.
    for i in 0..allows.len() {
        if used[i] || allows[i].code == Code::UnusedAllow {
            continue;
        }
        let at = allows[i].at;
        for (j, b) in allows.iter().enumerate() {
            if b.code == Code::UnusedAllow
                && b.scope.file == at.file
                && b.scope.start <= at.start
                && at.end <= b.scope.end
            {
                used[j] = true;
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
