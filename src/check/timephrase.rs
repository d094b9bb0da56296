//! Months named in free text: the Chinese time phrases of 时效指标 values (`9月前`, `次年一季度`,
//! `3-11月`, `上下半年`) with the (year, month) pairs each covers, for the dates check to flag
//! those outside a project's period. Only clear calendar references count; one linear pass.

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
    let mut sc = Scanner {
        s: text,
        fy: filing_year,
        out: Vec::new(),
        last: None,
    };
    let mut i = 0;
    while let Some(c) = sc.ch(i) {
        let step = i + c.len_utf8();
        let next = if may_start(c) { sc.step(i) } else { step };
        i = next.max(step);
    }
    sc.out
}

/// Longest range a phrase may name (`2024年1月至2033年12月`); longer ones are not deadlines.
const MAX_SPAN: i64 = 120;
/// Most numbers in one `、` list sharing a unit (`一、二、三季度`).
const MAX_CHAIN: usize = 12;

/// Between the ends of a range (`3-11月`, `3至11月`).
const RANGE_SEPS: &[&str] = &["——", "—", "–", "-", "－", "~", "～", "〜", "至", "到"];
/// Before a bare number: the number is a count or an ordinal (`每3月`, `前三季度`, `每年3月`).
const DURATION_DENY: &str = "每第近满逾超隔前后数几约共期时余年度头";
/// Before a Chinese numeral: the numeral ends a word (`统一`, `周二`, `初三`).
const CN_WORD_DENY: &str = "统唯之万同单逐合专归均整其任另重划星礼拜不再周初期第每";
/// Before `一月`/`一季度`, the only ideographs that leave `一` a number.
const YI_ALLOW: &str = "于在至到的和及与或自从止即为是截起";
/// After `N月`: a word, not a month (`月度`, `月薪`, `十月月`).
const MONTH_AFTER_DENY: &str = "度刊薪均租费息率票饼亮球光月余多";
/// Before a bare `年底`/`年中`…: `年` belongs to another word (`每年`, `学年`, `一年`).
const NIAN_DENY: &str = "每全次明翌今本当去上下往历整跨半隔逐前后来新旧周成少老青中童幼晚早末初近\
                         同该其常连长经壮丰荒过拜编财学纪寿千百万天期多数几两余满逾超头某各元闰度年";
/// Before a bare `上半年`/`下半年`.
const HALF_DENY: &str = "每以近前后连各逐这那该本年度全";
/// What may follow `年中` (else `年中央`, `年中小学`, `年中期`…).
const MID_NEXT: &[&str] = &[
    "前", "完", "开", "结", "实", "达", "提", "召", "启", "进", "即", "已", "及", "与", "或", "至",
    "到", "左右", "以前", "之前", "由", "在", "各", "全", "验",
];
/// What may follow `年初`/`…初` (else `年初步`, `年初中`, `年初级`…).
const INIT_NEXT: &[&str] = &[
    "前", "完", "开", "制", "下", "编", "确", "启", "召", "提", "实", "组", "部", "即", "已", "和",
    "及", "与", "或", "至", "到", "左右", "以前", "之前", "由", "在", "各", "全", "分", "预", "拨",
    "落",
];
/// Absorbed after a month, quarter, half or year point: they keep the months named.
const AFTER_QUALS: &[&str] = &[
    "及以前",
    "之前",
    "以前",
    "前后",
    "前",
    "左右",
    "以后",
    "之后",
    "以来",
];

/// Year prefixes relative to the filing year, with the chars that may not stand before them.
const REL_YEARS: &[(&str, i32, &str)] = &[
    ("次年", 1, "每首本此该多这上下几层依名档批班其再屡逐历渐"),
    (
        "明年",
        1,
        "说证表声标注查阐指写简透文光聪分发鲜精高英开申辨讲载言澄昭严清失照",
    ),
    ("翌年", 1, ""),
    ("下一年", 1, "以"),
    ("下年度", 1, "以"),
    ("当年", 0, "相应适恰充担正妥得理便"),
    ("本年", 0, "基根成资版样账课剧文原日副"),
    ("今年", 0, ""),
    ("上一年", -1, "以"),
    ("上年", -1, "以马向往迎赶跟加晚早之北爬登顶线网市"),
    ("去年", -1, "过失除回前进离出上下死省减撤删抹刨划退"),
];

fn may_start(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit() || c == 'Q' || c == 'q';
    }
    is_digit(c)
        || is_cn_num(c)
        || matches!(
            c,
            '第' | '年' | '上' | '下' | '次' | '明' | '翌' | '当' | '本' | '今' | '去'
        )
}

fn digit_val(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_digit(c: char) -> bool {
    digit_val(c).is_some()
}

/// Chars of a Chinese numeral run.
const CN_NUMS: [char; 17] = [
    '〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿',
    '两',
];

fn is_cn_num(c: char) -> bool {
    CN_NUMS.contains(&c)
}

fn cn_digit(c: char) -> Option<u32> {
    "一二三四五六七八九"
        .chars()
        .position(|d| d == c)
        .and_then(|p| u32::try_from(p + 1).ok())
}

/// `一`…`九`, `十`, `十X`, `X十`, `X十Y`; anything else (`两`, `零`, `百`) is no value.
fn cn_value(cs: &[char]) -> Option<u32> {
    match *cs {
        ['十'] => Some(10),
        [d] => cn_digit(d),
        ['十', d] => Some(10 + cn_digit(d)?),
        [a, '十'] => Some(cn_digit(a)? * 10),
        [a, '十', b] => Some(cn_digit(a)? * 10 + cn_digit(b)?),
        _ => None,
    }
}

/// A char that makes a following number part of a code, decimal or longer number.
fn glued(c: char) -> bool {
    is_digit(c) || is_cn_num(c) || c.is_ascii_alphanumeric() || ".．/／%％#＃_+".contains(c)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Month,
    Quarter,
}

impl Unit {
    /// First and last month of unit number `v` (`第` only before quarters).
    fn span(self, v: Option<u32>, di: bool) -> Option<(u32, u32)> {
        match (self, v?) {
            (Unit::Month, m @ 1..=12) if !di => Some((m, m)),
            (Unit::Quarter, q @ 1..=4) => Some((q * 3 - 2, q * 3)),
            _ => None,
        }
    }
}

/// Which part of a quarter or half a qualifier keeps (`一季度末` → March).
#[derive(Clone, Copy)]
enum Edge {
    Whole,
    First,
    Last,
}

impl Edge {
    fn apply(self, (a, b): (u32, u32)) -> (u32, u32) {
        match self {
            Edge::Whole => (a, b),
            Edge::First => (a, a),
            Edge::Last => (b, b),
        }
    }
}

/// A run of digits or of Chinese numerals.
#[derive(Clone, Copy)]
struct Num {
    end: usize,
    value: Option<u32>,
    digits: usize,
    cn: bool,
    /// The run is the single numeral `一`.
    yi: bool,
}

/// A number that may carry a unit: `[第]N` or `Qn`.
#[derive(Clone, Copy)]
struct Elem {
    start: usize,
    end: usize,
    value: Option<u32>,
    di: bool,
    q: bool,
    cn: bool,
    yi: bool,
}

struct Prefix {
    year: i32,
    end: usize,
    du: bool,
}

enum Try {
    Hit(usize),
    Miss,
    /// Not a phrase, and nothing in it may start one (`11-3月`).
    SkipTo(usize),
}

struct Scanner<'a> {
    s: &'a str,
    fy: i32,
    out: Vec<TimePhrase>,
    /// End and (last) year of the previous phrase, for `次年1月、3月`.
    last: Option<(usize, i32)>,
}

impl Scanner<'_> {
    fn ch(&self, i: usize) -> Option<char> {
        self.s.get(i..)?.chars().next()
    }

    fn prev(&self, i: usize) -> Option<char> {
        self.s.get(..i)?.chars().next_back()
    }

    fn lit(&self, i: usize, l: &str) -> Option<usize> {
        self.s.get(i..)?.starts_with(l).then_some(i + l.len())
    }

    fn any_lit(&self, i: usize, ls: &[&str]) -> Option<usize> {
        ls.iter().find_map(|l| self.lit(i, l))
    }

    fn range_sep(&self, i: usize) -> Option<usize> {
        self.any_lit(i, RANGE_SEPS)
    }

    /// Non-ideograph or an allowed word after `初`/`中`.
    fn follows_ok(&self, p: usize, allowed: &[&str]) -> bool {
        match self.ch(p) {
            Some(c) if crate::syntax::lexer::is_han(c) => self.any_lit(p, allowed).is_some(),
            _ => true,
        }
    }

    fn quals(&self, p: usize) -> usize {
        self.any_lit(p, AFTER_QUALS).unwrap_or(p)
    }

    /// At `i`: a phrase (returns its end) or where to look next.
    fn step(&mut self, i: usize) -> usize {
        let Some(c) = self.ch(i) else { return i + 1 };
        if c == '年' {
            return self.year_point(i, i, None).unwrap_or(i + c.len_utf8());
        }
        if let Some(pre) = self.prefix(i) {
            if let Some(end) = self.year_point(i, pre.end, Some(&pre)) {
                return end;
            }
            if let Some(end) = self.half(i, pre.end, Some(pre.year)) {
                return end;
            }
            match self.numbered(i, pre.end, Some(pre.year)) {
                Try::Hit(end) | Try::SkipTo(end) => return end,
                Try::Miss => {}
            }
        }
        if c == '上' || c == '下' {
            if let Some(end) = self.half(i, i, None) {
                return end;
            }
        }
        match self.numbered(i, i, None) {
            Try::Hit(end) | Try::SkipTo(end) => end,
            Try::Miss => self.skip_run(i),
        }
    }

    /// Past the numeral run at `i` (no phrase starts inside one), or past the char.
    fn skip_run(&self, i: usize) -> usize {
        let Some(c) = self.ch(i) else { return i + 1 };
        let class: fn(char) -> bool = if is_digit(c) {
            is_digit
        } else if is_cn_num(c) {
            is_cn_num
        } else {
            return i + c.len_utf8();
        };
        let rest = self.s.get(i..).unwrap_or("");
        i + rest.find(|c: char| !class(c)).unwrap_or(rest.len())
    }

    /// The year of a phrase with no prefix: the previous phrase's, across a bare list
    /// separator (`次年1月、3月`), else the filing year.
    fn default_year(&self, start: usize) -> i32 {
        if let Some((end, y)) = self.last {
            if start >= end && start - end <= 12 {
                if let Some(gap) = self.s.get(end..start) {
                    let g = gap.trim_matches(' ');
                    if matches!(
                        g,
                        "、" | "," | "，" | "和" | "及" | "与" | "或" | "以及" | "/" | "／"
                    ) {
                        return y;
                    }
                }
            }
        }
        self.fy
    }

    fn emit(&mut self, start: usize, end: usize, from: (i32, u32), to: (i32, u32)) -> bool {
        let a = i64::from(from.0) * 12 + i64::from(from.1) - 1;
        let b = i64::from(to.0) * 12 + i64::from(to.1) - 1;
        if b < a || b - a >= MAX_SPAN {
            return false;
        }
        let Some(text) = self.s.get(start..end) else {
            return false;
        };
        let mut months = Vec::with_capacity(usize::try_from(b - a + 1).unwrap_or(0));
        for k in a..=b {
            let (Ok(y), Ok(m)) = (
                i32::try_from(k.div_euclid(12)),
                u32::try_from(k.rem_euclid(12) + 1),
            ) else {
                return false;
            };
            months.push((y, m));
        }
        self.out.push(TimePhrase {
            text: text.to_string(),
            months,
        });
        self.last = Some((end, to.0));
        true
    }

    /// A maximal run of digits or Chinese numerals at `p`.
    fn number(&self, p: usize) -> Option<Num> {
        let c = self.ch(p)?;
        let rest = self.s.get(p..)?;
        if is_digit(c) {
            if self.prev(p).is_some_and(is_digit) {
                return None;
            }
            let (mut end, mut v, mut digits) = (p, 0u32, 0usize);
            for d in rest.chars() {
                let Some(dv) = digit_val(d) else { break };
                v = v.saturating_mul(10).saturating_add(dv);
                digits += 1;
                end += d.len_utf8();
            }
            Some(Num {
                end,
                value: (digits <= 4).then_some(v),
                digits,
                cn: false,
                yi: false,
            })
        } else if is_cn_num(c) {
            if self.prev(p).is_some_and(is_cn_num) {
                return None;
            }
            let (mut end, mut buf, mut n) = (p, ['\0'; 3], 0usize);
            for d in rest.chars().take_while(|&d| is_cn_num(d)) {
                if let Some(slot) = buf.get_mut(n) {
                    *slot = d;
                }
                n += 1;
                end += d.len_utf8();
            }
            Some(Num {
                end,
                value: buf.get(..n).and_then(cn_value),
                digits: n,
                cn: true,
                yi: n == 1 && c == '一',
            })
        } else {
            None
        }
    }

    /// `[第]N` or `Qn` at `i`.
    fn elem(&self, i: usize) -> Option<Elem> {
        let (di, p) = match self.lit(i, "第") {
            Some(p) => (true, p),
            None => (false, i),
        };
        let c = self.ch(p)?;
        if !di && (c == 'Q' || c == 'q') {
            let d = self.ch(p + 1).filter(char::is_ascii_digit)?;
            let end = p + 2;
            let loose =
                |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || is_digit(c));
            if loose(self.ch(end)) || loose(self.prev(i)) {
                return None;
            }
            return Some(Elem {
                start: i,
                end,
                value: digit_val(d),
                di: false,
                q: true,
                cn: false,
                yi: false,
            });
        }
        let n = self.number(p)?;
        Some(Elem {
            start: i,
            end: n.end,
            value: n.value,
            di,
            q: false,
            cn: n.cn,
            yi: n.yi,
        })
    }

    /// Whether the char before a bare number leaves it a calendar number.
    fn start_ok(&self, e: &Elem) -> bool {
        let Some(c) = self.prev(e.start) else {
            return true;
        };
        if glued(c) || DURATION_DENY.contains(c) {
            return false;
        }
        // `2024-11月`, `11-3月`: the end of a number range that was not a phrase.
        if let Some(before) = self.s.get(..e.start) {
            if let Some(head) = RANGE_SEPS.iter().find_map(|sep| before.strip_suffix(sep)) {
                if head
                    .chars()
                    .next_back()
                    .is_some_and(|c| glued(c) || c == '月' || c == '度')
                {
                    return false;
                }
            }
        }
        if e.cn && !e.di {
            if CN_WORD_DENY.contains(c) {
                return false;
            }
            if e.yi && crate::syntax::lexer::is_han(c) && !YI_ALLOW.contains(c) {
                return false;
            }
        }
        true
    }

    fn at_boundary(&self, i: usize) -> bool {
        self.prev(i)
            .is_none_or(|c| c.is_whitespace() || "：:。；;（(【[「『“\"'、".contains(c))
    }

    fn unit_after(&self, e: &Elem) -> Option<(Unit, usize)> {
        if e.q {
            Some((Unit::Quarter, e.end))
        } else if let Some(p) = self.lit(e.end, "月") {
            Some((Unit::Month, p))
        } else {
            self.lit(e.end, "季度").map(|p| (Unit::Quarter, p))
        }
    }

    fn tail(&self, unit: Unit, p: usize, explicit: bool) -> Option<(usize, Edge)> {
        match unit {
            Unit::Month => self.month_tail(p, explicit).map(|p| (p, Edge::Whole)),
            Unit::Quarter => {
                let (p, edge) = self.edge(p);
                Some((
                    self.any_lit(p, &["内", "以内", "之内"])
                        .unwrap_or(self.quals(p)),
                    edge,
                ))
            }
        }
    }

    /// `末`/`底` or `初` after a quarter or half.
    fn edge(&self, p: usize) -> (usize, Edge) {
        if let Some(q) = self.any_lit(p, &["末", "底"]) {
            (q, Edge::Last)
        } else if let Some(q) = self.lit(p, "初").filter(|&q| self.follows_ok(q, INIT_NEXT)) {
            (q, Edge::First)
        } else {
            (p, Edge::Whole)
        }
    }

    /// After `月`: `份`, a day, a part of the month, `前`…; `None` if `N月` is not a month.
    fn month_tail(&self, p: usize, explicit: bool) -> Option<usize> {
        let mut p = self.lit(p, "份").unwrap_or(p);
        let c = self.ch(p);
        if c.is_some_and(|c| MONTH_AFTER_DENY.contains(c)) {
            return None;
        }
        // `3月内`, `3月后`: as likely three months as March.
        if !explicit && self.any_lit(p, &["内", "之内", "以内", "后"]).is_some() {
            return None;
        }
        if c.is_some_and(|c| is_digit(c) || is_cn_num(c)) {
            p = self.day(p)?;
        }
        if let Some(q) = self.any_lit(p, &["中下旬", "上中旬", "上旬", "中旬", "下旬", "底", "末"])
        {
            p = q;
        } else if let Some(q) = self.lit(p, "初").filter(|&q| self.follows_ok(q, INIT_NEXT)) {
            p = q;
        } else if let Some(q) = self.lit(p, "中").filter(|&q| self.follows_ok(q, MID_NEXT)) {
            p = q;
        }
        Some(self.quals(p))
    }

    /// `31日`, `1-15日`, `三十日`: the end after `日`/`号`, if every day is 1–31.
    fn day(&self, p: usize) -> Option<usize> {
        let ok = |n: Num| n.value.filter(|d| (1..=31).contains(d)).map(|_| n.end);
        let mut q = ok(self.number(p)?)?;
        if let Some(r) = self.range_sep(q) {
            if let Some(e) = self.number(r).and_then(ok) {
                q = e;
            }
        }
        self.any_lit(q, &["日", "号"])
    }

    fn prefix(&self, i: usize) -> Option<Prefix> {
        let c = self.ch(i)?;
        let prev = self.prev(i);
        if is_digit(c) {
            let n = self.number(i)?;
            let year = i32::try_from(n.value?)
                .ok()
                .filter(|y| (1900..=2199).contains(y))?;
            if n.digits != 4 || prev.is_some_and(glued) {
                return None;
            }
            let p = self.lit(n.end, "年")?;
            let (end, du) = self.lit(p, "度").map_or((p, false), |q| (q, true));
            return Some(Prefix { year, end, du });
        }
        let &(l, delta, deny) = REL_YEARS
            .iter()
            .find(|(l, _, _)| l.starts_with(c) && self.lit(i, l).is_some())?;
        if prev.is_some_and(|c| glued(c) || deny.contains(c)) {
            return None;
        }
        let p = i + l.len();
        let (end, du) = if l.ends_with('度') {
            (p, true)
        } else {
            self.lit(p, "度").map_or((p, false), |q| (q, true))
        };
        Some(Prefix {
            year: self.fy.checked_add(delta)?,
            end,
            du,
        })
    }

    /// `年底`/`年末`/`年终`/`年初`/`年中`, or after a year prefix `底`/`末`/`终`/`初`/`中`.
    fn year_point(&mut self, start: usize, p: usize, pre: Option<&Prefix>) -> Option<usize> {
        const LONG: &[(&str, u32)] = &[
            ("年底", 12),
            ("年末", 12),
            ("年终", 12),
            ("年初", 1),
            ("年中", 6),
        ];
        const SHORT: &[(&str, u32)] = &[("底", 12), ("末", 12), ("终", 12), ("初", 1), ("中", 6)];
        let find =
            |forms: &[(&str, u32)]| forms.iter().find_map(|&(l, m)| Some((self.lit(p, l)?, m)));
        let (q, month) = match pre {
            Some(pre) => {
                find(LONG).or_else(|| find(SHORT).filter(|&(_, m)| !(pre.du && m == 6)))?
            }
            None => find(LONG)?,
        };
        if pre.is_none()
            && self
                .prev(p)
                .is_some_and(|c| glued(c) || NIAN_DENY.contains(c))
        {
            return None;
        }
        let ok = match month {
            1 => self.follows_ok(q, INIT_NEXT),
            6 => self.follows_ok(q, MID_NEXT),
            _ => true,
        };
        if !ok {
            return None;
        }
        let end = self.quals(q);
        let y = pre.map_or_else(|| self.default_year(start), |pre| pre.year);
        self.emit(start, end, (y, month), (y, month)).then_some(end)
    }

    /// `上半年`, `下半年`, `上下半年`, `上、下半年`.
    fn half(&mut self, start: usize, p: usize, year: Option<i32>) -> Option<usize> {
        const FORMS: &[(&str, u32, u32)] = &[
            ("上下半年", 1, 12),
            ("上、下半年", 1, 12),
            ("上半年", 1, 6),
            ("下半年", 7, 12),
        ];
        let (q, a, b) = FORMS
            .iter()
            .find_map(|&(l, a, b)| Some((self.lit(p, l)?, a, b)))?;
        if year.is_none() {
            if let Some(c) = self.prev(p) {
                if glued(c) || HALF_DENY.contains(c) || (a == 7 && c == '上') {
                    return None;
                }
            }
        }
        let q = self.lit(q, "度").unwrap_or(q);
        let (q, edge) = self.edge(q);
        let end = self.quals(q);
        let (a, b) = edge.apply((a, b));
        let y = year.unwrap_or_else(|| self.default_year(start));
        self.emit(start, end, (y, a), (y, b)).then_some(end)
    }

    /// Months and quarters: `N月…`, `第N季度`, `Qn`, ranges `3-11月` / `3月至次年1月`, lists
    /// `一、二季度`. `start` is where the phrase's text starts (its year prefix, if any).
    fn numbered(&mut self, start: usize, i: usize, year: Option<i32>) -> Try {
        let Some(e1) = self.elem(i) else {
            return Try::Miss;
        };
        if year.is_none() && !self.start_ok(&e1) {
            return Try::Miss;
        }
        let explicit = year.is_some();
        if let Some((unit, p)) = self.unit_after(&e1) {
            let Some(sp1) = unit.span(e1.value, e1.di) else {
                return Try::Miss;
            };
            let Some((end1, edge1)) = self.tail(unit, p, explicit) else {
                return Try::Miss;
            };
            let sp1 = edge1.apply(sp1);
            let y1 = year.unwrap_or_else(|| self.default_year(start));
            if let Some((y2, end2, sp2)) =
                self.range_sep(end1).and_then(|q| self.range_end(q, unit))
            {
                let y2 = y2.unwrap_or(y1);
                return if self.emit(start, end2, (y1, sp1.0), (y2, sp2.1)) {
                    Try::Hit(end2)
                } else {
                    Try::SkipTo(end2)
                };
            }
            return if self.emit(start, end1, (y1, sp1.0), (y1, sp1.1)) {
                Try::Hit(end1)
            } else {
                Try::Miss
            };
        }
        if e1.q {
            return Try::Miss;
        }
        if self.lit(e1.end, "、").is_some() {
            return self.chain(start, e1, year);
        }
        // `3-11月`, `一至三季度`: the unit only after the end.
        let Some(e2) = self.range_sep(e1.end).and_then(|q| self.elem(q)) else {
            return Try::Miss;
        };
        let Some((unit, p)) = self.unit_after(&e2).filter(|_| !e2.q) else {
            return Try::Miss;
        };
        let (Some(a), Some(b)) = (unit.span(e1.value, e1.di), unit.span(e2.value, e2.di)) else {
            return Try::Miss;
        };
        let Some((end, edge)) = self.tail(unit, p, true) else {
            return Try::Miss;
        };
        let b = edge.apply(b);
        let y = year.unwrap_or_else(|| self.default_year(start));
        if self.emit(start, end, (y, a.0), (y, b.1)) {
            Try::Hit(end)
        } else {
            Try::SkipTo(end)
        }
    }

    /// The end of a range after its separator: `[year]N unit…` → (year, end, months).
    fn range_end(&self, q: usize, unit: Unit) -> Option<(Option<i32>, usize, (u32, u32))> {
        let pre = self.prefix(q);
        let p = pre.as_ref().map_or(q, |pre| pre.end);
        let e = self.elem(p)?;
        let (u, r) = self.unit_after(&e).filter(|&(u, _)| u == unit)?;
        let sp = u.span(e.value, e.di)?;
        let (end, edge) = self.tail(u, r, true)?;
        Some((pre.map(|pre| pre.year), end, edge.apply(sp)))
    }

    /// The number after `e` and a `、`.
    fn list_next(&self, e: &Elem) -> Option<Elem> {
        self.lit(e.end, "、")
            .and_then(|q| self.elem(q))
            .filter(|e| !e.q)
    }

    /// `一、二季度`, `8、10月`: one phrase per number. After a line start or colon the first
    /// number may be a list marker (`1、2月完成`), so it is left out (not `第二、三季度`).
    fn chain(&mut self, start: usize, e1: Elem, year: Option<i32>) -> Try {
        let mut elems = [e1; MAX_CHAIN];
        let mut n = 1;
        let mut cur = e1;
        let (unit, p) = loop {
            if let Some(u) = self.unit_after(&cur) {
                break u;
            }
            let Some(e) = self.list_next(&cur) else {
                // Only the last number may start a phrase (`1、3-5月`): the others are
                // followed by `、` and would fail the same way.
                return if cur.start > e1.start {
                    Try::SkipTo(cur.start)
                } else {
                    Try::Miss
                };
            };
            if n == MAX_CHAIN {
                // Too long a list to be a deadline: none of it is read.
                let mut cur = e;
                return loop {
                    if let Some((_, p)) = self.unit_after(&cur) {
                        break Try::SkipTo(p);
                    }
                    match self.list_next(&cur) {
                        Some(e) => cur = e,
                        None => break Try::SkipTo(cur.end),
                    }
                };
            }
            if let Some(slot) = elems.get_mut(n) {
                *slot = e;
            }
            n += 1;
            cur = e;
        };
        let elems = elems.get(..n).unwrap_or(&[]);
        if elems.iter().any(|e| unit.span(e.value, e.di).is_none()) {
            return Try::Miss;
        }
        let Some((end, edge)) = self.tail(unit, p, year.is_some()) else {
            return Try::Miss;
        };
        let skip = usize::from(year.is_none() && !e1.di && self.at_boundary(e1.start));
        let y = year.unwrap_or_else(|| self.default_year(start));
        let mut any = false;
        for (k, e) in elems.iter().enumerate().skip(skip) {
            let Some(sp) = unit.span(e.value, e.di) else {
                continue;
            };
            let (a, b) = edge.apply(sp);
            let from = if k == 0 { start } else { e.start };
            any |= self.emit(from, end, (y, a), (y, b));
        }
        if any {
            Try::Hit(end)
        } else {
            Try::Miss
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FY: i32 = 2024;

    /// (text, months) of every phrase.
    fn read(s: &str) -> Vec<(String, Vec<(i32, u32)>)> {
        months_named(s, FY)
            .into_iter()
            .map(|p| (p.text, p.months))
            .collect()
    }

    fn one(text: &str, months: &[(i32, u32)]) -> (String, Vec<(i32, u32)>) {
        (text.to_string(), months.to_vec())
    }

    fn q(n: u32) -> Vec<(i32, u32)> {
        (n * 3 - 2..=n * 3).map(|m| (FY, m)).collect()
    }

    fn span(y: i32, a: u32, b: u32) -> Vec<(i32, u32)> {
        (a..=b).map(|m| (y, m)).collect()
    }

    fn nothing(s: &str) {
        assert_eq!(read(s), vec![], "{s}");
    }

    #[test]
    fn chinese_quarters_each_name_their_three_months() {
        assert_eq!(
            read("二季度完成开题，四季度完成结题"),
            vec![("二季度".to_string(), q(2)), ("四季度".to_string(), q(4))]
        );
        assert_eq!(
            read("二季度完成换发需求征集，三季度完成采购"),
            vec![("二季度".to_string(), q(2)), ("三季度".to_string(), q(3))]
        );
    }

    #[test]
    fn quarters_months_and_month_suffixes_mix_in_one_text() {
        assert_eq!(
            read("一季度完成机关人员换发需求征集…9月份送检，10月获取第三方检测报告"),
            vec![
                ("一季度".to_string(), q(1)),
                one("9月份", &[(FY, 9)]),
                one("10月", &[(FY, 10)]),
            ]
        );
    }

    #[test]
    fn a_month_keeps_its_qualifier_in_the_text() {
        assert_eq!(read("12月中旬"), vec![one("12月中旬", &[(FY, 12)])]);
        assert_eq!(read("9月前完成"), vec![one("9月前", &[(FY, 9)])]);
        assert_eq!(read("10月底完成"), vec![one("10月底", &[(FY, 10)])]);
        assert_eq!(read("八月前完成"), vec![one("八月前", &[(FY, 8)])]);
        assert_eq!(read("11月份"), vec![one("11月份", &[(FY, 11)])]);
        assert_eq!(read("6月底前"), vec![one("6月底前", &[(FY, 6)])]);
        assert_eq!(read("3月左右"), vec![one("3月左右", &[(FY, 3)])]);
    }

    #[test]
    fn a_bare_month_is_in_the_filing_year() {
        for (s, text, m) in [
            ("7月完成", "7月", 7),
            ("10月完成", "10月", 10),
            ("12月提交", "12月", 12),
            ("5月完成", "5月", 5),
            ("十一月", "十一月", 11),
            ("十月", "十月", 10),
            ("一月", "一月", 1),
            ("01月", "01月", 1),
            ("１２月", "１２月", 12),
        ] {
            assert_eq!(read(s), vec![one(text, &[(FY, m)])], "{s}");
        }
    }

    #[test]
    fn a_day_after_the_month_keeps_the_month() {
        assert_eq!(read("12月31日"), vec![one("12月31日", &[(FY, 12)])]);
        assert_eq!(read("6月30日前完成"), vec![one("6月30日前", &[(FY, 6)])]);
        assert_eq!(read("6月30号"), vec![one("6月30号", &[(FY, 6)])]);
        assert_eq!(
            read("十二月三十一日"),
            vec![one("十二月三十一日", &[(FY, 12)])]
        );
        assert_eq!(read("12月1-15日"), vec![one("12月1-15日", &[(FY, 12)])]);
    }

    #[test]
    fn an_impossible_day_or_a_count_after_the_month_is_no_month() {
        nothing("12月32日");
        nothing("3月0日");
        nothing("一月一次");
        nothing("3月2次");
    }

    #[test]
    fn halves_name_six_months_and_both_halves_are_one_phrase() {
        assert_eq!(
            read("上下半年各一次"),
            vec![one("上下半年", &span(FY, 1, 12))]
        );
        assert_eq!(
            read("上、下半年各一次"),
            vec![one("上、下半年", &span(FY, 1, 12))]
        );
        assert_eq!(
            read("上半年完成裁量基准更新事项"),
            vec![one("上半年", &span(FY, 1, 6))]
        );
        assert_eq!(read("下半年开展"), vec![one("下半年", &span(FY, 7, 12))]);
        assert_eq!(read("下半年末"), vec![one("下半年末", &[(FY, 12)])]);
        assert_eq!(
            read("次年上半年"),
            vec![one("次年上半年", &span(FY + 1, 1, 6))]
        );
        nothing("每半年一次");
        nothing("近半年");
    }

    #[test]
    fn next_year_prefix_moves_the_month() {
        assert_eq!(
            read("8月和次年1月"),
            vec![one("8月", &[(FY, 8)]), one("次年1月", &[(FY + 1, 1)])]
        );
        assert_eq!(read("明年3月"), vec![one("明年3月", &[(FY + 1, 3)])]);
        assert_eq!(read("翌年2月底"), vec![one("翌年2月底", &[(FY + 1, 2)])]);
        assert_eq!(
            read("下一年度1月"),
            vec![one("下一年度1月", &[(FY + 1, 1)])]
        );
        assert_eq!(
            read("下年度一季度"),
            vec![(
                "下年度一季度".to_string(),
                vec![(FY + 1, 1), (FY + 1, 2), (FY + 1, 3)]
            )]
        );
        assert_eq!(
            read("次年一季度"),
            vec![(
                "次年一季度".to_string(),
                vec![(FY + 1, 1), (FY + 1, 2), (FY + 1, 3)]
            )]
        );
    }

    #[test]
    fn this_and_last_year_prefixes() {
        assert_eq!(read("当年12月"), vec![one("当年12月", &[(FY, 12)])]);
        assert_eq!(read("本年度10月"), vec![one("本年度10月", &[(FY, 10)])]);
        assert_eq!(read("今年年底前"), vec![one("今年年底前", &[(FY, 12)])]);
        assert_eq!(read("上年12月"), vec![one("上年12月", &[(FY - 1, 12)])]);
        assert_eq!(read("去年底"), vec![one("去年底", &[(FY - 1, 12)])]);
        assert_eq!(
            read("上一年度12月"),
            vec![one("上一年度12月", &[(FY - 1, 12)])]
        );
    }

    #[test]
    fn a_four_digit_year_prefix_names_its_year() {
        assert_eq!(read("2025年3月"), vec![one("2025年3月", &[(2025, 3)])]);
        assert_eq!(
            read("2025年第一季度"),
            vec![("2025年第一季度".to_string(), span(2025, 1, 3))]
        );
        assert_eq!(read("2025年底"), vec![one("2025年底", &[(2025, 12)])]);
        assert_eq!(read("2025年年初"), vec![one("2025年年初", &[(2025, 1)])]);
        assert_eq!(
            read("2025年下半年"),
            vec![one("2025年下半年", &span(2025, 7, 12))]
        );
    }

    #[test]
    fn a_year_alone_names_no_month() {
        nothing("2024年度");
        nothing("2024年");
        nothing("次年");
        nothing("2024年度项目");
        nothing("2024年中央财政补助");
        nothing("2024年中小学");
        nothing("2024年初步建立");
        nothing("2024年中期评估");
    }

    #[test]
    fn year_points_name_one_month() {
        assert_eq!(read("年底前完成"), vec![one("年底前", &[(FY, 12)])]);
        assert_eq!(read("计划年底完成"), vec![one("年底", &[(FY, 12)])]);
        assert_eq!(read("年末"), vec![one("年末", &[(FY, 12)])]);
        assert_eq!(read("年终考核"), vec![one("年终", &[(FY, 12)])]);
        assert_eq!(read("年初制定计划"), vec![one("年初", &[(FY, 1)])]);
        assert_eq!(read("年中完成"), vec![one("年中", &[(FY, 6)])]);
        assert_eq!(
            read("于次年年底前"),
            vec![one("次年年底前", &[(FY + 1, 12)])]
        );
    }

    #[test]
    fn year_inside_another_word_is_no_year_point() {
        nothing("全年");
        nothing("全年开展");
        nothing("每年年底");
        nothing("每年底");
        nothing("一年中");
        nothing("学年末");
        nothing("多年底数");
    }

    #[test]
    fn quarters_in_every_spelling() {
        assert_eq!(
            read("第二季度、第四季度开展"),
            vec![
                ("第二季度".to_string(), q(2)),
                ("第四季度".to_string(), q(4))
            ]
        );
        assert_eq!(read("第1季度"), vec![("第1季度".to_string(), q(1))]);
        assert_eq!(read("3季度"), vec![("3季度".to_string(), q(3))]);
        assert_eq!(read("Q4完成"), vec![("Q4".to_string(), q(4))]);
        assert_eq!(read("q2"), vec![("q2".to_string(), q(2))]);
        assert_eq!(read("一季度末"), vec![one("一季度末", &[(FY, 3)])]);
        nothing("FAQ1");
        nothing("Q12");
        nothing("Q5");
    }

    #[test]
    fn a_quarter_needs_a_number_from_one_to_four() {
        nothing("每季度");
        nothing("季度");
        nothing("第100季度");
        nothing("5季度");
        nothing("前三季度");
        nothing("统一季度报告");
    }

    #[test]
    fn a_range_is_one_phrase_of_every_month_in_it() {
        for s in [
            "3-11月",
            "3—11月",
            "3~11月",
            "3～11月",
            "3至11月",
            "3到11月",
            "3月-11月",
            "3月至11月",
        ] {
            assert_eq!(read(s), vec![one(s, &span(FY, 3, 11))], "{s}");
        }
        assert_eq!(read("3-11月开展"), vec![one("3-11月", &span(FY, 3, 11))]);
        assert_eq!(read("一至三季度"), vec![one("一至三季度", &span(FY, 1, 9))]);
        assert_eq!(
            read("第一季度至第三季度"),
            vec![one("第一季度至第三季度", &span(FY, 1, 9))]
        );
        assert_eq!(
            read("次年1-3月"),
            vec![one("次年1-3月", &span(FY + 1, 1, 3))]
        );
    }

    #[test]
    fn a_range_may_cross_into_another_year() {
        let mut months = span(FY, 11, 12);
        months.extend(span(FY + 1, 1, 2));
        assert_eq!(read("11月至次年2月"), vec![one("11月至次年2月", &months)]);
        assert_eq!(
            read("2024年11月-2025年2月"),
            vec![one("2024年11月-2025年2月", &months)]
        );
    }

    #[test]
    fn a_backward_range_names_nothing() {
        nothing("11-3月");
        nothing("11月至3月");
        nothing("2025年3月至2024年5月");
        nothing("2024-11月");
    }

    #[test]
    fn lists_give_one_phrase_per_item() {
        assert_eq!(
            read("8月、10月"),
            vec![one("8月", &[(FY, 8)]), one("10月", &[(FY, 10)])]
        );
        assert_eq!(
            read("于一、二季度完成"),
            vec![
                ("一、二季度".to_string(), q(1)),
                ("二季度".to_string(), q(2))
            ]
        );
        assert_eq!(
            read("于8、10月"),
            vec![one("8、10月", &[(FY, 8)]), one("10月", &[(FY, 10)])]
        );
    }

    #[test]
    fn a_list_too_long_for_a_deadline_names_nothing() {
        nothing("于1、2、3、4、5、6、7、8、9、10、11、12、1月");
        assert_eq!(read("于1、3-5月"), vec![one("3-5月", &span(FY, 3, 5))]);
    }

    #[test]
    fn an_ordinal_list_starts_with_a_quarter() {
        assert_eq!(
            read("第一季度，确定制作厂商；第二、三季度，确定宣传形式"),
            vec![
                ("第一季度".to_string(), q(1)),
                ("第二、三季度".to_string(), q(2)),
                ("三季度".to_string(), q(3)),
            ]
        );
    }

    #[test]
    fn a_list_marker_is_not_a_list_item() {
        assert_eq!(read("1、2月完成采购"), vec![one("2月", &[(FY, 2)])]);
        assert_eq!(
            read("一、二季度完成开题"),
            vec![("二季度".to_string(), q(2))]
        );
    }

    #[test]
    fn a_year_carries_across_a_bare_list_separator() {
        assert_eq!(
            read("次年1月、3月"),
            vec![one("次年1月", &[(FY + 1, 1)]), one("3月", &[(FY + 1, 3)])]
        );
        assert_eq!(
            read("次年1月完成，验收在3月"),
            vec![one("次年1月", &[(FY + 1, 1)]), one("3月", &[(FY, 3)])]
        );
    }

    #[test]
    fn a_duration_is_not_a_month() {
        nothing("3个月内完成");
        nothing("3月内完成");
        nothing("一月内");
        nothing("3月后");
        nothing("每3月一次");
        nothing("近3月");
        nothing("提前3月");
        nothing("第3月");
        nothing("1-2个月");
        nothing("每年3月");
        nothing("3月余");
    }

    #[test]
    fn a_month_word_without_a_number_is_no_month() {
        nothing("每月一次");
        nothing("月度报告");
        nothing("按月报送");
        nothing("月份");
        nothing("次月");
        nothing("当月");
        nothing("1月度");
    }

    #[test]
    fn a_number_over_twelve_or_inside_a_longer_number_is_no_month() {
        nothing("13月");
        nothing("0月");
        nothing("2024月");
        nothing("二十一月");
        nothing("两月");
        nothing("1.5月");
        nothing("A3月");
    }

    #[test]
    fn a_numeral_inside_a_word_is_no_month() {
        nothing("统一月底前完成");
        nothing("唯一月");
        nothing("周一月度例会");
        nothing("表明年底前完成");
    }

    #[test]
    fn plain_wording_names_nothing() {
        for s in [
            "及时",
            "及时发布",
            "全年",
            "80%合格",
            "按工作计划完成",
            "提升",
            "≥95%",
            "原表未填",
            "",
        ] {
            nothing(s);
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let long_yi = "一".repeat(200_000);
        let long_digits = "9".repeat(200_000);
        let long_list = "1、".repeat(100_000);
        let long_mix = "次年1月、3-11月，上下半年；年底，Q1，第二季度，十二月31日🎉".repeat(5_000);
        let long_seps = "1-".repeat(100_000);
        let long_nian = "年".repeat(100_000);
        let odd = [
            "月",
            "十月月",
            "次年",
            "年",
            "🎉",
            "🎉月",
            "月🎉",
            "12🎉月",
            "次年🎉",
            "Q",
            "q",
            "第",
            "第季度",
            "、",
            "、月",
            "一、",
            "1、、2月",
            "-",
            "3-",
            "-3月",
            "至",
            "3至",
            "上",
            "下半",
            "上、",
            "年底前前前",
            "\u{0}",
            "\u{FEFF}1月",
            "1\u{301}月",
            "２０２５年３月",
            "9999年1月",
            "2147483647年1月",
            "𠀀一月",
            "e\u{301}月",
            "\n1、2月",
            "12月31",
            "12月31日日",
            "1月1-",
            "1月1-32日",
            &long_yi,
            &long_digits,
            &long_list,
            &long_mix,
            &long_seps,
            &long_nian,
        ];
        for s in odd {
            for fy in [FY, i32::MAX, i32::MIN, 0] {
                for p in months_named(s, fy) {
                    assert!(!p.text.is_empty());
                    assert!(!p.months.is_empty());
                    assert!(p.months.iter().all(|&(_, m)| (1..=12).contains(&m)));
                    assert!(s.contains(&p.text));
                }
            }
        }
        assert_eq!(months_named(&long_mix, FY).len(), 5_000 * 7);
    }
}
