//! `perfc diff` through the real binary: the folders `tests/diff/old` and `tests/diff/new`
//! (two files each; one project dropped, one added, one moved between files, and in the
//! training project a changed period, funding, goal, a moved indicator and targets made
//! stricter, looser, changed — and one rewritten in another unit that is no change), in
//! human zh and en, Markdown and JSON (snapshots); exit codes; and `perfc diff` as git's
//! external diff driver in a temporary repository.

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{code, manifest, perfc_in, stderr, stdout};

/// perfc started in `tests/diff`, so the outputs name `old` and `new` as given.
fn perfc(lang: &str, args: &[&str]) -> Output {
    perfc_in(&manifest().join("tests/diff"), lang, args)
}

#[test]
fn folders_are_compared_project_by_project_in_chinese() {
    let o = perfc("zh_CN.UTF-8", &["diff", "old", "new"]);
    assert_eq!(code(&o), 1, "changes exit 1: {}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    // The issue's own example line, and the looser targets flagged.
    assert!(
        out.contains("年度资金申请总额：1,250,000.50 元 → 1,300,000.50 元（+50,000.00）"),
        "{out}"
    );
    assert!(
        out.contains("! 目标放宽 产出指标 › 数量指标 › 培训人次：>= 400 人次 → >= 350 人次"),
        "{out}"
    );
    // `<= 60 万元` → `<= 600,000 元` is the same target: not reported.
    assert!(!out.contains("培训成本"), "{out}");
    // A project that moved to another file is unchanged.
    assert!(!out.contains("执法记录仪"), "{out}");
    insta::assert_snapshot!("diff_human_zh", out);
}

#[test]
fn folders_are_compared_in_english() {
    let o = perfc("en_US.UTF-8", &["diff", "old", "new"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("! target LOOSER"), "{out}");
    insta::assert_snapshot!("diff_human_en", out);
    // Colour only when asked (stdout is a pipe here): the looser targets in bold red.
    assert!(!out.contains('\x1b'));
    let colored = perfc("en_US.UTF-8", &["--color", "always", "diff", "old", "new"]);
    assert!(
        stdout(&colored).contains("\x1b[1;31m  ! target LOOSER output › quantity › 培训人次"),
        "{}",
        stdout(&colored)
    );
    // --lang overrides LANG.
    let zh = perfc("en_US.UTF-8", &["--lang", "zh", "diff", "old", "new"]);
    assert!(stdout(&zh).contains("目标放宽"));
}

#[test]
fn markdown_for_a_pull_request_comment() {
    let o = perfc(
        "zh_CN.UTF-8",
        &["diff", "--format", "markdown", "old", "new"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("### perfc diff：共 12 处变化，其中 2 个目标放宽\n"));
    insta::assert_snapshot!("diff_markdown_zh", out);
}

#[test]
fn json_has_the_documented_shape_and_the_same_bytes_every_time() {
    let o = perfc("zh_CN.UTF-8", &["diff", "--format", "json", "old", "new"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(doc["format"], "perfc-diff/1");
    let changes = doc["changes"].as_array().unwrap();
    let kinds: Vec<&str> = changes
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "project-added",
        "project-removed",
        "field",
        "funding",
        "goal",
        "indicator-moved",
        "target",
    ] {
        assert!(kinds.contains(&kind), "no {kind} in {kinds:?}");
    }
    let annual = changes
        .iter()
        .find(|c| c["kind"] == "funding" && c["field"] == "annual")
        .unwrap();
    assert_eq!(annual["old"], "1250000.50");
    assert_eq!(annual["new"], "1300000.50");
    assert_eq!(annual["delta"], "50000.00");
    let directions: Vec<(&str, &str)> = changes
        .iter()
        .filter(|c| c["kind"] == "target")
        .map(|c| {
            (
                c["indicator"].as_str().unwrap(),
                c["direction"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        directions,
        [
            ("培训班次", "changed"),
            ("培训人次", "looser"),
            ("培训考核合格率", "stricter"),
            ("培训完成时间", "looser"),
            ("执法规范化水平", "changed"),
        ]
    );
    let again = perfc("zh_CN.UTF-8", &["diff", "--format", "json", "old", "new"]);
    assert_eq!(stdout(&again), out, "deterministic");
    insta::assert_snapshot!("diff_json", out);
}

/// A filing written once with `万元` and once in 元, with more decimals, other keywords and
/// a comment: the same targets and amounts, so no change and exit 0.
#[test]
fn the_same_filing_in_other_units_is_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(manifest().join("tests/diff/old/01-培训.perf")).unwrap();
    let new = old
        .replace("<= 60 万元", "<= 600,000.00 元")
        .replace(">= 90 %\n      \"教材", ">= 90.00 %\n      \"教材")
        .replace("// perfc diff", "// 改了写法 / rewritten\n// perfc diff")
        .replace("年度总体目标", "goal")
        .replace("数量指标", "quantity")
        .replace(
            "当年财政拨款 1,250,000.50 元",
            "当年财政拨款 125.000050 万元",
        );
    assert_ne!(old, new);
    std::fs::write(dir.path().join("a.perf"), &old).unwrap();
    std::fs::write(dir.path().join("b.perf"), &new).unwrap();
    let o = perfc_in(dir.path(), "zh_CN.UTF-8", &["diff", "a.perf", "b.perf"]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert_eq!(stdout(&o), "没有语义变化\n");
    let o = perfc_in(
        dir.path(),
        "en_US.UTF-8",
        &["diff", "--format", "json", "a.perf", "b.perf"],
    );
    assert_eq!(code(&o), 0);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["changes"], serde_json::json!([]));
}

#[test]
fn a_side_with_errors_or_no_file_is_trouble() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(manifest().join("tests/diff/old/02-宣传.perf")).unwrap();
    std::fs::write(dir.path().join("good.perf"), &good).unwrap();
    std::fs::write(
        dir.path().join("bad.perf"),
        good.replace(">= 12 场", "12 场"),
    )
    .unwrap();
    let o = perfc_in(
        dir.path(),
        "zh_CN.UTF-8",
        &["diff", "good.perf", "bad.perf"],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_eq!(stdout(&o), "", "nothing compared");
    let err = stderr(&o);
    // Its errors as perfc check shows them, then why nothing was compared.
    assert!(err.contains("[E0112]"), "{err}");
    assert!(err.contains("bad.perf:"), "{err}");
    assert!(
        err.contains("错误: `bad.perf` 有 1 个错误，无法可靠地比较"),
        "{err}"
    );
    let o = perfc_in(
        dir.path(),
        "en_US.UTF-8",
        &["diff", "good.perf", "missing.perf"],
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`missing.perf` does not exist"),
        "{}",
        stderr(&o)
    );
    // One path, or three, is no comparison.
    let o = perfc_in(dir.path(), "en_US.UTF-8", &["diff", "good.perf"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("takes two paths"), "{}", stderr(&o));
    let o = perfc_in(dir.path(), "en_US.UTF-8", &["diff", "a", "b", "c"]);
    assert_eq!(code(&o), 2);
}

// ---------------------------------------------------------------------------------------
// git

/// git passes an unmerged path alone (and sets GIT_DIFF_PATH_COUNTER for every path).
#[test]
fn an_unmerged_path_from_git_is_named_and_not_compared() {
    let o = Command::new(env!("CARGO_BIN_EXE_perfc"))
        .env("GIT_DIFF_PATH_COUNTER", "1")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["diff", "01-培训.perf"])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "perfc diff 01-培训.perf: unmerged, not compared\n"
    );
}

/// Whether git is here to test with. Without it a git test says it skipped and passes, unless
/// `PERFC_REQUIRE_GIT=1` (set by `.ci/run`, which installs git) makes that a failure.
fn git_available() -> bool {
    let available = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("PERFC_REQUIRE_GIT").is_none(),
            "git is not installed and PERFC_REQUIRE_GIT is set"
        );
        println!(
            "skipped: git is not installed, so perfc diff as git's external diff is not tested"
        );
    }
    available
}

/// git in `dir`, isolated from the user's and the system's configuration.
fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "perfc test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "perfc test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_PAGER", "cat")
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("GIT_EXTERNAL_DIFF")
        .args(args)
        .output()
        .expect("git runs")
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let o = git(dir, args);
    assert!(
        o.status.success(),
        "git {args:?} failed: {}{}",
        stdout(&o),
        stderr(&o)
    );
    stdout(&o)
}

/// A repository with `.gitattributes` (`*.perf diff=perf`) and `diff.perf.command` set as
/// docs/diff.md says, holding the old side's two files, committed.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git_ok(d, &["init", "-q"]);
    std::fs::write(d.join(".gitattributes"), "*.perf diff=perf\n").unwrap();
    let command = format!("'{}' diff", env!("CARGO_BIN_EXE_perfc"));
    git_ok(d, &["config", "diff.perf.command", &command]);
    for f in ["01-培训.perf", "02-宣传.perf"] {
        std::fs::copy(manifest().join("tests/diff/old").join(f), d.join(f)).unwrap();
    }
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "old"]);
    dir
}

#[test]
fn git_diff_and_git_log_show_semantic_changes() {
    if !git_available() {
        return;
    }
    let repo = repository();
    let d = repo.path();
    let new = manifest().join("tests/diff/new");
    std::fs::copy(new.join("01-培训.perf"), d.join("01-培训.perf")).unwrap();
    // A file added and one whose text changes but not its meaning.
    std::fs::write(
        d.join("03-新增.perf"),
        std::fs::read_to_string(new.join("02-宣传.perf")).unwrap(),
    )
    .unwrap();
    let moved = std::fs::read_to_string(d.join("02-宣传.perf"))
        .unwrap()
        .replace(
            "// perfc diff 的旧版",
            "// 只改注释 / a comment only\n// perfc diff 的旧版",
        );
    std::fs::write(d.join("02-宣传.perf"), moved).unwrap();
    git_ok(d, &["add", "-N", "03-新增.perf"]);

    // The driver exits 0 with changes, so git goes on to every file.
    let out = git_ok(d, &["diff"]);
    assert!(
        out.contains("perfc diff a/01-培训.perf b/01-培训.perf\n"),
        "{out}"
    );
    assert!(
        out.contains("! 目标放宽 产出指标 › 数量指标 › 培训人次：>= 400 人次 → >= 350 人次"),
        "{out}"
    );
    assert!(
        out.contains("年度资金申请总额：1,250,000.50 元 → 1,300,000.50 元（+50,000.00）"),
        "{out}"
    );
    assert!(
        out.contains("perfc diff a/02-宣传.perf b/02-宣传.perf\n没有语义变化\n"),
        "{out}"
    );
    // An added file is /dev/null on the old side: its projects are added.
    assert!(
        out.contains("perfc diff a/03-新增.perf b/03-新增.perf\n"),
        "{out}"
    );
    assert!(out.contains("+ 新增项目「执法记录仪配备」"), "{out}");
    // Files git does not route to perfc keep git's own diff.
    assert!(!out.contains("diff --git a/01"), "{out}");

    // `git log -p` runs external drivers with --ext-diff.
    git_ok(d, &["add", "."]);
    git_ok(d, &["commit", "-q", "-m", "new"]);
    let log = git_ok(d, &["log", "-p", "--ext-diff", "-1"]);
    assert!(log.contains("! 目标放宽"), "{log}");
    // A rename passes two more arguments (9): the new path is named.
    git_ok(d, &["mv", "01-培训.perf", "04-培训.perf"]);
    let t = std::fs::read_to_string(d.join("04-培训.perf")).unwrap();
    std::fs::write(d.join("04-培训.perf"), format!("// 改名 / renamed\n{t}")).unwrap();
    git_ok(d, &["add", "04-培训.perf"]);
    let renamed = git_ok(d, &["diff", "--cached", "-M"]);
    assert!(
        renamed.contains("perfc diff a/01-培训.perf b/04-培训.perf\n没有语义变化\n"),
        "{renamed}"
    );
}

#[test]
fn git_shows_a_text_diff_for_a_side_with_errors() {
    if !git_available() {
        return;
    }
    let repo = repository();
    let d = repo.path();
    let text = std::fs::read_to_string(d.join("02-宣传.perf")).unwrap();
    std::fs::write(d.join("02-宣传.perf"), text.replace(">= 12 场", "12 场")).unwrap();
    let out = git_ok(d, &["diff"]);
    assert!(
        out.contains("`b/02-宣传.perf` 有 1 个错误，无法可靠地比较"),
        "{out}"
    );
    assert!(
        out.contains("-  产出指标 { 数量指标 { \"宣传活动场次\" >= 12 场 } }"),
        "{out}"
    );
    assert!(
        out.contains("+  产出指标 { 数量指标 { \"宣传活动场次\" 12 场 } }"),
        "{out}"
    );
}

/// Why the driver exits 0 with changes: git stops at an external diff that exits non-zero.
#[test]
fn git_stops_at_an_external_diff_that_exits_non_zero() {
    if !git_available() {
        return;
    }
    let repo = repository();
    let d = repo.path();
    git_ok(d, &["config", "diff.perf.command", "sh -c 'exit 1' --"]);
    for f in ["01-培训.perf", "02-宣传.perf"] {
        let t = std::fs::read_to_string(d.join(f)).unwrap();
        std::fs::write(d.join(f), t.replace("年度 2024", "年度 2024 // x")).unwrap();
    }
    let o = git(d, &["diff"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("external diff died"), "{}", stderr(&o));
}
