//! Malformed input of any kind gets a coded diagnostic and exit code 1: never a panic, a
//! hang or a stack overflow. The fixed cases go through the real binary; proptest throws
//! random token soup at the library.

use std::process::Command;

use proptest::prelude::*;

fn run_on(bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("input.perf");
    std::fs::write(&f, bytes).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_perfc"))
        .args(["check", "--color", "never", "--message-format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    (
        o.status.code().expect("exited normally, not by a signal"),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

fn assert_coded(bytes: &[u8], code: &str) {
    let (status, out) = run_on(bytes);
    assert_eq!(status, 1, "{out}");
    assert!(
        out.contains(&format!("\"code\":\"{code}\"")),
        "expected {code}: {out}"
    );
}

#[test]
fn invalid_utf8() {
    assert_coded(b"year 2024\nproject \"\xff\xfe\" {}\n", "E0101");
}

#[test]
fn nul_bytes() {
    assert_coded(b"year 2024\0\nproject \"a\" {\0}\n", "E0102");
}

#[test]
fn twenty_thousand_nested_braces() {
    assert_coded("{".repeat(20_000).as_bytes(), "E0111");
    let mut s = "project \"a\" { output { quantity { ".to_string();
    s.push_str(&"{".repeat(20_000));
    s.push_str(&"}".repeat(20_003));
    assert_coded(s.as_bytes(), "E0111");
}

#[test]
fn a_two_megabyte_line() {
    let mut s = "year 2024\nproject \"长\" { goal \"".to_string();
    s.push_str(&"很长的目标".repeat(2 * 1024 * 1024 / 15));
    s.push_str("\" nature }\n");
    assert!(s.len() > 2_000_000);
    assert_coded(s.as_bytes(), "E0109");
    let line = "# ".repeat(1024 * 1024);
    assert_coded(line.as_bytes(), "E0103");
}

#[test]
fn numbers_that_overflow() {
    let big = "9".repeat(60);
    assert_coded(format!("year {big}\n").as_bytes(), "E0108");
    let src = "project \"p\" {\n funding { annual 90,000,000,000,000,000 亿元 }\n}\n";
    assert_coded(src.as_bytes(), "E0403");
}

/// Run `perfc check` on `bytes`, failing the test if it has not finished after `limit`: the
/// guard against work that grows with the square of the input.
fn run_within(bytes: &[u8], limit: std::time::Duration) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("input.perf");
    std::fs::write(&f, bytes).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_perfc"))
        .args(["check", "--color", "never", "--message-format", "json"])
        .arg(&f)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("perfc check took more than {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().expect("exited normally, not by a signal"),
        String::from_utf8_lossy(&o.stdout).into_owned(),
    )
}

/// 100,000 codes in one `@allow(…)` and 100,000 `@allow(W0201)` before one indicator, the
/// project quieting their unused-allow warnings: applying them took time growing with the
/// square of their number (minutes here), and now takes a sort.
#[test]
fn a_hundred_thousand_allows_are_applied_in_linear_time() {
    let n = 100_000;
    let mut s = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/quickstart.perf"
    ))
    .unwrap()
    .replace("项目 \"", "@allow(unused-allow)\n项目 \"");
    let codes = vec!["W0201"; n].join(",");
    let attrs = "@allow(W0201) ".repeat(n);
    s = s.replacen(
        "      \"培训班次\"",
        &format!("      @allow({codes}) {attrs}\"培训班次\""),
        1,
    );
    let (status, out) = run_within(s.as_bytes(), std::time::Duration::from_secs(60));
    assert_eq!(status, 0, "{}", &out[..out.len().min(2000)]);
    assert!(out.is_empty(), "{}", &out[..out.len().min(2000)]);
}

/// Found by `cargo fuzz run check`: a full-width `｛` left unclosed got an E0117 whose span
/// ended one byte into the three-byte character, so editors and `--message-format json`
/// were pointed into the middle of it.
#[test]
fn an_unclosed_full_width_brace_is_spanned_whole() {
    let src = "year 2024\nproject \"p\" {\n  output ｛\n    quantity { \"x\" = 1 个 }\n}\n";
    let c = perfc::compile_str("brace.perf", src);
    let d = c
        .diagnostics
        .iter()
        .find(|d| d.code == perfc::diag::Code::UnclosedBlock)
        .expect("E0117 reported");
    assert_eq!(src.get(d.primary().range()), Some("｛"));
}

#[test]
fn empty_and_whitespace_files() {
    for src in ["", "\n\n", "\u{feff}", "// only a comment\n"] {
        let (status, out) = run_on(src.as_bytes());
        assert_eq!(status, 0, "{src:?}: {out}");
    }
}

/// Fragments that look like .perf, so random programs get deep into the grammar.
fn fragment() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "project",
        "项目",
        "\"名称\"",
        "\"及时\"",
        "{",
        "}",
        "(",
        ")",
        "\n",
        ";",
        "output",
        "quantity",
        "产出指标",
        "数量指标",
        "funding",
        "annual",
        "appropriation",
        "= ",
        ">=",
        "≥",
        "不少于",
        "85",
        "3.00",
        "450,000.00",
        "45,00",
        "%",
        "人",
        "人/次/天",
        "元",
        "万元",
        "by",
        "2024-06-30",
        "2024-Q5",
        "..",
        ",",
        "@allow(",
        "W0201",
        "year",
        "2024",
        "unit",
        "人数",
        ":",
        "count",
        "goal",
        "\"\"\"",
        "\"\"\"x\n  y\"\"\"",
        "/*",
        "*/",
        "//",
        "\\",
        "\"",
        "#",
        "\0",
        "“",
        "weight",
        "actual",
        "达成",
        "-5",
        "9999999999999999999999999999999",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn token_soup_never_panics(parts in prop::collection::vec(fragment(), 0..80)) {
        let src = parts.join(" ");
        let c = perfc::compile_str("soup.perf", &src);
        // Every diagnostic has a span inside the file and a help line or label.
        for d in &c.diagnostics {
            prop_assert!(d.primary().end as usize <= src.len());
        }
        let _ = perfc::diag::render::render_to_string(
            &c.files,
            &c.diagnostics,
            &perfc::diag::render::RenderOptions { lang: perfc::diag::Lang::Zh, color: false },
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let c = perfc::compile(vec![("bytes.perf".into(), bytes)]);
        let _ = c.error_count();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

    /// The time-phrase reader sees arbitrary user text: it must never panic, whatever the
    /// characters or the filing year.
    #[test]
    fn time_phrases_of_any_text(
        text in "[0-9一二三四五六七八九十两次明去上下本今年月日号份季度半初中底末前后旬至到和、，QqH~\\-—年度第每个 ]{0,40}",
        year in any::<i32>(),
    ) {
        for p in perfc::check::timephrase::months_named(&text, year) {
            prop_assert!(p.months.iter().all(|(_, m)| (1..=12).contains(m)));
            prop_assert!(text.contains(&p.text));
        }
    }
}
