//! `--emit markdown`: the same forms as `table`, as Markdown tables (GitHub style), for
//! review in merge requests and wikis. Pipes in user text are escaped and line breaks become
//! `<br>`, so a goal cannot break a table.

use super::table::{project_tables, summary_table, Simple};
use super::Options;
use crate::Compilation;

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

fn draw(t: &Simple, out: &mut String) {
    if !t.caption.is_empty() {
        out.push_str(&format!("### {}\n\n", escape(&t.caption)));
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
    let mut out = String::new();
    for p in &c.program.projects {
        for t in project_tables(p, c.program.year, opts.lang) {
            draw(&t, &mut out);
        }
    }
    draw(&summary_table(c, opts.lang, true), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_break_a_table() {
        assert_eq!(escape("a|b\nc"), "a\\|b<br>c");
    }
}
