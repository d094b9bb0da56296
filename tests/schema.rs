//! perfc's JSON against its published schema, `docs/perfc-1.schema.json` (JSON Schema draft
//! 2020-12): the bundled examples, a generated corpus and a filing with the §8 fields must
//! validate, every violation printed; and documents that differ from what perfc writes in
//! one place each must not, so a schema that accepts anything fails here too.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let path = root().join("docs/perfc-1.schema.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is no JSON: {e}", path.display()))
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

/// Every violation, as `/path/in/document: message`.
fn violations(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn assert_valid(what: &str, json: &str) {
    let doc: Value = serde_json::from_str(json).expect("perfc writes JSON");
    let errors = violations(&validator(), &doc);
    assert!(
        errors.is_empty(),
        "{what}: {} schema violation(s):\n{}",
        errors.len(),
        errors
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// perfc's JSON of files or folders, as `perfc build PATH --emit json` writes it.
fn json_of(paths: &[&Path]) -> String {
    let paths: Vec<PathBuf> = paths.iter().map(|p| root().join(p)).collect();
    let files = perfc::load::expand(&paths).expect("the examples exist");
    let c = perfc::compile(perfc::load::read_all(&files).expect("readable"));
    assert_eq!(c.error_count(), 0, "{}", corpus::describe(&c, 10));
    corpus::json(&c)
}

#[test]
fn the_schema_is_a_draft_2020_12_schema() {
    let s = schema();
    assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
    if let Err(e) = jsonschema::meta::validate(&s) {
        panic!("docs/perfc-1.schema.json is not a valid JSON Schema: {e}");
    }
}

#[test]
fn quickstart_matches_the_schema() {
    assert_valid(
        "examples/quickstart.perf",
        &json_of(&[Path::new("examples/quickstart.perf")]),
    );
}

#[test]
fn shanghai_2024_matches_the_schema() {
    assert_valid(
        "examples/shanghai-2024",
        &json_of(&[Path::new("examples/shanghai-2024")]),
    );
}

#[test]
fn a_generated_corpus_matches_the_schema() {
    let (text, _) = corpus::one_file(150, corpus::SEED);
    let c = perfc::compile_str("corpus.perf", &text);
    assert_eq!(c.error_count(), 0, "{}", corpus::describe(&c, 10));
    assert_valid("generated file", &corpus::json(&c));

    let (files, _) = corpus::folder(20, 40, corpus::SEED ^ 2);
    let c = perfc::compile(corpus::inputs(&files));
    assert_eq!(c.error_count(), 0, "{}", corpus::describe(&c, 10));
    assert_valid("generated folder", &corpus::json(&c));
}

/// The §8 fields (a complete evaluation, so no §8 check fires): group and indicator weights, actuals, the execution amount.
const SECTION_8: &str = r#"
年度 2024
主管部门 "上海市住房和城乡建设管理委员会"
实施单位 "上海市城市管理行政执法局"
指标体系 2021

项目 "社区执法服务站运行" {
  项目性质 "经常性项目"
  项目类别 "运转类"
  实施周期 2024-01-01 .. 2024-12-31
  项目资金 万元 {
    年度资金申请总额 { 当年财政拨款 50; 上年结转资金 0; 其他资金 0 }
    全年执行数 48.5
  }
  年度总体目标 "保障全区 30 个社区执法服务站正常运行。"
  成本指标 分值 10 {
    经济成本 { "服务站运行成本" <= 50 万元 分值 10 实际完成值 48.5 万元 备注 "含水电和物业" 取值依据 "上年决算" }
  }
  产出指标 分值 40 {
    数量 分值 20 { "运行服务站数" = 30 个 分值 20 实际完成值 30 个 }
    时效 分值 20 { "服务站开放时间" 截至 2024-12-31 "全年工作日开放" 分值 20 实际完成值 2024-12-31 }
  }
  效益指标 分值 30 {
    社会效益 { "群众诉求响应" "当日受理、三日内答复" 分值 30 实际完成值 达成 }
  }
  满意度指标 分值 10 {
    服务对象满意度 { "社区居民满意度" >= 85 % weight 10 actual 91.3 % }
  }
}
"#;

#[test]
fn the_section_8_fields_match_the_schema() {
    let c = perfc::compile_str("s8.perf", SECTION_8);
    assert!(c.diagnostics.is_empty(), "{}", corpus::describe(&c, 10));
    let json = corpus::json(&c);
    let doc: Value = serde_json::from_str(&json).unwrap();
    let p = &doc["projects"][0];
    // The fields this test is about are there, so it checks them.
    assert!(
        p["weights"].as_array().is_some_and(|w| !w.is_empty()),
        "{p}"
    );
    assert!(p["funding"]["execution"].is_string(), "{p}");
    assert!(p["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i.get("actual").is_some()));
    assert!(p["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i.get("weight").is_some()));
    assert_valid("§8 example", &json);
}

#[test]
fn the_schema_rejects_what_perfc_does_not_write() {
    let json = json_of(&[Path::new("examples/quickstart.perf")]);
    let good: Value = serde_json::from_str(&json).unwrap();
    let v = validator();
    assert!(violations(&v, &good).is_empty());
    // One change each; every one must be caught.
    type Change = fn(&mut Value);
    let cases: Vec<(&str, Change)> = vec![
        ("format", |d| d["format"] = json!("perfc/2")),
        ("money with one decimal", |d| {
            d["projects"][0]["funding"]["annual"] = json!("120000.0")
        }),
        ("money as a number", |d| {
            d["totals"]["annual"] = json!(120000)
        }),
        ("comparator as printed", |d| {
            d["projects"][0]["indicators"][1]["value"]["cmp"] = json!("≥")
        }),
        ("unknown kind", |d| {
            d["projects"][0]["indicators"][0]["value"]["kind"] = json!("quantity")
        }),
        ("qualitative with a number", |d| {
            d["projects"][0]["indicators"][0]["value"] =
                json!({"kind": "qualitative", "text": "x", "number": "3"})
        }),
        ("level2 under the wrong level1", |d| {
            d["projects"][0]["indicators"][0]["level1"] = json!("benefit")
        }),
        ("cost as level1 in framework 2015", |d| {
            d["projects"][0]["indicators"][0]["level1"] = json!("cost");
            d["projects"][0]["indicators"][0]["level2"] = json!("economic-cost")
        }),
        ("unknown framework", |d| {
            d["projects"][0]["framework"] = json!(2016)
        }),
        ("impossible month", |d| {
            d["projects"][0]["start"] = json!("2024-13-01")
        }),
        ("line 0", |d| {
            d["projects"][0]["indicators"][0]["source"]["line"] = json!(0)
        }),
        ("unknown derived amount", |d| {
            d["projects"][0]["funding"]["derived"] = json!(["budget"])
        }),
        ("a field perfc does not write", |d| {
            d["projects"][0]["owner"] = json!("x")
        }),
        ("a missing field", |d| {
            d["projects"][0]["funding"]
                .as_object_mut()
                .unwrap()
                .remove("carryover");
        }),
        ("a missing totals", |d| {
            d.as_object_mut().unwrap().remove("totals");
        }),
        ("dimension that is no dimension", |d| {
            d["projects"][0]["indicators"][0]["value"]["dimension"] = json!("apples")
        }),
    ];
    let mut accepted = Vec::new();
    for (what, change) in cases {
        let mut doc = good.clone();
        change(&mut doc);
        if violations(&v, &doc).is_empty() {
            accepted.push(what);
        }
    }
    assert!(accepted.is_empty(), "the schema accepts: {accepted:?}");
}
