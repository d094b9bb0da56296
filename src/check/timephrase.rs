//! Chinese time phrases in qualitative timeliness text (being written).

/// A phrase in a text that names months, with the months it names (year, month).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimePhrase {
    /// The phrase as written (`次年1月`).
    pub text: String,
    /// Every month it names, as (year, month 1–12), in order.
    pub months: Vec<(i32, u32)>,
}

/// Every phrase in `text` that names months, in order of appearance.
pub fn months_named(text: &str, filing_year: i32) -> Vec<TimePhrase> {
    let _ = (text, filing_year);
    Vec::new()
}
