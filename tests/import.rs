//! `perfc import` through the real binary: the Shanghai filing built to JSON and to CSV and
//! imported back compiles to the same JSON (source positions aside; for CSV, the parts CSV
//! carries); the output is formatted `.perf` in Chinese or English keywords, to stdout, one
//! file or a folder of one file per project; exit codes for unreadable inputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn perfc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perfc"))
        .current_dir(dir)
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .output()
        .expect("perfc runs")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn shanghai() -> String {
    manifest()
        .join("examples/shanghai-2024")
        .to_string_lossy()
        .into_owned()
}

/// `perfc build PATH --emit FORMAT -o dir/OUT`, checked to succeed.
fn build(dir: &Path, path: &str, emit: &str, out: &str) -> PathBuf {
    let target = dir.join(out);
    let o = perfc(
        dir,
        &[
            "build",
            path,
            "--emit",
            emit,
            "-o",
            &target.to_string_lossy(),
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    target
}

/// The perfc/1 JSON of `path` with what depends on file names and lines removed: each
/// indicator's `source`.
fn meaning_of(dir: &Path, path: &Path) -> serde_json::Value {
    let o = perfc(dir, &["build", &path.to_string_lossy(), "--emit", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut json: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    for p in json["projects"].as_array_mut().expect("projects") {
        for i in p["indicators"].as_array_mut().expect("indicators") {
            i.as_object_mut().expect("object").remove("source");
        }
    }
    json
}

#[test]
fn shanghai_json_round_trip_into_a_folder() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let json = build(dir, &shanghai(), "json", "s.json");
    let o = perfc(dir, &["import", "s.json", "-o", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let mut names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 13);
    assert_eq!(names[0], "01-长三角一体化城市管理综合工作.perf");
    assert!(names[12].starts_with("13-"), "{names:?}");
    // Every file is in fmt's layout already and checks without errors.
    let o = perfc(dir, &["fmt", "--check", "out"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert_eq!(
        meaning_of(dir, &dir.join("out")),
        meaning_of(dir, Path::new(&shanghai()))
    );
    // A second import over the folder replaces the files.
    let o = perfc(dir, &["import", &json.to_string_lossy(), "-o", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn json_to_one_file_in_english_keywords() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    build(dir, &shanghai(), "json", "s.json");
    let o = perfc(
        dir,
        &["import", "s.json", "-o", "all.perf", "--keywords", "en"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("all.perf")).expect("written");
    assert!(text.starts_with("year "), "{text}");
    assert!(
        text.contains("\n  funding {\n    annual 450,000.00 元 {"),
        "{text}"
    );
    assert_eq!(
        meaning_of(dir, &dir.join("all.perf")),
        meaning_of(dir, Path::new(&shanghai()))
    );
}

#[test]
fn quickstart_to_stdout_snapshots() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let quickstart = manifest().join("examples/quickstart.perf");
    build(dir, &quickstart.to_string_lossy(), "json", "q.json");
    let zh = perfc(dir, &["import", "q.json"]);
    assert_eq!(code(&zh), 0, "{}", stderr(&zh));
    insta::assert_snapshot!("import_quickstart_zh", stdout(&zh));
    let en = perfc(dir, &["import", "q.json", "--keywords", "en"]);
    insta::assert_snapshot!("import_quickstart_en", stdout(&en));
}

/// The CSV pair (`--emit csv` and `--emit summary`) gives back every indicator, each
/// project's fields and money; goals, custom fields and the year are not in CSV, which the
/// import says.
#[test]
fn shanghai_csv_round_trip() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    build(dir, &shanghai(), "csv", "i.csv");
    build(dir, &shanghai(), "summary", "s.csv");
    let o = perfc(dir, &["import", "i.csv", "s.csv", "-o", "all.perf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("CSV 不含年度总体目标"),
        "{}",
        stderr(&o)
    );
    let text = std::fs::read_to_string(dir.join("all.perf")).expect("written");
    let got = perfc::fmt::meaning(&text).json;
    let want = meaning_of(dir, Path::new(&shanghai()));
    let projects = |j: &serde_json::Value| -> Vec<serde_json::Value> {
        j["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .map(|p| {
                let mut p = p.clone();
                let o = p.as_object_mut().expect("object");
                for gone in ["goal", "overall_goal", "fields"] {
                    o.remove(gone);
                }
                for i in o["indicators"].as_array_mut().expect("indicators") {
                    i.as_object_mut().expect("object").remove("source");
                }
                // CSV writes each parent's amount; whether it was derived is not kept.
                o["funding"]["derived"] = serde_json::json!([]);
                p
            })
            .collect()
    };
    assert_eq!(projects(&got), projects(&want));
    assert_eq!(got["totals"], want["totals"]);
    // English labels (`--lang en` builds) are read the same way.
    let o = perfc(
        dir,
        &[
            "--lang",
            "en",
            "build",
            &shanghai(),
            "--emit",
            "csv",
            "-o",
            "en.csv",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = perfc(dir, &["import", "en.csv", "s.csv"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), text);
}

#[test]
fn unreadable_inputs_exit_2_and_write_nothing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("bad.json"), "{\"format\": \"other\"}").expect("write");
    std::fs::write(dir.join("bad.csv"), "a,b\n1,2\n").expect("write");
    for args in [
        &["import", "missing.json", "-o", "out"][..],
        &["import", "bad.json", "-o", "out"],
        &["import", "bad.csv", "-o", "out"],
        &["import"],
    ] {
        let o = perfc(dir, args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(!dir.join("out").exists(), "{args:?}");
    }
    let o = perfc(dir, &["import", "bad.json"]);
    assert!(stderr(&o).contains("不是 perfc/1 JSON"), "{}", stderr(&o));
    // A perfc/1 document with no project: nothing to import, exit 1.
    std::fs::write(
        dir.join("empty.json"),
        "{\"format\": \"perfc/1\", \"projects\": []}",
    )
    .expect("write");
    let o = perfc(dir, &["import", "empty.json", "-o", "out"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(!dir.join("out").exists());
}
