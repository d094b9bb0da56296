//! The real binary: exit codes, folder expansion, message formats, `explain`, and the
//! atomic, all-or-nothing `build -o` with the file modes a user expects.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `program` started the way every test starts perfc: in the repository, in Chinese.
fn in_repo(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

fn perfc(args: &[&str]) -> Output {
    in_repo(env!("CARGO_BIN_EXE_perfc"))
        .args(args)
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
    // Inserting `=` decides how the target is read, so it is offered, not certain.
    assert!(err.contains("可能的修改（请确认）：插入 `=`"), "{err}");
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

/// `--no-warnings` drops the HTML's appendix, not the report: the warnings are still counted
/// on stderr.
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
    assert!(stderr(&o).contains("76 个警告"), "{}", stderr(&o));
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

/// `perfc build examples/quickstart.perf --emit json -o out` under the given umask; a shell
/// sets it, since a test cannot change the umask of its own process without racing the
/// other tests.
#[cfg(unix)]
fn build_json_with_umask(umask: &str, out: &Path) -> Output {
    in_repo("sh")
        .arg("-c")
        .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_perfc"))
        .args(["build", "examples/quickstart.perf", "--emit", "json", "-o"])
        .arg(out)
        .output()
        .expect("sh runs")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

/// A new output file is created like any other program's: 0666 less the umask, not the
/// 0600 of a temporary file.
#[cfg(unix)]
#[test]
fn build_o_creates_a_new_file_with_the_umask() {
    let dir = tmp();
    for (umask, expected) in [("022", 0o644), ("077", 0o600)] {
        let out = dir.path().join(format!("new-{umask}.json"));
        let o = build_json_with_umask(umask, &out);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(
            mode(&out),
            expected,
            "umask {umask}: mode {:o}, expected {expected:o}",
            mode(&out)
        );
    }
}

/// Replacing an output file keeps its mode: a file shared with the group stays shared, and
/// it is not opened up to the umask's default either.
#[cfg(unix)]
#[test]
fn build_o_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tmp();
    let out = dir.path().join("shared.json");
    std::fs::write(&out, "previous").unwrap();
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).unwrap();
    // Under umask 022 a new file would be 0644, and a bare temporary file 0600: neither is 0640.
    let o = build_json_with_umask("022", &out);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("城管执法人员业务培训"),
        "not replaced: {text}"
    );
    assert_eq!(mode(&out), 0o640, "mode {:o}", mode(&out));
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
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
        ("[W0312] 警告", "可能的修改（请确认）：把 `=` 改为 `>=`"),
        ("[W0504] 警告", "时限应在实施周期之内"),
        ("[E0301] 错误", "可能的修改（请确认）：把 `分份` 改为 `份`"),
    ] {
        assert!(err.contains(code), "{code} missing:\n{err}");
        assert!(err.contains(fix), "{fix} missing:\n{err}");
    }
}

/// The second new-user trial: the quick start with one `}` removed, a unit typed
/// with a space in it and a name in Chinese quotes gives exactly three messages, each at
/// the right place with the right fix; the two that cannot change the filing's meaning are
/// machine-applicable in JSON, the `}` (a guess from the indentation) is not.
#[test]
fn three_slips_give_exactly_three_messages() {
    let path = "tests/ui/parse/new-user-trial.perf";
    let o = perfc(&["check", "--message-format", "json", path]);
    assert_eq!(code(&o), 1);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(String, u64, u64, String, bool)> = lines
        .iter()
        .map(|d| {
            let fix = &d["fixes"][0];
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                fix["edits"][0]["replacement"].as_str().unwrap().to_string(),
                fix["machine_applicable"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("E0114".into(), 20, 7, "\"培训班次\"".into(), true),
            ("E0301".into(), 21, 21, "人次".into(), true),
            ("E0117".into(), 23, 10, " }".into(), false),
        ]
    );
}

/// `--message-format short`: one line per diagnostic (file:line:col, code, message), then
/// the warnings counted by lint name and the totals.
#[test]
fn short_messages_are_one_line_each_with_a_summary_by_lint() {
    let o = perfc(&[
        "check",
        "--message-format",
        "short",
        "examples/shanghai-2024",
    ]);
    assert_eq!(code(&o), 0);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    let diagnostics: Vec<&&str> = lines.iter().filter(|l| l.contains(": 警告[W")).collect();
    assert_eq!(diagnostics.len(), 76, "{err}");
    assert!(
        lines.contains(&"examples/shanghai-2024/12-社会宣传.perf:86:31: 警告[W0310]: `视频号点阅指标` 的定性值 \"大于10%\" 里写着一个数值目标"),
        "{err}"
    );
    let summary = lines
        .iter()
        .find(|l| l.starts_with("警告按检查分类："))
        .expect("a summary by lint");
    assert!(
        summary.contains("vague-target 28 · qualitative-measure 11 · name-unit-mismatch 10"),
        "{summary}"
    );
    assert_eq!(
        lines.last(),
        Some(&"检查了 13 个文件、13 个项目：0 个错误，76 个警告")
    );
}

/// `build` after `check`: the warnings were read already, so only their count per lint is
/// shown, unless `--show-warnings`.
#[test]
fn build_counts_warnings_instead_of_repeating_them() {
    let dir = tmp();
    let out = dir.path().join("out.json");
    let args = ["build", "examples/shanghai-2024", "--emit", "json", "-o"];
    let o = perfc(&[&args[..], &[out.to_str().unwrap()]].concat());
    assert_eq!(code(&o), 0);
    let err = stderr(&o);
    assert!(!err.contains("[W0310]"), "{err}");
    assert!(err.contains("警告按检查分类：vague-target 28"), "{err}");
    assert!(err.contains("--show-warnings"), "{err}");
    let o = perfc(&[&args[..], &[out.to_str().unwrap(), "--show-warnings"]].concat());
    assert_eq!(stderr(&o).matches("[W0310]").count(), 5);
}
