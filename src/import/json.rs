//! perfc's own JSON (`perfc/1`, LANGUAGE.md §7) back into a [`Filing`]. Money is 元 with two
//! decimals there, so amounts come back as `450,000.00` in 元; numbers keep their written
//! scale; a deadline comes back as the resolved dates (`2024-Q4` as `2024-12-31`), which
//! means the same.

use serde_json::Value as J;

use super::{group_digits, group_named, Amount, AmountKey, Filing, ImportError, Indicator};
use super::{Project, Value};

fn s(v: &J) -> Option<String> {
    v.as_str().map(str::to_string)
}

pub fn read(name: &str, bytes: &[u8]) -> Result<Filing, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let doc: J = serde_json::from_slice(bytes).map_err(|e| {
        ImportError::unreadable(
            format!("`{name}` 不是有效的 JSON：{e}"),
            format!("`{name}` is not valid JSON: {e}"),
        )
    })?;
    if doc["format"] != "perfc/1" {
        return Err(ImportError::unreadable(
            format!("`{name}` 不是 perfc/1 JSON（没有 \"format\": \"perfc/1\"）"),
            format!("`{name}` is not perfc/1 JSON (no \"format\": \"perfc/1\")"),
        ));
    }
    let year = doc["year"].as_i64().and_then(|y| i32::try_from(y).ok());
    let projects: Vec<Project> = doc["projects"]
        .as_array()
        .map(|ps| ps.iter().map(project).collect())
        .unwrap_or_default();
    let mut filing = Filing {
        year,
        units: vec![],
        projects,
    };
    for i in doc["projects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["indicators"].as_array())
        .flatten()
    {
        let v = &i["value"];
        if let (Some(u), Some(d)) = (v["unit"].as_str(), v["dimension"].as_str()) {
            filing.declare_unit(u, d);
        }
    }
    Ok(filing)
}

fn project(p: &J) -> Project {
    let framework = p["framework"].as_u64().and_then(|f| u32::try_from(f).ok());
    let fields = p["fields"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let weights = p["weights"]
        .as_array()
        .map(|ws| {
            ws.iter()
                .filter_map(|w| {
                    let l1 = group_named(w["level1"].as_str()?)?;
                    let l2 = w["level2"].as_str().and_then(group_named);
                    Some((l1, l2, weight(&w["weight"])?))
                })
                .collect()
        })
        .unwrap_or_default();
    Project {
        name: s(&p["name"]).unwrap_or_default(),
        nature: s(&p["nature"]),
        category: s(&p["category"]),
        department: s(&p["department"]),
        implementer: s(&p["implementer"]),
        framework,
        start: s(&p["start"]),
        end: s(&p["end"]),
        fields,
        funding_unit: None,
        funding: funding(&p["funding"]),
        goal: s(&p["goal"]),
        overall_goal: s(&p["overall_goal"]),
        achieved: s(&p["achieved"]),
        weights,
        indicators: p["indicators"]
            .as_array()
            .map(|is| is.iter().filter_map(indicator).collect())
            .unwrap_or_default(),
    }
}

fn weight(v: &J) -> Option<String> {
    match v {
        J::String(s) => Some(s.clone()),
        J::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The funding table back into the block: `total { fiscal, other }`, `annual {
/// appropriation, carryover, other }`, `execution`; a parent listed in `derived` without
/// its amount; each custom sub-amount under its parent.
pub fn funding(f: &J) -> Vec<Amount> {
    let derived: Vec<&str> = f["derived"]
        .as_array()
        .map(|d| d.iter().filter_map(J::as_str).collect())
        .unwrap_or_default();
    let node = |field: &str, key: &'static str, children: Vec<Amount>| -> Option<Amount> {
        let money = f[field].as_str().map(group_digits);
        if money.is_none() && children.is_empty() {
            return None;
        }
        Some(Amount {
            key: AmountKey::Key(key),
            money: money.filter(|_| !derived.contains(&field)),
            children,
        })
    };
    let total_children: Vec<Amount> = [("fiscal", "fiscal"), ("total_other", "other")]
        .into_iter()
        .filter_map(|(field, key)| node(field, key, vec![]))
        .collect();
    let annual_children: Vec<Amount> = [
        ("appropriation", "appropriation"),
        ("carryover", "carryover"),
        ("other", "other"),
    ]
    .into_iter()
    .filter_map(|(field, key)| node(field, key, vec![]))
    .collect();
    // §8 rows of 全年预算数 and 全年执行数.
    let rows = |field: &str| -> Vec<Amount> {
        let r = &f[field];
        ["appropriation", "carryover", "other"]
            .into_iter()
            .filter_map(|key| {
                Some(Amount {
                    key: AmountKey::Key(key),
                    money: Some(group_digits(r[key].as_str()?)),
                    children: vec![],
                })
            })
            .collect()
    };
    let mut out: Vec<Amount> = [
        node("total", "total", total_children),
        node("annual", "annual", annual_children),
        node("adjusted", "adjusted", rows("adjusted_rows")),
        node("execution", "execution", rows("execution_rows")),
    ]
    .into_iter()
    .flatten()
    .collect();
    for c in f["custom"].as_array().into_iter().flatten() {
        let (Some(parent), Some(name)) = (c["parent"].as_str(), c["name"].as_str()) else {
            continue;
        };
        let amount = Amount {
            key: AmountKey::Custom(name.to_string()),
            money: c["amount"].as_str().map(group_digits),
            children: vec![],
        };
        place_custom(&mut out, parent, amount);
    }
    out
}

/// Put a custom sub-amount under the node its `parent` names: a fund key (the annual
/// request's `other` before the total's), or an earlier custom sub-amount; a top-level key
/// not written yet is added without an amount.
fn place_custom(out: &mut Vec<Amount>, parent: &str, amount: Amount) {
    fn find<'a>(nodes: &'a mut [Amount], parent: &str, custom: bool) -> Option<&'a mut Amount> {
        for n in nodes.iter_mut().rev() {
            let hit = match &n.key {
                AmountKey::Key(k) => !custom && *k == parent,
                AmountKey::Custom(c) => custom && c == parent,
            };
            if hit {
                return Some(n);
            }
            if let Some(found) = find(&mut n.children, parent, custom) {
                return Some(found);
            }
        }
        None
    }
    let is_key = matches!(
        parent,
        "total" | "fiscal" | "other" | "annual" | "appropriation" | "carryover" | "execution"
    );
    if let Some(n) = find(out, parent, !is_key) {
        n.children.push(amount);
        return;
    }
    let key = match parent {
        "total" => "total",
        "execution" => "execution",
        _ => "annual",
    };
    let mut top = Amount {
        key: AmountKey::Key(key),
        money: None,
        children: vec![],
    };
    if is_key && !matches!(parent, "total" | "annual" | "execution") {
        // A breakdown key not written: under its parent, without an amount of its own.
        let sub: &'static str = match parent {
            "fiscal" => "fiscal",
            "appropriation" => "appropriation",
            "carryover" => "carryover",
            _ => "other",
        };
        top.key = AmountKey::Key(if sub == "fiscal" { "total" } else { "annual" });
        top.children.push(Amount {
            key: AmountKey::Key(sub),
            money: None,
            children: vec![amount],
        });
    } else {
        top.children.push(amount);
    }
    match out.iter_mut().find(|n| n.key == top.key) {
        Some(n) => n.children.extend(top.children),
        None => out.push(top),
    }
}

fn indicator(i: &J) -> Option<Indicator> {
    let level1 = group_named(i["level1"].as_str()?)?;
    let level2 = group_named(i["level2"].as_str()?)?;
    let v = &i["value"];
    let value = match v["kind"].as_str() {
        Some("quantitative") => Value::Quantity {
            cmp: s(&v["cmp"]).unwrap_or_else(|| "=".into()),
            number: s(&v["number"]).unwrap_or_default(),
            unit: s(&v["unit"]),
        },
        Some("deadline") => Value::Deadline {
            dates: v["dates"]
                .as_array()
                .map(|d| d.iter().filter_map(s).collect())
                .unwrap_or_default(),
            text: s(&v["text"]),
        },
        Some("qualitative") => Value::Text(s(&v["text"]).unwrap_or_default()),
        // `missing` (never in a build's output, which refuses errors): a blank, as the
        // bundled filings write blanks.
        _ => Value::Text(String::new()),
    };
    Some(Indicator {
        level1,
        level2,
        name: s(&i["name"]).unwrap_or_default(),
        value,
        note: s(&i["note"]),
        basis: s(&i["basis"]),
        weight: weight(&i["weight"]),
        actual: actual(&i["actual"]),
        deviation: s(&i["deviation"]),
        score: written_score(i),
    })
}

/// §8 实际完成值 as written: typed like `value` (`{"kind": "quantitative", "number": "91.3",
/// "unit": "%"}`), or as the text earlier versions gave (`"91.3%"`).
fn actual(a: &J) -> Option<String> {
    match a {
        J::String(t) => Some(t.clone()),
        J::Object(_) => match a["kind"].as_str()? {
            "quantitative" => {
                let n = a["number"].as_str()?;
                Some(match a["unit"].as_str() {
                    Some(u) => format!("{n}{u}"),
                    None => n.to_string(),
                })
            }
            "date" => s(&a["date"]),
            _ => s(&a["text"]),
        },
        _ => None,
    }
}

/// The `score` to write for a qualitative result: JSON gives every indicator's score, so
/// one is written only where it differs from the word's default points (达成 100 %,
/// 部分达成 70 %, 未达成 0 % of the weight) — where the filing placed it in the band.
fn written_score(i: &J) -> Option<String> {
    use rust_decimal::Decimal;
    let word = match &i["actual"] {
        J::String(t) => t.as_str(),
        a => a["text"].as_str()?,
    };
    let achievement = crate::model::Achievement::parse(word)?;
    let score: Decimal = i["score"].as_str()?.parse().ok()?;
    let used = weight(&i["weight_used"]).or_else(|| weight(&i["weight"]));
    let weight: Decimal = used?.parse().ok()?;
    let default = crate::evaluate::round2(crate::evaluate::default_fraction(achievement) * weight);
    (score != default).then(|| score.normalize().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_other_json() {
        assert!(read("x.json", b"{\"format\": \"other\"}").is_err());
        assert!(read("x.json", b"{").is_err());
        assert!(read("x.json", b"[1, 2]").is_err());
    }

    #[test]
    fn quickstart_round_trip() {
        let text = include_str!("../../examples/quickstart.perf");
        let c = crate::compile_str("q.perf", text);
        let json = crate::emit::json::emit(&c.files, &c.program());
        let filing = read("q.json", json.as_bytes()).unwrap();
        let out = super::super::write::single(&filing, Default::default()).unwrap();
        assert_eq!(
            crate::fmt::meaning(&out).json,
            crate::fmt::meaning(text).json
        );
    }
}
