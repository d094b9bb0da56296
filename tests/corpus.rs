//! The benchmark corpus generator (`benches/corpus/`): what it writes must compile with no
//! diagnostics at all, cover the language, be the same on every run, and its JSON must read
//! into the serde baseline's structs. Small sizes only: the benches use the big ones.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use corpus::perfc1;

fn assert_clean(c: &perfc::Compilation) {
    assert!(
        c.diagnostics.is_empty(),
        "the generated corpus must compile with no diagnostics; perfc reports {}:\n{}",
        c.diagnostics.len(),
        corpus::describe(c, 20)
    );
}

#[test]
fn a_generated_file_has_no_diagnostics() {
    let (text, stats) = corpus::one_file(200, corpus::SEED);
    assert_eq!(stats.projects, 200);
    assert_eq!(stats.bytes, text.len());
    let c = perfc::compile_str("corpus.perf", &text);
    assert_clean(&c);
    assert_eq!(c.program().projects.len(), 200);
    let indicators: usize = c
        .program()
        .projects
        .iter()
        .map(|p| p.indicators.len())
        .sum();
    assert_eq!(indicators, stats.indicators);
    // About 30 indicators a project, each between 20 and 40.
    for p in &c.program().projects {
        assert!(
            (20..=40).contains(&p.indicators.len()),
            "{}: {}",
            p.name,
            p.indicators.len()
        );
    }
}

#[test]
fn a_generated_folder_has_no_diagnostics() {
    // Some files start with a BOM, some have CRLF line ends; names are unique across files.
    let (files, stats) = corpus::folder(40, 90, corpus::SEED ^ 1);
    assert_eq!((stats.files, stats.projects), (40, 90));
    assert!(files.iter().any(|(_, t)| t.starts_with('\u{feff}')));
    assert!(files.iter().any(|(_, t)| t.contains("\r\n")));
    // File headers in both languages.
    assert!(files.iter().any(|(_, t)| t.contains("\nyear 2024")));
    assert!(files.iter().any(|(_, t)| t.contains("\n年度 2024")));
    let c = perfc::compile(corpus::inputs(&files));
    assert_clean(&c);
    assert_eq!(c.program().projects.len(), 90);
}

#[test]
fn other_seeds_are_clean_too() {
    for seed in [1, 2, 3] {
        let (text, _) = corpus::one_file(60, seed);
        assert_clean(&perfc::compile_str("corpus.perf", &text));
    }
}

#[test]
fn generation_is_deterministic() {
    let (a, _) = corpus::one_file(30, corpus::SEED);
    let (b, _) = corpus::one_file(30, corpus::SEED);
    assert_eq!(a, b);
    let (c, _) = corpus::one_file(30, corpus::SEED + 1);
    assert_ne!(a, c);
    let (d, stats) = corpus::file_of_size(100_000, corpus::SEED);
    // Half of the file, cut on a character boundary.
    let half = (0..=a.len() / 2)
        .rev()
        .find(|&i| a.is_char_boundary(i))
        .unwrap_or(0);
    assert!(d.len() >= 100_000 && d.starts_with(&a[..half]), "{stats:?}");
}

#[test]
fn the_corpus_covers_the_language() {
    let (text, _) = corpus::one_file(300, corpus::SEED);
    let must = [
        // both keyword languages, and short Chinese group names
        "project \"",
        "项目 \"",
        "output {",
        "产出指标 {",
        "产出 {",
        "quantity {",
        "数量指标 {",
        // comments, multi-line text, `;`-joined items, escapes
        "// ",
        "/* ",
        "\"\"\"",
        "; ",
        "\\n",
        "“谁执法谁普法”",
        // every comparator spelling
        " = ",
        " > ",
        " < ",
        " >= ",
        " <= ",
        "≥",
        "≤",
        "≧",
        "≦",
        "＝",
        "＞",
        "＜",
        "大于 ",
        "小于 ",
        "等于 ",
        "不少于",
        "不低于",
        "大于等于",
        "不小于",
        "不多于",
        "不高于",
        "不超过",
        "小于等于",
        "不大于",
        // numbers and units
        ",000",
        ".00",
        ".5",
        "_",
        "%\n",
        " %",
        "(%)",
        "（%）",
        "（人次）",
        "元/人",
        "万人次",
        "万辆次",
        // dates and periods
        "by 20",
        "截至 20",
        "-Q",
        "-H",
        " and 20",
        " 和 20",
        "、20",
        " .. ",
        " 至 ",
        " ~ ",
        "start 20",
        "计划完成日期 20",
        // funding: total, custom sub-amounts, 万元 blocks, derived parents
        "total ",
        "项目资金总额",
        "\"中央补助安排\"",
        "万元 {",
        "(万元) {",
        "（万元） {",
        "annual {",
        // the rest of a project
        "note \"",
        "备注 \"",
        "basis \"",
        "取值依据 \"",
        "field \"",
        "字段 \"",
        "overall-goal",
        "项目总目标",
        "framework 2021",
        "指标体系 2021",
        "成本指标 {",
        "economic-cost {",
        "weight ",
        "分值 ",
        "@allow(output-upper-bound)",
        "阶段性项目",
        "经常性项目",
    ];
    let missing: Vec<&str> = must.iter().copied().filter(|m| !text.contains(m)).collect();
    assert!(missing.is_empty(), "the corpus never writes {missing:?}");

    // What perfc read from it, through the JSON the baseline reads.
    let c = perfc::compile_str("corpus.perf", &text);
    assert_clean(&c);
    let json = corpus::json(&c);
    let filing = perfc1::parse(&json).expect("perfc/1 JSON reads into the owned structs");
    let ps = &filing.projects;
    assert!(ps.iter().any(|p| p.framework == 2015) && ps.iter().any(|p| p.framework == 2021));
    assert!(ps.iter().any(|p| !p.funding.derived.is_empty()));
    assert!(ps.iter().any(|p| !p.funding.custom.is_empty()));
    assert!(ps.iter().any(|p| p.funding.total.is_some()));
    assert!(ps.iter().any(|p| !p.fields.is_empty()));
    assert!(ps.iter().any(|p| !p.weights.is_empty()));
    let inds = || ps.iter().flat_map(|p| &p.indicators);
    for kind in ["quantitative", "qualitative", "deadline"] {
        assert!(inds().any(|i| i.value.kind == kind), "no {kind} value");
    }
    for cmp in ["=", ">", "<", ">=", "<="] {
        assert!(
            inds().any(|i| i.value.cmp.as_deref() == Some(cmp)),
            "no {cmp}"
        );
    }
    for level1 in ["output", "benefit", "satisfaction", "cost"] {
        assert!(inds().any(|i| i.level1 == level1), "no {level1}");
    }
    assert!(inds().any(|i| i.value.dates.as_ref().is_some_and(|d| d.len() > 1)));
    assert!(inds().any(|i| i.note.is_some()) && inds().any(|i| i.basis.is_some()));
    // Names are unique project by project, indicators group by group (else E0202/E0203).
    let mut names: Vec<&str> = ps.iter().map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ps.len());
}

#[test]
fn the_baseline_reads_what_perfc_writes() {
    let (text, stats) = corpus::one_file(50, corpus::SEED);
    let c = perfc::compile_str("corpus.perf", &text);
    let json = corpus::json(&c);
    let filing = perfc1::parse(&json).unwrap();
    assert_eq!(filing.format, "perfc/1");
    assert_eq!(filing.year, Some(corpus::YEAR));
    assert_eq!(filing.totals.projects, 50);
    assert_eq!(filing.totals.indicators as usize, stats.indicators);
    let sum: usize = filing.projects.iter().map(|p| p.indicators.len()).sum();
    assert_eq!(sum, stats.indicators);
    assert!(filing.projects[0].indicators[0].source.line > 0);
}
