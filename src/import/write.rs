//! The neutral [`Filing`] as `.perf` text: printed plainly here, then laid out by
//! [`crate::fmt::format`] — the one canonical layout — which also proves the text parses.

use std::fmt::Write as _;

use super::{Amount, AmountKey, Filing, Indicator, Project, Value};
use crate::hierarchy::GroupName;

/// Which spelling of the keywords to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Keywords {
    #[default]
    Zh,
    En,
}

fn kw(k: Keywords, en: &'static str, zh: &'static str) -> &'static str {
    match k {
        Keywords::Zh => zh,
        Keywords::En => en,
    }
}

/// A fund key (`other` is spelled the same under the total and under the annual request).
fn fund_key(k: Keywords, key: &str) -> &'static str {
    match key {
        "total" => kw(k, "total", "项目资金总额"),
        "fiscal" => kw(k, "fiscal", "财政资金"),
        "other" => kw(k, "other", "其他资金"),
        "annual" => kw(k, "annual", "年度资金申请总额"),
        "appropriation" => kw(k, "appropriation", "当年财政拨款"),
        "carryover" => kw(k, "carryover", "上年结转资金"),
        "adjusted" => kw(k, "adjusted", "全年预算数"),
        _ => kw(k, "execution", "全年执行数"),
    }
}

fn group(k: Keywords, g: GroupName) -> &'static str {
    match k {
        Keywords::Zh => g.form_name(),
        Keywords::En => g.as_str(),
    }
}

/// A string literal: `"…"` with the language's escapes.
pub fn quote(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            '\r' => {}
            c if c.is_control() => {
                let _ = write!(s, "\\u{{{:X}}}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// The settings shared by every project of a file, written once at its top.
struct Shared {
    department: Option<String>,
    implementer: Option<String>,
}

fn shared(projects: &[&Project]) -> Shared {
    let common = |get: fn(&Project) -> &Option<String>| {
        let first = get(projects.first()?).clone()?;
        projects
            .iter()
            .all(|p| get(p).as_deref() == Some(&*first))
            .then_some(first)
    };
    Shared {
        department: common(|p| &p.department),
        implementer: common(|p| &p.implementer),
    }
}

/// The text of one file holding `projects`, before formatting.
pub fn raw(
    year: Option<i32>,
    units: &[(String, String)],
    projects: &[&Project],
    k: Keywords,
) -> String {
    let mut s = String::new();
    let sh = shared(projects);
    if let Some(y) = year {
        let _ = writeln!(s, "{} {y}", kw(k, "year", "年度"));
    }
    if let Some(d) = &sh.department {
        let _ = writeln!(s, "{} {}", kw(k, "department", "主管部门"), quote(d));
    }
    if let Some(i) = &sh.implementer {
        let _ = writeln!(s, "{} {}", kw(k, "implementer", "实施单位"), quote(i));
    }
    let used = |u: &str| {
        projects
            .iter()
            .flat_map(|p| &p.indicators)
            .any(|i| matches!(&i.value, Value::Quantity { unit: Some(x), .. } if x == u))
    };
    let mut declared = false;
    for (u, d) in units.iter().filter(|(u, _)| used(u)) {
        if !declared {
            s.push('\n');
            declared = true;
        }
        let _ = writeln!(s, "{} {u} : {d}", kw(k, "unit", "计量单位"));
    }
    for p in projects {
        s.push('\n');
        project(&mut s, p, &sh, k);
    }
    s
}

fn project(s: &mut String, p: &Project, sh: &Shared, k: Keywords) {
    let _ = writeln!(s, "{} {} {{", kw(k, "project", "项目"), quote(&p.name));
    let setting = |s: &mut String, key: &str, v: &Option<String>| {
        if let Some(v) = v {
            let _ = writeln!(s, "{key} {}", quote(v));
        }
    };
    if let Some(f) = p.framework.filter(|&f| f != 2015) {
        let _ = writeln!(s, "{} {f}", kw(k, "framework", "指标体系"));
    }
    setting(s, kw(k, "nature", "项目性质"), &p.nature);
    setting(s, kw(k, "category", "项目类别"), &p.category);
    if sh.department.is_none() {
        setting(s, kw(k, "department", "主管部门"), &p.department);
    }
    if sh.implementer.is_none() {
        setting(s, kw(k, "implementer", "实施单位"), &p.implementer);
    }
    match (&p.start, &p.end) {
        (Some(a), Some(b)) => {
            let _ = writeln!(s, "{} {a} .. {b}", kw(k, "period", "实施周期"));
        }
        (a, b) => {
            if let Some(a) = a {
                let _ = writeln!(s, "{} {a}", kw(k, "start", "计划开始日期"));
            }
            if let Some(b) = b {
                let _ = writeln!(s, "{} {b}", kw(k, "end", "计划完成日期"));
            }
        }
    }
    for (name, value) in &p.fields {
        let _ = writeln!(
            s,
            "{} {} {}",
            kw(k, "field", "字段"),
            quote(name),
            quote(value)
        );
    }
    if !p.funding.is_empty() {
        // Each amount carries its unit, so the block needs none.
        let _ = writeln!(s, "\n{} {{", kw(k, "funding", "项目资金"));
        let unit = p.funding_unit.as_deref().unwrap_or("元");
        for a in &p.funding {
            amount(s, a, unit, k);
        }
        s.push_str("}\n");
    }
    if let Some(g) = &p.overall_goal {
        let _ = writeln!(s, "\n{} {}", kw(k, "overall-goal", "项目总目标"), text(g));
    }
    if let Some(g) = &p.goal {
        let _ = writeln!(s, "\n{} {}", kw(k, "goal", "年度总体目标"), text(g));
    }
    if let Some(a) = &p.achieved {
        let _ = writeln!(s, "{} {}", kw(k, "achieved", "实际完成情况"), text(a));
    }
    indicators(s, p, k);
    s.push_str("}\n");
}

/// A goal: a `"""` block, as the bundled filings write goals, when the text is long or has
/// several lines and reads back the same way from one; else a string.
fn text(t: &str) -> String {
    let block_safe = (t.contains('\n') || t.chars().count() > 30)
        && !t.contains("\"\"\"")
        && !t.contains('\\')
        && !t.contains('\r')
        && !t.ends_with('"')
        && t.lines()
            .all(|l| !l.starts_with([' ', '\t']) && !l.is_empty());
    if block_safe {
        let mut s = String::from("\"\"\"\n");
        for l in t.lines() {
            let _ = writeln!(s, "    {l}");
        }
        s.push_str("    \"\"\"");
        s
    } else {
        quote(t)
    }
}

fn amount(s: &mut String, a: &Amount, unit: &str, k: Keywords) {
    match &a.key {
        AmountKey::Key(key) => s.push_str(fund_key(k, key)),
        AmountKey::Custom(name) => s.push_str(&quote(name)),
    }
    if let Some(m) = &a.money {
        let _ = write!(s, " {m} {unit}");
    }
    if a.children.is_empty() {
        s.push('\n');
    } else {
        s.push_str(" {\n");
        for c in &a.children {
            amount(s, c, unit, k);
        }
        s.push_str("}\n");
    }
}

fn weight_of(p: &Project, l1: GroupName, l2: Option<GroupName>) -> Option<&str> {
    p.weights
        .iter()
        .find(|(a, b, _)| *a == l1 && *b == l2)
        .map(|(_, _, w)| w.as_str())
}

/// Indicators in their order, a group block for each run of the same 一级 and 二级.
fn indicators(s: &mut String, p: &Project, k: Keywords) {
    let mut level1: Option<GroupName> = None;
    let mut level2: Option<GroupName> = None;
    let open = |s: &mut String, g: GroupName, w: Option<&str>| {
        s.push_str(group(k, g));
        if let Some(w) = w {
            let _ = write!(s, " {} {w}", kw(k, "weight", "分值"));
        }
        s.push_str(" {\n");
    };
    for i in &p.indicators {
        if level1 != Some(i.level1) {
            if level1.is_some() {
                s.push_str("}\n}\n");
            } else {
                s.push('\n');
            }
            open(s, i.level1, weight_of(p, i.level1, None));
            open(s, i.level2, weight_of(p, i.level1, Some(i.level2)));
        } else if level2 != Some(i.level2) {
            s.push_str("}\n");
            open(s, i.level2, weight_of(p, i.level1, Some(i.level2)));
        }
        level1 = Some(i.level1);
        level2 = Some(i.level2);
        indicator(s, i, k);
    }
    if level1.is_some() {
        s.push_str("}\n}\n");
    }
}

fn indicator(s: &mut String, i: &Indicator, k: Keywords) {
    s.push_str(&quote(&i.name));
    s.push(' ');
    s.push_str(&value(&i.value, k));
    if let Some(a) = &i.actual {
        let _ = write!(s, " {} {}", kw(k, "actual", "实际完成值"), actual(a));
    }
    if let Some(w) = &i.weight {
        let _ = write!(s, " {} {w}", kw(k, "weight", "分值"));
    }
    if let Some(sc) = &i.score {
        let _ = write!(s, " {} {sc}", kw(k, "score", "得分"));
    }
    if let Some(d) = &i.deviation {
        let _ = write!(s, " {} {}", kw(k, "deviation", "偏差原因"), quote(d));
    }
    if let Some(n) = &i.note {
        let _ = write!(s, " {} {}", kw(k, "note", "备注"), quote(n));
    }
    if let Some(b) = &i.basis {
        let _ = write!(s, " {} {}", kw(k, "basis", "取值依据"), quote(b));
    }
    s.push('\n');
}

/// A target as the language writes it.
pub fn value(v: &Value, k: Keywords) -> String {
    match v {
        Value::Quantity { cmp, number, unit } => match unit {
            Some(u) if !u.is_empty() => format!("{cmp} {number} {u}"),
            _ => format!("{cmp} {number}"),
        },
        Value::Text(t) => quote(t),
        Value::Deadline { dates, text } => {
            let sep = format!(" {} ", kw(k, "and", "和"));
            let mut s = format!("{} {}", kw(k, "by", "截至"), dates.join(&sep));
            if let Some(t) = text {
                s.push(' ');
                s.push_str(&quote(t));
            }
            s
        }
    }
}

/// An actual as JSON gives it: a number with its unit, a date or an achievement word
/// written bare, anything else quoted.
fn actual(a: &str) -> String {
    let bare = a.starts_with(|c: char| c.is_ascii_digit())
        && a.chars()
            .all(|c| !c.is_whitespace() && c != '"' && c != ';')
        || matches!(a, "达成" | "部分达成" | "未达成");
    if bare {
        a.to_string()
    } else {
        quote(a)
    }
}

/// Formatted `.perf` for one file, or why it could not be printed (a bug, never expected:
/// the text is built from literals and escaped strings).
pub fn file(f: &Filing, projects: &[&Project], k: Keywords) -> Result<String, String> {
    let raw = raw(f.year, &f.units, projects, k);
    crate::fmt::format(&raw).map_err(|diags| {
        let codes: Vec<String> = diags
            .iter()
            .map(|d| d.code.info().code.to_string())
            .collect();
        format!("{}\n{raw}", codes.join(", "))
    })
}

/// The whole filing as one formatted file.
pub fn single(f: &Filing, k: Keywords) -> Result<String, String> {
    let projects: Vec<&Project> = f.projects.iter().collect();
    file(f, &projects, k)
}

/// One formatted file per project: (`01-项目名.perf`, text).
pub fn per_project(f: &Filing, k: Keywords) -> Result<Vec<(String, String)>, String> {
    let width = f.projects.len().to_string().len().max(2);
    let mut seen = std::collections::HashSet::new();
    f.projects
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let mut name = format!("{:0width$}-{}", n + 1, file_stem(&p.name));
            while !seen.insert(name.to_lowercase()) {
                name.push('_');
            }
            Ok((format!("{name}.perf"), file(f, &[p], k)?))
        })
        .collect()
}

/// A project name made safe as a file name on every system: no path separators, no
/// characters Windows refuses, no control characters, no leading or trailing dots or
/// spaces, at most 60 characters.
pub fn file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .take(60)
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace());
    if trimmed.is_empty() {
        "项目".to_string()
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Filing {
        Filing {
            year: Some(2024),
            units: vec![],
            projects: vec![Project {
                name: "示例 \"项目\"".into(),
                nature: Some("其他一次性项目".into()),
                department: Some("部门".into()),
                implementer: Some("单位".into()),
                start: Some("2024-01-01".into()),
                end: Some("2024-12-31".into()),
                fields: vec![("资金性质".into(), "一般公共预算".into())],
                funding: vec![Amount {
                    key: AmountKey::Key("annual"),
                    money: None,
                    children: vec![
                        Amount {
                            key: AmountKey::Key("appropriation"),
                            money: Some("1,000.00".into()),
                            children: vec![Amount {
                                key: AmountKey::Custom("中央补助安排".into()),
                                money: Some("500.00".into()),
                                children: vec![],
                            }],
                        },
                        Amount {
                            key: AmountKey::Key("other"),
                            money: Some("0".into()),
                            children: vec![],
                        },
                    ],
                }],
                goal: Some("第一行\n第二行".into()),
                indicators: vec![
                    Indicator {
                        level1: GroupName::Output,
                        level2: GroupName::Quantity,
                        name: "课题完成数".into(),
                        value: Value::Quantity {
                            cmp: "=".into(),
                            number: "2.00".into(),
                            unit: Some("个".into()),
                        },
                        note: Some("备注".into()),
                        basis: None,
                        weight: None,
                        actual: None,
                        deviation: None,
                        score: None,
                    },
                    Indicator {
                        level1: GroupName::Output,
                        level2: GroupName::Timeliness,
                        name: "结题".into(),
                        value: Value::Deadline {
                            dates: vec!["2024-06-30".into(), "2024-12-31".into()],
                            text: Some("上下半年各一次".into()),
                        },
                        note: None,
                        basis: None,
                        weight: None,
                        actual: None,
                        deviation: None,
                        score: None,
                    },
                    Indicator {
                        level1: GroupName::Satisfaction,
                        level2: GroupName::Beneficiary,
                        name: "满意度".into(),
                        value: Value::Text("≥ 8 5".into()),
                        note: None,
                        basis: None,
                        weight: None,
                        actual: None,
                        deviation: None,
                        score: None,
                    },
                ],
                ..Project::default()
            }],
        }
    }

    #[test]
    fn both_keyword_languages_parse_and_mean_the_same() {
        let zh = single(&sample(), Keywords::Zh).unwrap();
        let en = single(&sample(), Keywords::En).unwrap();
        assert!(zh.contains("年度资金申请总额 {"), "{zh}");
        assert!(en.contains("annual {"), "{en}");
        let (a, b) = (crate::fmt::meaning(&zh), crate::fmt::meaning(&en));
        assert_eq!(a.json, b.json);
        let p = &a.json["projects"][0];
        assert_eq!(p["name"], "示例 \"项目\"");
        assert_eq!(p["goal"], "第一行\n第二行");
        assert_eq!(p["funding"]["derived"][0], "annual");
        assert_eq!(p["funding"]["custom"][0]["name"], "中央补助安排");
        assert_eq!(p["indicators"][1]["value"]["dates"][0], "2024-06-30");
        assert_eq!(p["indicators"][2]["value"]["text"], "≥ 8 5");
        assert_eq!(p["fields"]["资金性质"], "一般公共预算");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_stem("a/b:c"), "a_b_c");
        assert_eq!(file_stem(" .. "), "项目");
        assert_eq!(file_stem("长三角一体化"), "长三角一体化");
        let mut f = sample();
        f.projects.push(f.projects[0].clone());
        let files = per_project(&f, Keywords::Zh).unwrap();
        assert_eq!(files[0].0, "01-示例 _项目_.perf");
        assert_ne!(files[0].0, files[1].0);
    }
}
