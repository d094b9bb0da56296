//! perfc's own CSV back into a [`Filing`]: `--emit csv` (one row per indicator) and
//! `--emit summary` (one row per project: its fields and money), in either label language,
//! with or without the BOM, formula-neutralised cells (`'=2.00(个)`) restored. Given both,
//! they are merged by project name. CSV carries no goals, custom fields, custom
//! sub-amounts, year or framework: what it lacks is reported, and `perfc check` then names
//! the missing required fields.

use super::{group_digits, group_named, Amount, AmountKey, Filing, ImportError, Indicator};
use super::{Notice, Project, Value};

/// One CSV file, read.
pub enum Part {
    Indicators {
        name: String,
        rows: Vec<IndicatorRow>,
    },
    Summary {
        name: String,
        rows: Vec<Project>,
    },
}

pub struct IndicatorRow {
    pub project: String,
    /// The 量纲 column: the unit's dimension.
    pub dimension: String,
    pub indicator: Indicator,
}

/// The cell as it was before `neutralise` (emit/csv.rs) guarded it.
fn restore(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => cell.to_string(),
    }
}

fn opt(cell: &str) -> Option<String> {
    (!cell.is_empty()).then(|| cell.to_string())
}

/// Column positions by header label, in either language.
fn column(header: &[String], zh: &str, en: &str) -> Option<usize> {
    header.iter().position(|h| h == zh || h == en)
}

pub fn read(name: &str, bytes: &[u8]) -> Result<Part, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let unreadable = |zh: String, en: String| ImportError::unreadable(zh, en);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows: Vec<Vec<String>> = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            unreadable(
                format!("`{name}` 不是可读的 CSV：{e}"),
                format!("`{name}` is not readable CSV: {e}"),
            )
        })?;
        rows.push(record.iter().map(restore).collect());
    }
    let header = rows.first().cloned().unwrap_or_default();
    let not_perfc = || {
        unreadable(
            format!("`{name}` 不是 perfc 输出的 CSV（表头应有 项目名称 和 三级指标，或 项目名称 和 年度资金申请总额）"),
            format!("`{name}` is not a CSV perfc writes (its header should have project and indicator, or project and annual)"),
        )
    };
    let project = column(&header, "项目名称", "project").ok_or_else(not_perfc)?;
    let get = |row: &Vec<String>, col: Option<usize>| -> String {
        col.and_then(|c| row.get(c)).cloned().unwrap_or_default()
    };
    if let Some(ind) = column(&header, "三级指标", "indicator") {
        let c = |zh, en| column(&header, zh, en);
        let (l1, l2) = (c("一级指标", "level1"), c("二级指标", "level2"));
        let (cmp, number, unit) = (
            c("比较符", "cmp"),
            c("数值", "number"),
            c("计量单位", "unit"),
        );
        let (text, deadline) = (c("定性值", "text"), c("截止日期", "deadline"));
        let (note, basis) = (c("备注", "note"), c("取值依据", "basis"));
        let dimension = c("量纲", "dimension");
        let mut out = Vec::new();
        for (n, row) in rows.iter().enumerate().skip(1) {
            let groups = (group_named(&get(row, l1)), group_named(&get(row, l2)));
            let (Some(level1), Some(level2)) = groups else {
                return Err(unreadable(
                    format!("`{name}` 第 {} 行：一级或二级指标不可识别", n + 1),
                    format!("`{name}` line {}: unknown level-1 or level-2 group", n + 1),
                ));
            };
            let value = if !get(row, cmp).is_empty() {
                Value::Quantity {
                    cmp: get(row, cmp),
                    number: get(row, number),
                    unit: opt(&get(row, unit)),
                }
            } else if !get(row, deadline).is_empty() {
                Value::Deadline {
                    dates: get(row, deadline).split(';').map(str::to_string).collect(),
                    text: opt(&get(row, text)),
                }
            } else {
                Value::Text(get(row, text))
            };
            out.push(IndicatorRow {
                project: get(row, Some(project)),
                dimension: get(row, dimension),
                indicator: Indicator {
                    level1,
                    level2,
                    name: get(row, Some(ind)),
                    value,
                    note: opt(&get(row, note)),
                    basis: opt(&get(row, basis)),
                    weight: None,
                    actual: None,
                    deviation: None,
                    score: None,
                },
            });
        }
        return Ok(Part::Indicators {
            name: name.to_string(),
            rows: out,
        });
    }
    let annual = column(&header, "年度资金申请总额", "annual").ok_or_else(not_perfc)?;
    let c = |zh, en| column(&header, zh, en);
    let (nature, category) = (c("项目性质", "nature"), c("项目类别", "category"));
    let (department, implementer) = (c("主管部门", "department"), c("实施单位", "implementer"));
    let (start, end) = (c("计划开始日期", "start"), c("计划完成日期", "end"));
    let money = [
        (c("项目资金总额", "total"), None),
        (c("财政资金", "fiscal"), Some("fiscal")),
        (c("其他资金（总额）", "other (total)"), Some("other")),
        (Some(annual), None),
        (c("当年财政拨款", "appropriation"), Some("appropriation")),
        (c("上年结转资金", "carryover"), Some("carryover")),
        (c("其他资金", "other"), Some("other")),
    ];
    let mut out = Vec::new();
    let body = rows.len().saturating_sub(1);
    for (n, row) in rows.iter().enumerate().skip(1) {
        let name_cell = get(row, Some(project));
        let blank = |col| get(row, col).is_empty();
        // The total row: 合计 / Total with every other text column blank, last.
        if n == body
            && matches!(name_cell.as_str(), "合计" | "Total")
            && [nature, category, department, implementer, start, end]
                .into_iter()
                .all(blank)
        {
            continue;
        }
        let m = |k: usize| opt(&get(row, money[k].0)).map(|m| group_digits(&m));
        let leaf = |k: usize| {
            m(k).map(|money| Amount {
                key: AmountKey::Key(money_key(k)),
                money: Some(money),
                children: vec![],
            })
        };
        let mut funding = Vec::new();
        for (parent, kids) in [(0usize, 1..3), (3, 4..7)] {
            let children: Vec<Amount> = kids.filter_map(leaf).collect();
            if m(parent).is_some() || !children.is_empty() {
                funding.push(Amount {
                    key: AmountKey::Key(money_key(parent)),
                    money: m(parent),
                    children,
                });
            }
        }
        out.push(Project {
            name: name_cell,
            nature: opt(&get(row, nature)),
            category: opt(&get(row, category)),
            department: opt(&get(row, department)),
            implementer: opt(&get(row, implementer)),
            start: opt(&get(row, start)),
            end: opt(&get(row, end)),
            funding,
            ..Project::default()
        });
    }
    Ok(Part::Summary {
        name: name.to_string(),
        rows: out,
    })
}

fn money_key(k: usize) -> &'static str {
    [
        "total",
        "fiscal",
        "other",
        "annual",
        "appropriation",
        "carryover",
        "other",
    ][k]
}

/// The parts merged into one filing: projects in the summary's order (else in the order
/// the indicator rows name them), each with its indicators.
pub fn assemble(parts: Vec<Part>) -> (Filing, Vec<Notice>) {
    let mut projects: Vec<Project> = Vec::new();
    let mut notices = Vec::new();
    let mut indicator_rows = Vec::new();
    let mut have_summary = false;
    for part in parts {
        match part {
            Part::Summary { rows, .. } => {
                have_summary = true;
                projects.extend(rows);
            }
            Part::Indicators { name, rows } => indicator_rows.push((name, rows)),
        }
    }
    let have_indicators = !indicator_rows.is_empty();
    let mut units = Filing::default();
    for (file, rows) in indicator_rows {
        for row in rows {
            if let Value::Quantity { unit: Some(u), .. } = &row.indicator.value {
                units.declare_unit(u, &row.dimension);
            }
            match projects.iter_mut().position(|p| p.name == row.project) {
                Some(k) => projects[k].indicators.push(row.indicator),
                None => {
                    if have_summary {
                        notices.push(Notice {
                            place: file.clone(),
                            zh: format!("项目 `{}` 不在汇总表 CSV 中，只导入了它的指标", row.project),
                            en: format!("project `{}` is not in the summary CSV; only its indicators are imported", row.project),
                        });
                    }
                    projects.push(Project {
                        name: row.project.clone(),
                        indicators: vec![row.indicator],
                        ..Project::default()
                    });
                }
            }
        }
    }
    let lacks = if have_summary && have_indicators {
        (
            "年度总体目标、其他字段、自定义资金分项、年度",
            "goals, other fields, custom sub-amounts, the year",
        )
    } else if have_summary {
        (
            "指标（perfc build --emit csv 的文件）、年度总体目标、其他字段、年度",
            "indicators (the perfc build --emit csv file), goals, other fields, the year",
        )
    } else {
        (
            "项目信息和资金（perfc build --emit summary 的文件）、年度总体目标、年度",
            "project fields and funding (the perfc build --emit summary file), goals, the year",
        )
    };
    notices.push(Notice {
        place: "CSV".to_string(),
        zh: format!(
            "CSV 不含{}；请补上（perfc check 会列出缺少的必填项）",
            lacks.0
        ),
        en: format!(
            "CSV does not carry {}; add them (perfc check lists the missing required fields)",
            lacks.1
        ),
    });
    (
        Filing {
            year: None,
            units: units.units,
            projects,
        },
        notices,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralised_cells_are_restored() {
        assert_eq!(restore("'=2.00(个)"), "=2.00(个)");
        assert_eq!(restore("'abc"), "'abc");
        assert_eq!(restore("及时"), "及时");
    }

    #[test]
    fn quickstart_round_trip() {
        let text = include_str!("../../examples/quickstart.perf");
        let c = crate::compile_str("q.perf", text);
        let opts = crate::emit::Options::default();
        let ind = crate::emit::csv::indicators(&c, &opts);
        let sum = crate::emit::csv::summary(&c, &opts);
        let parts = vec![
            read("i.csv", &ind).unwrap_or_else(|_| panic!("indicators")),
            read("s.csv", &sum).unwrap_or_else(|_| panic!("summary")),
        ];
        let (filing, notices) = assemble(parts);
        assert_eq!(notices.len(), 1);
        let out = super::super::write::single(&filing, Default::default()).unwrap();
        let got = crate::fmt::meaning(&out).json;
        let want = crate::fmt::meaning(text).json;
        assert_eq!(
            got["projects"][0]["indicators"],
            want["projects"][0]["indicators"]
        );
        assert_eq!(got["totals"], want["totals"]);
    }

    #[test]
    fn not_perfc_csv() {
        assert!(read("x.csv", b"a,b\n1,2\n").is_err());
        assert!(read("x.csv", b"").is_err());
    }
}
