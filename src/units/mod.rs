//! Units of measure as dimension vectors (after numbat): a dimension is a product of base
//! dimensions with integer exponents, so `人/次/天` is people·count⁻¹·duration⁻¹ and two
//! units are comparable exactly when their vectors are equal. The built-in units are written
//! in `.perf` (`prelude.perf`, embedded) and a filing's own `unit` lines extend them.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use crate::diag::{Code, Diagnostic, Diagnostics};
use crate::source::{FileId, Span};
use crate::syntax::ast::{Item, UnitExpr, UnitOp};
use crate::t;

/// The base dimensions. `person-time` (人次) is its own base: a visit count, not people × time.
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
];
const N: usize = 10;

/// Named composite dimensions, for messages and JSON.
const DERIVED_NAMES: &[(&str, &[(usize, i8)])] = &[("area", &[(8, 2)])];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Dimension([i8; N]);

impl Dimension {
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

#[derive(Debug, Clone, Default)]
pub struct Registry {
    units: HashMap<String, UnitDef>,
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

    /// Compile the prelude, reporting its problems (used by the test that keeps it clean).
    pub fn compile_prelude(diags: &mut Diagnostics) -> Registry {
        let file = FileId(u32::MAX);
        let ast = crate::syntax::parse(file, PRELUDE, diags);
        let mut reg = Registry::default();
        for item in &ast.items {
            reg.declare(item, diags);
        }
        reg
    }

    pub fn get(&self, name: &str) -> Option<&UnitDef> {
        self.units.get(name)
    }

    /// Apply a `unit` item; other items are ignored.
    pub fn declare(&mut self, item: &Item, diags: &mut Diagnostics) {
        match item {
            Item::UnitDimension {
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
                        BASE_DIMENSIONS.join(", ")
                    )),
                ),
            },
            Item::UnitAlias {
                name,
                factor,
                target,
                ..
            } => {
                let Some(resolved) = self.resolve(target, diags) else {
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
            _ => {}
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
        if let Some(old) = self.units.get(name.0) {
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
        self.units.insert(name.0.to_string(), def);
    }

    /// Resolve a unit expression, reporting unknown atoms with suggestions.
    pub fn resolve(&self, expr: &UnitExpr, diags: &mut Diagnostics) -> Option<Resolved> {
        let mut ok = true;
        let mut dim = Dimension::default();
        let mut factor = Decimal::ONE;
        let atoms = std::iter::once((UnitOp::Mul, expr.first.0, expr.first.1))
            .chain(expr.rest.iter().copied());
        for (op, atom, span) in atoms {
            let Some(def) = self.units.get(atom) else {
                diags.push(self.unknown_unit(atom, span));
                ok = false;
                continue;
            };
            let (sign, f) = match op {
                UnitOp::Mul => (1, factor.checked_mul(def.factor)),
                UnitOp::Div => (-1, factor.checked_div(def.factor)),
            };
            dim = dim.combine(def.dimension, sign);
            factor = f.unwrap_or(factor);
        }
        ok.then_some(Resolved {
            dimension: dim,
            factor,
        })
    }

    fn unknown_unit(&self, atom: &str, span: Span) -> Diagnostic {
        let suggestions = self.suggest(atom);
        let d = Diagnostic::new(
            Code::UnknownUnit,
            span,
            t!("未知的计量单位 `{}`", "unknown unit `{}`", atom),
        )
        .label(t!(
            "不是内置单位，也没有用 `unit` 声明",
            "neither built in nor declared with `unit`"
        ));
        match suggestions.first() {
            Some(best) => d
                .help(t!(
                    "是否想写 `{0}`？如确需新单位，请声明：`unit {1} = N {2}`（N 个 {2}；N 为 1 时可省略）或 `unit {1} : count`（新的计数单位）",
                    "did you mean `{0}`? To add a unit, declare it: `unit {1} = N {2}` (N times {2}; omit N when it is 1) or `unit {1} : count` (a new count unit)",
                    suggestions.join("` / `"),
                    atom,
                    best
                ))
                .fix(span, best.clone()),
            None => d.help(t!(
                "请使用内置单位（个、人、人次、%、分、天、元……），或声明：`unit {} : count`",
                "use a built-in unit (个, 人, 人次, %, 分, 天, 元 …) or declare it: `unit {} : count`",
                atom
            )),
        }
    }

    /// Units close to `atom`, best first: an edit distance of one (one character for Chinese
    /// names), or a known unit the word starts with (`人数` → `人`).
    pub fn suggest(&self, atom: &str) -> Vec<String> {
        let len = atom.chars().count();
        if len > 24 {
            return Vec::new();
        }
        let mut scored: Vec<(usize, usize, &str)> = self
            .units
            .keys()
            .filter_map(|name| {
                let dist = strsim::levenshtein(atom, name);
                let limit = if atom.is_ascii() { 1.max(len / 3) } else { 1 };
                // Chinese compounds put the head last: `分份` is most likely a slip for 份,
                // `人数` (数 being no unit) for 人. So a unit the word ends with ranks first,
                // then one it starts with, then near spellings.
                let score = if atom.ends_with(name.as_str()) {
                    0
                } else if atom.starts_with(name.as_str()) || name.starts_with(atom) {
                    1
                } else if dist <= limit {
                    1 + dist
                } else {
                    return None;
                };
                Some((score, name.chars().count(), name.as_str()))
            })
            .collect();
        scored.sort();
        scored
            .into_iter()
            .take(3)
            .map(|(_, _, n)| n.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn suggestion_for_a_unit_that_is_no_unit() {
        let reg = Registry::prelude();
        assert_eq!(reg.suggest("人数").first().map(String::as_str), Some("人"));
        assert_eq!(reg.suggest("分份").first().map(String::as_str), Some("份"));
    }
}
