//! `perfc fix` through the real binary, on `tests/fix/five-slips.perf`: five slips whose fixes
//! cannot change what the filing says (Chinese quotes, `"大于90%"`, a full-width colon, a
//! misspelled keyword, a 二级 group under the wrong 一级 group, moved under the right one) and
//! one whose fix does (a bare number, where inserting `=` decides what the target is).

use std::path::Path;
use std::process::Output;

mod common;
use common::{code, perfc_in, stderr, stdout};

const FIVE_SLIPS: &str = include_str!("fix/five-slips.perf");

/// perfc started in `dir`, in the given language, so the report names files as given.
fn perfc(dir: &Path, lang: &str, args: &[&str]) -> Output {
    perfc_in(dir, lang, args)
}

/// A temporary folder holding a copy of the five slips, named `five-slips.perf`.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("five-slips.perf"), FIVE_SLIPS).unwrap();
    dir
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("five-slips.perf")).unwrap()
}

#[test]
fn fix_applies_the_five_certain_fixes_and_leaves_the_bare_number() {
    let dir = copy();
    let o = perfc(dir.path(), "zh_CN.UTF-8", &["fix", "five-slips.perf"]);
    // The bare number is still an error: it is for the author to decide.
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let text = read(dir.path());
    for (slip, fixed) in [
        (
            "项目性质：\"其他一次性项目\"",
            "项目性质 \"其他一次性项目\"",
        ),
        ("数量指数 {", "数量指标 {"),
        ("“培训人次”", "\"培训人次\""),
        ("\"大于90%\"", "\"培训考核合格率\" > 90 %"),
        (
            "  效益指标 {\n    质量指标",
            "    时效指标 { \"培训完成时间\" 截至 2024-11-30 }\n    质量指标 { \"培训考核合格率\" > 90 % }\n  }\n",
        ),
    ] {
        assert!(!text.contains(slip), "`{slip}` is still there:\n{text}");
        assert!(text.contains(fixed), "`{fixed}` is missing:\n{text}");
    }
    assert!(text.contains("\"培训班次\" 4 期"), "{text}");
    // Nothing else moved: the same lines, the comment and the layout kept.
    assert_eq!(text.lines().count(), FIVE_SLIPS.lines().count());
    assert_eq!(text.lines().next(), FIVE_SLIPS.lines().next());
    insta::assert_snapshot!("five_slips_fixed_file", text);
    insta::assert_snapshot!("five_slips_report_zh", stderr(&o));
    assert_eq!(stdout(&o), "", "the report goes to stderr");
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = copy();
    let o = perfc(
        dir.path(),
        "zh_CN.UTF-8",
        &["fix", "--dry-run", "five-slips.perf"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(read(dir.path()), FIVE_SLIPS);
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(entries.len(), 1, "no temporary file left behind");
    let diff = stdout(&o);
    assert!(diff.starts_with("--- a/five-slips.perf\n+++ b/five-slips.perf\n"));
    assert!(
        diff.contains("\n-    数量指数 {\n+    数量指标 {\n"),
        "{diff}"
    );
    insta::assert_snapshot!("five_slips_dry_run_diff", diff);
    assert!(stderr(&o).contains("将修改 5 处"), "{}", stderr(&o));
    assert!(stderr(&o).contains("未写入任何文件"), "{}", stderr(&o));
}

#[test]
fn unsafe_also_inserts_the_comparator_and_the_file_checks_clean() {
    let dir = copy();
    let o = perfc(
        dir.path(),
        "en_US.UTF-8",
        &["fix", "--unsafe", "five-slips.perf"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = read(dir.path());
    assert!(text.contains("\"培训班次\" =4 期"), "{text}");
    insta::assert_snapshot!("five_slips_unsafe_report_en", stderr(&o));
    let check = perfc(dir.path(), "en_US.UTF-8", &["check", "five-slips.perf"]);
    assert_eq!(code(&check), 0, "{}", stderr(&check));
    assert!(
        stderr(&check).contains("0 error(s), 0 warning(s)"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn fixing_a_fixed_file_changes_nothing() {
    let dir = copy();
    perfc(dir.path(), "zh_CN.UTF-8", &["fix", "five-slips.perf"]);
    let once = read(dir.path());
    let o = perfc(dir.path(), "zh_CN.UTF-8", &["fix", "five-slips.perf"]);
    assert_eq!(read(dir.path()), once);
    assert!(
        stderr(&o).contains("修改了 0 个文件中的 0 处"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn the_rewritten_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let dir = copy();
    let f = dir.path().join("five-slips.perf");
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o640)).unwrap();
    perfc(dir.path(), "zh_CN.UTF-8", &["fix", "five-slips.perf"]);
    assert_ne!(read(dir.path()), FIVE_SLIPS, "the file was rewritten");
    let mode = std::fs::metadata(&f).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "mode {mode:o}");
}

#[test]
fn folders_are_searched_for_perf_files_and_nothing_else_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("2024");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("a.perf"), FIVE_SLIPS).unwrap();
    let notes = "“不是 .perf 文件” 数量指数";
    std::fs::write(sub.join("notes.txt"), notes).unwrap();
    let o = perfc(dir.path(), "zh_CN.UTF-8", &["fix", "."]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(std::fs::read_to_string(sub.join("a.perf"))
        .unwrap()
        .contains("数量指标 {"));
    assert_eq!(
        std::fs::read_to_string(sub.join("notes.txt")).unwrap(),
        notes
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = perfc(dir.path(), "zh_CN.UTF-8", &["fix", "没有这个文件.perf"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("找不到"), "{}", stderr(&o));
}
