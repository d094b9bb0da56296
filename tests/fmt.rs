//! `perfc fmt`: formatting changes only the layout. Over the bundled filings, every UI
//! fixture that parses, and generated files, the formatted text formats to itself, compiles
//! to the same JSON (apart from source lines) and the same diagnostics, and keeps every
//! comment; the bundled filings are in that layout already. A messy file's output is a snapshot;
//! the command is driven through the binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use perfc::fmt::{format, meaning};
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Everything formatting must keep, for one input that parses.
fn assert_layout_only(name: &str, text: &str) -> String {
    let once = format(text).unwrap_or_else(|e| panic!("{name}: not formatted: {e:#?}"));
    let twice =
        format(&once).unwrap_or_else(|e| panic!("{name}: output not formatted: {e:#?}\n{once}"));
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    let (before, after) = (meaning(text), meaning(&once));
    assert_eq!(
        (before.json, before.diagnostics),
        (after.json, after.diagnostics),
        "{name}: meaning changed:\n{once}"
    );
    assert_eq!(
        before.comments, after.comments,
        "{name}: comments changed:\n{once}"
    );
    once
}

fn perf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            perf_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "perf") {
            out.push(p);
        }
    }
}

#[test]
fn examples_keep_their_meaning_and_comments() {
    let mut files = Vec::new();
    perf_files(&root().join("examples"), &mut files);
    assert!(files.len() >= 14, "{files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let formatted = assert_layout_only(&f.display().to_string(), &text);
        // The bundled filings are what newcomers copy: they stay in the canonical layout.
        assert!(
            formatted == text,
            "{}: not formatted; run perfc fmt examples",
            f.display()
        );
    }
}

#[test]
fn ui_fixtures_that_parse_keep_their_meaning_and_comments() {
    let mut files = Vec::new();
    perf_files(&root().join("tests/ui"), &mut files);
    let mut formatted = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        if format(text).is_ok() {
            assert_layout_only(&f.display().to_string(), text);
            formatted += 1;
        }
    }
    // Most fixtures are free of syntax errors; a printer refusing them all would pass the
    // loop above vacuously.
    assert!(
        formatted * 2 > files.len(),
        "{formatted} of {}",
        files.len()
    );
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    let errors = format("project \"x\" {\n  nature \"a\" \"b\"\n}\n").unwrap_err();
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|d| d.is_error()));
}

#[test]
fn a_dropped_comment_is_noticed() {
    // The comparison the tests above rely on fails when a comment goes missing.
    let text = "year 2024 // 年度\n/* 块 */\n";
    assert_ne!(
        meaning(text).comments,
        meaning("year 2024 // 年度\n").comments
    );
    assert_eq!(meaning(text).comments, vec!["// 年度", "/* 块 */"]);
}

const MESSY: &str = r#"// 一个写得很乱的文件：缩进、分号、注释、两种关键字
年度 2024
   department     "上海市住房和城乡建设管理委员会"   // 主管部门
implementer "上海市城市管理行政执法局"
unit 架次 : count
@allow(W0201)
project "长三角一体化城市管理综合工作" {   // 第一个项目
nature "其他一次性项目" ; category "特定目标类"
      period 2024-01-01 至 2024-12-31


  funding 元 {
annual 1,250,000.50 元 {
        appropriation 1,250,000.50 元 ; carryover 0 元
      /* 其他资金为零 */ other 0(元)
}
  }
goal """
        第一段：按照长三角城管执法协作发展实践。
          第二段缩进两格。
        """
	产出指标 weight 50 {
  数量指标 {
  "协作制度机制研究人员配置数量" >3.00(人) ; "课题完成数" = 2 个
      "工作内容完成率" 不低于 100 %   // 写法保留
  "公众号发布消息数量" ≥ 50.00 （条）
  @allow(W0302) "人员到位及时性" /* 定性 */ "及时" note "备注"
  }
  质量指标 { "项目验收通过率" = 100(%) ; "活动媒体宣传覆盖率" = 100.00 % }
    timeliness { "完成时间" by 2024-06 and 2024-12 "上下半年各一次" }
}
satisfaction{beneficiary{"城管执法满意度">=85%}}
}
project "第二个项目" {
  nature "其他一次性项目"
}
// 文件结束
"#;

#[test]
fn messy_file_snapshot() {
    let out = assert_layout_only("messy", MESSY);
    insta::assert_snapshot!(out);
}

// ---- generated inputs ----

/// One generated indicator: its name, its value, and how it is written.
#[derive(Debug, Clone)]
struct GenIndicator {
    name: usize,
    value: usize,
    joined: bool,
    comment: Option<usize>,
    indent: usize,
}

const NAMES: &[&str] = &[
    "培训班次",
    "课题完成数",
    "满意度",
    "验收通过率",
    "a b",
    "x\\\"y",
];
const VALUES: &[&str] = &[
    "= 4 期",
    ">=400 人次",
    "≥ 95.00(%)",
    "不低于 90 %",
    "> 1,250,000.50 元",
    "<= 3.00（人）",
    "= 49(人/次/天)",
    "\"及时\"",
    "截至 2024-11-30",
    "by 2024-Q2, 2024-H2 \"两次\"",
    "= 3 个 note \"说明\"",
    "/* 值 */ = 2 个",
    "= // 换行\n 2 个",
];
const COMMENTS: &[&str] = &["// 行尾注释", "/* 块 */", "// 中文 and English"];
const INDENTS: &[&str] = &["", " ", "   ", "\t", "      "];

fn indicator_strategy() -> impl Strategy<Value = GenIndicator> {
    (
        0..NAMES.len(),
        0..VALUES.len(),
        any::<bool>(),
        proptest::option::of(0..COMMENTS.len()),
        0..INDENTS.len(),
    )
        .prop_map(|(name, value, joined, comment, indent)| GenIndicator {
            name,
            value,
            joined,
            comment,
            indent,
        })
}

#[derive(Debug, Clone)]
struct GenProject {
    chinese: bool,
    one_line_group: bool,
    blank_lines: usize,
    head_comment: bool,
    indicators: Vec<GenIndicator>,
}

fn project_strategy() -> impl Strategy<Value = GenProject> {
    (
        any::<bool>(),
        any::<bool>(),
        0..3usize,
        any::<bool>(),
        proptest::collection::vec(indicator_strategy(), 0..6),
    )
        .prop_map(
            |(chinese, one_line_group, blank_lines, head_comment, indicators)| GenProject {
                chinese,
                one_line_group,
                blank_lines,
                head_comment,
                indicators,
            },
        )
}

fn render(projects: &[GenProject]) -> String {
    let mut s = String::from("year 2024\n");
    for (n, p) in projects.iter().enumerate() {
        let kw = |en: &'static str, zh: &'static str| if p.chinese { zh } else { en };
        if p.head_comment {
            s.push_str("// 项目说明\n");
        }
        s.push_str(&format!("{} \"项目{n}\" {{\n", kw("project", "项目")));
        s.push_str(&format!(
            "   {} \"其他一次性项目\"; {} \"特定目标类\"\n",
            kw("nature", "项目性质"),
            kw("category", "项目类别")
        ));
        s.push_str(&"\n".repeat(p.blank_lines));
        s.push_str(&format!(
            "{} 2024-01-01 .. 2024-12-31 /* 周期 */\n",
            kw("period", "实施周期")
        ));
        s.push_str(&format!(
            "  {} {{ {} 100 元 {{ {} 100 元 }} }}\n",
            kw("funding", "项目资金"),
            kw("annual", "年度资金申请总额"),
            kw("appropriation", "当年财政拨款")
        ));
        s.push_str(&format!("{} {{\n", kw("output", "产出指标")));
        s.push_str(&format!("{} {{", kw("quantity", "数量指标")));
        if !p.one_line_group {
            s.push('\n');
        }
        for (i, ind) in p.indicators.iter().enumerate() {
            if i > 0 {
                s.push_str(if ind.joined || p.one_line_group {
                    "; "
                } else {
                    "\n"
                });
            }
            if !p.one_line_group && !ind.joined {
                s.push_str(INDENTS[ind.indent]);
            }
            // The one-line form takes no line comment and no value that spans lines.
            let value = VALUES[ind.value];
            let value = if p.one_line_group && value.contains('\n') {
                "= 1 个"
            } else {
                value
            };
            s.push_str(&format!(" \"{}\" {value}", NAMES[ind.name]));
            if let Some(c) = ind.comment {
                if !p.one_line_group || !COMMENTS[c].starts_with("//") {
                    s.push(' ');
                    s.push_str(COMMENTS[c]);
                    if COMMENTS[c].starts_with("//") {
                        s.push('\n');
                    }
                }
            }
        }
        s.push_str(if p.one_line_group { " }\n" } else { "\n}\n" });
        s.push_str("}\n}\n");
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn generated_files_keep_their_meaning_and_comments(
        projects in proptest::collection::vec(project_strategy(), 1..4)
    ) {
        let text = render(&projects);
        assert_layout_only("generated", &text);
    }
}

// ---- the command ----

fn perfc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_perfc"));
    c.env("LANG", "en_US.UTF-8").arg("--color=never");
    c
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

const UNFORMATTED: &str = "year 2024\nproject \"x\" {\nnature \"其他一次性项目\"\n}\n";
const FORMATTED: &str = "year 2024\n\nproject \"x\" {\n  nature \"其他一次性项目\"\n}\n";

#[test]
fn fmt_rewrites_files_in_a_folder() {
    let dir = temp_dir();
    let a = dir.path().join("a.perf");
    let b = dir.path().join("sub/b.perf");
    std::fs::create_dir_all(b.parent().unwrap()).unwrap();
    std::fs::write(&a, UNFORMATTED).unwrap();
    std::fs::write(&b, FORMATTED).unwrap();
    let out = perfc().arg("fmt").arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FORMATTED);
    assert_eq!(std::fs::read_to_string(&b).unwrap(), FORMATTED);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "formatted 1 file(s)\n"
    );
}

#[test]
fn fmt_check_prints_a_diff_and_exits_1_without_writing() {
    let dir = temp_dir();
    let a = dir.path().join("a.perf");
    std::fs::write(&a, UNFORMATTED).unwrap();
    let out = perfc().args(["fmt", "--check"]).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), UNFORMATTED);
    let diff = String::from_utf8(out.stdout).unwrap();
    let name = a.display().to_string();
    assert_eq!(
        diff,
        format!(
            "--- {name}\n+++ {name} (perfc fmt)\n@@ -1,4 +1,5 @@\n year 2024\n+\n project \"x\" {{\n-nature \"其他一次性项目\"\n+  nature \"其他一次性项目\"\n }}\n"
        )
    );
    // Once formatted, the check passes and prints nothing.
    std::fs::write(&a, FORMATTED).unwrap();
    let out = perfc().args(["fmt", "--check"]).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stdout.is_empty());
}

#[test]
fn fmt_dash_reads_stdin_and_writes_stdout() {
    let mut child = perfc()
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(UNFORMATTED.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(String::from_utf8(out.stdout).unwrap(), FORMATTED);
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_unchanged_and_exits_1() {
    let dir = temp_dir();
    let a = dir.path().join("a.perf");
    let broken = "project \"x\" {\nnature \"a\" \"b\"\n}\n";
    std::fs::write(&a, broken).unwrap();
    let out = perfc().arg("fmt").arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), broken);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("E0"), "{err}");
    assert!(err.contains("has syntax errors: not formatted"), "{err}");
    // The same from stdin: nothing on stdout.
    let mut child = perfc()
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(broken.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir();
    let a = dir.path().join("a.perf");
    std::fs::write(&a, UNFORMATTED).unwrap();
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = perfc().arg("fmt").arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), FORMATTED);
    let mode = std::fs::metadata(&a).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[test]
fn fmt_usage_errors_exit_2() {
    let out = perfc().args(["fmt", "no-such-file.perf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = perfc().args(["fmt", "-", "a.perf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Items of each kind of block, and what may stand between two items: any number of them,
/// in any order, inside a fixed skeleton. What parses (nearly all of it) must format to a
/// fixed point with the same meaning and the same comments.
const TOP_ITEMS: &[&str] = &[
    "年度 2024",
    "department \"部门\"",
    "unit 人数 = 人",
    "unit 架次 : count",
    "计量单位 万册 = 10,000 册",
    "implementer   \"单位\"",
];
const PROJECT_ITEMS: &[&str] = &[
    "nature \"其他一次性项目\"",
    "项目类别 \"特定目标类\"",
    "period 2024-01-01 .. 2024-12-31",
    "实施周期 2024-01 ~ 2024-12",
    "funding { annual 100 元 }",
    "项目资金 万元 {\n 年度资金申请总额 1 { 当年财政拨款 1;其他资金 0 } }",
    "goal \"目标\"",
    "goal \"\"\"\n  一\n    二\n  \"\"\"",
    "field \"一级项目名称\" \"x\"",
    "@allow(W0201) 效益指标 { 社会效益指标 { \"s\" \"及时\" } }",
];
const INDICATORS: &[&str] = &[
    "\"a\" = 1 个",
    "\"b\" >=85%",
    "\"c\" \"及时\"",
    "\"d\" by 2024-Q4",
    "\"e\" 截至 2024-06 和 2024-12 \"两次\"",
    "\"f\" ≥95.00(%) note \"n\" actual 96 %",
    "@allow(W0301) \"g\" 不低于 3.00（人/次）",
    "@allow(W0301, vague-target)\n\"h\" \"提升\"",
    "\"i\" = /* 值 */ 2 个",
    "\"j\" < // 注释\n 9 天",
    "\"k\"",
];
const BETWEEN: &[&str] = &[
    "\n",
    ";",
    " ; ",
    "\n\n\n",
    " // 注释\n",
    " /* 块 */\n",
    "\n/* 多\n行 */\n",
    "\n    \t",
    "\n// 独占一行\n\n",
];

fn soup_block(items: &[(usize, usize)], pool: &[&str]) -> String {
    let mut s = String::new();
    for &(i, b) in items {
        s.push_str(pool[i % pool.len()]);
        s.push_str(BETWEEN[b % BETWEEN.len()]);
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn shuffled_items_format_to_a_fixed_point(
        top in proptest::collection::vec((0..100usize, 0..100usize), 0..5),
        project in proptest::collection::vec((0..100usize, 0..100usize), 0..8),
        indicators in proptest::collection::vec((0..100usize, 0..100usize), 0..10),
        one_line in any::<bool>(),
    ) {
        let group = if one_line {
            // The one-line form: `;` between items and no line comment.
            let parts: Vec<&str> = indicators
                .iter()
                .map(|&(i, _)| INDICATORS[i % INDICATORS.len()])
                .filter(|i| !i.contains('\n') && !i.contains("//"))
                .collect();
            format!("quantity {{ {} }}", parts.join("; "))
        } else {
            format!("quantity {{\n{}\n}}", soup_block(&indicators, INDICATORS))
        };
        let text = format!(
            "{}\nproject \"p\" {{\n{}\n产出指标 {{ {group}\n }}\n}}\n",
            soup_block(&top, TOP_ITEMS),
            soup_block(&project, PROJECT_ITEMS),
        );
        let formatted = format(&text);
        prop_assert!(formatted.is_ok(), "{text}\n{formatted:#?}");
        assert_layout_only("shuffled", &text);
    }
}

#[test]
fn the_docs_example_is_what_fmt_prints() {
    let doc = std::fs::read_to_string(root().join("docs/fmt.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```perf\n")
        .skip(1)
        .map(|b| &b[..b.find("```").unwrap()])
        .collect();
    assert_eq!(blocks.len(), 2);
    assert_ne!(blocks[0], blocks[1]);
    assert_eq!(format(blocks[0]).unwrap(), blocks[1]);
}

#[test]
fn crlf_gives_the_same_layout_as_lf() {
    let mut files = Vec::new();
    perf_files(&root().join("examples"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let crlf = text.replace('\n', "\r\n");
        let expected = format(&text).unwrap();
        assert_eq!(format(&crlf).unwrap(), expected, "{}", f.display());
    }
}

#[test]
fn a_leading_bom_is_kept() {
    let out = format("\u{feff}year 2024\n").unwrap();
    assert_eq!(out, "\u{feff}year 2024\n");
}

#[test]
fn an_empty_file_stays_empty() {
    assert_eq!(format("").unwrap(), "");
    assert_eq!(format("\n\n").unwrap(), "");
    assert_eq!(format("// 只有注释\n\n").unwrap(), "// 只有注释\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Any text at all: refused or formatted, never a panic.
    #[test]
    fn any_text_is_formatted_or_refused(text in "(\\PC|[\\n\\t\"{}();/*])*") {
        if format(&text).is_ok() {
            assert_layout_only("any", &text);
        }
    }
}
