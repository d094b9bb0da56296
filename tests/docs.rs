//! The documentation stays true: every ```perf block in README.md and docs/*.md compiles
//! without errors (blocks marked ```perf,ignore are deliberately wrong), and docs/codes.md
//! lists exactly the codes of the code table.

use std::path::{Path, PathBuf};

fn perf_blocks(md: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in md.lines().enumerate() {
        let t = line.trim();
        match &mut current {
            None if t == "```perf" => current = Some((i + 1, String::new())),
            Some((start, body)) if t == "```" => {
                out.push((*start, std::mem::take(body)));
                current = None;
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

fn docs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for e in std::fs::read_dir(root.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "md") {
            files.push(p);
        }
    }
    files.sort();
    files
}

#[test]
fn perf_examples_in_the_docs_compile() {
    let mut checked = 0;
    for path in docs() {
        let md = std::fs::read_to_string(&path).unwrap();
        for (line, block) in perf_blocks(&md) {
            let c = perfc::compile_str("doc.perf", &block);
            let errors: Vec<String> = c
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| format!("{} {}", d.code, d.message.en()))
                .collect();
            assert!(
                errors.is_empty(),
                "{}:{line}: {errors:?}\n{block}",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 1);
}

#[test]
fn codes_md_lists_every_code() {
    let md = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/codes.md"))
        .unwrap();
    let listed: Vec<&str> = md
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|c| c.len() == 5 && (c.starts_with('E') || c.starts_with('W')))
        .collect();
    let table: Vec<&str> = perfc::diag::codes::ALL.iter().map(|c| c.as_str()).collect();
    let mut a = listed.clone();
    let mut b = table.clone();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    for c in perfc::diag::codes::ALL {
        let lint = c.info().lint;
        assert!(
            md.contains(&format!("| {} | {lint} |", c.as_str())),
            "{} {lint}",
            c.as_str()
        );
    }
}
