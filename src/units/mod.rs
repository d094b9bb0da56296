//! Units of measure as dimension vectors (after numbat): a dimension is a product of base
//! dimensions with integer exponents, so `人/次/天` is people·count⁻¹·duration⁻¹ and two
//! units are comparable exactly when their vectors are equal. The built-in units are written
//! in `.perf` (`prelude.perf`, embedded) and a filing's own `unit` lines extend them.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic, Diagnostics, Fix};
use crate::source::{FileId, Span};
use crate::syntax::ast::{UnitDecl, UnitExpr, UnitOp};
use crate::syntax::keywords::{self, Keyword, Kw, KwLang};
use crate::t;

/// The Chinese name of each base or named dimension, for messages.
const NAMES_ZH: &[(&str, &str)] = &[
    ("money", "金额"),
    ("ratio", "比率"),
    ("score", "分值"),
    ("people", "人数"),
    ("person-time", "人次"),
    ("count", "个数"),
    ("duration", "时长"),
    ("text", "字数"),
    ("length", "长度"),
    ("mass", "质量"),
    ("energy", "电量"),
    ("percentage-point", "百分点"),
    ("area", "面积"),
    ("volume", "体积"),
];

/// The base dimensions. `person-time` (人次) is its own base: a visit count, not people × time.
/// `percentage-point` (百分点) is a difference of two ratios, not a ratio: `提高 5 个百分点`
/// is not `5 %`, and it may exceed what a share can.
pub const BASE_DIMENSIONS: &[&str] = &[
    "money",
    "ratio",
    "score",
    "people",
    "person-time",
    "count",
    "duration",
    "text",
    "length",
    "mass",
    "energy",
    "percentage-point",
];
const N: usize = 12;

/// Named composite dimensions, for messages and JSON.
const DERIVED_NAMES: &[(&str, &[(usize, i8)])] = &[("area", &[(8, 2)]), ("volume", &[(8, 3)])];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dimension([i8; N]);

impl Dimension {
    pub const MONEY: Dimension = Dimension::nth(0);
    pub const RATIO: Dimension = Dimension::nth(1);
    pub const SCORE: Dimension = Dimension::nth(2);
    pub const PEOPLE: Dimension = Dimension::nth(3);
    pub const PERSON_TIME: Dimension = Dimension::nth(4);
    pub const COUNT: Dimension = Dimension::nth(5);
    pub const DURATION: Dimension = Dimension::nth(6);
    pub const LENGTH: Dimension = Dimension::nth(8);

    /// The `i`-th base dimension of `BASE_DIMENSIONS`.
    const fn nth(i: usize) -> Dimension {
        let mut v = [0; N];
        v[i] = 1;
        Dimension(v)
    }

    /// Whether this is `numerator` per something (`元/人` is money per person): the
    /// numerator's exponents as they are, and only negative ones besides.
    pub fn is_per(self, numerator: Dimension) -> bool {
        let mut divides = false;
        for (a, n) in self.0.iter().zip(numerator.0) {
            match a - n {
                0 => {}
                d if d < 0 => divides = true,
                _ => return false,
            }
        }
        divides
    }

    pub fn base(name: &str) -> Option<Dimension> {
        if let Some(i) = BASE_DIMENSIONS.iter().position(|b| *b == name) {
            let mut v = [0; N];
            v[i] = 1;
            return Some(Dimension(v));
        }
        DERIVED_NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, parts)| {
                let mut v = [0; N];
                for (i, e) in *parts {
                    v[*i] = *e;
                }
                Dimension(v)
            })
    }
    fn combine(self, other: Dimension, sign: i8) -> Dimension {
        let mut v = self.0;
        for (a, b) in v.iter_mut().zip(other.0) {
            *a = a.saturating_add(b.saturating_mul(sign));
        }
        Dimension(v)
    }
    pub fn is(self, name: &str) -> bool {
        Dimension::base(name) == Some(self)
    }
}

impl Dimension {
    /// The dimension named in Chinese (`人数`, or `人数/个数/时长` for a product), as the
    /// English name (`Display`) is built, word by word.
    pub fn name_zh(self) -> String {
        let en = self.to_string();
        let mut out = String::with_capacity(en.len());
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            let w = std::mem::take(word);
            out.push_str(
                NAMES_ZH
                    .iter()
                    .find(|(e, _)| *e == w)
                    .map_or(w.as_str(), |(_, z)| z),
            );
        };
        for c in en.chars() {
            if matches!(c, '/' | '·' | '^') {
                flush(&mut word, &mut out);
                out.push(c);
            } else {
                word.push(c);
            }
        }
        flush(&mut word, &mut out);
        out
    }
}

impl fmt::Display for Dimension {
    /// `people`, `area`, or a product such as `people/count/duration`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for name in BASE_DIMENSIONS
            .iter()
            .copied()
            .chain(DERIVED_NAMES.iter().map(|(n, _)| *n))
        {
            if Dimension::base(name) == Some(*self) {
                return f.write_str(name);
            }
        }
        let mut num = Vec::new();
        let mut den = Vec::new();
        for (i, e) in self.0.iter().enumerate() {
            let part = if e.abs() == 1 {
                BASE_DIMENSIONS[i].to_string()
            } else {
                format!("{}^{}", BASE_DIMENSIONS[i], e.abs())
            };
            match e.cmp(&0) {
                std::cmp::Ordering::Greater => num.push(part),
                std::cmp::Ordering::Less => den.push(part),
                std::cmp::Ordering::Equal => {}
            }
        }
        let mut s = if num.is_empty() {
            "1".to_string()
        } else {
            num.join("·")
        };
        for d in den {
            s.push('/');
            s.push_str(&d);
        }
        f.write_str(&s)
    }
}

/// A unit: its dimension and how many base units one of it is.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitDef {
    pub dimension: Dimension,
    pub factor: Decimal,
    /// Where a filing declared it (`None` for the prelude).
    pub declared_at: Option<Span>,
}

/// A resolved unit expression.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resolved {
    pub dimension: Dimension,
    pub factor: Decimal,
}

/// The units a file can use: its own declarations over the built-in prelude. A file's
/// registry holds only what the file declares (usually nothing), so making one per file
/// costs nothing.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    units: HashMap<Box<str>, UnitDef>,
    /// The prelude, under a file's own declarations.
    parent: Option<&'static Registry>,
}

const PRELUDE: &str = include_str!("prelude.perf");

impl Registry {
    /// The built-in units, compiled once from the embedded prelude. A test keeps the prelude
    /// free of diagnostics.
    pub fn prelude() -> &'static Registry {
        static PRELUDE_REGISTRY: OnceLock<Registry> = OnceLock::new();
        PRELUDE_REGISTRY.get_or_init(|| {
            let mut diags = Vec::new();
            let reg = Registry::compile_prelude(&mut diags);
            debug_assert!(diags.is_empty(), "prelude.perf has diagnostics: {diags:?}");
            reg
        })
    }

    /// An empty registry for one file, over the prelude.
    pub fn for_file() -> Registry {
        Registry {
            units: HashMap::default(),
            parent: Some(Registry::prelude()),
        }
    }

    /// Compile the prelude, reporting its problems (used by the test that keeps it clean).
    pub fn compile_prelude(diags: &mut Diagnostics) -> Registry {
        let file = FileId(u32::MAX);
        let ast = crate::syntax::parse(file, PRELUDE, diags);
        let mut reg = Registry::default();
        for item in &ast.items {
            if let crate::syntax::ast::Item::Unit(decl) = item {
                reg.declare(decl, KwLang::En, diags);
            }
        }
        reg
    }

    pub fn get(&self, name: &str) -> Option<&UnitDef> {
        self.units
            .get(name)
            .or_else(|| self.parent.and_then(|p| p.get(name)))
    }

    /// Every unit with its definition, the file's own then the prelude's (completion).
    pub fn entries(&self) -> impl Iterator<Item = (&str, &UnitDef)> {
        self.units.iter().map(|(k, d)| (&**k, d)).chain(
            self.parent
                .into_iter()
                .flat_map(|p| p.units.iter().map(|(k, d)| (&**k, d))),
        )
    }

    /// The unit a dimension's factors count in: the first the prelude declares with
    /// `unit X : DIMENSION` (`元`, `分钟`), so a hover can say `1 万元 = 10,000 元`.
    pub fn base_unit(dimension: Dimension) -> Option<&'static str> {
        PRELUDE.lines().find_map(|line| {
            let rest = line.trim().strip_prefix("unit ")?;
            let (name, dim) = rest.split_once(':')?;
            (Dimension::base(dim.trim()) == Some(dimension)).then(|| name.trim())
        })
    }

    fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every unit name, the file's own then the prelude's.
    fn names(&self) -> impl Iterator<Item = &str> {
        self.units.keys().map(|k| &**k).chain(
            self.parent
                .into_iter()
                .flat_map(|p| p.units.keys().map(|k| &**k)),
        )
    }

    /// Apply a `unit` declaration.
    pub fn declare(&mut self, decl: &UnitDecl, lang: KwLang, diags: &mut Diagnostics) {
        match decl {
            UnitDecl::Dimension {
                name, dimension, ..
            } => match Dimension::base(dimension.0) {
                Some(dim) => {
                    self.insert(name, dim, Decimal::ONE, diags);
                }
                None => diags.push(
                    Diagnostic::new(
                        Code::UnknownUnit,
                        dimension.1,
                        t!("未知的量纲 `{}`", "unknown dimension `{}`", dimension.0),
                    )
                    .help(t!(
                        "可用的量纲：{}",
                        "known dimensions: {}",
                        BASE_DIMENSIONS.to_vec()
                    )),
                ),
            },
            UnitDecl::Alias {
                name,
                factor,
                target,
                ..
            } => {
                let Some(resolved) = self.resolve(target, lang, diags) else {
                    return;
                };
                let f = factor.map(|n| n.value).unwrap_or(Decimal::ONE);
                match resolved.factor.checked_mul(f) {
                    Some(total) => self.insert(name, resolved.dimension, total, diags),
                    None => diags.push(Diagnostic::new(
                        Code::NumberOutOfRange,
                        name.1,
                        t!("单位换算系数过大", "unit factor too large"),
                    )),
                }
            }
        }
    }

    fn insert(
        &mut self,
        name: &(&str, Span),
        dimension: Dimension,
        factor: Decimal,
        diags: &mut Diagnostics,
    ) {
        let def = UnitDef {
            dimension,
            factor,
            declared_at: (name.1.file != FileId(u32::MAX)).then_some(name.1),
        };
        if let Some(old) = self.get(name.0) {
            if old.dimension != dimension || old.factor != factor {
                let d = Diagnostic::new(
                    Code::DuplicateSetting,
                    name.1,
                    t!(
                        "计量单位 `{}` 已有定义",
                        "unit `{}` is already defined",
                        name.0
                    ),
                )
                .help(t!(
                    "换一个名称，或删除这一行以使用已有的定义",
                    "choose another name, or delete this line to use the existing definition"
                ));
                diags.push(match old.declared_at {
                    Some(at) => d.with_label(at, t!("先前的定义", "defined here first")),
                    None => d.label(t!("`{}` 是内置单位", "`{}` is a built-in unit", name.0)),
                });
                return;
            }
        }
        self.units.insert(name.0.into(), def);
    }

    /// Resolve a unit expression, reporting unknown atoms with suggestions. `lang` is the
    /// keyword language of the file, for the declarations the help proposes.
    pub fn resolve(
        &self,
        expr: &UnitExpr,
        lang: KwLang,
        diags: &mut Diagnostics,
    ) -> Option<Resolved> {
        let mut ok = true;
        let mut dim = Dimension::default();
        let mut factor = Decimal::ONE;
        for atom in atoms(expr) {
            let def = match &atom.spaced {
                None => self.get(atom.name.as_str()),
                Some(words) => {
                    let def = self.get(atom.name.as_str());
                    diags.push(spaced_unit(words, &atom, def.is_some()));
                    def
                }
            };
            let Some(def) = def else {
                if atom.spaced.is_none() {
                    diags.push(self.unknown_unit(&atom.name, atom.span, lang));
                }
                ok = false;
                continue;
            };
            let (sign, f) = match atom.op {
                UnitOp::Div => (-1, factor.checked_div(def.factor)),
                UnitOp::Mul | UnitOp::Space => (1, factor.checked_mul(def.factor)),
            };
            dim = dim.combine(def.dimension, sign);
            factor = f.unwrap_or(factor);
        }
        ok.then_some(Resolved {
            dimension: dim,
            factor,
        })
    }

    fn unknown_unit(&self, atom: &str, span: Span, lang: KwLang) -> Diagnostic {
        let unit_kw = keywords::spelling(Keyword::Kw(Kw::Unit), lang);
        let d = Diagnostic::new(
            Code::UnknownUnit,
            span,
            t!("未知的计量单位 `{}`", "unknown unit `{}`", atom),
        )
        .label(t!(
            "不是内置单位，也没有用 `{}` 声明",
            "neither built in nor declared with `{}`",
            unit_kw
        ));
        // A Latin abbreviation of a built-in unit (`km`, `KG`): the same unit, so a certain
        // fix. A single letter in the other case is not surely the unit: `M` and `T` are
        // also the prefixes mega and tera (`5 M` may be five million), so a person decides.
        if let Some(&(latin, zh)) = LATIN_UNITS
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(atom))
        {
            if atom == latin || latin.len() > 1 {
                return d
                    .help(t!("中文计量单位写作 `{}`", "the unit is written `{}`", zh))
                    .fix(Fix::certain(span, zh));
            }
            return d
                .help(t!(
                    "若指的是{0}，写作 `{0}`（单个大写字母也可能是“兆”“太”等词头）",
                    "if {0} is meant, write `{0}` (a single capital letter may also be a prefix such as mega or tera)",
                    zh
                ))
                .fix(Fix::maybe(span, zh));
        }
        // A multiple or a power of a known unit (`万辆`, `平方千米`): offering the bare unit
        // would change the scale or the dimension (`1.2 万吨` is not `1.2 吨`), so the help
        // declares the unit instead, with its exact factor.
        if let Some(decl) = self.derived_declaration(atom) {
            let line = format!("{unit_kw} {atom} = {decl}");
            return d.help(t!(
                "在文件开头（所有项目之前）声明这个单位：`{}`",
                "declare the unit at the top of the file, before the projects: `{}`",
                line
            ));
        }
        let suggestions = self.suggest(atom);
        match suggestions.first() {
            Some(best) => {
                let d = d.help(t!(
                    "是否想写 `{0}`？如确需新单位，请在文件开头声明：`{1} {2} = {3}`（{3} 的别名）或 `{1} {2} : count`（新的计数单位）",
                    "did you mean `{0}`? To add a unit, declare it at the top of the file: `{1} {2} = {3}` (another name for {3}) or `{1} {2} : count` (a new count unit)",
                    suggestions.join("` / `"),
                    unit_kw,
                    atom,
                    best
                ));
                // Only the likeliest: the others are named in the help, and a list of
                // replacements to choose from is no fix.
                d.fix(Fix::maybe(span, best.clone()))
            }
            None => d.help(t!(
                "请使用内置单位（个、人、人次、%、分、天、元……），或在文件开头声明：`{} {} : count`（新的计数单位）",
                "use a built-in unit (个, 人, 人次, %, 分, 天, 元 …) or declare it at the top of the file: `{} {} : count` (a new count unit)",
                unit_kw,
                atom
            )),
        }
    }

    /// `万辆` → `10,000 辆`, `平方千米` → `千米·千米`: the declaration of a unit that is a
    /// scale multiple or a power of a known one.
    pub fn derived_declaration(&self, atom: &str) -> Option<String> {
        for (prefix, factor) in SCALE_PREFIXES {
            if let Some(base) = atom.strip_prefix(prefix) {
                if self.contains(base) {
                    return Some(format!("{factor} {base}"));
                }
            }
        }
        for (prefix, power) in [("平方", 2), ("立方", 3)] {
            if let Some(base) = atom.strip_prefix(prefix) {
                if self
                    .units
                    .get(base)
                    .is_some_and(|d| d.dimension.is("length"))
                {
                    return Some(vec![base; power].join("·"));
                }
            }
        }
        None
    }

    /// Units close to `atom`, best first. Chinese unit names put the head last, so a name
    /// one character away that keeps both ends (`人天次` → `人次`) ranks first, then a unit
    /// the word ends with (`分份` → `份`), then one it starts with (`人数` → `人`), then
    /// other near spellings.
    pub fn suggest(&self, atom: &str) -> Vec<String> {
        // Sorted, so that equally near units are offered in a fixed order.
        let mut names: Vec<&str> = self.names().collect();
        names.sort_unstable();
        names.dedup();
        crate::suggest::nearest(atom, names, crate::suggest::Kind::Unit)
            .into_iter()
            // A scaled unit (`万份`) is never offered for a word without that scale: `分份`
            // is no ten thousand of anything.
            .filter(|name| {
                SCALE_PREFIXES.iter().all(|(prefix, _)| {
                    !name.starts_with(prefix)
                        || atom.starts_with(prefix)
                        || !self.contains(&name[prefix.len()..])
                })
            })
            .take(3)
            .map(str::to_string)
            .collect()
    }
}

/// Scale prefixes of Chinese unit names, longest first, with their factors as a filing
/// writes them.
const SCALE_PREFIXES: &[(&str, &str)] = &[
    ("万亿", "1,000,000,000,000"),
    ("千万", "10,000,000"),
    ("百万", "1,000,000"),
    ("十万", "100,000"),
    ("亿", "100,000,000"),
    ("万", "10,000"),
    ("千", "1,000"),
    ("百", "100"),
];

/// Latin abbreviations people type for built-in units.
const LATIN_UNITS: &[(&str, &str)] = &[
    ("km", "公里"),
    ("m", "米"),
    ("m2", "平方米"),
    ("km2", "平方公里"),
    ("m3", "立方米"),
    ("kg", "千克"),
    ("t", "吨"),
    ("h", "小时"),
    ("min", "分钟"),
    ("kwh", "千瓦时"),
    ("yuan", "元"),
];

/// One atom of a unit expression; words written with only a space between are joined
/// (`人 次` → `人次`) and remembered, so the error can offer the joined spelling.
struct Atom {
    op: UnitOp,
    name: String,
    span: Span,
    spaced: Option<Vec<String>>,
}

fn atoms(expr: &UnitExpr) -> Vec<Atom> {
    let mut out = vec![Atom {
        op: UnitOp::Mul,
        name: expr.first.0.to_string(),
        span: expr.first.1,
        spaced: None,
    }];
    for &(op, word, span) in &expr.rest {
        match (op, out.last_mut()) {
            (UnitOp::Space, Some(last)) => {
                last.spaced
                    .get_or_insert_with(|| vec![last.name.clone()])
                    .push(word.to_string());
                last.name.push_str(word);
                last.span = last.span.to(span);
            }
            _ => out.push(Atom {
                op,
                name: word.to_string(),
                span,
                spaced: None,
            }),
        }
    }
    out
}

/// `人 次`: a unit split by a space. Joined, it may be a unit (a certain fix: the same
/// characters) or not (then the operator that was meant is unclear).
fn spaced_unit(words: &[String], atom: &Atom, joined_known: bool) -> Diagnostic {
    let written = words.join(" ");
    let d = Diagnostic::new(
        Code::UnknownUnit,
        atom.span,
        t!(
            "计量单位 `{}` 中间有空格",
            "the unit `{}` has a space inside",
            written
        ),
    );
    if joined_known {
        d.label(t!(
            "应连写为 `{}`",
            "written together it is `{}`",
            &atom.name
        ))
        .help(t!(
            "计量单位中间不加空格：写 `{}`",
            "a unit is written without spaces: `{}`",
            &atom.name
        ))
        .fix(Fix::certain(atom.span, atom.name.clone()))
    } else {
        d.label(t!(
            "`{}` 也不是计量单位",
            "`{}` is no unit either",
            &atom.name
        ))
        .help(t!(
            "单位中间不加空格；两个单位相乘写 `{0}`，相除写 `{1}`",
            "no spaces inside a unit; a product is written `{0}`, a quotient `{1}`",
            words.join("·"),
            words.join("/")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_units_are_the_declared_ones() {
        assert_eq!(Registry::base_unit(Dimension::MONEY), Some("元"));
        assert_eq!(Registry::base_unit(Dimension::DURATION), Some("分钟"));
        assert_eq!(Registry::base_unit(Dimension::RATIO), Some("%"));
    }

    #[test]
    fn prelude_compiles_without_diagnostics() {
        let mut diags = Vec::new();
        let reg = Registry::compile_prelude(&mut diags);
        assert!(diags.is_empty(), "{diags:#?}");
        assert!(reg.get("人次").is_some());
    }

    #[test]
    fn conversions_are_exact() {
        let reg = Registry::prelude();
        assert_eq!(reg.get("万元").unwrap().factor, Decimal::from(10_000));
        assert_eq!(reg.get("天").unwrap().factor, Decimal::from(1_440));
        assert!(reg.get("百分比").unwrap().dimension.is("ratio"));
        assert!(reg.get("平方米").unwrap().dimension.is("area"));
    }

    #[test]
    fn composite_dimension_prints_as_a_quotient() {
        let reg = Registry::prelude();
        let p = reg.get("人").unwrap().dimension;
        let c = reg.get("次").unwrap().dimension;
        let d = reg.get("天").unwrap().dimension;
        let q = p.combine(c, -1).combine(d, -1);
        assert_eq!(q.to_string(), "people/count/duration");
    }

    #[test]
    fn dimensions_are_named_in_chinese_word_by_word() {
        let reg = Registry::prelude();
        let dim = |u: &str| reg.get(u).unwrap().dimension;
        let q = dim("人").combine(dim("次"), -1).combine(dim("天"), -1);
        assert_eq!(q.name_zh(), "人数/个数/时长");
        assert_eq!(dim("人次").name_zh(), "人次");
        assert_eq!(dim("平方米").name_zh(), "面积");
        assert_eq!(dim("百分点").name_zh(), "百分点");
    }

    #[test]
    fn suggestion_for_a_unit_that_is_no_unit() {
        let reg = Registry::prelude();
        assert_eq!(reg.suggest("人数").first().map(String::as_str), Some("人"));
        assert_eq!(reg.suggest("分份").first().map(String::as_str), Some("份"));
    }
}
