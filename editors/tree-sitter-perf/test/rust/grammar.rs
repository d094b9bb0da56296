//! Tests of the committed parser (src/parser.c) and highlight query, run by `cargo test` so
//! CI needs no tree-sitter CLI: the bundled examples parse cleanly, the corpus trees in
//! test/corpus/ come out as written, every keyword spelling of perfc's table parses in its
//! role, and chosen tokens get the expected highlight captures.

use std::path::{Path, PathBuf};

use tree_sitter::{Node, Parser, Tree};
use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

/// perfc's repository root (this crate is `editors/tree-sitter-perf`).
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn parse(src: &str) -> Tree {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_perf::LANGUAGE.into())
        .expect("the generated parser's ABI is one this tree-sitter reads");
    parser
        .parse(src, None)
        .expect("no timeout or cancellation is set")
}

/// Every ERROR or MISSING node, as `kind at row:column`.
fn errors(tree: &Tree) -> Vec<String> {
    fn walk(node: Node, out: &mut Vec<String>) {
        if node.is_error() || node.is_missing() {
            let p = node.start_position();
            let what = if node.is_missing() {
                "MISSING"
            } else {
                "ERROR"
            };
            out.push(format!(
                "{what} {} at {}:{}",
                node.kind(),
                p.row + 1,
                p.column + 1
            ));
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            walk(child, out);
        }
    }
    let mut out = Vec::new();
    walk(tree.root_node(), &mut out);
    out
}

fn perf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            perf_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "perf") {
            out.push(path);
        }
    }
}

#[test]
fn every_example_parses_without_error_nodes() {
    let mut files = Vec::new();
    perf_files(&repo_root().join("examples"), &mut files);
    assert!(files.len() >= 14, "found only {} examples", files.len());
    let mut failures = Vec::new();
    for file in &files {
        let src = std::fs::read_to_string(file).expect("examples are UTF-8");
        let tree = parse(&src);
        for e in errors(&tree) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_fixed_ui_fixture_parses_without_error_nodes() {
    // perfc's UI fixtures named `*.fixed.perf` must compile without errors (tests/README.md),
    // so they are valid syntax written to reach every corner of the language.
    let mut files = Vec::new();
    perf_files(&repo_root().join("tests/ui"), &mut files);
    files.retain(|f| f.to_string_lossy().ends_with(".fixed.perf"));
    assert!(
        files.len() >= 50,
        "found only {} fixed fixtures",
        files.len()
    );
    let mut failures = Vec::new();
    for file in &files {
        let src = std::fs::read_to_string(file).expect("fixtures are UTF-8");
        for e in errors(&parse(&src)) {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn broken_input_gives_error_nodes() {
    // The check above would pass for a grammar that accepted anything.
    for src in [
        "project \"p\" {\n  output {\n    \"a\" = \n  }\n}\n",
        "project \"p\" {\n  output {\n    \"a\" = 1 个\n  }\n",
        "year \"2024\"\n",
        "project \"p\" {\n  output { \"a\" = 1 个 \"b\" = 2 个 }\n}\n",
    ] {
        assert!(!errors(&parse(src)).is_empty(), "no error in {src:?}");
    }
}

/// One case of a corpus file: title, source, expected tree.
struct Case {
    title: String,
    source: String,
    expected: String,
}

/// Reads the tree-sitter corpus format: a title between lines of `=`, the source, a line of
/// `-`, the expected S-expression.
fn corpus_cases(text: &str) -> Vec<Case> {
    let is_rule = |l: &str, c: char| l.len() >= 3 && l.chars().all(|x| x == c);
    let lines: Vec<&str> = text.lines().collect();
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !is_rule(lines[i], '=') {
            i += 1;
            continue;
        }
        let title = lines[i + 1].to_string();
        assert!(is_rule(lines[i + 2], '='), "corpus header of {title}");
        i += 3;
        let mut source = Vec::new();
        while !is_rule(lines[i], '-') {
            source.push(lines[i]);
            i += 1;
        }
        i += 1;
        let mut expected = Vec::new();
        while i < lines.len() && !is_rule(lines[i], '=') {
            expected.push(lines[i]);
            i += 1;
        }
        // The CLI drops the blank line before the `---` rule from the source.
        let mut source = source.join("\n");
        while source.ends_with('\n') {
            source.pop();
        }
        cases.push(Case {
            title,
            source: source + "\n",
            expected: expected.join(" "),
        });
    }
    cases
}

fn normalize_sexp(s: &str) -> String {
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn corpus_trees_match() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("test/corpus")
        .map(|e| e.expect("directory entry").path())
        .collect();
    files.sort();
    let mut count = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("corpus files are UTF-8");
        for case in corpus_cases(&text) {
            count += 1;
            let actual = normalize_sexp(&parse(&case.source).root_node().to_sexp());
            let expected = normalize_sexp(&case.expected);
            if actual != expected {
                failures.push(format!(
                    "{} / {}:\n  expected {expected}\n  actual   {actual}",
                    file.display(),
                    case.title
                ));
            }
        }
    }
    assert!(count >= 5, "read only {count} corpus cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The spellings of perfc's keyword table (src/syntax/keywords.rs), with the kind of row
/// (`K` plain keyword, `F` funding key, `Gr` level name, `C` comparator word), and the
/// comparator symbols as kind `C`.
fn keyword_table() -> Vec<(String, String)> {
    let table = std::fs::read_to_string(repo_root().join("src/syntax/keywords.rs"))
        .expect("src/syntax/keywords.rs");
    let start = table.find("pub const KEYWORDS").expect("KEYWORDS table");
    let end = start + table[start..].find("\n};").expect("end of KEYWORDS");
    let mut rows = Vec::new();
    // Rows look like `"产出指标" => Gr(G::Output), Zh;`.
    for piece in table[start..end].split('"').collect::<Vec<_>>().windows(2) {
        let rest = piece[1].trim_start();
        if let Some(rest) = rest.strip_prefix("=> ") {
            let kind: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if rest[kind.len()..].starts_with('(') {
                rows.push((piece[0].to_string(), kind));
            }
        }
    }
    let symbols = table
        .find("pub const COMPARATOR_SYMBOLS")
        .expect("symbol table");
    let symbols_end = symbols + table[symbols..].find("];").expect("end of symbols");
    for line in table[symbols..symbols_end].lines() {
        if let Some(rest) = line.trim().strip_prefix("(\"") {
            if let Some(sym) = rest.split('"').next() {
                rows.push((sym.to_string(), "C".to_string()));
            }
        }
    }
    rows
}

/// The one node of `kind` in the tree, and its text.
fn find_kind<'a>(node: Node, kind: &str, src: &'a str) -> Option<&'a str> {
    if node.kind() == kind {
        return node.utf8_text(src.as_bytes()).ok();
    }
    let mut cursor = node.walk();
    let children: Vec<_> = node.children(&mut cursor).collect();
    children.into_iter().find_map(|c| find_kind(c, kind, src))
}

#[test]
fn every_keyword_spelling_parses_in_its_role() {
    let rows = keyword_table();
    // About 120 spellings and a dozen symbols; far fewer means keywords.rs changed shape.
    assert!(rows.len() >= 120, "read only {} rows", rows.len());
    let language: tree_sitter::Language = tree_sitter_perf::LANGUAGE.into();
    let mut failures = Vec::new();
    for (spelling, kind) in &rows {
        let (src, node_kind) = match kind.as_str() {
            "F" => (
                format!("project \"p\" {{\n  funding {{\n    {spelling} 1 元\n  }}\n}}\n"),
                "fund_key",
            ),
            "Gr" => (
                format!("project \"p\" {{\n  {spelling} {{\n    \"a\" = 1 个\n  }}\n}}\n"),
                "group_name",
            ),
            "C" => (
                format!("project \"p\" {{\n  output {{\n    \"a\" {spelling} 1 个\n  }}\n}}\n"),
                "comparator",
            ),
            "K" => {
                // Plain keywords each take their own place in the grammar; that the parser
                // has the token and the highlight query colours it is what can go missing.
                if language.id_for_node_kind(spelling, false) == 0 {
                    failures.push(format!("{spelling}: not a token of the grammar"));
                }
                if !tree_sitter_perf::HIGHLIGHTS_QUERY.contains(&format!("\"{spelling}\"")) {
                    failures.push(format!("{spelling}: not in queries/highlights.scm"));
                }
                continue;
            }
            other => panic!("unknown row kind {other} for {spelling}"),
        };
        let tree = parse(&src);
        let errs = errors(&tree);
        let found = find_kind(tree.root_node(), node_kind, &src);
        if !errs.is_empty() || found != Some(spelling.as_str()) {
            failures.push(format!(
                "{spelling}: expected a {node_kind}, got {found:?} {errs:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The innermost highlight capture of every byte of `src`.
fn highlights(src: &str) -> Vec<Option<String>> {
    let mut config = HighlightConfiguration::new(
        tree_sitter_perf::LANGUAGE.into(),
        "perf",
        tree_sitter_perf::HIGHLIGHTS_QUERY,
        "",
        "",
    )
    .expect("queries/highlights.scm is a valid query");
    let names: Vec<String> = config.names().iter().map(|s| s.to_string()).collect();
    config.configure(&names);
    let mut highlighter = Highlighter::new();
    let events = highlighter
        .highlight(&config, src.as_bytes(), None, None, |_| None)
        .expect("highlighting starts");
    let mut by_byte = vec![None; src.len()];
    let mut stack: Vec<usize> = Vec::new();
    for event in events {
        match event.expect("highlighting runs") {
            HighlightEvent::HighlightStart(h) => stack.push(h.0),
            HighlightEvent::HighlightEnd => {
                stack.pop();
            }
            HighlightEvent::Source { start, end } => {
                if let Some(&h) = stack.last() {
                    for b in &mut by_byte[start..end] {
                        *b = Some(names[h].clone());
                    }
                }
            }
        }
    }
    by_byte
}

/// Checks `(text, which occurrence of it in the source counting from 1, expected capture of
/// its first and last character)` against the highlights of `src`, which must parse cleanly.
fn check_captures(src: &str, expected: &[(&str, usize, Option<&str>)]) {
    let tree = parse(src);
    assert!(errors(&tree).is_empty(), "{:?}", errors(&tree));
    let by_byte = highlights(src);
    let mut failures = Vec::new();
    for &(text, nth, want) in expected {
        let Some((at, _)) = src.match_indices(text).nth(nth - 1) else {
            failures.push(format!("{text} #{nth} is not in the source"));
            continue;
        };
        for b in [at, at + text.len() - 1] {
            let got = by_byte[b].as_deref();
            if got != want {
                failures.push(format!(
                    "{text} #{nth} at byte {b}: expected {want:?}, got {got:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn chosen_tokens_get_their_captures() {
    let src = "\
// 注释 year
year 2024
unit 人数 = 人
@allow(W0301)
项目 \"城管执法\" {
  项目性质 \"其他一次性项目\"
  period 2024-01-01 .. 2024-Q4
  funding {
    年度资金申请总额 450,000.00 元 { appropriation 450,000.00（元） }
  }
  goal \"\"\"
    产出指标 年度 2024
    \"\"\"
  产出指标 分值 50 {
    数量 {
      \"课题完成数\" 不少于 2.00 个 actual 2 个
      \"信访人次\" =49(人/次/天)
      \"完成率\" ≥ 85%
      \"绿化养护面积\" >= 500㎡
    }
    timeliness { \"结题\" by 2024-H2 \"四季度\" }
  }
  benefit { social { \"及时性\" \"及时\" actual 达成 } }
}
";
    // (text, which occurrence of it in the source counting from 1, expected capture of its
    // first and last character)
    let expected: &[(&str, usize, Option<&str>)] = &[
        ("// 注释 year", 1, Some("comment")),
        ("year", 2, Some("keyword")),
        ("2024", 1, Some("constant.numeric")),
        ("unit", 1, Some("keyword")),
        ("人数", 1, Some("type.definition")),
        ("人", 2, Some("type.builtin")),
        ("@", 1, Some("attribute")),
        ("allow", 1, Some("attribute")),
        ("W0301", 1, Some("label")),
        ("项目", 1, Some("keyword")),
        ("\"城管执法\"", 1, Some("string")),
        ("{", 1, Some("punctuation.bracket")),
        ("项目性质", 1, Some("keyword")),
        ("period", 1, Some("keyword")),
        ("2024-01-01", 1, Some("constant.numeric.date")),
        ("..", 1, Some("operator")),
        ("2024-Q4", 1, Some("constant.numeric.date")),
        ("funding", 1, Some("keyword")),
        ("年度资金申请总额", 1, Some("variable.builtin")),
        ("450,000.00", 1, Some("constant.numeric")),
        ("元", 1, Some("type.builtin")),
        ("appropriation", 1, Some("variable.builtin")),
        ("（", 1, Some("punctuation.bracket")),
        ("元", 2, Some("type.builtin")),
        ("goal", 1, Some("keyword")),
        ("产出指标 年度 2024", 1, Some("string")),
        ("产出指标", 2, Some("type")),
        ("分值", 1, Some("keyword")),
        ("50", 1, Some("constant.numeric")),
        ("数量", 1, Some("type")),
        ("不少于", 1, Some("operator")),
        ("个", 1, Some("type.builtin")),
        ("actual", 1, Some("keyword")),
        ("=", 2, Some("operator")),
        // First and last characters: `人` and `天` are units, the `/` are operators.
        ("人/次/天", 1, Some("type.builtin")),
        ("/次/", 1, Some("operator")),
        ("≥", 1, Some("operator")),
        ("%", 1, Some("type.builtin")),
        ("㎡", 1, Some("type.builtin")),
        ("timeliness", 1, Some("type")),
        ("by", 1, Some("keyword")),
        ("2024-H2", 1, Some("constant.numeric.date")),
        ("\"四季度\"", 1, Some("string")),
        ("benefit", 1, Some("type")),
        ("\"及时\"", 1, Some("string")),
        ("达成", 1, Some("constant.builtin")),
        ("\"课题完成数\"", 1, Some("string")),
        // The `=` of a unit declaration is not a comparator.
        ("=", 1, None),
    ];
    check_captures(src, expected);
}

#[test]
fn section_8_keywords_get_their_captures() {
    // Monitoring and self-evaluation (docs/language.md §8): keywords in both languages,
    // `adjusted` / 全年预算数 as funding keys, and `score` after `:` as a dimension.
    let src = "\
unit 分 : score
计量单位 档 ： score
project \"p\" {
  funding {
    adjusted 980,000.00 元 { appropriation 880,000.00 元; other 100,000.00 元 }
    全年预算数 98 万元 { 当年财政拨款 90 万元 }
    execution 950,000.00 元 { carryover 0 元 }
  }
  achieved \"完成专项整治 12 次\"
  实际完成情况 \"全年举办培训班 4 期\"
  output {
    quantity {
      \"巡查里程\" >= 5,000 公里 actual 4,000 公里 weight 10 deviation \"停飞\" score 7
      \"人次\" >= 400 人次 实际完成值 380 人次 偏差原因 \"延后\" 得分 9.5
    }
  }
  benefit { \"效果\" \"提升\" actual 部分达成 得分 3.5 偏差原因分析及改进措施 \"改进\" }
}
";
    let expected: &[(&str, usize, Option<&str>)] = &[
        ("unit", 1, Some("keyword")),
        ("分", 1, Some("type.definition")),
        ("score", 1, Some("type")),
        ("档", 1, Some("type.definition")),
        ("score", 2, Some("type")),
        ("adjusted", 1, Some("variable.builtin")),
        ("980,000.00", 1, Some("constant.numeric")),
        ("other", 1, Some("variable.builtin")),
        ("全年预算数", 1, Some("variable.builtin")),
        ("当年财政拨款", 1, Some("variable.builtin")),
        ("execution", 1, Some("variable.builtin")),
        ("carryover", 1, Some("variable.builtin")),
        ("achieved", 1, Some("keyword")),
        ("\"完成专项整治 12 次\"", 1, Some("string")),
        ("实际完成情况", 1, Some("keyword")),
        ("公里", 2, Some("type.builtin")),
        ("weight", 1, Some("keyword")),
        ("deviation", 1, Some("keyword")),
        ("\"停飞\"", 1, Some("string")),
        ("score", 3, Some("keyword")),
        ("7", 1, Some("constant.numeric")),
        ("实际完成值", 1, Some("keyword")),
        ("人次", 3, Some("type.builtin")),
        ("偏差原因", 1, Some("keyword")),
        ("\"延后\"", 1, Some("string")),
        ("得分", 1, Some("keyword")),
        ("9.5", 1, Some("constant.numeric")),
        ("部分达成", 1, Some("constant.builtin")),
        ("得分", 2, Some("keyword")),
        ("3.5", 1, Some("constant.numeric")),
        ("偏差原因分析及改进措施", 1, Some("keyword")),
        ("\"改进\"", 1, Some("string")),
    ];
    check_captures(src, expected);
}
