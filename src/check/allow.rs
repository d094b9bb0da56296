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
pub fn apply(allows: &[Allow], first: usize, diags: &mut Diagnostics) {
    if allows.is_empty() {
        return;
    }
    let scopes: Vec<(Span, Code)> = allows.iter().map(|a| (a.scope, a.code)).collect();
    let warnings: Vec<usize> = (first..diags.len())
        .filter(|&j| !diags[j].is_error())
        .collect();
    let points: Vec<(Span, Code)> = warnings
        .iter()
        .map(|&j| (diags[j].primary(), diags[j].code))
        .collect();
    let (mut used, covered) = sweep(&scopes, &points);
    let mut dropped = vec![false; diags.len()];
    for (&j, c) in warnings.iter().zip(covered) {
        dropped[j] = c;
    }
    let mut j = 0;
    diags.retain(|_| {
        j += 1;
        !dropped[j - 1]
    });
    // `@allow(unused-allow)` covers the unused-allow warnings of the allows inside it: the
    // same sweep, with the places those warnings would point at as the points.
    let quieting: Vec<usize> = (0..allows.len())
        .filter(|&i| allows[i].code == Code::UnusedAllow)
        .collect();
    let unused: Vec<usize> = (0..allows.len())
        .filter(|&i| !used[i] && allows[i].code != Code::UnusedAllow)
        .collect();
    if !quieting.is_empty() && !unused.is_empty() {
        let q_scopes: Vec<(Span, ())> = quieting.iter().map(|&q| (allows[q].scope, ())).collect();
        let u_points: Vec<(Span, ())> = unused.iter().map(|&i| (allows[i].at, ())).collect();
        let (q_used, u_covered) = sweep(&q_scopes, &u_points);
        for (&q, u) in quieting.iter().zip(q_used) {
            used[q] |= u;
        }
        for (&i, c) in unused.iter().zip(u_covered) {
            used[i] |= c;
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

/// Which scopes hold a point of their key, and which points lie in a scope of their key
/// (a point lies in a scope that starts at or before it and ends at or after its end).
///
/// One sweep over scope boundaries and points in position order. Scopes are items of the
/// tree, so they nest or are disjoint: the open scopes of one key form a stack, innermost
/// on top. A point marks the open scopes of its key from the top down and stops at one
/// already marked, because the point that marked it also marked every scope under it. So
/// each scope is marked once and the cost is the sort — also for a million codes in one
/// `@allow(…)` (each closing scope used to be searched for among all open ones: quadratic).
fn sweep<K: Copy + Eq + std::hash::Hash>(
    scopes: &[(Span, K)],
    points: &[(Span, K)],
) -> (Vec<bool>, Vec<bool>) {
    #[derive(PartialEq, Eq, PartialOrd, Ord, Clone, Copy)]
    enum Event {
        // At one position: a scope ending there closes before one starting there opens,
        // and a point starting there is then inside the new scope only.
        Close(usize),
        Open(usize),
        Point(usize),
    }
    let mut events: Vec<(u32, Event)> = Vec::with_capacity(2 * scopes.len() + points.len());
    for (i, (s, _)) in scopes.iter().enumerate() {
        events.push((s.start, Event::Open(i)));
        events.push((s.end, Event::Close(i)));
    }
    for (j, (s, _)) in points.iter().enumerate() {
        events.push((s.start, Event::Point(j)));
    }
    events.sort_unstable();
    let mut used = vec![false; scopes.len()];
    let mut covered = vec![false; points.len()];
    let mut closed = vec![false; scopes.len()];
    let mut open: rustc_hash::FxHashMap<K, Vec<usize>> = Default::default();
    for (_, event) in events {
        match event {
            Event::Open(i) => open.entry(scopes[i].1).or_default().push(i),
            Event::Close(i) => {
                // Scopes closing at one position come in index order, not innermost first:
                // mark them closed and pop what is closed off the top.
                closed[i] = true;
                if let Some(stack) = open.get_mut(&scopes[i].1) {
                    while stack.last().is_some_and(|&o| closed[o]) {
                        stack.pop();
                    }
                }
            }
            Event::Point(j) => {
                let (s, key) = points[j];
                let Some(stack) = open.get(&key) else {
                    continue;
                };
                for &i in stack.iter().rev() {
                    let scope = scopes[i].0;
                    if closed[i] || scope.file != s.file || s.end > scope.end {
                        continue;
                    }
                    covered[j] = true;
                    if used[i] {
                        break;
                    }
                    used[i] = true;
                }
            }
        }
    }
    (used, covered)
}
