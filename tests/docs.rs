//! The documentation stays true: every ```perf block in README.md and docs/*.md compiles
//! without errors (blocks marked ```perf,ignore are deliberately wrong; those of
//! docs/language.md also without warnings), docs/codes.md lists exactly the codes of the code
//! table, the unit table of docs/language.md matches the prelude unit for unit, docs/json.md
//! shows the fields perfc emits, and every relative link or repository path in the docs
//! exists.

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
                .map(|d| format!("{} {}", d.code, d.message.en()))
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
                .map(|d| format!("{} {}", d.code, d.message.en()))
                .collect();
            if !problems.is_empty() {
                wrong.push(format!("`{unit}`: {problems:?}"));
                continue;
            }
            let got = c.program().projects[0]
                .indicators
                .iter()
                .find_map(|i| i.dimension())
                .map(|d| d.to_string());
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

// ---------------------------------------------------------------------------------------
// docs/json.md: its examples and field tables against what perfc emits.

/// The ```json blocks of a page, parsed.
fn json_blocks(md: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in md.lines() {
        match &mut current {
            None if line.trim() == "```json" => current = Some(String::new()),
            Some(body) if line.trim() == "```" => {
                let v = serde_json::from_str(body)
                    .unwrap_or_else(|e| panic!("a ```json block in docs/json.md: {e}\n{body}"));
                out.push(v);
                current = None;
            }
            Some(body) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

/// Every key path of a JSON value (`projects[].funding.derived`). The keys of `fields` are
/// the filing's own column names, not part of the shape.
fn key_paths(v: &serde_json::Value, path: &str, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{path}.{k}");
                out.insert(p.clone());
                if k != "fields" {
                    key_paths(x, &p, out);
                }
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                key_paths(x, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

fn paths_of(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    let mut out = Default::default();
    key_paths(v, "", &mut out);
    out
}

fn json_md() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md")).unwrap()
}

fn quickstart() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart.perf"))
        .unwrap()
}

/// `examples/quickstart.perf` as `perfc build examples/quickstart.perf --emit json` prints it.
fn quickstart_json() -> serde_json::Value {
    let c = perfc::compile_str("examples/quickstart.perf", &quickstart());
    serde_json::from_str(&perfc::emit::json::emit(&c.files, &c.program())).unwrap()
}

/// The slip json.md shows: line 24's `>= 90 %` written `90 %`, as diagnostic JSON lines.
fn slip_diagnostics() -> Vec<serde_json::Value> {
    let src = quickstart();
    let slipped = src.replacen("\"培训考核合格率\" >= 90 %", "\"培训考核合格率\" 90 %", 1);
    assert_ne!(
        src, slipped,
        "examples/quickstart.perf no longer has the line json.md quotes"
    );
    let c = perfc::compile_str("examples/quickstart.perf", &slipped);
    c.diagnostics
        .iter()
        .map(|d| {
            let line = perfc::diag::json::to_json_line(&c.files, d, perfc::diag::Lang::Zh);
            serde_json::from_str(&line).unwrap()
        })
        .collect()
}

/// A filing that writes every optional part of the shape: other fields, custom amounts, an
/// execution amount, group and indicator weights, actual values, note and basis.
const EVERY_FIELD: &str = r#"year 2024
department "上海市住房和城乡建设管理委员会"
implementer "上海市城市管理行政执法局"
project "执法装备更新" {
  nature "阶段性项目"; category "特定目标类"; period 2024-01 .. 2025-12
  field "资金性质" "一般公共预算"
  funding 万元 {
    total { fiscal 300 { "中央补助安排" 100 }; other 20 }
    annual 120 { appropriation 100; carryover 20; other 0 }
    adjusted 115 { appropriation 95; carryover 20; other 0 }
    execution 110 { appropriation 90; carryover 20; other 0 }
  }
  overall-goal "两年内完成执法装备更新。"
  goal "2024 年更新执法车辆 20 辆。"
  achieved "更新执法车辆 18 辆。"
  output weight 50 {
    quantity weight 30 { "更新执法车辆数" = 20 辆 weight 30 actual 18 辆 deviation "两辆延期交付" note "新能源车" basis "采购计划" }
    timeliness { "车辆交付时间" by 2024-Q3 "三季度交付" actual 2024-09-20 }
  }
  benefit { social { "装备保障" "一线执法车辆充足" actual 部分达成 score 15 } }
  satisfaction { beneficiary { "一线队员满意度" >= 90 % actual 92 % } }
}
"#;

#[test]
fn json_md_example_has_the_shape_perfc_emits() {
    let blocks = json_blocks(&json_md());
    let documented = blocks
        .iter()
        .find(|b| b.get("format").is_some())
        .expect("docs/json.md shows the output of perfc build examples/quickstart.perf");
    let emitted = quickstart_json();
    assert_eq!(documented["format"], emitted["format"]);
    let (d, e) = (paths_of(documented), paths_of(&emitted));
    assert!(
        d == e,
        "docs/json.md §1.1 is stale; regenerate it with `perfc build examples/quickstart.perf --emit json`.\nonly in the doc: {:?}\nonly in perfc's output: {:?}",
        d.difference(&e).collect::<Vec<_>>(),
        e.difference(&d).collect::<Vec<_>>()
    );
}

#[test]
fn json_md_diagnostic_examples_have_the_shape_perfc_emits() {
    let blocks = json_blocks(&json_md());
    let documented: Vec<&serde_json::Value> = blocks
        .iter()
        .filter(|b| b.get("severity").is_some())
        .collect();
    assert!(
        !documented.is_empty(),
        "docs/json.md shows a diagnostic line"
    );
    let fresh = slip_diagnostics();
    for doc in documented {
        let same = fresh
            .iter()
            .find(|f| f["code"] == doc["code"] && f["line"] == doc["line"])
            .unwrap_or_else(|| {
                panic!("perfc no longer reports the diagnostic json.md shows: {doc}")
            });
        let (d, e) = (paths_of(doc), paths_of(same));
        assert!(
            d == e,
            "the diagnostic example in docs/json.md §2 is stale.\nonly in the doc: {:?}\nonly in perfc's output: {:?}",
            d.difference(&e).collect::<Vec<_>>(),
            e.difference(&d).collect::<Vec<_>>()
        );
    }
}

/// The field names the tables of docs/json.md document: the backquoted names in the first
/// cell of every table whose header starts `| 字段 / field |`.
fn documented_fields(md: &str) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    let mut in_table = false;
    for line in md.lines() {
        if line.starts_with("| 字段 / field |") {
            in_table = true;
        } else if !line.starts_with('|') {
            in_table = false;
        } else if in_table && !line.starts_with("|---") {
            let first = line.split('|').nth(1).unwrap_or("");
            out.extend(backquoted(first).into_iter().map(str::to_string));
        }
    }
    out
}

#[test]
fn json_md_tables_list_exactly_the_fields_perfc_emits() {
    let c = perfc::compile_str("every-field.perf", EVERY_FIELD);
    let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let rich: serde_json::Value =
        serde_json::from_str(&perfc::emit::json::emit(&c.files, &c.program())).unwrap();
    let mut emitted = std::collections::BTreeSet::new();
    for v in std::iter::once(quickstart_json())
        .chain([rich])
        .chain(slip_diagnostics())
    {
        for p in paths_of(&v) {
            let name = p.rsplit('.').next().unwrap_or_default().to_string();
            emitted.insert(name);
        }
    }
    // Reserved fields are left out unless written: make sure the filing above wrote them,
    // or the comparison below would not cover them.
    for reserved in [
        "execution",
        "execution_rows",
        "adjusted",
        "adjusted_rows",
        "achieved",
        "evaluation",
        "score",
        "weight_used",
        "deviation",
        "date",
        "weights",
        "weight",
        "actual",
        "custom",
        "fixes",
    ] {
        assert!(emitted.contains(reserved), "{reserved} was not emitted");
    }
    let documented = documented_fields(&json_md());
    assert!(
        documented == emitted,
        "the field tables of docs/json.md do not match perfc's output.\nundocumented: {:?}\ndocumented but never emitted: {:?}",
        emitted.difference(&documented).collect::<Vec<_>>(),
        documented.difference(&emitted).collect::<Vec<_>>()
    );
}

// ---------------------------------------------------------------------------------------
// Links and paths.

/// The lines of a page outside fenced code blocks: examples may contain anything.
fn prose_lines(md: &str) -> impl Iterator<Item = &str> {
    let mut fenced = false;
    md.lines().filter(move |l| {
        if l.trim_start().starts_with("```") && !l.contains("````") {
            fenced = !fenced;
            return false;
        }
        !fenced
    })
}

/// Markdown links `[text](target)` of a page whose target is a relative path.
fn relative_links(md: &str) -> Vec<&str> {
    prose_lines(md)
        .flat_map(|l| l.split("](").skip(1))
        .filter_map(|rest| rest.split(')').next())
        .filter(|t| !t.starts_with('#') && !t.contains("://") && !t.starts_with("mailto:"))
        .map(|t| t.split('#').next().unwrap_or(t))
        .collect()
}

/// Repository paths named in backquotes (`src/units/prelude.perf`, `tests/ui/lex/…`).
/// Templates with `<…>` or `*` are not paths. Fixture names in tests/README.md are written
/// relative to tests/ui (`lex/E0101-invalid-utf8.perf`).
fn named_paths(md: &str) -> Vec<String> {
    const TOP: &[&str] = &[
        "src/",
        "tests/",
        "docs/",
        "examples/",
        "grammar/",
        "benches/",
        ".ci/",
    ];
    const PHASES: &[&str] = &[
        "lex/",
        "parse/",
        "structure/",
        "values/",
        "funding/",
        "dates/",
    ];
    prose_lines(md)
        .flat_map(backquoted)
        .filter(|t| !t.contains(['<', '*', ' ', '…']))
        .filter_map(|t| {
            if TOP.iter().any(|p| t.starts_with(p)) {
                Some(t.to_string())
            } else if PHASES.iter().any(|p| t.starts_with(p)) {
                Some(format!("tests/ui/{t}"))
            } else {
                None
            }
        })
        .collect()
}

#[test]
fn links_and_paths_in_the_docs_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = docs();
    pages.push(root.join("tests/README.md"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let md = std::fs::read_to_string(page).unwrap();
        let dir = page.parent().unwrap();
        for link in relative_links(&md) {
            checked += 1;
            if !dir.join(link).exists() {
                broken.push(format!("{}: link ({link})", page.display()));
            }
        }
        for path in named_paths(&md) {
            checked += 1;
            if !root.join(&path).exists() {
                broken.push(format!("{}: `{path}`", page.display()));
            }
        }
    }
    assert!(checked >= 20, "found only {checked} links and paths");
    assert!(broken.is_empty(), "no such file:\n{}", broken.join("\n"));
}
