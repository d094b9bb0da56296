//! `@allow(CODE, lint-name)`: silence the named warnings inside the item it stands before.
//! Scopes are spans, so applying them is one filter over the diagnostics.

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::Span;
use crate::syntax::ast::{self, Attr, GroupItem};
use crate::t;

pub struct Allow {
    scope: Span,
    code: Code,
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
                Some(code) => out.push(Allow { scope, code }),
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

/// Drop the warnings an `@allow` covers. Errors cannot be allowed: a filing with an error
/// cannot be built, whatever the file says.
pub fn apply(allows: &[Allow], diags: &mut Diagnostics) {
    if allows.is_empty() {
        return;
    }
    diags.retain(|d| !covered(allows, d));
}

fn covered(allows: &[Allow], d: &Diagnostic) -> bool {
    if d.is_error() {
        return false;
    }
    let s = d.primary();
    allows.iter().any(|a| {
        a.code == d.code
            && a.scope.file == s.file
            && a.scope.start <= s.start
            && s.end <= a.scope.end
    })
}
