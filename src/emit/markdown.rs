//! `--emit markdown`: the same forms as `table`, as Markdown tables (GitHub style), for
//! review in merge requests and wikis. Pipes in user text are escaped and line breaks become
//! `<br>`, so a goal cannot break a table. Every heading of a form starts with its project's
//! name: the forms' own titles are the same for every project, and a reader who jumps from a
//! table of contents must still see whose form it is.

use super::report::pick;
use super::table::{project_tables, summary_table, Simple};
use super::Options;
use crate::diag::Lang;
use crate::model::Program;
use crate::Compilation;

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// A heading for a part of a project's form: `长三角一体化城市管理综合工作：绩效指标`.
fn of_project(project: &str, title: &str, lang: Lang) -> String {
    format!("{project}{}{title}", pick("：", ": ", lang))
}

/// One table under its headings: the caption (the form's or the summary's title) as `###`,
/// the part of the form as `####`, each naming the project when the table belongs to one.
pub(super) fn draw(t: &Simple, project: Option<&str>, lang: Lang, out: &mut String) {
    let titled = |title: &str| match project {
        Some(name) => of_project(name, title, lang),
        None => title.to_string(),
    };
    if !t.caption.is_empty() {
        out.push_str(&format!("### {}\n\n", escape(&titled(&t.caption))));
    }
    if !t.section.is_empty() {
        out.push_str(&format!("#### {}\n\n", escape(&titled(&t.section))));
    }
    let columns = t
        .header
        .len()
        .max(t.rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns == 0 {
        return;
    }
    let header: Vec<String> = if t.header.is_empty() {
        vec![String::new(); columns]
    } else {
        t.header.clone()
    };
    out.push_str(&format!(
        "| {} |\n",
        header
            .iter()
            .map(|h| escape(h))
            .collect::<Vec<_>>()
            .join(" | ")
    ));
    let rule: Vec<&str> = (0..columns)
        .map(|k| {
            if t.numeric.contains(&k) {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in &t.rows {
        let cells: Vec<String> = (0..columns)
            .map(|k| escape(row.get(k).map(String::as_str).unwrap_or("")))
            .collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push('\n');
}

pub fn emit(c: &Compilation, opts: &Options) -> String {
    render(&c.program(), opts)
}

/// The Markdown of a program: each form, then the 汇总表.
pub fn render(program: &Program, opts: &Options) -> String {
    let mut out = String::new();
    for p in &program.projects {
        for t in project_tables(p, program.year, opts.lang) {
            draw(&t, Some(&p.name), opts.lang, &mut out);
        }
    }
    draw(
        &summary_table(program, opts.lang, true),
        None,
        opts.lang,
        &mut out,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_a_table() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
    }

    /// Every heading of a project's form names the project, in both languages, so that no
    /// two projects' headings are alike; only the 汇总表's heading, of no one project, does not.
    #[test]
    fn every_heading_of_a_form_names_its_project() {
        let c = crate::compile_str("t.perf", include_str!("../../examples/quickstart.perf"));
        let program = c.program();
        let mut second = program.projects[0].clone();
        second.name = "城管执法普法宣传".into();
        let two = Program {
            year: program.year,
            projects: vec![program.projects[0], &second],
        };
        for lang in [Lang::Zh, Lang::En] {
            let md = render(
                &two,
                &Options {
                    lang,
                    ..Options::default()
                },
            );
            let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
            // Per project: the form's title and its three parts; then the summary.
            assert_eq!(headings.len(), 2 * 4 + 1, "{headings:#?}");
            let (forms, summary) = headings.split_at(8);
            for (k, h) in forms.iter().enumerate() {
                let name = &two.projects[k / 4].name;
                assert!(
                    h.starts_with(&format!(
                        "{} {name}",
                        if k % 4 == 0 { "###" } else { "####" }
                    )),
                    "{h}"
                );
            }
            let mut unique = forms.to_vec();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), forms.len(), "{forms:#?}");
            assert!(summary[0].starts_with("### "), "{}", summary[0]);
        }
    }
}
