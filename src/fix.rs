//! Applying fix-its: the engine of `perfc fix`, and of the language server's "fix all in
//! file". It reads nothing but diagnostics and text: each round compiles the file, applies
//! the fixes its mode allows, and compiles again, so a fix that uncovers the next problem
//! (a date written `2024．11．30` becomes `2024.11.30`, then `2024-11-30`) is taken in
//! the next round. See `docs/fix.md` for which fixes each mode applies and why.

use crate::diag::{Applicability, Code, Diagnostic, Fix, Lang, Message, Severity};
use crate::{compile_with, Compilation, Keep};

/// Which fixes may be applied without a person reading them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Only `MachineApplicable` fixes: they cannot change what the filing says.
    Safe,
    /// Also `MaybeIncorrect` ones, which change a target or a value on purpose (`=` → `>=`
    /// on a satisfaction target). `HasPlaceholders` never: a placeholder is no value.
    Unsafe,
}

impl Mode {
    pub fn allows(self, a: Applicability) -> bool {
        match a {
            Applicability::MachineApplicable => true,
            Applicability::MaybeIncorrect => self == Mode::Unsafe,
            Applicability::HasPlaceholders => false,
        }
    }
}

/// The result of applying a set of fixes to one text, by index into the fixes given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub text: String,
    /// Applied (a fix whose edits were all already made by an earlier one counts as applied).
    pub applied: Vec<usize>,
    /// Not applied because an edit overlaps one applied before it: the next round gets it.
    pub deferred: Vec<usize>,
    /// Never applicable: an edit outside the text, not on a character boundary, or two edits
    /// of the fix itself overlapping.
    pub rejected: Vec<usize>,
}

/// One edit as byte offsets into the text.
type RawEdit<'f> = (usize, usize, &'f str);

/// Whether two edits cannot both be made. Replacements conflict when their ranges share a
/// byte; an insertion conflicts with a replacement only strictly inside it (at either end
/// it goes before or after it), and with another insertion at the same place, since which
/// of the two comes first is unknown.
fn conflict(a: (usize, usize), b: (usize, usize)) -> bool {
    let (a_empty, b_empty) = (a.0 == a.1, b.0 == b.1);
    match (a_empty, b_empty) {
        (true, true) => a.0 == b.0,
        (true, false) => b.0 < a.0 && a.0 < b.1,
        (false, true) => a.0 < b.0 && b.0 < a.1,
        (false, false) => a.0 < b.1 && b.0 < a.1,
    }
}

/// Apply `fixes` to `src`, in the order given: a fix is taken whole or not at all, and one
/// that overlaps a fix taken before it is deferred. The fixes' spans are byte offsets into
/// `src`; their file ids are not looked at (the caller passes the fixes of this text).
/// Never panics, whatever the spans.
pub fn apply_fixes(src: &str, fixes: &[&Fix]) -> Applied {
    let mut taken: Vec<RawEdit> = Vec::new();
    let mut applied = Vec::new();
    let mut deferred = Vec::new();
    let mut rejected = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        let mut edits: Vec<RawEdit> = fix
            .edits
            .iter()
            .map(|e| {
                (
                    e.span.start as usize,
                    e.span.end as usize,
                    e.replacement.as_str(),
                )
            })
            .collect();
        edits.sort();
        edits.dedup();
        let valid = !edits.is_empty()
            && edits.iter().all(|&(s, e, _)| {
                s <= e && e <= src.len() && src.is_char_boundary(s) && src.is_char_boundary(e)
            })
            && edits
                .windows(2)
                .all(|w| !conflict((w[0].0, w[0].1), (w[1].0, w[1].1)));
        if !valid {
            rejected.push(i);
            continue;
        }
        // The same edit from two diagnostics (two misplaced groups asking for the same
        // rename of their parent) is made once.
        edits.retain(|e| !taken.contains(e));
        if edits
            .iter()
            .any(|e| taken.iter().any(|t| conflict((e.0, e.1), (t.0, t.1))))
        {
            deferred.push(i);
            continue;
        }
        taken.extend(edits);
        applied.push(i);
    }
    // By start, an insertion before a replacement that starts at the same place.
    taken.sort_by_key(|&(s, e, _)| (s, e));
    let mut text = String::with_capacity(src.len());
    let mut at = 0;
    for (s, e, replacement) in taken {
        text.push_str(&src[at..s]);
        text.push_str(replacement);
        at = e;
    }
    text.push_str(&src[at..]);
    Applied {
        text,
        applied,
        deferred,
        rejected,
    }
}

/// Rounds of apply → re-check. Hand-written files settle in two or three (one more for each
/// fix that uncovers another), but a file stops being read after 100 problems (E0113), so a
/// file with hundreds of slips takes a round per hundred. The bound, and stopping when a
/// text comes back, keep fixes that undo each other from running forever.
pub const MAX_ROUNDS: usize = 32;

/// One fix that was applied, where it was in the text of its round.
#[derive(Debug, Clone)]
pub struct Change {
    pub round: usize,
    pub line: usize,
    pub column: usize,
    pub code: Code,
    pub message: Message,
    pub applicability: Applicability,
    /// Each edit as (text replaced, replacement).
    pub edits: Vec<(String, String)>,
}

/// Why a diagnostic left after fixing was not fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It carries no fix.
    NoFix,
    /// Its fix may change what the filing says: `--unsafe` applies it.
    NeedsUnsafe,
    /// Its fix is a template to fill in.
    Placeholder,
    /// Its fix was allowed but not applied within `MAX_ROUNDS` (it kept conflicting with
    /// another, or the problem stayed after it).
    NotReached,
    /// The file is not valid UTF-8: perfc does not rewrite what it cannot read exactly.
    Unreadable,
}

/// One file after fixing.
#[derive(Debug, Clone)]
pub struct FileFix {
    pub name: String,
    /// The text as read (without its BOM).
    pub original: String,
    /// The text after fixing (equal to `original` when nothing applied).
    pub fixed: String,
    /// The file starts with a byte-order mark, to be written back.
    pub bom: bool,
    /// Not valid UTF-8: left untouched.
    pub unreadable: bool,
    pub changes: Vec<Change>,
    /// Rounds in which something was applied.
    pub rounds: usize,
    /// Nothing applicable was left; false when the round limit stopped the fixing.
    pub settled: bool,
}

impl FileFix {
    pub fn changed(&self) -> bool {
        self.original != self.fixed
    }
    /// The bytes to write back: the fixed text, with the BOM it was read with.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.fixed.len() + 3);
        if self.bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        out.extend_from_slice(self.fixed.as_bytes());
        out
    }
}

/// Every file fixed, and the check of the fixed files together (cross-file rules included).
pub struct Outcome {
    pub mode: Mode,
    pub files: Vec<FileFix>,
    pub after: Compilation,
    /// One per diagnostic of `after`, in its order.
    pub reasons: Vec<Reason>,
}

impl Outcome {
    pub fn change_count(&self) -> usize {
        self.files.iter().map(|f| f.changes.len()).sum()
    }
}

/// The fix of a diagnostic that `perfc fix` considers: only its likeliest one. Alternatives
/// exclude each other, and taking a less likely one because the likeliest needs a person
/// would choose for that person.
pub fn first_fix(d: &Diagnostic) -> Option<&Fix> {
    d.fixes.first()
}

/// One text after fixing.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    pub changes: Vec<Change>,
    /// Rounds in which something was applied.
    pub rounds: usize,
    /// Nothing the mode allows was left (false: `MAX_ROUNDS` or a text seen before stopped it).
    pub settled: bool,
}

/// Fix one text until nothing the mode allows is left, or `MAX_ROUNDS`.
pub fn fix_text(name: &str, text: &str, mode: Mode) -> Fixed {
    let mut text = text.to_string();
    let mut changes = Vec::new();
    let mut rounds = 0;
    let mut settled = false;
    let mut seen = vec![hash(&text)];
    for round in 1..=MAX_ROUNDS {
        let c = compile_with(
            vec![(name.to_string(), text.as_bytes().to_vec())],
            Keep::Names,
        );
        let chosen: Vec<(&Diagnostic, &Fix)> = c
            .diagnostics
            .iter()
            .filter_map(|d| first_fix(d).map(|f| (d, f)))
            .filter(|(_, f)| mode.allows(f.applicability) && !is_no_op(&text, f))
            .collect();
        if chosen.is_empty() {
            settled = true;
            break;
        }
        let fixes: Vec<&Fix> = chosen.iter().map(|(_, f)| *f).collect();
        let result = apply_fixes(&text, &fixes);
        if result.applied.is_empty() || result.text == text {
            // What is left cannot be applied (its spans are refused): no round would change it.
            settled = true;
            break;
        }
        let h = hash(&result.text);
        if seen.contains(&h) {
            break;
        }
        seen.push(h);
        let file = c.files.get(crate::source::FileId(0));
        for &i in &result.applied {
            let (d, f) = chosen[i];
            let (line, column) = file.line_col(d.primary().start as usize);
            changes.push(Change {
                round,
                line,
                column,
                code: d.code,
                message: d.message.clone(),
                applicability: f.applicability,
                edits: f
                    .edits
                    .iter()
                    .map(|e| {
                        let old = text.get(e.span.range()).unwrap_or("").to_string();
                        (old, e.replacement.clone())
                    })
                    .collect(),
            });
        }
        text = result.text;
        rounds = round;
    }
    Fixed {
        text,
        changes,
        rounds,
        settled,
    }
}

fn hash(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// A fix whose every edit writes back the text already there.
fn is_no_op(text: &str, fix: &Fix) -> bool {
    fix.edits
        .iter()
        .all(|e| text.get(e.span.range()) == Some(e.replacement.as_str()))
}

/// Fix files given as (display name, raw bytes), each on its own, then check them together.
pub fn fix_inputs(inputs: Vec<(String, Vec<u8>)>, mode: Mode) -> Outcome {
    use rayon::prelude::*;
    let fixed: Vec<(FileFix, Option<Vec<u8>>)> = inputs
        .into_par_iter()
        .map(|(name, bytes)| {
            let bom = bytes.starts_with("\u{feff}".as_bytes());
            let body = if bom { &bytes[3..] } else { &bytes[..] };
            match std::str::from_utf8(body) {
                Ok(text) => {
                    let f = fix_text(&name, text, mode);
                    let file = FileFix {
                        name,
                        original: text.to_string(),
                        fixed: f.text,
                        bom,
                        unreadable: false,
                        changes: f.changes,
                        rounds: f.rounds,
                        settled: f.settled,
                    };
                    (file, None)
                }
                // Nothing is applied to a file perfc cannot read exactly; its bytes are
                // kept so the check below reports it as `check` does (E0101 and where).
                Err(_) => {
                    let lossy = String::from_utf8_lossy(&bytes).into_owned();
                    let file = FileFix {
                        name,
                        original: lossy.clone(),
                        fixed: lossy,
                        bom: false,
                        unreadable: true,
                        changes: Vec::new(),
                        rounds: 0,
                        settled: true,
                    };
                    (file, Some(bytes))
                }
            }
        })
        .collect();
    let mut files = Vec::with_capacity(fixed.len());
    let mut recheck = Vec::with_capacity(fixed.len());
    for (file, raw) in fixed {
        let bytes = raw.unwrap_or_else(|| file.fixed.as_bytes().to_vec());
        recheck.push((file.name.clone(), bytes));
        files.push(file);
    }
    let after = compile_with(recheck, Keep::Names);
    let reasons = after
        .diagnostics
        .iter()
        .map(|d| {
            let unreadable = files
                .get(d.primary().file.0 as usize)
                .is_some_and(|f| f.unreadable);
            if unreadable {
                Reason::Unreadable
            } else {
                reason(d, mode)
            }
        })
        .collect();
    Outcome {
        mode,
        files,
        after,
        reasons,
    }
}

fn reason(d: &Diagnostic, mode: Mode) -> Reason {
    match first_fix(d).map(|f| f.applicability) {
        None => Reason::NoFix,
        Some(Applicability::HasPlaceholders) => Reason::Placeholder,
        Some(a) if !mode.allows(a) => Reason::NeedsUnsafe,
        Some(_) => Reason::NotReached,
    }
}

/// An edit in words: `把 `=` 改为 `>=`` / ``replace `=` with `>=```.
fn describe_edit(old: &str, new: &str, lang: Lang) -> String {
    // A whole line cut or added (a group moved) is said so, as `check` says it.
    let line = |s: &str| {
        s.strip_prefix("\r\n")
            .or_else(|| s.strip_prefix('\n'))
            .map(|l| l.trim_start().to_string())
    };
    match (line(old), line(new), lang) {
        (Some(l), None, Lang::Zh) if new.is_empty() => return format!("删除这一行 `{l}`"),
        (Some(l), None, Lang::En) if new.is_empty() => return format!("delete the line `{l}`"),
        (None, Some(l), Lang::Zh) if old.is_empty() => return format!("另起一行插入 `{l}`"),
        (None, Some(l), Lang::En) if old.is_empty() => {
            return format!("insert `{l}` on a new line")
        }
        _ => {}
    }
    // A line break inside backquotes would break the report's own lines.
    let show = |s: &str| s.replace('\n', "\\n");
    let (old, new) = (show(old), show(new));
    match (old.is_empty(), new.is_empty(), lang) {
        (true, _, Lang::Zh) => format!("插入 `{new}`"),
        (true, _, Lang::En) => format!("insert `{new}`"),
        (false, true, Lang::Zh) => format!("删除 `{old}`"),
        (false, true, Lang::En) => format!("delete `{old}`"),
        (false, false, Lang::Zh) => format!("把 `{old}` 改为 `{new}`"),
        (false, false, Lang::En) => format!("replace `{old}` with `{new}`"),
    }
}

fn describe_edits(edits: &[(String, String)], lang: Lang) -> String {
    let sep = match lang {
        Lang::Zh => "，",
        Lang::En => ", ",
    };
    edits
        .iter()
        .map(|(old, new)| describe_edit(old, new, lang))
        .collect::<Vec<_>>()
        .join(sep)
}

fn why(reason: Reason, lang: Lang) -> &'static str {
    match (reason, lang) {
        (Reason::NoFix, Lang::Zh) => "没有自动修改，请手工修改",
        (Reason::NoFix, Lang::En) => "there is no automatic fix: edit it by hand",
        (Reason::NeedsUnsafe, Lang::Zh) => {
            "这项修改会改变申报的内容：请确认后手工修改，或加 --unsafe 应用"
        }
        (Reason::NeedsUnsafe, Lang::En) => {
            "the fix changes what the filing says: review it and edit by hand, or apply it with --unsafe"
        }
        (Reason::Placeholder, Lang::Zh) => "修改示例中有待填写的内容，须手工填写",
        (Reason::Placeholder, Lang::En) => "the fix is a template with parts to fill in by hand",
        (Reason::NotReached, Lang::Zh) => {
            "修改未能应用（与其他修改重叠，或应用后问题仍在），请手工修改"
        }
        (Reason::NotReached, Lang::En) => {
            "the fix could not be applied (it overlaps another, or the problem stayed after it): edit it by hand"
        }
        (Reason::Unreadable, Lang::Zh) => "文件不是有效的 UTF-8，perfc 不改写它",
        (Reason::Unreadable, Lang::En) => "the file is not valid UTF-8: perfc does not rewrite it",
    }
}

fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match (s, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    }
}

/// What `perfc fix` prints: the changes made in each file, what was left and why, and what
/// the fixed files still have. `dry_run`: the same, worded as what would be done.
pub fn report(outcome: &Outcome, lang: Lang, dry_run: bool) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for f in outcome.files.iter().filter(|f| !f.changes.is_empty()) {
        let n = f.changes.len();
        let _ = writeln!(
            out,
            "{}",
            match (dry_run, lang) {
                (false, Lang::Zh) => format!("{}：修改了 {n} 处", f.name),
                (false, Lang::En) => format!("{}: fixed {n} problem(s)", f.name),
                (true, Lang::Zh) => format!("{}：将修改 {n} 处", f.name),
                (true, Lang::En) => format!("{}: would fix {n} problem(s)", f.name),
            }
        );
        for c in &f.changes {
            let _ = writeln!(
                out,
                "  {}:{}:{} [{}] {}\n      {}",
                f.name,
                c.line,
                c.column,
                c.code,
                c.message.render(lang),
                describe_edits(&c.edits, lang)
            );
        }
        if !f.settled {
            let _ = writeln!(
                out,
                "  {}",
                match lang {
                    Lang::Zh => format!(
                        "{} 轮后仍有可以应用的修改（一个文件读到 100 个问题即停止，问题多时每轮只改得到这些）：请再运行一次",
                        f.rounds
                    ),
                    Lang::En => format!(
                        "fixes were still applicable after {} rounds (a file is read up to its first 100 problems, so each round reaches only those): run it again",
                        f.rounds
                    ),
                }
            );
        }
    }
    let left = &outcome.after.diagnostics;
    if !left.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            match lang {
                Lang::Zh => format!("未自动修改的问题（{} 个）：", left.len()),
                Lang::En => format!("left as they are ({}):", left.len()),
            }
        );
        for (d, &reason) in left.iter().zip(&outcome.reasons) {
            let file = outcome.after.files.get(d.primary().file);
            let (line, col) = file.line_col(d.primary().start as usize);
            let _ = writeln!(
                out,
                "  {}:{line}:{col} {}[{}] {}",
                file.name,
                severity_word(d.severity, lang),
                d.code,
                d.message.render(lang)
            );
            if let Some(fix) = first_fix(d) {
                let edits: Vec<(String, String)> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let old = file.text.get(e.span.range()).unwrap_or("").to_string();
                        (old, e.replacement.clone())
                    })
                    .collect();
                let lead = match lang {
                    Lang::Zh => "建议的修改：",
                    Lang::En => "suggested fix: ",
                };
                let _ = writeln!(out, "      {lead}{}", describe_edits(&edits, lang));
            }
            let lead = match lang {
                Lang::Zh => "未修改的原因：",
                Lang::En => "not applied: ",
            };
            let _ = writeln!(out, "      {lead}{}", why(reason, lang));
        }
    }
    let changed = outcome.files.iter().filter(|f| f.changed()).count();
    let (n, e, w) = (
        outcome.change_count(),
        outcome.after.error_count(),
        outcome.after.warning_count(),
    );
    let _ = writeln!(
        out,
        "{}",
        match (dry_run, lang) {
            (false, Lang::Zh) => format!(
                "修改了 {changed} 个文件中的 {n} 处；修改后：{e} 个错误，{w} 个警告"
            ),
            (false, Lang::En) => format!(
                "fixed {n} problem(s) in {changed} file(s); after fixing: {e} error(s), {w} warning(s)"
            ),
            (true, Lang::Zh) => format!(
                "将修改 {changed} 个文件中的 {n} 处；修改后将有：{e} 个错误，{w} 个警告（--dry-run：未写入任何文件）"
            ),
            (true, Lang::En) => format!(
                "would fix {n} problem(s) in {changed} file(s), leaving {e} error(s), {w} warning(s) (--dry-run: no file written)"
            ),
        }
    );
    out
}

/// The unified diff of one file's fixes (`--dry-run`), empty when nothing changed.
pub fn diff(f: &FileFix) -> String {
    if !f.changed() {
        return String::new();
    }
    similar::TextDiff::from_lines(&f.original, &f.fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{}", f.name), &format!("b/{}", f.name))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Edit;
    use crate::source::{FileId, Span};

    fn edit(start: usize, end: usize, replacement: &str) -> Edit {
        Edit {
            span: Span::new(FileId(0), start, end),
            replacement: replacement.into(),
        }
    }

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix {
            edits,
            applicability: Applicability::MachineApplicable,
        }
    }

    #[test]
    fn edits_of_one_fix_apply_together_in_any_order() {
        let f = fix(vec![edit(6, 7, "}"), edit(0, 1, "{")]);
        let a = apply_fixes("(abcd )", &[&f]);
        assert_eq!(a.text, "{abcd }");
        assert_eq!(a.applied, vec![0]);
    }

    #[test]
    fn an_overlapping_fix_waits_for_the_next_round() {
        let first = fix(vec![edit(0, 3, "xyz")]);
        let second = fix(vec![edit(2, 4, "Q")]);
        let third = fix(vec![edit(5, 6, "!")]);
        let a = apply_fixes("abcdef", &[&first, &second, &third]);
        assert_eq!(a.text, "xyzde!");
        assert_eq!((a.applied, a.deferred), (vec![0, 2], vec![1]));
    }

    #[test]
    fn a_fix_is_taken_whole_or_not_at_all() {
        let first = fix(vec![edit(0, 1, "A")]);
        // Its second edit overlaps the first fix: neither of its edits is made.
        let second = fix(vec![edit(4, 5, "E"), edit(0, 2, "ZZ")]);
        let a = apply_fixes("abcde", &[&first, &second]);
        assert_eq!(a.text, "Abcde");
        assert_eq!(a.deferred, vec![1]);
    }

    #[test]
    fn two_insertions_at_one_place_conflict_unless_they_are_the_same() {
        let eq = fix(vec![edit(2, 2, "=")]);
        let ge = fix(vec![edit(2, 2, ">=")]);
        let a = apply_fixes("x 4", &[&eq, &ge]);
        assert_eq!(a.text, "x =4");
        assert_eq!(a.deferred, vec![1]);
        // The same edit asked for twice (two diagnostics, one remedy) is made once.
        let a = apply_fixes("x 4", &[&eq, &eq.clone()]);
        assert_eq!(a.text, "x =4");
        assert_eq!(a.applied, vec![0, 1]);
    }

    #[test]
    fn an_insertion_at_either_end_of_a_replacement_is_no_conflict() {
        let replace = fix(vec![edit(2, 5, "90")]);
        let before = fix(vec![edit(2, 2, "> ")]);
        let after = fix(vec![edit(5, 5, " %")]);
        let inside = fix(vec![edit(3, 3, "?")]);
        let a = apply_fixes("x ninety", &[&replace, &before, &after, &inside]);
        assert_eq!(a.text, "x > 90 %ety");
        assert_eq!((a.applied, a.deferred), (vec![0, 1, 2], vec![3]));
    }

    #[test]
    fn multi_byte_text_is_replaced_on_character_boundaries() {
        // `“培训”` is 3 + 6 + 3 bytes.
        let src = "名称 “培训” = 4 期";
        let start = src.find('“').unwrap();
        let end = src.find('”').unwrap() + '”'.len_utf8();
        let f = fix(vec![edit(start, end, "\"培训\"")]);
        let a = apply_fixes(src, &[&f]);
        assert_eq!(a.text, "名称 \"培训\" = 4 期");
        // A span that cuts a character in two, or runs past the end, is refused, not a panic.
        let cut = fix(vec![edit(start + 1, end, "x")]);
        let past = fix(vec![edit(0, src.len() + 1, "x")]);
        let a = apply_fixes(src, &[&cut, &past]);
        assert_eq!(a.text, src);
        assert_eq!(a.rejected, vec![0, 1]);
    }

    #[test]
    fn a_fix_whose_own_edits_overlap_is_refused() {
        let f = fix(vec![edit(0, 3, "x"), edit(1, 2, "y")]);
        let a = apply_fixes("abcd", &[&f]);
        assert_eq!((a.text.as_str(), a.rejected), ("abcd", vec![0]));
    }

    #[test]
    fn unsafe_adds_maybe_incorrect_and_never_placeholders() {
        use Applicability::*;
        assert!(Mode::Safe.allows(MachineApplicable));
        assert!(!Mode::Safe.allows(MaybeIncorrect));
        assert!(Mode::Unsafe.allows(MaybeIncorrect));
        assert!(!Mode::Safe.allows(HasPlaceholders));
        assert!(!Mode::Unsafe.allows(HasPlaceholders));
    }

    const FILING: &str = "年度 2024\n主管部门 \"上海市住房和城乡建设管理委员会\"\n实施单位 \"上海市城市管理行政执法局\"\n项目 \"培训\" {\n  项目性质 \"其他一次性项目\"\n  项目类别 \"特定目标类\"\n  实施周期 2024-01-01 .. 2024-12-31\n  项目资金 { 年度资金申请总额 { 当年财政拨款 1,000.00 元; 上年结转资金 0 元; 其他资金 0 元 } }\n  年度总体目标 \"培训\"\n  产出指标 { 数量指标 { BODY } }\n  效益指标 { 社会效益指标 { \"水平\" \"执法文书差错率较上年下降\" } }\n  满意度指标 { 服务对象满意度指标 { \"满意度\" >= 90 % } }\n}\n";

    #[test]
    fn fixes_that_uncover_another_are_taken_in_the_next_round() {
        // `２０２４．１１．３０` → `2024.11.30` (full width) → `2024-11-30` (date format).
        let src = FILING.replace(
            "数量指标 { BODY }",
            "时效指标 { \"完成\" 截至 ２０２４．１１．３０ }",
        );
        let Fixed {
            text,
            changes,
            rounds,
            settled,
        } = fix_text("t.perf", &src, Mode::Safe);
        assert!(text.contains("截至 2024-11-30 }"), "{text}");
        assert_eq!((rounds, settled), (2, true));
        let codes: Vec<Code> = changes.iter().map(|c| c.code).collect();
        assert_eq!(codes, [Code::UnknownCharacter, Code::DateFormat]);
        assert_eq!(crate::compile_str("t.perf", &text).diagnostics, []);
    }

    /// `FILING` with 质量指标 written under 效益指标 beside 社会效益指标; `output` is the
    /// 产出指标 block, `attr` what stands on the line above the misplaced group.
    fn misplaced(output: &str, attr: &str) -> String {
        FILING
            .replace("  产出指标 { 数量指标 { BODY } }\n", output)
            .replace(
                "  效益指标 { 社会效益指标 { \"水平\" \"执法文书差错率较上年下降\" } }\n",
                &format!("  效益指标 {{\n{attr}    质量指标 {{ \"合格率\" >= 90 % }}\n    社会效益指标 {{ \"水平\" \"执法文书差错率较上年下降\" }}\n  }}\n"),
            )
    }

    #[test]
    fn a_misplaced_group_moves_under_its_level1_group_when_the_layout_allows() {
        let output = "  产出指标 {\n    数量指标 { \"班次\" = 4 期 }\n  }\n";
        let Fixed { text, changes, .. } = fix_text("t.perf", &misplaced(output, ""), Mode::Safe);
        assert_eq!(changes.len(), 1);
        assert!(
            text.contains("    数量指标 { \"班次\" = 4 期 }\n    质量指标 { \"合格率\" >= 90 % }\n  }\n  效益指标 {\n    社会效益指标"),
            "{text}"
        );
        assert_eq!(crate::compile_str("t.perf", &text).diagnostics, []);
        // An attribute above the group belongs to it: moving the group without it would
        // silence something else, so there is no fix.
        let attr = "    @allow(hidden-number)\n";
        let Fixed { text, changes, .. } = fix_text("t.perf", &misplaced(output, attr), Mode::Safe);
        assert!(changes.is_empty(), "{text}");
        // Nor when the 一级 group closes on the line it opens: there is no line to put it on.
        let one_line = "  产出指标 { 数量指标 { \"班次\" = 4 期 } }\n";
        let changes = fix_text("t.perf", &misplaced(one_line, ""), Mode::Safe).changes;
        assert!(changes.is_empty());
    }

    #[test]
    fn a_moved_group_keeps_the_files_crlf_line_ends() {
        let output = "  产出指标 {\n    数量指标 { \"班次\" = 4 期 }\n  }\n";
        let src = misplaced(output, "").replace('\n', "\r\n");
        let Fixed { text, changes, .. } = fix_text("t.perf", &src, Mode::Safe);
        assert_eq!(changes.len(), 1);
        assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
        assert_eq!(text.lines().count(), src.lines().count());
        assert!(text.contains("= 4 期 }\r\n    质量指标 {"), "{text:?}");
    }

    #[test]
    fn safe_mode_leaves_what_changes_the_filing_and_says_why() {
        let src = FILING.replace("BODY", "\"班次\" 4 期");
        let out = fix_inputs(
            vec![("t.perf".into(), src.clone().into_bytes())],
            Mode::Safe,
        );
        assert!(!out.files[0].changed());
        assert_eq!(out.reasons, [Reason::NeedsUnsafe]);
        let out = fix_inputs(vec![("t.perf".into(), src.into_bytes())], Mode::Unsafe);
        assert!(out.files[0].fixed.contains("\"班次\" =4 期"));
        assert_eq!(out.after.diagnostics, []);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Whatever the spans, applying never panics, and each fix is applied, deferred or
        /// rejected, exactly one of the three.
        #[test]
        fn any_edits_on_any_text_are_sorted_not_panicked_on(
            src in "[a-z“”：１．培训 \n]{0,24}",
            edits in proptest::collection::vec((0usize..40, 0usize..40, "[=x“ ]{0,3}"), 0..6),
        ) {
            let fixes: Vec<Fix> = edits
                .iter()
                .map(|(a, b, r)| fix(vec![edit(*a.min(b), *a.max(b), r)]))
                .collect();
            let refs: Vec<&Fix> = fixes.iter().collect();
            let a = apply_fixes(&src, &refs);
            let mut all: Vec<usize> = [a.applied, a.deferred, a.rejected].concat();
            all.sort();
            proptest::prop_assert_eq!(all, (0..fixes.len()).collect::<Vec<_>>());
        }

        /// Fixing that settles leaves nothing applicable: fixing the result again, in the
        /// same mode, changes nothing.
        #[test]
        fn fixing_settles(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "“培训”", "：", "１２", "．", "数量指数", "\"大于90%\"", "{", "}", "\n", "=",
                " 4 ", "期", "质量指标", "产出指标", "效益指标", "\"名称\"", "2024年3月1日",
            ]), 0..24),
        ) {
            let body = pieces.concat();
            let src = FILING.replace("数量指标 { BODY }", &body);
            let once = fix_text("t.perf", &src, Mode::Unsafe);
            if once.settled {
                let twice = fix_text("t.perf", &once.text, Mode::Unsafe);
                proptest::prop_assert!(twice.changes.is_empty(), "{:?}", twice.changes);
                proptest::prop_assert_eq!(twice.text, once.text);
            }
        }
    }

    #[test]
    fn a_byte_order_mark_is_kept_and_unreadable_files_are_left_alone() {
        let mut bytes = "\u{feff}".as_bytes().to_vec();
        bytes.extend(FILING.replace("BODY", "“班次” = 4 期").as_bytes());
        let out = fix_inputs(vec![("t.perf".into(), bytes)], Mode::Safe);
        assert!(out.files[0].bytes().starts_with("\u{feff}".as_bytes()));
        assert!(out.files[0].fixed.contains("\"班次\" = 4 期"));
        let mut bad = FILING.replace("BODY", "“班次” = 4 期").into_bytes();
        bad.extend([0xff, 0xfe]);
        let out = fix_inputs(vec![("t.perf".into(), bad)], Mode::Safe);
        assert!(out.files[0].unreadable && !out.files[0].changed());
        assert!(out.reasons.iter().all(|r| *r == Reason::Unreadable));
    }
}
