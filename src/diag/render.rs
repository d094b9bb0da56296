//! The one place diagnostics become human text: ariadne reports in Chinese or English,
//! with colour for terminals and without for tests and pipes.

use std::io::Write;

use ariadne::{Color, Config, IndexType, Label as ALabel, Report, ReportKind};

use super::{Applicability, Diagnostic, Fix, Lang, Severity};
use crate::source::{FileId, Files};

pub struct RenderOptions {
    pub lang: Lang,
    pub color: bool,
}

/// Render every diagnostic to `out`.
pub fn render_all<'d>(
    files: &Files,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // ariadne colours a report's kind (`错误`, `警告`) whatever its config says; colour is
    // switched off where it is drawn, in yansi.
    if opts.color {
        yansi::enable();
    } else {
        yansi::disable();
    }
    // A file's snippet source (its line index, a printable copy) is built the first time a
    // diagnostic in it is drawn: a clean 12 MB filing costs nothing here, where building
    // them all up front doubled `perfc check`'s peak memory.
    let by_name: rustc_hash::FxHashMap<&str, FileId> = files
        .ids()
        .map(|id| (files.get(id).name.as_str(), id))
        .collect();
    let mut cache = ariadne::FnCache::new(|name: &String| {
        by_name
            .get(name.as_str())
            .map(|&id| printable(&files.get(id).text))
            .ok_or_else(|| format!("no source named {name}"))
    });
    for d in diags {
        render_one(files, d, opts, &mut cache, out)?;
    }
    Ok(())
}

/// Render to a string (tests, snapshots).
pub fn render_to_string<'d>(
    files: &Files,
    diags: impl IntoIterator<Item = &'d Diagnostic>,
    opts: &RenderOptions,
) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = render_all(files, diags, opts, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn render_one(
    files: &Files,
    d: &Diagnostic,
    opts: &RenderOptions,
    cache: &mut impl ariadne::Cache<String>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let lang = opts.lang;
    if d.labels
        .iter()
        .any(|l| line_len(files, l.span) > MAX_SNIPPET_LINE)
    {
        return render_compact(files, d, lang, out);
    }
    let (kind, color) = match (d.severity, lang) {
        (Severity::Error, Lang::Zh) => (ReportKind::Custom("错误", Color::Red), Color::Red),
        (Severity::Error, Lang::En) => (ReportKind::Error, Color::Red),
        (Severity::Warning, Lang::Zh) => (ReportKind::Custom("警告", Color::Yellow), Color::Yellow),
        (Severity::Warning, Lang::En) => (ReportKind::Warning, Color::Yellow),
    };
    let primary = d.primary();
    let name = |span: crate::source::Span| files.get(span.file).name.clone();
    let config = Config::default()
        .with_color(opts.color)
        .with_index_type(IndexType::Char);
    let mut report = Report::build(kind, (name(primary), clamp(files, primary)))
        .with_config(config)
        .with_code(d.code.as_str())
        .with_message(d.message.render(lang));
    for (i, label) in d.labels.iter().enumerate() {
        let mut l = ALabel::new((name(label.span), clamp(files, label.span)));
        if let Some(m) = &label.message {
            l = l.with_message(m.render(lang));
        }
        if opts.color {
            l = l.with_color(if i == 0 { color } else { Color::Blue });
        }
        report = report.with_label(l.with_order(label_order(d, i)));
    }
    let mut buf = Vec::new();
    report.finish().write(&mut *cache, &mut buf)?;
    out.write_all(&buf)?;
    // Help, fixes and the pointer to `explain` follow the snippet, in our words: ariadne
    // names its help and note lines in English only.
    let paint = |word: &str| -> String {
        if opts.color {
            yansi::Paint::new(word).fg(Color::Cyan).to_string()
        } else {
            word.to_string()
        }
    };
    if let Some(h) = &d.help {
        let word = paint(match lang {
            Lang::Zh => "帮助",
            Lang::En => "help",
        });
        let sep = if lang == Lang::Zh { "：" } else { ": " };
        writeln!(out, "  {word}{sep}{}", h.render(lang))?;
    }
    for f in &d.fixes {
        writeln!(out, "  {}", fix_note(files, f, lang))?;
    }
    writeln!(
        out,
        "  {}",
        match lang {
            Lang::Zh => format!("详见 `perfc explain {}`", d.code),
            Lang::En => format!("see `perfc explain {}`", d.code),
        }
    )
}

/// The order ariadne draws a label in. ariadne starts a new snippet whenever a label comes
/// before the previous one in the file, and heads every snippet of the report's own file
/// with the primary label's location: a label above the primary (the 一级 group a 二级
/// group was misplaced in) got a second snippet headed with the wrong line. Ordering the
/// labels of one file by position puts them in one snippet, each on its own numbered line;
/// labels in other files keep their own snippets, headed by their own location.
fn label_order(d: &Diagnostic, i: usize) -> i32 {
    let primary = d.primary();
    let span = d.labels[i].span;
    if span.file == primary.file {
        // Before every label of another file; by position within the file.
        i32::try_from(span.start / 2).unwrap_or(i32::MAX / 2) - i32::MAX / 2
    } else {
        i as i32
    }
}

/// One line per diagnostic, as compilers print in their short mode:
/// `file:line:col: 错误[E0301]: message` (columns count characters).
pub fn render_short(files: &Files, d: &Diagnostic, lang: Lang) -> String {
    let span = d.primary();
    let f = files.get(span.file);
    let (line, col) = f.line_col(span.start as usize);
    let kind = match (d.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    };
    format!(
        "{}:{line}:{col}: {kind}[{}]: {}",
        f.name,
        d.code,
        d.message.render(lang)
    )
}

/// The warnings counted by lint name, most frequent first, for the end of a run:
/// `警告按检查分类：vague-target 28 · qualitative-measure 12 …`. `None` without warnings.
pub fn warning_summary(diags: &[Diagnostic], lang: Lang) -> Option<String> {
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for d in diags.iter().filter(|d| !d.is_error()) {
        let lint = d.code.info().lint;
        match counts.iter_mut().find(|(l, _)| *l == lint) {
            Some((_, n)) => *n += 1,
            None => counts.push((lint, 1)),
        }
    }
    if counts.is_empty() {
        return None;
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = counts.iter().map(|(l, n)| format!("{l} {n}")).collect();
    Some(match lang {
        Lang::Zh => format!(
            "警告按检查分类：{}（perfc explain 检查名 查看说明；@allow(检查名) 可在项目、组或指标前忽略）",
            list.join(" · ")
        ),
        Lang::En => format!(
            "warnings by lint: {} (perfc explain NAME explains one; @allow(NAME) before a project, group or indicator silences it)",
            list.join(" · ")
        ),
    })
}

/// A fix as one line: what to change, and how sure it is (the CLI's note, an editor's
/// code action title).
pub fn fix_note(files: &Files, fix: &Fix, lang: Lang) -> String {
    let edits: Vec<String> = fix
        .edits
        .iter()
        .map(|e| {
            let old = files
                .get(e.span.file)
                .text
                .get(e.span.range())
                .unwrap_or("");
            // An insertion that starts a new line (a `}` on its own line) is described so,
            // rather than printed with a raw line break inside the backquotes.
            if let Some(line) = e.replacement.strip_prefix('\n') {
                let line = line.trim_start();
                return match lang {
                    Lang::Zh => format!("另起一行插入 `{line}`"),
                    Lang::En => format!("insert `{line}` on a new line"),
                };
            }
            // Likewise a deletion from the end of the line above (a group moved elsewhere).
            if let (Some(line), true) = (old.strip_prefix('\n'), e.replacement.is_empty()) {
                let line = line.trim_start();
                return match lang {
                    Lang::Zh => format!("删除这一行 `{line}`"),
                    Lang::En => format!("delete the line `{line}`"),
                };
            }
            match (old.is_empty(), e.replacement.is_empty(), lang) {
                (true, _, Lang::Zh) => format!("插入 `{}`", e.replacement),
                (true, _, Lang::En) => format!("insert `{}`", e.replacement),
                (false, true, Lang::Zh) => format!("删除 `{old}`"),
                (false, true, Lang::En) => format!("delete `{old}`"),
                (false, false, Lang::Zh) => format!("把 `{old}` 改为 `{}`", e.replacement),
                (false, false, Lang::En) => format!("replace `{old}` with `{}`", e.replacement),
            }
        })
        .collect();
    let (lead, sep) = match (fix.applicability, lang) {
        (Applicability::MachineApplicable, Lang::Zh) => ("修改建议：", "，"),
        (Applicability::MachineApplicable, Lang::En) => ("suggested fix: ", ", "),
        (Applicability::MaybeIncorrect, Lang::Zh) => ("可能的修改（请确认）：", "，"),
        (Applicability::MaybeIncorrect, Lang::En) => ("possible fix (check it): ", ", "),
        (Applicability::HasPlaceholders, Lang::Zh) => ("修改示例（请填写实际内容）：", "，"),
        (Applicability::HasPlaceholders, Lang::En) => {
            ("fix template (fill in the real values): ", ", ")
        }
    };
    format!("{lead}{}", edits.join(sep))
}

/// Lines longer than this are not drawn: a snippet of a megabyte-long line helps nobody and
/// costs the renderer time proportional to the line for every label.
const MAX_SNIPPET_LINE: usize = 4096;

fn line_len(files: &Files, span: crate::source::Span) -> usize {
    let f = files.get(span.file);
    let start = (span.start as usize).min(f.text.len());
    let line_start = f.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = f.text[start..]
        .find('\n')
        .map_or(f.text.len(), |i| start + i);
    line_end - line_start
}

/// One-line form for diagnostics on very long lines: position, message, help.
fn render_compact(
    files: &Files,
    d: &Diagnostic,
    lang: Lang,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let span = d.primary();
    let f = files.get(span.file);
    let (line, col) = f.line_col(span.start as usize);
    let kind = match (d.severity, lang) {
        (Severity::Error, Lang::Zh) => "错误",
        (Severity::Error, Lang::En) => "Error",
        (Severity::Warning, Lang::Zh) => "警告",
        (Severity::Warning, Lang::En) => "Warning",
    };
    writeln!(out, "[{}] {}: {}", d.code, kind, d.message.render(lang))?;
    writeln!(out, "   ─[ {}:{}:{} ]", f.name, line, col)?;
    if let Some(h) = &d.help {
        match lang {
            Lang::Zh => writeln!(out, "  帮助：{}", h.render(lang))?,
            Lang::En => writeln!(out, "  help: {}", h.render(lang))?,
        }
    }
    Ok(())
}

/// The source as shown in reports: ASCII control characters (a NUL, a stray escape that
/// could drive the terminal) become `?`, one character for one, so spans still line up.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unprintable = |c: char| c.is_ascii_control() && !matches!(c, '\n' | '\t' | '\r');
    if !text.contains(unprintable) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if unprintable(c) { '?' } else { c })
        .collect::<String>()
        .into()
}

/// A span as the character range ariadne draws, kept inside the file. Character offsets,
/// not bytes: ariadne 0.6 mis-slices Chinese text with byte offsets in reports whose labels
/// span several files.
fn clamp(files: &Files, span: crate::source::Span) -> std::ops::Range<usize> {
    let f = files.get(span.file);
    let start = f.char_offset(span.start as usize);
    let end = f.char_offset(span.end as usize).max(start);
    start..end
}
