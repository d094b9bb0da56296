//! The one keyword table. The lexer looks words up here; `explain`, completion, the editor
//! grammars' tests and the did-you-mean suggestions read the same rows, so a keyword is
//! added in exactly one place.

use crate::hierarchy::GroupName;
use crate::syntax::ast::{Cmp, FundKey};

/// What a keyword means to the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Kw(Kw),
    Fund(FundKey),
    Group(GroupName),
    Cmp(Cmp),
}

/// Plain keywords (settings, item markers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kw {
    Year,
    Framework,
    Department,
    Implementer,
    Unit,
    Project,
    Nature,
    Category,
    Period,
    Start,
    End,
    Funding,
    Goal,
    OverallGoal,
    By,
    And,
    Note,
    Basis,
    Field,
    Weight,
    Actual,
    Deviation,
    Score,
    Achieved,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KwLang {
    En,
    Zh,
}

/// One spelling of a keyword.
pub struct KeywordRow {
    pub spelling: &'static str,
    pub keyword: Keyword,
    pub lang: KwLang,
}

macro_rules! rows {
    ($($sp:literal => $kw:expr, $lang:ident;)*) => {
        &[$(KeywordRow { spelling: $sp, keyword: $kw, lang: KwLang::$lang },)*]
    };
}

use GroupName as G;
use Keyword::{Cmp as C, Fund as F, Group as Gr, Kw as K};

/// Every spelling of every keyword, English first then Chinese, in the order of the
/// language reference.
pub const KEYWORDS: &[KeywordRow] = rows! {
    "year" => K(Kw::Year), En;                    "年度" => K(Kw::Year), Zh;
    "framework" => K(Kw::Framework), En;          "指标体系" => K(Kw::Framework), Zh;
    "department" => K(Kw::Department), En;        "主管部门" => K(Kw::Department), Zh;
    "implementer" => K(Kw::Implementer), En;      "实施单位" => K(Kw::Implementer), Zh;
    "unit" => K(Kw::Unit), En;                    "计量单位" => K(Kw::Unit), Zh;
    "project" => K(Kw::Project), En;              "项目" => K(Kw::Project), Zh;
    "nature" => K(Kw::Nature), En;                "项目性质" => K(Kw::Nature), Zh;
    "category" => K(Kw::Category), En;            "项目类别" => K(Kw::Category), Zh;
    "period" => K(Kw::Period), En;                "实施周期" => K(Kw::Period), Zh;
    "start" => K(Kw::Start), En;                  "计划开始日期" => K(Kw::Start), Zh;
    "end" => K(Kw::End), En;                      "计划完成日期" => K(Kw::End), Zh;
    "funding" => K(Kw::Funding), En;              "项目资金" => K(Kw::Funding), Zh;
    "goal" => K(Kw::Goal), En;                    "年度总体目标" => K(Kw::Goal), Zh;
    "overall-goal" => K(Kw::OverallGoal), En;     "项目总目标" => K(Kw::OverallGoal), Zh;
    "by" => K(Kw::By), En;                        "截至" => K(Kw::By), Zh;
    "and" => K(Kw::And), En;                      "和" => K(Kw::And), Zh;
    "note" => K(Kw::Note), En;                    "备注" => K(Kw::Note), Zh;
    "basis" => K(Kw::Basis), En;                  "取值依据" => K(Kw::Basis), Zh;
    "field" => K(Kw::Field), En;                  "字段" => K(Kw::Field), Zh;
    "weight" => K(Kw::Weight), En;                "分值" => K(Kw::Weight), Zh;
    "actual" => K(Kw::Actual), En;                "实际完成值" => K(Kw::Actual), Zh;
    "deviation" => K(Kw::Deviation), En;          "偏差原因" => K(Kw::Deviation), Zh; "偏差原因分析及改进措施" => K(Kw::Deviation), Zh;
    "score" => K(Kw::Score), En;                  "得分" => K(Kw::Score), Zh;
    "achieved" => K(Kw::Achieved), En;            "实际完成情况" => K(Kw::Achieved), Zh;

    "total" => F(FundKey::Total), En;             "项目资金总额" => F(FundKey::Total), Zh;
    "fiscal" => F(FundKey::Fiscal), En;           "财政资金" => F(FundKey::Fiscal), Zh;
    "other" => F(FundKey::Other), En;             "其他资金" => F(FundKey::Other), Zh;
    "annual" => F(FundKey::Annual), En;           "年度资金申请总额" => F(FundKey::Annual), Zh;
    "appropriation" => F(FundKey::Appropriation), En; "当年财政拨款" => F(FundKey::Appropriation), Zh;
    "carryover" => F(FundKey::Carryover), En;     "上年结转资金" => F(FundKey::Carryover), Zh;
    "adjusted" => F(FundKey::Adjusted), En;       "全年预算数" => F(FundKey::Adjusted), Zh;
    "execution" => F(FundKey::Execution), En;     "全年执行数" => F(FundKey::Execution), Zh;

    "output" => Gr(G::Output), En;                "产出指标" => Gr(G::Output), Zh;   "产出" => Gr(G::Output), Zh;
    "benefit" => Gr(G::Benefit), En;              "效益指标" => Gr(G::Benefit), Zh;  "效益" => Gr(G::Benefit), Zh;
    "satisfaction" => Gr(G::Satisfaction), En;    "满意度指标" => Gr(G::Satisfaction), Zh; "满意度" => Gr(G::Satisfaction), Zh;
    "cost" => Gr(G::Cost), En;                    "成本指标" => Gr(G::Cost), Zh;     "成本" => Gr(G::Cost), Zh;
    "quantity" => Gr(G::Quantity), En;            "数量指标" => Gr(G::Quantity), Zh; "数量" => Gr(G::Quantity), Zh;
    "quality" => Gr(G::Quality), En;              "质量指标" => Gr(G::Quality), Zh;  "质量" => Gr(G::Quality), Zh;
    "timeliness" => Gr(G::Timeliness), En;        "时效指标" => Gr(G::Timeliness), Zh; "时效" => Gr(G::Timeliness), Zh;
    "economic" => Gr(G::Economic), En;            "经济效益指标" => Gr(G::Economic), Zh; "经济效益" => Gr(G::Economic), Zh;
    "social" => Gr(G::Social), En;                "社会效益指标" => Gr(G::Social), Zh; "社会效益" => Gr(G::Social), Zh;
    "ecological" => Gr(G::Ecological), En;        "生态效益指标" => Gr(G::Ecological), Zh; "生态效益" => Gr(G::Ecological), Zh;
    "sustainability" => Gr(G::Sustainability), En; "可持续影响指标" => Gr(G::Sustainability), Zh; "可持续影响" => Gr(G::Sustainability), Zh;
    "beneficiary" => Gr(G::Beneficiary), En;      "服务对象满意度指标" => Gr(G::Beneficiary), Zh; "服务对象满意度" => Gr(G::Beneficiary), Zh;
    "economic-cost" => Gr(G::EconomicCost), En;   "经济成本指标" => Gr(G::EconomicCost), Zh; "经济成本" => Gr(G::EconomicCost), Zh;
    "social-cost" => Gr(G::SocialCost), En;       "社会成本指标" => Gr(G::SocialCost), Zh; "社会成本" => Gr(G::SocialCost), Zh;
    "environmental-cost" => Gr(G::EnvironmentalCost), En; "生态环境成本指标" => Gr(G::EnvironmentalCost), Zh; "生态环境成本" => Gr(G::EnvironmentalCost), Zh;

    "大于" => C(Cmp::Gt), Zh;
    "小于" => C(Cmp::Lt), Zh;
    "等于" => C(Cmp::Eq), Zh;
    "不少于" => C(Cmp::Ge), Zh;   "不低于" => C(Cmp::Ge), Zh;   "大于等于" => C(Cmp::Ge), Zh;  "不小于" => C(Cmp::Ge), Zh;
    "不多于" => C(Cmp::Le), Zh;   "不高于" => C(Cmp::Le), Zh;   "不超过" => C(Cmp::Le), Zh;
    "小于等于" => C(Cmp::Le), Zh; "不大于" => C(Cmp::Le), Zh;
};

/// Comparator symbols (not words, so not in the keyword table): the lexer maps them directly.
pub const COMPARATOR_SYMBOLS: &[(&str, Cmp)] = &[
    ("=", Cmp::Eq),
    ("＝", Cmp::Eq),
    (">", Cmp::Gt),
    ("＞", Cmp::Gt),
    ("<", Cmp::Lt),
    ("＜", Cmp::Lt),
    (">=", Cmp::Ge),
    ("≥", Cmp::Ge),
    ("≧", Cmp::Ge),
    ("<=", Cmp::Le),
    ("≤", Cmp::Le),
    ("≦", Cmp::Le),
];

/// Words of comparison that prose uses but the language does not (`至少90%`): read only
/// when a number hides in qualitative text.
pub const PROSE_COMPARATORS: &[(&str, Cmp)] = &[
    ("至少", Cmp::Ge),
    ("达到", Cmp::Ge),
    ("超过", Cmp::Gt),
    ("高于", Cmp::Gt),
    ("低于", Cmp::Lt),
];

/// The comparison a piece of text ends with, and how many bytes it takes: any comparator
/// the language knows (a keyword spelling or a symbol) or a prose word, the longest first
/// (`大于等于` before `等于`).
pub fn comparator_ending(text: &str) -> Option<(Cmp, usize)> {
    use std::sync::OnceLock;
    static ALL: OnceLock<Vec<(&'static str, Cmp)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let mut all: Vec<(&'static str, Cmp)> = KEYWORDS
            .iter()
            .filter_map(|r| match r.keyword {
                Keyword::Cmp(c) => Some((r.spelling, c)),
                _ => None,
            })
            .chain(COMPARATOR_SYMBOLS.iter().copied())
            .chain(PROSE_COMPARATORS.iter().copied())
            .collect();
        all.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        all
    });
    all.iter()
        .find(|(w, _)| text.ends_with(w))
        .map(|(w, c)| (*c, w.len()))
}

/// Words written after a number that bound it (`90%以上`, `5%以内`), with the comparator
/// they mean; `左右` (about) means none. Read in qualitative text and in a unit that has one
/// glued on (`400 人次以上`).
pub const BOUND_WORDS: &[(&str, Option<Cmp>)] = &[
    ("及以上", Some(Cmp::Ge)),
    ("以上", Some(Cmp::Ge)),
    ("以下", Some(Cmp::Le)),
    ("以内", Some(Cmp::Le)),
    ("之内", Some(Cmp::Le)),
    ("左右", None),
];

/// Look a word up. Linear over ~120 rows would be fine for one word, but the lexer calls
/// this for every word, so the table is indexed once into a hash map.
pub fn lookup(word: &str) -> Option<Keyword> {
    lookup_row(word).map(|r| r.keyword)
}

/// The table row of a spelling, which also tells its language.
pub fn lookup_row(word: &str) -> Option<&'static KeywordRow> {
    use std::sync::OnceLock;
    // Keys are our own constant spellings, so a fast non-keyed hash is safe here (no
    // attacker chooses the table); SipHash was a visible share of lexing time.
    static INDEX: OnceLock<rustc_hash::FxHashMap<&'static str, &'static KeywordRow>> =
        OnceLock::new();
    INDEX
        .get_or_init(|| KEYWORDS.iter().map(|r| (r.spelling, r)).collect())
        .get(word)
        .copied()
}

/// A keyword as a file written in `lang` spells it (the full Chinese form, `产出指标`).
pub fn spelling(keyword: Keyword, lang: KwLang) -> &'static str {
    let (en, zh) = spellings(keyword);
    match lang {
        KwLang::En if !en.is_empty() => en,
        _ => zh,
    }
}

/// The language of the keywords around `offset`: that of the last line before it (or the
/// line it starts) that begins with a keyword, or `default`. A file may mix languages
/// project by project; help written at an error should match the code around it.
pub fn lang_at(src: &str, offset: usize, default: KwLang) -> KwLang {
    let offset = offset.min(src.len());
    let line_end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
    for line in src[..line_end].lines().rev() {
        let t = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let word: &str = if t.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let n = t
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(t.len());
            &t[..n]
        } else {
            let n = t
                .char_indices()
                .find(|(_, c)| !crate::syntax::lexer::is_han(*c))
                .map_or(t.len(), |(i, _)| i);
            &t[..n]
        };
        if let Some(row) = lookup_row(word) {
            if !matches!(row.keyword, Keyword::Cmp(_)) {
                return row.lang;
            }
        }
    }
    default
}

/// The group keyword a misspelled group name most likely meant, if one is near.
pub fn nearest_group(word: &str) -> Option<GroupName> {
    did_you_mean(word)
        .into_iter()
        .find_map(|(zh, _)| match lookup(zh) {
            Some(Keyword::Group(g)) => Some(g),
            _ => None,
        })
}

/// The canonical spellings (English, Chinese) of a keyword, for messages.
pub fn spellings(keyword: Keyword) -> (&'static str, &'static str) {
    let en = KEYWORDS
        .iter()
        .find(|r| r.keyword == keyword && r.lang == KwLang::En)
        .map(|r| r.spelling);
    let zh = KEYWORDS
        .iter()
        .find(|r| r.keyword == keyword && r.lang == KwLang::Zh)
        .map(|r| r.spelling);
    (en.unwrap_or(""), zh.unwrap_or(""))
}

/// Keywords close to an unknown word, as "中文 / english" pairs, best first. Chinese words
/// are compared by characters (a one-character slip in a four-character word is close), and
/// a word that is a prefix or extension of a keyword counts as close too. Suggestions cross
/// languages: a near Chinese spelling suggests its English twin as well.
pub fn did_you_mean(word: &str) -> Vec<(&'static str, &'static str)> {
    let mut scored: Vec<((u8, usize), Keyword)> = Vec::new();
    for row in KEYWORDS {
        let Some(score) = crate::suggest::score(word, row.spelling, crate::suggest::Kind::Keyword)
        else {
            continue;
        };
        match scored.iter_mut().find(|(_, k)| *k == row.keyword) {
            Some(entry) => entry.0 = entry.0.min(score),
            None => scored.push((score, row.keyword)),
        }
    }
    scored.sort_by_key(|(s, _)| *s);
    scored
        .into_iter()
        .take(3)
        .map(|(_, k)| {
            let (en, zh) = spellings(k);
            (zh, en)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_has_an_english_and_a_chinese_spelling() {
        for row in KEYWORDS {
            let (en, zh) = spellings(row.keyword);
            assert!(
                !en.is_empty() || matches!(row.keyword, Keyword::Cmp(_)),
                "{}",
                row.spelling
            );
            assert!(!zh.is_empty(), "{}", row.spelling);
        }
    }

    #[test]
    fn spellings_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for row in KEYWORDS {
            assert!(seen.insert(row.spelling), "{} twice", row.spelling);
        }
    }

    #[test]
    fn did_you_mean_crosses_languages() {
        let s = did_you_mean("数量指");
        assert_eq!(s.first(), Some(&("数量指标", "quantity")));
        let s = did_you_mean("quantiy");
        assert_eq!(s.first(), Some(&("数量指标", "quantity")));
        let s = did_you_mean("年度资金总额");
        assert!(s.contains(&("年度资金申请总额", "annual")), "{s:?}");
        // One character that is not a keyword is not one character away from one.
        assert!(did_you_mean("次").is_empty());
    }
}
