//! `perfc import` through the real binary: the Shanghai filing built to JSON and to CSV and
//! imported back compiles to the same JSON (source positions aside; for CSV, the parts CSV
//! carries); the output is formatted `.perf` in Chinese or English keywords, to stdout, one
//! file or a folder of one file per project; exit codes for unreadable inputs.

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{code, manifest, perfc_in, stderr, stdout};

fn perfc(dir: &Path, args: &[&str]) -> Output {
    perfc_in(dir, "zh_CN.UTF-8", args)
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
    without_sources(serde_json::from_slice(&o.stdout).expect("JSON"))
}

/// A `perfc/1` JSON without each indicator's `source` (an imported file has another name
/// and other lines).
fn without_sources(mut json: serde_json::Value) -> serde_json::Value {
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

/// The fixture with every part of the form — custom sub-amounts, other fields, a declared
/// unit, the 2021 framework, group and indicator weights, actuals, both goals — round trips
/// through JSON too; and importing over an existing file keeps its mode.
#[test]
fn every_part_of_the_form_round_trips_through_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let full = manifest().join("tests/emit/full-form.perf");
    build(dir, &full.to_string_lossy(), "json", "f.json");
    let out = dir.join("f.perf");
    std::fs::write(&out, "old").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    }
    let o = perfc(dir, &["import", "f.json", "-o", "f.perf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out)
            .expect("written")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    let text = std::fs::read_to_string(&out).expect("written");
    assert!(text.contains("\"中央补助安排\" 500,000.00 元"), "{text}");
    assert_eq!(meaning_of(dir, &out), meaning_of(dir, &full));
}

/// The self-evaluation example — actuals of every kind, a written `score`, deviations,
/// 实际完成情况, 全年预算数 and 全年执行数 with their rows — round trips through JSON, and
/// a JSON `actual` written as text (before it was typed) still imports.
#[test]
fn self_evaluation_round_trips_through_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let example = manifest().join("examples/self-evaluation/04-课题研究-自评.perf");
    build(dir, &example.to_string_lossy(), "json", "e.json");
    let o = perfc(dir, &["import", "e.json", "-o", "e.perf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("e.perf")).expect("written");
    for part in [
        "实际完成情况",
        "全年预算数",
        "全年执行数",
        "得分 5",
        "偏差原因",
    ] {
        assert!(text.contains(part), "{part} missing from:\n{text}");
    }
    let want = meaning_of(dir, &example);
    assert_eq!(meaning_of(dir, &dir.join("e.perf")), want);
    assert_eq!(want["projects"][0]["evaluation"]["score"], "90.09");

    let mut old: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("e.json")).expect("built"))
            .expect("JSON");
    old["projects"][0]["indicators"][1]["actual"] = "4个".into();
    std::fs::write(dir.join("old.json"), old.to_string()).expect("write");
    let o = perfc(dir, &["import", "old.json", "-o", "old.perf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(meaning_of(dir, &dir.join("old.perf")), want);
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

/// The JSON `perfc::fmt::meaning` gives for imported text, without source positions.
fn meaning(text: &str) -> serde_json::Value {
    without_sources(perfc::fmt::meaning(text).json)
}

/// perfc's own workbook (`--emit xlsx`: a summary sheet, then a form per project) comes back
/// as the same filing. The one thing a workbook cannot say is the dimension of a unit the
/// built-in table lacks (the Shanghai filing declares `人数`): `perfc check` reports it with
/// the declaration as its fix, and with it the JSON is the same.
#[test]
fn shanghai_xlsx_round_trip() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    build(dir, &shanghai(), "xlsx", "s.xlsx");
    let o = perfc(dir, &["import", "s.xlsx", "-o", "all.perf"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // The summary sheet holds no form: said once, not cell by cell.
    assert_eq!(stderr(&o).lines().count(), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("汇总"), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.join("all.perf")).expect("written");
    let check = perfc(dir, &["check", "all.perf"]);
    assert_eq!(code(&check), 1);
    assert!(
        stderr(&check).contains("计量单位 人数 = 人"),
        "{}",
        stderr(&check)
    );
    let declared = format!("计量单位 人数 = 人\n{text}");
    assert_eq!(meaning(&declared), meaning_of(dir, Path::new(&shanghai())));
    // The workbook with English labels (`--lang en`) reads the same.
    let o = perfc(
        dir,
        &[
            "--lang",
            "en",
            "build",
            &shanghai(),
            "--emit",
            "xlsx",
            "-o",
            "en.xlsx",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let o = perfc(dir, &["import", "en.xlsx"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), text);
}

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn save(dir: &Path, name: &str, wb: &mut Workbook) -> PathBuf {
    let path = dir.join(name);
    wb.save(&path).expect("saved");
    path
}

/// Layout A: the form shifted two columns right and two rows down, 主管部门及代码 and
/// 项目属性 as labels, dates as text in two spellings, funding in 万元 (one amount as
/// text), 一级 and 二级 in merged cells, a deadline as an Excel date, values as published
/// (`＞＝85％`, `≥1,000(份)`), and a stray cell that is reported with its address.
#[test]
fn workbook_shifted_in_wan_yuan_with_text_dates() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("申报表").expect("name");
    let merged = Format::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let put = |s: &mut rust_xlsxwriter::Worksheet, r: u32, c: u16, t: &str| {
        s.write_string(r, c, t).expect("write");
    };
    put(s, 0, 1, "2024年度项目支出绩效目标申报表");
    put(s, 2, 2, "项目名称");
    put(s, 2, 3, "社区垃圾分类宣传");
    put(s, 2, 5, "主管部门及代码");
    put(s, 2, 6, "上海市某局（123）");
    put(s, 3, 2, "实施单位");
    put(s, 3, 3, "某中心");
    put(s, 3, 5, "项目属性");
    put(s, 3, 6, "经常性项目");
    put(s, 4, 2, "项目类别");
    put(s, 4, 3, "特定目标类");
    put(s, 5, 2, "计划开始日期");
    put(s, 5, 3, "2024/1/1");
    put(s, 5, 5, "计划完成日期");
    put(s, 5, 6, "2024年12月31日");
    s.merge_range(6, 2, 9, 2, "项目资金（万元）", &merged)
        .expect("merge");
    put(s, 6, 3, "年度资金总额");
    s.write_number(6, 4, 45.5).expect("write");
    put(s, 7, 3, "其中：财政拨款");
    put(s, 7, 4, "40.5");
    put(s, 8, 3, "上年结转");
    s.write_number(8, 4, 5).expect("write");
    put(s, 9, 3, "其他资金");
    s.write_number(9, 4, 0).expect("write");
    put(s, 10, 2, "年度目标");
    put(s, 10, 3, "完成宣传活动 12 场。");
    for (c, t) in ["一级指标", "二级指标", "三级指标", "年度指标值", "备注"]
        .iter()
        .enumerate()
    {
        put(s, 12, 2 + c as u16, t);
    }
    s.merge_range(13, 2, 15, 2, "产出指标", &merged)
        .expect("merge");
    s.merge_range(13, 3, 14, 3, "数量指标", &merged)
        .expect("merge");
    put(s, 13, 4, "宣传活动场次");
    put(s, 13, 5, "=12(场)");
    put(s, 13, 6, "按月");
    put(s, 14, 4, "发放资料份数");
    put(s, 14, 5, "≥1,000(份)");
    put(s, 15, 3, "时效指标");
    put(s, 15, 4, "完成时间");
    let d = ExcelDateTime::from_ymd(2024, 11, 30).expect("date");
    s.write_datetime_with_format(15, 5, &d, &date)
        .expect("write");
    put(s, 16, 2, "效益指标");
    put(s, 16, 3, "社会效益指标");
    put(s, 16, 4, "居民知晓率");
    put(s, 16, 5, "＞＝85％");
    put(s, 17, 2, "满意度指标");
    put(s, 17, 3, "服务对象满意度指标");
    put(s, 17, 4, "居民满意度");
    put(s, 17, 5, "≥90.00(%)");
    put(s, 19, 8, "填表人：张三");
    save(dir, "a.xlsx", &mut wb);
    let o = perfc(dir, &["import", "a.xlsx"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("申报表!I20") && stderr(&o).contains("填表人：张三"),
        "{}",
        stderr(&o)
    );
    let text = stdout(&o);
    insta::assert_snapshot!("import_workbook_a", text);
    let c = perfc::compile_str("a.perf", &text);
    assert_eq!(c.error_count(), 0, "{text}");
    let j = meaning(&text);
    let p = &j["projects"][0];
    assert_eq!(j["year"], 2024);
    assert_eq!(p["department"], "上海市某局（123）");
    assert_eq!(p["nature"], "经常性项目");
    assert_eq!(
        (&p["start"], &p["end"]),
        (&"2024-01-01".into(), &"2024-12-31".into())
    );
    assert_eq!(p["funding"]["annual"], "455000.00");
    assert_eq!(p["funding"]["appropriation"], "405000.00");
    assert_eq!(p["funding"]["carryover"], "50000.00");
    let inds = p["indicators"].as_array().expect("indicators");
    assert_eq!(inds.len(), 5);
    assert_eq!(inds[0]["note"], "按月");
    assert_eq!(inds[1]["value"]["number"], "1000");
    assert_eq!(inds[2]["value"]["dates"][0], "2024-11-30");
    assert_eq!(inds[3]["value"]["cmp"], ">=");
    assert_eq!(inds[3]["level2"], "social");
}

/// Layout B: two forms down one sheet, the 2021 framework (成本指标 as a 一级), 实施周期 as
/// one text, money as text with commas, a comparator word kept as text for `perfc check`.
#[test]
fn workbook_with_two_forms_on_one_sheet_in_the_2021_framework() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.set_name("项目表").expect("name");
    let mut row = 0;
    for (name, cost) in [
        ("道路养护", "≤1,250,000.50(元)"),
        ("桥梁检测", "≤300,000(元)"),
    ] {
        let mut put = |r: u32, c: u16, t: &str| {
            s.write_string(row + r, c, t).expect("write");
        };
        put(0, 0, "财政项目支出绩效目标申报表");
        put(1, 0, "项目名称");
        put(1, 1, name);
        put(2, 0, "主管部门");
        put(2, 1, "区建管委");
        put(3, 0, "实施单位");
        put(3, 1, "养护所");
        put(4, 0, "项目性质");
        put(4, 1, "经常性项目");
        put(5, 0, "实施周期");
        put(5, 1, "2025年1月1日至2025年12月31日");
        put(6, 0, "年度资金申请总额");
        put(6, 1, "1,250,000.50");
        put(7, 0, "当年财政拨款");
        put(7, 1, "1,250,000.50");
        put(8, 0, "年度总体目标");
        put(8, 1, "养护道路 20 公里。");
        for (c, t) in ["一级指标", "二级指标", "三级指标", "指标值"]
            .iter()
            .enumerate()
        {
            put(10, c as u16, t);
        }
        let rows = [
            ["成本指标", "经济成本指标", "养护成本", cost],
            ["产出指标", "数量指标", "养护里程", "≥20(公里)"],
            ["", "时效指标", "完成及时性", "及时"],
            ["效益指标", "社会效益指标", "道路完好率", "不低于95%"],
            ["满意度指标", "服务对象满意度指标", "市民满意度", "≥85%"],
        ];
        for (k, r) in rows.iter().enumerate() {
            for (c, t) in r.iter().enumerate() {
                if !t.is_empty() {
                    put(11 + k as u32, c as u16, t);
                }
            }
        }
        row += 18;
    }
    save(dir, "b.xlsx", &mut wb);
    let o = perfc(dir, &["import", "b.xlsx", "-o", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let first = std::fs::read_to_string(dir.join("out/01-道路养护.perf")).expect("file 1");
    let second = std::fs::read_to_string(dir.join("out/02-桥梁检测.perf")).expect("file 2");
    insta::assert_snapshot!("import_workbook_b_first", first);
    for text in [&first, &second] {
        let j = meaning(text);
        let p = &j["projects"][0];
        assert_eq!(p["framework"], 2021, "{text}");
        assert_eq!(p["start"], "2025-01-01");
        assert_eq!(p["funding"]["annual"], "1250000.50");
        assert_eq!(p["indicators"][0]["level1"], "cost");
        assert_eq!(p["indicators"][0]["level2"], "economic-cost");
        assert_eq!(p["indicators"][2]["level1"], "output");
        assert_eq!(p["indicators"][2]["value"]["text"], "及时");
        assert_eq!(p["indicators"][3]["value"]["text"], "不低于95%");
        // Kept as text, so `perfc check` says what is wrong with it.
        let c = perfc::compile_str("b.perf", text);
        assert_eq!(c.error_count(), 0, "{text}");
    }
    let check = perfc(dir, &["check", "out"]);
    assert!(stderr(&check).contains("不低于95%"), "{}", stderr(&check));
}

/// Layout C: the central template's two funding columns (项目资金总额 with 财政资金 and
/// 其他资金 beside the annual request with its own 其他资金), goals with their text in the
/// row below the labels, an extra labelled field.
#[test]
fn workbook_with_both_funding_columns_and_goals_below() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let rows: &[&[&str]] = &[
        &["项目名称", "老旧小区改造", "项目性质", "阶段性项目"],
        &["主管部门", "区房管局", "实施单位", "区房管中心"],
        &["计划开始日期", "2024-01-01", "计划完成日期", "2026-12-31"],
        &["资金性质", "一般公共预算"],
        &["项目资金总额", "3000000", "年度资金申请总额", "1000000"],
        &["其中：财政资金", "2800000", "其中：当年财政拨款", "900000"],
        &["其他资金", "200000", "上年结转资金", "100000"],
        &["", "", "其他资金", "0"],
        &["项目总目标", "", "年度总体目标"],
        &["三年改造 30 个小区。", "", "改造 10 个小区。"],
        &["一级指标", "二级指标", "三级指标", "目标值"],
        &["产出指标", "数量指标", "改造小区数", "=10(个)"],
        &["效益指标", "社会效益指标", "居住条件", "明显改善"],
        &["满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"],
    ];
    for (r, cells) in rows.iter().enumerate() {
        for (c, t) in cells.iter().enumerate() {
            if t.is_empty() {
                continue;
            }
            match t.parse::<f64>() {
                Ok(n) => s.write_number(r as u32, c as u16, n),
                Err(_) => s.write_string(r as u32, c as u16, *t),
            }
            .expect("write");
        }
    }
    save(dir, "c.xlsx", &mut wb);
    let o = perfc(dir, &["import", "c.xlsx", "--keywords", "en"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let text = stdout(&o);
    assert!(
        text.contains("funding {\n    total 3,000,000 元 {"),
        "{text}"
    );
    let j = meaning(&text);
    let f = &j["projects"][0]["funding"];
    assert_eq!(f["total"], "3000000.00");
    assert_eq!(f["fiscal"], "2800000.00");
    assert_eq!(f["total_other"], "200000.00");
    assert_eq!(f["annual"], "1000000.00");
    assert_eq!(f["appropriation"], "900000.00");
    assert_eq!(f["carryover"], "100000.00");
    assert_eq!(f["other"], "0.00");
    let p = &j["projects"][0];
    assert_eq!(p["overall_goal"], "三年改造 30 个小区。");
    assert_eq!(p["goal"], "改造 10 个小区。");
    assert_eq!(p["fields"]["资金性质"], "一般公共预算");
    assert_eq!(p["end"], "2026-12-31");
    assert_eq!(p["indicators"].as_array().map(Vec::len), Some(3));
}

#[test]
fn a_workbook_without_a_form_exits_1() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    s.write_string(0, 0, "名单").expect("write");
    s.write_number(1, 0, 3).expect("write");
    save(dir, "none.xlsx", &mut wb);
    let o = perfc(dir, &["import", "none.xlsx", "-o", "out"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("没有可识别的申报表"), "{}", stderr(&o));
    assert!(!dir.join("out").exists());
    std::fs::write(dir.join("broken.xlsx"), b"PK\x03\x04 broken").expect("write");
    let o = perfc(dir, &["import", "broken.xlsx"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
}
