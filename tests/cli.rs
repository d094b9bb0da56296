//! The real binary: exit codes, folder expansion, message formats, `explain`, and the
//! atomic, all-or-nothing `build -o`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn perfc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perfc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .expect("perfc runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

const GOOD: &str = include_str!("../examples/quickstart.perf");

fn broken() -> String {
    GOOD.replacen(">= 90", "90", 1)
}

#[test]
fn check_of_the_bundled_filing_exits_0() {
    let o = perfc(&["check", "examples/shanghai-2024"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("13 个项目"), "{}", stderr(&o));
}

#[test]
fn errors_exit_1_and_are_explained_in_chinese() {
    let dir = tmp();
    let f = dir.path().join("坏.perf");
    std::fs::write(&f, broken()).unwrap();
    let o = perfc(&["check", "--color", "never", f.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("[E0112] 错误: 定量指标值缺少比较符"), "{err}");
    assert!(err.contains("修改建议：插入 `=`"), "{err}");
}

#[test]
fn english_messages_with_lang_en() {
    let dir = tmp();
    let f = dir.path().join("bad.perf");
    std::fs::write(&f, broken()).unwrap();
    let o = perfc(&[
        "check",
        "--lang",
        "en",
        "--color",
        "never",
        f.to_str().unwrap(),
    ]);
    assert!(
        stderr(&o).contains("a quantitative target without a comparator"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_and_io_failures_exit_2() {
    assert_eq!(code(&perfc(&["check", "no/such/file.perf"])), 2);
    assert_eq!(code(&perfc(&["frobnicate"])), 2);
    assert_eq!(code(&perfc(&["check"])), 2);
    assert_eq!(
        code(&perfc(&[
            "build",
            "examples/quickstart.perf",
            "--emit",
            "pdf"
        ])),
        2
    );
    assert_eq!(code(&perfc(&["explain", "E9999"])), 2);
    let empty = tmp();
    let o = perfc(&["check", empty.path().to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("没有 .perf 文件"), "{}", stderr(&o));
}

#[test]
fn folders_expand_to_their_perf_files_in_sorted_order() {
    let dir = tmp();
    let sub = dir.path().join("b-sub");
    std::fs::create_dir(&sub).unwrap();
    let p = |name: &str| GOOD.replace("城管执法人员业务培训", name);
    std::fs::write(dir.path().join("c.perf"), p("丙")).unwrap();
    std::fs::write(dir.path().join("a.perf"), p("甲")).unwrap();
    std::fs::write(sub.join("x.perf"), p("乙")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a filing").unwrap();
    let o = perfc(&["build", dir.path().to_str().unwrap(), "--emit", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["甲", "乙", "丙"]);
}

#[test]
fn duplicate_projects_are_found_across_files() {
    let dir = tmp();
    std::fs::write(dir.path().join("a.perf"), GOOD).unwrap();
    // The second file is shifted by a line of Chinese, so the two labels of the report sit
    // at different byte offsets in different files (this once crashed the renderer).
    std::fs::write(dir.path().join("b.perf"), format!("// 第二个文件\n{GOOD}")).unwrap();
    let o = perfc(&["check", "--color", "never", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("E0202"), "{err}");
    assert!(err.contains("b.perf:7:4"), "{err}");
    assert!(err.contains("a.perf:6:4"), "{err}");
}

#[test]
fn json_messages_one_object_per_line() {
    let dir = tmp();
    let f = dir.path().join("bad.perf");
    std::fs::write(&f, broken()).unwrap();
    let o = perfc(&["check", "--message-format", "json", f.to_str().unwrap()]);
    assert_eq!(code(&o), 1);
    let out = String::from_utf8(o.stdout).unwrap();
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{out}");
    let d = &lines[0];
    assert_eq!(d["code"], "E0112");
    assert_eq!(d["severity"], "error");
    for key in [
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "help",
    ] {
        assert!(d.get(key).is_some(), "missing {key}");
    }
    // Columns count characters: the number follows the Chinese name.
    let line_text = broken()
        .lines()
        .nth(d["line"].as_u64().unwrap() as usize - 1)
        .unwrap()
        .to_string();
    let col = d["column"].as_u64().unwrap() as usize;
    let before: String = line_text.chars().take(col - 1).collect();
    assert!(before.ends_with("合格率\" "), "{before:?}");
}

#[test]
fn deny_warnings_fails_on_warnings() {
    let dir = tmp();
    let f = dir.path().join("w.perf");
    std::fs::write(&f, GOOD.replace("\"参训人员满意度\" >= 90 %", "")).unwrap();
    assert_eq!(code(&perfc(&["check", f.to_str().unwrap()])), 0);
    assert_eq!(
        code(&perfc(&[
            "check",
            "--deny",
            "warnings",
            f.to_str().unwrap()
        ])),
        1
    );
}

#[test]
fn explain_prints_both_languages_by_code_or_lint_name() {
    for name in ["E0301", "unknown-unit"] {
        let o = perfc(&["explain", name]);
        assert_eq!(code(&o), 0);
        let out = String::from_utf8(o.stdout).unwrap();
        assert!(out.starts_with("# E0301"), "{out}");
        assert!(out.contains("## 中文") && out.contains("## English"));
    }
}

/// `--no-warnings` drops the HTML's appendix, not the report: the warnings still go to stderr.
#[test]
fn build_html_with_no_warnings() {
    let o = perfc(&[
        "build",
        "--color",
        "never",
        "examples/shanghai-2024",
        "--emit",
        "html",
        "--no-warnings",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let html = String::from_utf8_lossy(&o.stdout);
    assert!(html.ends_with("</html>\n"));
    assert!(!html.contains("附录：检查警告"));
    assert!(stderr(&o).contains("警告: "), "{}", stderr(&o));
    let o = perfc(&["build", "examples/shanghai-2024", "--emit", "html"]);
    assert!(String::from_utf8(o.stdout)
        .unwrap()
        .contains("附录：检查警告"));
}

fn out_path(dir: &Path) -> PathBuf {
    dir.join("out.json")
}

#[test]
fn build_writes_the_output_file() {
    let dir = tmp();
    let out = out_path(dir.path());
    let o = perfc(&[
        "build",
        "examples/shanghai-2024",
        "--emit",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["totals"]["annual"], "13441438.00");
    assert_eq!(v["totals"]["projects"], 13);
    // Nothing but the output is left in the folder (the temporary file was renamed).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn build_with_errors_writes_nothing_and_keeps_the_old_file() {
    let dir = tmp();
    let bad = dir.path().join("bad.perf");
    std::fs::write(&bad, broken()).unwrap();
    let out = out_path(dir.path());
    let o = perfc(&[
        "build",
        bad.to_str().unwrap(),
        "--emit",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    assert!(!out.exists());
    std::fs::write(&out, "previous").unwrap();
    let o = perfc(&[
        "build",
        bad.to_str().unwrap(),
        "--emit",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "previous");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file left"
    );
}

#[test]
fn build_into_a_missing_folder_is_an_io_failure() {
    let dir = tmp();
    let out = dir.path().join("no/such/dir/out.json");
    let o = perfc(&[
        "build",
        "examples/quickstart.perf",
        "--emit",
        "json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code(&o), 2);
}

/// The new-user trial: a rate given as "及时", a satisfaction target with "=", a
/// deadline in the next year and a unit typo are all named, in Chinese, in one run, each
/// with what to write instead.
#[test]
fn a_first_filing_with_four_defects_gets_four_answers() {
    let o = perfc(&[
        "check",
        "--color",
        "never",
        "tests/ui/values/new-user-four-defects.perf",
    ]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    for (code, fix) in [
        ("[W0308] 警告", "写成定量值，如 >= 95 %"),
        ("[W0312] 警告", "修改建议：把 `=` 改为 `>=`"),
        ("[W0504] 警告", "时限应在实施周期之内"),
        ("[E0301] 错误", "修改建议：把 `分份` 改为 `份`"),
    ] {
        assert!(err.contains(code), "{code} missing:\n{err}");
        assert!(err.contains(fix), "{fix} missing:\n{err}");
    }
}
