//! The documentation stays true: every ```perf block in README.md and docs/*.md compiles
//! without errors (blocks marked ```perf,ignore are deliberately wrong; those of
//! docs/language.md also without warnings), docs/codes.md lists exactly the codes of the code
//! table, and the unit table of docs/language.md matches the prelude unit for unit.

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

/// The texts between backquotes, in order.
fn backquoted(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

#[test]
fn perf_examples_in_the_docs_compile() {
    let mut checked = 0;
    for path in docs() {
        let md = std::fs::read_to_string(&path).unwrap();
        // language.md promises more: its examples can be copied as they are, so they have
        // no warning either. Other pages show warnings on purpose (lints.md).
        let clean = path.ends_with("docs/language.md");
        for (line, block) in perf_blocks(&md) {
            let c = perfc::compile_str("doc.perf", &block);
            let problems: Vec<String> = c
                .diagnostics
                .iter()
                .filter(|d| d.is_error() || clean)
                .map(|d| format!("{} {}", d.code, d.message.en))
                .collect();
            assert!(
                problems.is_empty(),
                "{}:{line}: {problems:?}\n{block}",
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

// ---------------------------------------------------------------------------------------
// The unit table of docs/language.md §6.1 and the prelude, src/units/prelude.perf.

/// The rows of the built-in unit table of docs/language.md: (dimension, units). The table is
/// the one whose header starts `| 量纲 | dimension |`; the second cell holds the dimension
/// in backquotes, the third the units, each backquoted span holding one unit or several
/// separated by spaces. Conversions (`= 10,000 元`) are plain text and are not read.
fn unit_table(md: &str) -> Vec<(String, Vec<String>)> {
    let mut rows = Vec::new();
    let mut lines = md
        .lines()
        .skip_while(|l| !l.starts_with("| 量纲 | dimension |"));
    lines.next(); // the header
    for line in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').collect();
        assert!(cells.len() >= 5, "a unit table row has three cells: {line}");
        let dimension = backquoted(cells[2]).concat();
        let units = backquoted(cells[3])
            .iter()
            .flat_map(|s| s.split_whitespace())
            .map(str::to_string)
            .collect();
        rows.push((dimension, units));
    }
    rows
}

fn language_md() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/language.md")).unwrap()
}

/// A complete filing whose one quantitative target uses `unit`. Money goes to 成本指标, where
/// a money target belongs (elsewhere W0205 would fire), the rest to 数量指标, so a clean
/// filing means the unit itself is accepted, with no warning either.
fn filing_with_unit(unit: &str, dimension: &str) -> String {
    let (group, cmp) = if dimension == "money" {
        ("cost", "<=")
    } else {
        ("quantity", ">=")
    };
    format!(
        r#"year 2024
department "上海市住房和城乡建设管理委员会"
implementer "上海市城市管理行政执法局"
project "计量单位 {unit}" {{
  nature "其他一次性项目"
  category "特定目标类"
  period 2024-01-01 .. 2024-12-31
  funding {{ annual 100,000,000.00 元 {{ appropriation 100,000,000.00 元 }} }}
  goal "检查计量单位。"
  output {{ {group} {{ "测试指标" {cmp} 1 {unit} }} }}
  benefit {{ social {{ "社会效益" "形成长效机制" }} }}
  satisfaction {{ beneficiary {{ "服务对象满意度" >= 90 % }} }}
}}
"#
    )
}

#[test]
fn every_unit_in_the_language_reference_compiles_with_its_dimension() {
    let table = unit_table(&language_md());
    let units: usize = table.iter().map(|(_, u)| u.len()).sum();
    // A table the parser failed to find would pass vacuously.
    assert!(
        units >= 100,
        "found only {units} units in docs/language.md §6.1"
    );
    let mut wrong = Vec::new();
    for (dimension, units) in &table {
        for unit in units {
            let c = perfc::compile_str("unit.perf", &filing_with_unit(unit, dimension));
            let problems: Vec<String> = c
                .diagnostics
                .iter()
                .map(|d| format!("{} {}", d.code, d.message.en))
                .collect();
            if !problems.is_empty() {
                wrong.push(format!("`{unit}`: {problems:?}"));
                continue;
            }
            let got = c.program.projects[0]
                .indicators
                .iter()
                .find_map(|i| match &i.value {
                    perfc::model::Value::Quantitative { dimension, .. } => dimension.clone(),
                    _ => None,
                });
            if got.as_deref() != Some(dimension.as_str()) {
                wrong.push(format!(
                    "`{unit}`: the table says {dimension}, perfc says {got:?}"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "units of docs/language.md §6.1 that do not compile as documented:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_prelude_unit_is_in_the_language_reference() {
    let prelude = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("src/units/prelude.perf"),
    )
    .unwrap();
    let declared: Vec<&str> = prelude
        .lines()
        .filter_map(|l| l.strip_prefix("unit "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(
        declared.len() >= 100,
        "read only {declared:?} from the prelude"
    );
    let documented: Vec<String> = unit_table(&language_md())
        .into_iter()
        .flat_map(|(_, u)| u)
        .collect();
    let missing: Vec<&&str> = declared
        .iter()
        .filter(|u| !documented.iter().any(|d| d == *u))
        .collect();
    assert!(
        missing.is_empty(),
        "built-in units missing from the table in docs/language.md §6.1: {missing:?}"
    );
}
