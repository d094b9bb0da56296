//! "Did you mean": how near a written word is to a word that could have been meant. One
//! scorer for every kind of name perfc suggests — keywords, units, the official values of
//! 项目性质 and 项目类别 — each kind weighing the same measures in its own order.
//!
//! The measures: edit distance in characters (a one-character slip in a four-character
//! Chinese word is close; replacing every character of a one-character word is no slip), and
//! the shapes Chinese compounds take: the head is last (`分份` is most likely 份), a word
//! may carry a suffix that is no part of the name (`人数` → 人), and a slip in the middle
//! keeps both ends (`人天次` → 人次).

/// What kind of name is being suggested, which decides how the measures rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Keywords: near spellings first (within a quarter of a Chinese keyword's length, a
    /// third of an English one), then words containing or contained in one.
    Keyword,
    /// Units: a slip that keeps both ends, then the unit a word ends with, then one it starts
    /// with, then near spellings.
    Unit,
    /// Official values: one slip away, or containing the written text.
    Value,
}

/// How near `word` is to `known`, smaller is nearer; `None` when it is not near at all.
pub fn score(word: &str, known: &str, kind: Kind) -> Option<(u8, usize)> {
    let wlen = word.chars().count();
    // No name is longer than twenty characters: a longer word is no slip of the keyboard,
    // and comparing it would cost time proportional to its length for every candidate.
    if wlen > 24 || word.is_empty() {
        return None;
    }
    let klen = known.chars().count();
    let dist = strsim::levenshtein(word, known);
    // A near spelling shares something with the word.
    let shares = dist < wlen.min(klen);
    let contains = wlen >= 2 && (known.contains(word) || word.contains(known));
    match kind {
        Kind::Keyword => {
            let limit = if known.is_ascii() {
                1.max(klen / 3)
            } else {
                1.max(klen / 4)
            };
            if dist <= limit && shares {
                Some((0, dist))
            } else if contains {
                Some((1, dist))
            } else {
                None
            }
        }
        Kind::Unit => {
            let keeps_ends = dist == 1
                && klen >= 2
                && word.chars().next() == known.chars().next()
                && word.chars().next_back() == known.chars().next_back();
            let limit = if word.is_ascii() { 1.max(wlen / 3) } else { 1 };
            if keeps_ends {
                Some((0, klen))
            } else if word.ends_with(known) {
                Some((1, klen))
            } else if word.starts_with(known) || known.starts_with(word) {
                Some((2, klen))
            } else if dist <= limit && shares {
                Some((3, dist * 100 + klen))
            } else {
                None
            }
        }
        Kind::Value => (dist <= 1 || contains).then_some((0, dist)),
    }
}

/// The candidates near `word`, nearest first (ties in the order given).
pub fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    kind: Kind,
) -> Vec<&'a str> {
    let mut scored: Vec<((u8, usize), usize, &'a str)> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| score(word, c, kind).map(|s| (s, i, c)))
        .collect();
    scored.sort();
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// The one candidate clearly nearest `word`, if there is one: the only near one, or nearer
/// than every other (for a fix that picks a value for the author only when nothing else
/// could have been meant).
pub fn clearly_nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    kind: Kind,
) -> Option<&'a str> {
    let mut scored: Vec<((u8, usize), &'a str)> = candidates
        .into_iter()
        .filter_map(|c| score(word, c, kind).map(|s| (s, c)))
        .collect();
    scored.sort();
    match scored[..] {
        [(_, one)] => Some(one),
        [(a, one), (b, _), ..] if a < b => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_near_by_spelling_then_by_containment() {
        let kws = ["数量指标", "quantity", "年度资金申请总额", "和", "and"];
        assert_eq!(nearest("数量指", kws, Kind::Keyword)[0], "数量指标");
        assert_eq!(nearest("quantiy", kws, Kind::Keyword)[0], "quantity");
        assert_eq!(
            nearest("年度资金总额", kws, Kind::Keyword)[0],
            "年度资金申请总额"
        );
        // One character that shares nothing with a keyword is no slip of one.
        assert!(nearest("次", kws, Kind::Keyword).is_empty());
    }

    #[test]
    fn units_keep_the_head_character() {
        let units = ["人", "人次", "次", "份", "分", "人天"];
        assert_eq!(nearest("人天次", units, Kind::Unit)[0], "人次");
        assert_eq!(nearest("分份", units, Kind::Unit)[0], "份");
        assert_eq!(nearest("人数", units, Kind::Unit)[0], "人");
    }

    #[test]
    fn a_value_is_picked_only_when_clearly_nearest() {
        let categories = ["人员类", "运转类", "公用经费", "其他运转类", "特定目标类"];
        assert_eq!(
            clearly_nearest("特定目标", categories, Kind::Value),
            Some("特定目标类")
        );
        assert_eq!(clearly_nearest("专项类", categories, Kind::Value), None);
        let natures = ["一次性项目", "经常性项目", "阶段性项目", "其他一次性项目"];
        assert_eq!(
            clearly_nearest("一次性", natures, Kind::Value),
            Some("一次性项目")
        );
    }
}
