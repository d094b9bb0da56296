//! The one table of diagnostic codes: code, lint name, default severity, and the long
//! explanation (`explain/<CODE>.md`, Chinese and English, with a wrong and a right example).
//! `perfc explain`, `@allow(...)`, the docs test and the UI tests all read this table.

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $code:literal, $lint:literal, $sev:ident;)*) => {
        /// A stable diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $($variant,)* }

        /// Every code, in table order.
        pub const ALL: &[Code] = &[$(Code::$variant,)*];

        impl Code {
            pub fn info(self) -> &'static CodeInfo {
                match self {
                    $(Code::$variant => &CodeInfo {
                        code: $code,
                        lint: $lint,
                        severity: Severity::$sev,
                        explain: include_str!(concat!("explain/", $code, ".md")),
                    },)*
                }
            }
        }
    };
}

pub struct CodeInfo {
    /// `E0301`.
    pub code: &'static str,
    /// `unknown-unit`: the readable name accepted by `@allow` and `explain`.
    pub lint: &'static str,
    pub severity: Severity,
    /// Markdown: title line, `## 中文`, `## English`, wrong and right examples.
    pub explain: &'static str,
}

codes! {
    InvalidUtf8 = "E0101", "invalid-utf8", Error;
    ControlCharacter = "E0102", "control-character", Error;
    UnknownCharacter = "E0103", "unknown-character", Error;
    UnterminatedString = "E0104", "unterminated-string", Error;
    UnterminatedComment = "E0105", "unterminated-comment", Error;
    InvalidEscape = "E0106", "invalid-escape", Error;
    MalformedNumber = "E0107", "malformed-number", Error;
    NumberOutOfRange = "E0108", "number-out-of-range", Error;
    SyntaxError = "E0109", "syntax-error", Error;
    UnexpectedEof = "E0110", "unexpected-eof", Error;
    NestingTooDeep = "E0111", "nesting-too-deep", Error;
    MissingComparator = "E0112", "missing-comparator", Error;
    TooManyErrors = "E0113", "too-many-errors", Error;
    ChineseQuotes = "E0114", "chinese-quotes", Error;
    DateFormat = "E0115", "date-format", Error;
    NotPerfFile = "E0116", "not-a-perf-file", Error;
    UnclosedBlock = "E0117", "unclosed-block", Error;
    FileTooLarge = "E0118", "file-too-large", Error;
    UnknownCode = "W0101", "unknown-code", Warning;
    UnusedAllow = "W0102", "unused-allow", Warning;
    MissingField = "E0201", "missing-field", Error;
    DuplicateProject = "E0202", "duplicate-project", Error;
    DuplicateIndicator = "E0203", "duplicate-indicator", Error;
    MisplacedGroup = "E0204", "misplaced-group", Error;
    MissingValue = "E0205", "missing-value", Error;
    DuplicateSetting = "E0206", "duplicate-setting", Error;
    UnknownFramework = "E0207", "unknown-framework", Error;
    InvalidYear = "E0208", "invalid-year", Error;
    EmptyGroup = "W0201", "empty-group", Warning;
    MissingLevel1 = "W0202", "missing-level1", Warning;
    UnknownNature = "W0203", "unknown-nature", Warning;
    UnknownCategory = "W0204", "unknown-category", Warning;
    MisgroupedIndicator = "W0205", "misgrouped-indicator", Warning;
    UnknownUnit = "E0301", "unknown-unit", Error;
    RatioOutOfRange = "E0302", "ratio-out-of-range", Error;
    NegativeValue = "E0303", "negative-value", Error;
    FractionalCount = "E0304", "fractional-count", Error;
    ScoreOutOfRange = "E0305", "score-out-of-range", Error;
    DegenerateTarget = "W0306", "degenerate-target", Warning;
    NameUnitMismatch = "W0307", "name-unit-mismatch", Warning;
    QualitativeMeasure = "W0308", "qualitative-measure", Warning;
    QualitativeQuantity = "W0309", "qualitative-quantity", Warning;
    HiddenNumber = "W0310", "hidden-number", Warning;
    YesNoValue = "W0311", "yes-no-value", Warning;
    SatisfactionNotLowerBound = "W0312", "satisfaction-not-lower-bound", Warning;
    MixedSatisfactionUnits = "W0313", "mixed-satisfaction-units", Warning;
    OutputUpperBound = "W0314", "output-upper-bound", Warning;
    CountInTimeliness = "W0315", "count-in-timeliness", Warning;
    ExecutionRateAsOutput = "W0316", "execution-rate-as-output", Warning;
    VagueTarget = "W0317", "vague-target", Warning;
    FillerValue = "W0318", "filler-value", Warning;
    BreakdownMismatch = "E0401", "breakdown-mismatch", Error;
    MoneyPrecision = "E0402", "money-precision", Error;
    MoneyOverflow = "E0403", "money-overflow", Error;
    AnnualExceedsTotal = "E0404", "annual-exceeds-total", Error;
    NegativeAmount = "E0405", "negative-amount", Error;
    NotMoney = "E0406", "not-money", Error;
    MisplacedAmount = "E0407", "misplaced-amount", Error;
    OneOffTotalMismatch = "E0408", "one-off-total-mismatch", Error;
    CostExceedsAnnual = "W0409", "cost-exceeds-annual", Warning;
    InvalidDate = "E0501", "invalid-date", Error;
    StartAfterEnd = "E0502", "start-after-end", Error;
    PeriodOutsideYear = "W0503", "period-outside-year", Warning;
    DeadlineOutsidePeriod = "W0504", "deadline-outside-period", Warning;
    WeightSumMismatch = "E0601", "weight-sum-mismatch", Error;
    TotalWeightMismatch = "E0602", "total-weight-mismatch", Error;
    ActualDimensionMismatch = "E0603", "actual-dimension-mismatch", Error;
    NotAnAchievement = "E0604", "not-an-achievement", Error;
    ActualKindMismatch = "E0605", "actual-kind-mismatch", Error;
    InvalidScore = "E0606", "invalid-score", Error;
    ExecutionExceedsBudget = "E0607", "execution-exceeds-budget", Error;
    MissingActual = "W0608", "missing-actual", Warning;
    WeightsWithoutActuals = "W0609", "weights-without-actuals", Warning;
    MissingExecution = "W0610", "missing-execution", Warning;
}

impl Code {
    pub fn as_str(self) -> &'static str {
        self.info().code
    }

    /// Look a code up by its code (`E0301`, any case) or its lint name (`unknown-unit`).
    pub fn lookup(name: &str) -> Option<Code> {
        ALL.iter().copied().find(|c| {
            let info = c.info();
            info.code.eq_ignore_ascii_case(name) || info.lint == name
        })
    }

    /// The short title, taken from the explain file's first line (`# E0301 未知计量单位 / unknown unit`).
    pub fn title(self, lang: super::Lang) -> &'static str {
        let first = self.info().explain.lines().next().unwrap_or("");
        let rest = first
            .trim_start_matches('#')
            .trim()
            .trim_start_matches(self.as_str())
            .trim();
        let (zh, en) = rest.split_once(" / ").unwrap_or((rest, rest));
        match lang {
            super::Lang::Zh => zh.trim(),
            super::Lang::En => en.trim(),
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_lint_names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for c in ALL {
            let i = c.info();
            assert!(seen.insert(i.code), "duplicate code {}", i.code);
            assert!(seen.insert(i.lint), "duplicate lint {}", i.lint);
            let prefix = match i.severity {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(i.code.starts_with(prefix), "{} severity prefix", i.code);
            assert!(
                i.explain.starts_with(&format!("# {} ", i.code)),
                "{} title",
                i.code
            );
            for section in ["## 中文", "## English", "```perf"] {
                assert!(i.explain.contains(section), "{} lacks {section}", i.code);
            }
        }
    }

    #[test]
    fn lookup_by_code_or_lint_name() {
        assert_eq!(Code::lookup("E0301"), Some(Code::UnknownUnit));
        assert_eq!(Code::lookup("e0301"), Some(Code::UnknownUnit));
        assert_eq!(Code::lookup("unknown-unit"), Some(Code::UnknownUnit));
        assert_eq!(Code::lookup("E9999"), None);
    }
}
