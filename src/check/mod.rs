//! Checking: rules over one lowered project, reading the model only. Every rule is a
//! function in the module of its concern, registered once in `RULES` with the codes it may
//! report; `run` applies them all. Rules never format text (diagnostics are worded when
//! shown) and never look back at the syntax tree.

pub mod allow;
pub mod dates;
mod evaluation;
mod funding;
mod structure;
mod targets;
pub mod timephrase;
mod values;

pub use targets::{hidden_quantity, implied_dimension, is_vague, HiddenQuantity, Measure};

use crate::diag::{Code, Diagnostics};
use crate::lower::ProjectContext;
use crate::model::Project;

/// A rule: what it checks, the codes it may report, and whether it reads what a syntax
/// error may have cut out of the project (then it stays silent for a broken project rather
/// than blame the author for what the parser could not read).
pub struct Rule {
    pub name: &'static str,
    pub codes: &'static [Code],
    pub needs_whole_project: bool,
    pub check: for<'s> fn(&ProjectContext<'_, 's>, &Project<'s>, &mut Diagnostics),
}

use Code::*;

/// Every rule, in the order of the codes.
pub const RULES: &[Rule] = &[
    Rule {
        name: "required fields",
        codes: &[MissingField],
        needs_whole_project: true,
        check: structure::required_fields,
    },
    Rule {
        name: "duplicate indicators",
        codes: &[DuplicateIndicator],
        needs_whole_project: false,
        check: structure::duplicate_indicators,
    },
    Rule {
        name: "groups at their level",
        codes: &[MisplacedGroup],
        needs_whole_project: false,
        check: structure::group_levels,
    },
    Rule {
        name: "missing values",
        codes: &[MissingValue, MissingComparator],
        needs_whole_project: false,
        check: values::missing_value_or_comparator,
    },
    Rule {
        name: "empty groups",
        codes: &[EmptyGroup],
        needs_whole_project: false,
        check: structure::empty_groups,
    },
    Rule {
        name: "every 一级 group",
        codes: &[MissingLevel1],
        needs_whole_project: true,
        check: structure::missing_level1,
    },
    Rule {
        name: "official nature and category",
        codes: &[UnknownNature, UnknownCategory],
        needs_whole_project: false,
        check: structure::nature_and_category,
    },
    Rule {
        name: "indicators in their group",
        codes: &[MisgroupedIndicator],
        needs_whole_project: false,
        check: structure::misgrouped_indicators,
    },
    Rule {
        name: "what a dimension can hold",
        codes: &[
            RatioOutOfRange,
            NegativeValue,
            FractionalCount,
            ScoreOutOfRange,
            DegenerateTarget,
        ],
        needs_whole_project: false,
        check: values::range_rules,
    },
    Rule {
        name: "target wording",
        codes: &[
            NameUnitMismatch,
            QualitativeMeasure,
            QualitativeQuantity,
            HiddenNumber,
            YesNoValue,
            SatisfactionNotLowerBound,
            MixedSatisfactionUnits,
            OutputUpperBound,
            CountInTimeliness,
            ExecutionRateAsOutput,
            VagueTarget,
            FillerValue,
        ],
        needs_whole_project: false,
        check: targets::check,
    },
    Rule {
        name: "funding sums",
        codes: &[BreakdownMismatch, MoneyOverflow, AnnualExceedsTotal],
        needs_whole_project: false,
        check: funding::sums,
    },
    Rule {
        name: "one-off totals",
        codes: &[OneOffTotalMismatch],
        needs_whole_project: false,
        check: funding::one_off_total,
    },
    Rule {
        name: "costs within the annual amount",
        codes: &[CostExceedsAnnual],
        needs_whole_project: false,
        check: funding::cost_within_annual,
    },
    Rule {
        name: "period order",
        codes: &[StartAfterEnd],
        needs_whole_project: false,
        check: dates::start_after_end,
    },
    Rule {
        name: "period in the filing year",
        codes: &[PeriodOutsideYear],
        needs_whole_project: false,
        check: dates::period_in_filing_year,
    },
    Rule {
        name: "deadlines in the period",
        codes: &[DeadlineOutsidePeriod],
        needs_whole_project: false,
        check: dates::deadlines_in_period,
    },
    Rule {
        name: "weights add up",
        codes: &[WeightSumMismatch, TotalWeightMismatch],
        needs_whole_project: true,
        check: evaluation::weight_sums,
    },
    Rule {
        name: "actuals and scores fit their targets",
        codes: &[
            ActualDimensionMismatch,
            NotAnAchievement,
            ActualKindMismatch,
            InvalidScore,
        ],
        needs_whole_project: false,
        check: evaluation::actuals,
    },
    Rule {
        name: "execution within the budget",
        codes: &[ExecutionExceedsBudget],
        needs_whole_project: false,
        check: evaluation::execution_within_budget,
    },
    Rule {
        name: "a complete evaluation",
        codes: &[MissingActual, WeightsWithoutActuals, MissingExecution],
        needs_whole_project: true,
        check: evaluation::completeness,
    },
];

/// Run every rule over one project.
pub fn run(ctx: &ProjectContext, project: &Project, diags: &mut Diagnostics) {
    for rule in RULES {
        if rule.needs_whole_project && project.broken {
            continue;
        }
        (rule.check)(ctx, project, diags);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A code reported by a rule is listed with it, and no code is claimed by two rules.
    #[test]
    fn the_rule_table_names_each_code_once() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            for code in rule.codes {
                assert!(seen.insert(*code), "{code} in two rules");
            }
        }
    }
}
