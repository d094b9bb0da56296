//! An indicator's tree → model: the value typed (a quantity with its unit resolved to a
//! dimension and factor, qualitative text, or deadline dates), its extras, its §8 actual.

use std::borrow::Cow;

use super::ProjectContext;
use crate::diag::{Code, Diagnostic, Diagnostics, Fix};
use crate::hierarchy::GroupName;
use crate::model::{
    Achievement, Actual, Indicator, IndicatorExtra, Quantity, Spanned, Unit, Value,
};
use crate::source::Span;
use crate::syntax::ast;
use crate::syntax::keywords;
use crate::t;
use crate::units::Resolved;

pub fn lower<'s>(
    ctx: &ProjectContext<'_, 's>,
    level1: GroupName,
    level2: GroupName,
    group: u16,
    ind: &ast::Indicator<'s>,
    diags: &mut Diagnostics,
) -> Indicator<'s> {
    let (value, value_span, cmp_span) = match &ind.value {
        None => (Value::Missing, ind.name.span, None),
        Some(ast::Value::Quantitative(q)) => (
            Value::Quantitative(quantity(ctx, q, diags)),
            q.span,
            q.cmp.map(|c| c.1),
        ),
        Some(ast::Value::Qualitative(s)) => (Value::Qualitative(s.value.clone()), s.span, None),
        Some(ast::Value::Deadline(d)) => (
            Value::Deadline {
                dates: d
                    .dates
                    .iter()
                    .filter_map(|d| crate::check::dates::resolve_reported(d, true, diags))
                    .collect(),
                text: d.text.as_ref().map(|t| t.value.clone()),
            },
            d.span,
            None,
        ),
    };
    let extra = (!ind.extras.is_empty()).then(|| {
        let mut extra = IndicatorExtra::default();
        for e in &ind.extras {
            match e {
                ast::IndicatorExtra::Note(_, s) => extra.note = Some(s.value.clone()),
                ast::IndicatorExtra::Basis(_, s) => extra.basis = Some(s.value.clone()),
                ast::IndicatorExtra::Weight(_, n) => {
                    extra.weight = Some(Spanned {
                        value: n.value,
                        span: n.span,
                    })
                }
                ast::IndicatorExtra::Actual(_, a) => extra.actual = Some(actual(ctx, a, diags)),
                ast::IndicatorExtra::Deviation(_, s) => {
                    extra.deviation = Some(Spanned {
                        value: s.value.clone(),
                        span: s.span,
                    })
                }
                ast::IndicatorExtra::Score(_, n) => {
                    extra.score = Some(Spanned {
                        value: n.value,
                        span: n.span,
                    })
                }
            }
        }
        Box::new(extra)
    });
    Indicator {
        group,
        level1,
        level2,
        name: ind.name.value.clone(),
        value,
        span: ind.span,
        name_span: ind.name.span,
        value_span,
        cmp_span,
        extra,
    }
}

fn actual<'s>(
    ctx: &ProjectContext<'_, 's>,
    a: &ast::Actual<'s>,
    diags: &mut Diagnostics,
) -> Spanned<Actual<'s>> {
    match a {
        ast::Actual::Quantity(q) => Spanned {
            value: Actual::Quantity(quantity(ctx, q, diags)),
            span: q.span,
        },
        ast::Actual::Date(d) => Spanned {
            value: match crate::check::dates::resolve_reported(d, true, diags) {
                Some(date) => Actual::Date(date),
                None => Actual::Text(Cow::Borrowed(ctx.src.get(d.span.range()).unwrap_or(""))),
            },
            span: d.span,
        },
        ast::Actual::Word(w, span) => Spanned {
            value: match Achievement::parse(w) {
                Some(a) => Actual::Achievement(a),
                None => Actual::Text(Cow::Borrowed(w)),
            },
            span: *span,
        },
        ast::Actual::Text(s) => Spanned {
            value: match Achievement::parse(&s.value) {
                Some(a) => Actual::Achievement(a),
                None => Actual::Text(s.value.clone()),
            },
            span: s.span,
        },
    }
}

/// A quantity with its unit resolved. A bound written into the unit (`400 人次以上`) is
/// reported and read as meant (the unit `人次`, the comparator `>=` when none is written).
pub fn quantity<'s>(
    ctx: &ProjectContext<'_, 's>,
    q: &ast::Quantity<'s>,
    diags: &mut Diagnostics,
) -> Quantity<'s> {
    let text = ctx.src.get(q.number.span.range()).unwrap_or("");
    let bound = bound_in_unit(ctx, q, text);
    // A bound in the unit is the comparator's error already: not also a missing one.
    let (cmp, cmp_written) = match (q.cmp, &bound) {
        (Some((c, _)), _) => (c, true),
        (None, Some(b)) => (b.cmp.unwrap_or(ast::Cmp::Eq), true),
        (None, None) => (ast::Cmp::Eq, false),
    };
    let unit = q.unit.as_ref().map(|u| {
        let resolved = match &bound {
            Some(b) => Some(b.unit),
            None => ctx.units.resolve(u, ctx.keyword_lang, diags),
        };
        Unit {
            text: match &bound {
                Some(b) => Cow::Borrowed(b.name),
                None => u.text(),
            },
            span: u.atoms_span(),
            parenthesized: u.parens,
            resolved,
        }
    });
    if let Some(b) = bound {
        diags.push(b.diagnostic);
    }
    Quantity {
        cmp,
        cmp_written,
        number: q.number.value,
        text,
        number_span: q.number.span,
        unit,
    }
}

/// A bound written into the unit (`400 人次以上`): the unit without it, and the comparator
/// the words mean.
struct BoundInUnit<'s> {
    name: &'s str,
    unit: Resolved,
    cmp: Option<ast::Cmp>,
    diagnostic: Diagnostic,
}

/// `人次以上`, `%以内`, `人左右`: a known unit followed by words that belong in the
/// comparator (or, for `左右`, say the target is no target). One error with two fixes: the
/// unit alone, or the bound moved into the comparator (`>= 400 人次`).
fn bound_in_unit<'s>(
    ctx: &ProjectContext<'_, 's>,
    q: &ast::Quantity<'s>,
    number_text: &str,
) -> Option<BoundInUnit<'s>> {
    let u = q.unit.as_ref()?;
    if !u.rest.is_empty() {
        return None;
    }
    let (word, span) = u.first;
    let (suffix, cmp, unit_name) = keywords::BOUND_WORDS.iter().find_map(|(suffix, cmp)| {
        let rest = word.strip_suffix(suffix)?;
        (!rest.is_empty()).then_some((*suffix, *cmp, rest))
    })?;
    let def = ctx.units.get(unit_name)?;
    let unit = Resolved {
        dimension: def.dimension,
        factor: def.factor,
    };
    let unit_span = Span::new(
        span.file,
        span.start as usize,
        span.start as usize + unit_name.len(),
    );
    let suffix_span = Span::new(span.file, unit_span.end as usize, span.end as usize);
    let mut d = Diagnostic::new(
        Code::UnknownUnit,
        suffix_span,
        t!(
            "`{}` 不是计量单位的一部分",
            "`{}` is not part of the unit",
            suffix
        ),
    )
    .label(t!(
        "这是比较关系，不是单位",
        "this is a comparison, not a unit"
    ))
    .with_label(unit_span, t!("单位是 `{}`", "the unit is `{}`", unit_name));
    d = match cmp {
        Some(c) => {
            let moved = format!("{} {} {}", c.as_str(), number_text, unit_name);
            d.help(t!(
                "“{}”是比较关系，写进比较符：`{}`",
                "“{}” is a comparison: write it as the comparator, `{}`",
                suffix,
                &moved
            ))
            .fix(Fix::maybe(q.span, moved))
            .fix(Fix::maybe(suffix_span, ""))
        }
        None => d
            .help(t!(
                "“左右”不是可检验的目标：写确数（= {0} {1}）或下限（>= {0} {1}）",
                "“about” is no checkable target: write an exact figure (= {0} {1}) or a minimum (>= {0} {1})",
                number_text,
                unit_name
            ))
            .fix(Fix::maybe(suffix_span, "")),
    };
    Some(BoundInUnit {
        name: unit_name,
        unit,
        cmp,
        diagnostic: d,
    })
}
