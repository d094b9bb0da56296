//! The serde_json baseline: owned structs mirroring the perfc/1 JSON that `perfc build
//! --emit json` writes (`src/emit/json.rs`, LANGUAGE.md §7), as a consumer of that JSON would
//! declare them. Every string is an owned `String`; nothing is a `serde_json::Value`.
//!
//! `value` is one flat struct with a `kind` and optional fields rather than an internally
//! tagged enum: serde buffers a tagged enum's content before it can pick the variant, which
//! would make the baseline slower and so easier to beat.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct Filing {
    pub format: String,
    pub year: Option<i32>,
    pub projects: Vec<Project>,
    pub totals: Totals,
}

#[derive(Debug, Deserialize)]
pub struct Project {
    pub name: String,
    pub nature: Option<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub implementer: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    pub framework: u32,
    pub fields: BTreeMap<String, String>,
    pub funding: Funding,
    pub goal: Option<String>,
    pub overall_goal: Option<String>,
    pub indicators: Vec<Indicator>,
    /// §8 分值 of groups; present only when a filing writes them.
    #[serde(default)]
    pub weights: Vec<Weight>,
}

#[derive(Debug, Deserialize)]
pub struct Weight {
    pub level1: String,
    pub level2: Option<String>,
    pub weight: String,
}

#[derive(Debug, Deserialize)]
pub struct Funding {
    pub total: Option<String>,
    pub fiscal: Option<String>,
    pub total_other: Option<String>,
    pub annual: Option<String>,
    pub appropriation: Option<String>,
    pub carryover: Option<String>,
    pub other: Option<String>,
    /// §8 全年执行数, present only when written.
    pub execution: Option<String>,
    pub derived: Vec<String>,
    pub custom: Vec<Custom>,
}

#[derive(Debug, Deserialize)]
pub struct Custom {
    pub parent: String,
    pub name: String,
    pub amount: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Indicator {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub value: Value,
    pub note: Option<String>,
    pub basis: Option<String>,
    /// §8, present only when written.
    pub weight: Option<String>,
    /// §8, present only when written: today the text as written (`"30个"`).
    pub actual: Option<String>,
    pub source: Source,
}

/// `kind` is `quantitative` (cmp, number, unit, dimension), `qualitative` (text),
/// `deadline` (dates, text) or `missing`.
#[derive(Debug, Deserialize)]
pub struct Value {
    pub kind: String,
    pub cmp: Option<String>,
    pub number: Option<String>,
    pub unit: Option<String>,
    pub dimension: Option<String>,
    pub text: Option<String>,
    pub dates: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
pub struct Source {
    pub file: String,
    pub line: u64,
}

#[derive(Debug, Deserialize)]
pub struct Totals {
    pub projects: u64,
    pub indicators: u64,
    pub annual: String,
    pub appropriation: String,
    pub carryover: String,
    pub other: String,
}

/// Deserialize perfc/1 JSON into the owned structs.
pub fn parse(json: &str) -> serde_json::Result<Filing> {
    serde_json::from_str(json)
}
