//! `perfc evaluate` through the real binary, on tests/evaluate/2024.perf: last year's filing
//! with `actual` and `weight` added to one project (every kind of actual, a unit conversion,
//! deviations, `achieved`, `adjusted` and `execution` with their rows) and left alone in the
//! other. The total is computed by hand below and asserted; each format is pinned (table,
//! Markdown, CSV, JSON as snapshots; xlsx read back with calamine; HTML rendered by headless
//! Chromium); and the exit codes and the atomic `-o` are those of `perfc build`.
//!
//! The hand calculation of 城管执法监督考核辅助工作 (§8; each score rounded half-up to 分):
//!
//! ```text
//! 产出 50 = 数量 30 + 质量 10 + 时效 5 + 成本 5
//!   巡查里程      >= 5,000 公里, actual 4,000 公里, w 10:  4000/5000 × 10        =  8.00
//!   课题完成数    = 2 个, actual 2 个, w 5:                                       =  5.00
//!   考核报告数    > 12 份, actual 11 份, w 15:       11/12 × 15 = 13.75           = 13.75
//!   考核差错率    <= 2 %, actual 1.5 %, w 4:         lower is better, met          =  4.00
//!   考核覆盖率    = 100 %, no actual, w 10 − 4 = 6:  not scored (blank, counts 0)  =   —
//!   年度考核完成  by 2024-12-31, actual 2024-12-20, w 5/2 = 2.50: on time          =  2.50
//!   季度报告报送  by 2024-Q3 (09-30), actual 2024-10-15, w 2.50: late              =  0.00
//!   单次考核成本  <= 10,000 元, actual 1.2 万元 = 12,000 元, w 5:
//!                 (1 − (12000 − 10000)/10000) × 5 = 0.8 × 5                        =  4.00
//! 效益 30 = 社会 20 + 可持续 10
//!   执法规范化水平   qualitative, 达成, w 20/2 = 10:     100 %                     = 10.00
//!   投诉办理规范性   qualitative, 部分达成, w 10:        default 70 %              =  7.00
//!   长效管理机制健全性 部分达成 score 7.5, w 10: inside the band 6–8               =  7.50
//! 满意度 10
//!   服务对象满意度 >= 85 %, actual 80 %, w 10:  80/85 × 10 = 9.4117…               =  9.41
//! 预算执行率: 456,000.00 ÷ 480,000.00 (全年预算数, adjusted) = 95.00 % × 10        =  9.50
//!
//! 总分 = 8 + 5 + 13.75 + 4 + 2.5 + 0 + 4 + 10 + 7 + 7.5 + 9.41 + 9.5               = 80.66 → 良
//! ```

mod common;

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Dimensions, Reader, Xlsx};
use common::browser::{browser_or_skip, count_pages, png_stats, screenshot_and_print};
use common::{code, manifest, perfc_in, stderr, stdout};

const EVALUATED: &str = "城管执法监督考核辅助工作";
const NOT_EVALUATED: &str = "城管执法普法宣传";

/// `perfc evaluate tests/evaluate ARGS…` from the repository root.
fn evaluate(lang: &str, args: &[&str]) -> std::process::Output {
    let mut all = vec!["evaluate", "tests/evaluate"];
    all.extend_from_slice(args);
    perfc_in(&manifest(), lang, &all)
}

fn ok_stdout(args: &[&str]) -> String {
    let o = evaluate("zh_CN.UTF-8", args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn the_total_matches_the_hand_calculation() {
    let doc: serde_json::Value =
        serde_json::from_str(&ok_stdout(&["--emit", "json"])).expect("valid JSON");
    assert_eq!(doc["format"], "perfc-evaluation/1");
    let p = &doc["projects"][0];
    assert_eq!(p["name"], EVALUATED);
    let e = &p["evaluation"];
    assert_eq!(e["score"], "80.66");
    assert_eq!(e["grade"], "良");
    assert_eq!(e["execution_rate"], "95.00");
    assert_eq!(e["execution_score"], "9.50");
    assert_eq!(e["weight"], "100.00");
    let scores: Vec<&serde_json::Value> = p["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["score"])
        .collect();
    let expected = [
        "8.00", "5.00", "13.75", "4.00", "", "2.50", "0.00", "4.00", "10.00", "7.00", "7.50",
        "9.41",
    ];
    assert_eq!(scores.len(), expected.len());
    for (got, want) in scores.iter().zip(expected) {
        if want.is_empty() {
            assert!(
                got.is_null(),
                "an unscored indicator has no score, not 0.00"
            );
        } else {
            assert_eq!(*got, want);
        }
    }
    // Decimal strings, never floats, anywhere in the document.
    fn no_floats(v: &serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => assert!(n.is_i64() || n.is_u64(), "{n}"),
            serde_json::Value::Array(a) => a.iter().for_each(no_floats),
            serde_json::Value::Object(o) => o.values().for_each(no_floats),
            _ => {}
        }
    }
    no_floats(&doc);
    assert_eq!(doc["projects"][1]["evaluation"], serde_json::Value::Null);
    assert_eq!(doc["summary"]["not_evaluated"][0], NOT_EVALUATED);
    assert_eq!(doc["summary"]["grades"]["良"], 1);
}

#[test]
fn table_is_the_default_and_names_the_project_not_evaluated() {
    let o = evaluate("zh_CN.UTF-8", &["--width", "120"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("项目“{NOT_EVALUATED}”没有实际完成值，未自评")));
    insta::assert_snapshot!("evaluate_table_zh", stdout(&o));
}

#[test]
fn table_in_english() {
    let o = evaluate("zh_CN.UTF-8", &["--lang", "en", "--width", "120"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!(
        "project `{NOT_EVALUATED}` has no actual value: not evaluated"
    )));
    insta::assert_snapshot!("evaluate_table_en", stdout(&o));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("evaluate_markdown", ok_stdout(&["--emit", "markdown"]));
}

#[test]
fn csv_snapshot_and_its_score_column_sums_to_the_total() {
    let text = ok_stdout(&["--emit", "csv", "--no-bom"]);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (score, total, weight) = (col("得分"), col("总分"), col("分值"));
    let mut sum = rust_decimal::Decimal::ZERO;
    let mut weights = rust_decimal::Decimal::ZERO;
    let mut totals = Vec::new();
    for row in r.records() {
        let row = row.unwrap();
        if &row[0] != EVALUATED {
            continue;
        }
        if !row[score].is_empty() {
            sum += row[score].parse::<rust_decimal::Decimal>().unwrap();
        }
        if !row[weight].is_empty() {
            weights += row[weight].parse::<rust_decimal::Decimal>().unwrap();
        }
        if !row[total].is_empty() {
            totals.push(row[total].to_string());
        }
    }
    assert_eq!(sum.to_string(), "80.66");
    assert_eq!(weights.to_string(), "100.00");
    assert_eq!(totals, ["80.66"]);
    insta::assert_snapshot!("evaluate_csv", text);
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("evaluate_json", ok_stdout(&["--emit", "json"]));
}

#[test]
fn xlsx_has_numbers_and_merged_cells() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("自评.xlsx");
    let o = evaluate(
        "zh_CN.UTF-8",
        &["--emit", "xlsx", "-o", out.to_str().unwrap()],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let bytes = std::fs::read(&out).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["汇总", EVALUATED]);

    let summary = book.worksheet_range("汇总").unwrap();
    let find = |range: &calamine::Range<Data>, text: &str| {
        range
            .cells()
            .find(|(_, _, v)| *v == &Data::String(text.into()))
            .map(|(r, c, _)| (r + range.start().unwrap().0 as usize, c))
            .unwrap_or_else(|| panic!("{text} not found"))
    };
    let (r, _) = find(&summary, EVALUATED);
    let at = |range: &calamine::Range<Data>, r: usize, c: usize| {
        range
            .get_value((r as u32, c as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    assert_eq!(at(&summary, r, 2), Data::Float(0.95), "execution rate");
    assert_eq!(at(&summary, r, 3), Data::Float(80.66), "total");
    assert_eq!(at(&summary, r, 4), Data::String("良".into()));
    let (r, _) = find(&summary, NOT_EVALUATED);
    assert_eq!(at(&summary, r, 3), Data::Empty);
    assert_eq!(at(&summary, r, 4), Data::String("未自评".into()));

    let form = book.worksheet_range(EVALUATED).unwrap();
    // Each indicator's weight and score are numbers in columns 6 and 7; an unscored one is
    // blank.
    for (name, weight, score) in [
        ("巡查里程", 10.0, Some(8.0)),
        ("考核报告数", 15.0, Some(13.75)),
        ("考核覆盖率", 6.0, None),
        ("季度报告报送", 2.5, Some(0.0)),
        ("单次考核成本", 5.0, Some(4.0)),
        ("服务对象满意度", 10.0, Some(9.41)),
    ] {
        let (r, c) = find(&form, name);
        assert_eq!(c, 3, "{name} in the 三级指标 column");
        assert_eq!(at(&form, r, 6), Data::Float(weight), "{name}");
        assert_eq!(
            at(&form, r, 7),
            score.map_or(Data::Empty, Data::Float),
            "{name}"
        );
    }
    let (r, _) = find(&form, "巡查里程");
    assert_eq!(
        at(&form, r, 8),
        Data::String("两个月无人机停飞；已补充设备".into())
    );
    let (r, _) = find(&form, "总分");
    assert_eq!(at(&form, r, 6), Data::Float(100.0));
    assert_eq!(at(&form, r, 7), Data::Float(80.66));
    let (r, _) = find(&form, "年度资金总额");
    assert_eq!(at(&form, r, 2), Data::Float(500000.0));
    assert_eq!(at(&form, r, 3), Data::Float(480000.0));
    assert_eq!(at(&form, r, 4), Data::Float(456000.0));
    assert_eq!(at(&form, r, 5), Data::Float(10.0));
    assert_eq!(at(&form, r, 6), Data::Float(0.95));
    // 得分 over the indicators' 得分 column.
    assert_eq!(at(&form, r, 7), Data::Float(9.5));

    // The 一级 cell of 产出指标 is merged down its eight indicators, 二级 数量指标 down three.
    let merged = book.merge_cells_by_sheet_name(EVALUATED).unwrap();
    let (r, c) = find(&form, "巡查里程");
    let has = |start: (usize, usize), end: (usize, usize)| {
        merged.contains(&Dimensions {
            start: (start.0 as u32, start.1 as u32),
            end: (end.0 as u32, end.1 as u32),
        })
    };
    assert!(
        has((r, c - 2), (r + 7, c - 2)),
        "产出指标 merged: {merged:?}"
    );
    assert!(
        has((r, c - 1), (r + 2, c - 1)),
        "数量指标 merged: {merged:?}"
    );
    assert!(has((0, 0), (0, 8)), "title merged: {merged:?}");
}

#[test]
fn html_renders_in_chromium() {
    let html = ok_stdout(&["--emit", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for bad in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(bad), "the page refers to {bad}");
    }
    assert_eq!(html.matches("<section class=\"form\"").count(), 1);
    assert_eq!(html.matches("<rect class=\"bar\"").count(), 1);
    assert!(html.contains("<td class=\"num\">80.66</td>"));
    assert!(html.contains(">未自评</text>"));
    let Some(chromium) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(&page, &html).unwrap();
    let png = std::env::var_os("PERFC_KEEP_SCREENSHOT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("out.png"));
    let pdf = dir.path().join("out.pdf");
    screenshot_and_print(&chromium, dir.path(), &page, &png, &pdf);
    let (width, height, nonwhite, dark) = png_stats(&png);
    assert_eq!((width, height), (1240, 1754));
    assert!(
        (0.03..0.7).contains(&nonwhite),
        "screenshot non-white share {nonwhite}: blank, an error page or a smear"
    );
    assert!(
        dark > 0.01,
        "screenshot dark share {dark}: no text or borders"
    );
    // The form (one or two pages), then the summary with its chart.
    let pages = count_pages(&std::fs::read(&pdf).unwrap());
    assert!((2..=5).contains(&pages), "{pages} PDF pages");
}

/// A folder holding one file with the given text.
fn folder_with(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.perf"), text).unwrap();
    dir
}

/// The second project of the fixture alone: a filing without any actual.
fn without_actuals() -> String {
    let text = std::fs::read_to_string(manifest().join("tests/evaluate/2024.perf")).unwrap();
    let start = text.find("项目 \"城管执法普法宣传\"").unwrap();
    format!(
        "year 2024\ndepartment \"部门\"\nimplementer \"单位\"\n{}",
        &text[start..]
    )
}

#[test]
fn no_actuals_at_all_exits_1_and_writes_nothing() {
    let dir = folder_with(&without_actuals());
    for (lang, words) in [
        ("zh_CN.UTF-8", "没有项目填写实际完成值"),
        ("en_US.UTF-8", "no project has an actual value"),
    ] {
        let o = perfc_in(dir.path(), lang, &["evaluate", ".", "-o", "out.csv"]);
        assert_eq!(code(&o), 1, "{}", stderr(&o));
        assert!(stderr(&o).contains(words), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
        assert!(!dir.path().join("out.csv").exists());
    }
    let o = perfc_in(dir.path(), "zh_CN.UTF-8", &["evaluate", "a.perf"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}

#[test]
fn a_bad_path_exits_2() {
    let o = evaluate("zh_CN.UTF-8", &["no/such/file.perf"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}

#[test]
fn errors_exit_1_and_leave_the_old_output_untouched() {
    let text = std::fs::read_to_string(manifest().join("tests/evaluate/2024.perf")).unwrap();
    // A unit that does not exist is an error.
    let broken = text.replacen("actual 2 个", "actual 2 不存在的单位", 1);
    assert_ne!(broken, text);
    let dir = folder_with(&broken);
    let out = dir.path().join("out.json");
    std::fs::write(&out, "old").unwrap();
    let o = perfc_in(
        dir.path(),
        "zh_CN.UTF-8",
        &["evaluate", "a.perf", "--emit", "json", "-o", "out.json"],
    );
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert!(stdout(&o).is_empty());
}

#[test]
fn output_is_written_atomically_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("自评.md");
    std::fs::write(&out, "old").unwrap();
    let path = out.to_str().unwrap();
    let o = evaluate("zh_CN.UTF-8", &["--emit", "markdown", "-o", path]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        ok_stdout(&["--emit", "markdown"])
    );
    // Nothing but the output is left in the folder: no temporary file.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    // An output folder that does not exist is an I/O failure.
    let missing = Path::new(path).with_file_name("no-such-dir/x.md");
    let o = evaluate(
        "zh_CN.UTF-8",
        &["--emit", "markdown", "-o", missing.to_str().unwrap()],
    );
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}
