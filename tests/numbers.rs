//! Property tests for numbers and money (LANGUAGE.md §2, §4): a number written with
//! thousands groups is read exactly, 元 / 万元 / 亿元 convert to 分 exactly, sums of amounts
//! are checked (an overflow is the coded error E0403, never a wrap or a panic), and money
//! rounds half away from zero (四舍五入). The expected values are worked out here with
//! integer arithmetic on `i128`, independently of `rust_decimal`.

use std::cell::RefCell;

use proptest::prelude::*;
use rust_decimal::Decimal;

use perfc::diag::{Code, Diagnostic};
use perfc::model::{group_thousands, Fen};
use perfc::source::FileId;
use perfc::syntax::lexer::{ClosePlan, Lexer, Tok};

/// The numbers the lexer reads from `src`, and its diagnostics.
fn lex_numbers(src: &str) -> (Vec<Decimal>, Vec<Diagnostic>) {
    let diags = RefCell::new(Vec::new());
    let numbers = Lexer::new(FileId(0), src, &diags, None, ClosePlan::new())
        .filter_map(|t| match t {
            Ok((_, Tok::Number(v), _)) => Some(v),
            _ => None,
        })
        .collect();
    (numbers, diags.into_inner())
}

/// `fen` written as an amount in a unit worth 10^`zeros` 元, with every decimal it needs
/// (`123456` 分 in 万元, zeros = 4: `0.123456`), digits grouped by thousands.
fn written(fen: i64, zeros: u32) -> String {
    let scale = 10i64.pow(zeros + 2);
    let text = format!(
        "{}.{:0width$}",
        fen / scale,
        fen % scale,
        width = (zeros + 2) as usize
    );
    group_thousands(&text)
}

/// Compile one project whose funding block is `funding`; its 分 amounts and diagnostics.
fn compile_funding(funding: &str) -> (perfc::model::Funding, Vec<Code>) {
    let src = format!("year 2024\nproject \"p\" {{\n  funding {{\n{funding}\n  }}\n}}\n");
    let c = perfc::compile_str("money.perf", &src);
    let codes = c.diagnostics.iter().map(|d| d.code).collect();
    let funding = c.program().projects[0].funding.clone();
    (funding, codes)
}

/// 分 amounts: small ones, and ones near the top of `i64` where sums overflow.
fn fen() -> impl Strategy<Value = i64> {
    prop_oneof![0i64..10_000_000, 0i64..=i64::MAX, (i64::MAX / 3)..=i64::MAX]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// Any decimal of up to 28 digits, written with comma groups (or `_` groups, or none),
    /// is one number token of exactly that value and scale, with no diagnostic.
    #[test]
    fn grouped_decimals_read_exactly(
        int in 0u128..10u128.pow(20),
        frac in proptest::option::of("[0-9]{1,6}"),
        sep in prop::sample::select(vec![",", "_", ""]),
    ) {
        let plain = match &frac {
            Some(f) => format!("{int}.{f}"),
            None => int.to_string(),
        };
        let text = group_thousands(&plain).replace(',', sep);
        let (numbers, diags) = lex_numbers(&text);
        prop_assert!(diags.is_empty(), "{text}: {diags:?}");
        prop_assert_eq!(numbers.len(), 1, "{}", text);
        // `Decimal`'s text keeps the scale: `3.00` stays `3.00`.
        prop_assert_eq!(numbers[0].to_string(), plain);
    }

    /// Commas anywhere else are never silently read as some other number: the digits are
    /// read as written (comma groups of three) or the number is reported (E0107).
    #[test]
    fn misplaced_commas_are_reported(digits in "[1-9][0-9]{0,11}", cuts in prop::collection::vec(1usize..12, 1..4)) {
        let mut text = digits.clone();
        let mut cuts: Vec<usize> = cuts.into_iter().filter(|&c| c < digits.len()).collect();
        cuts.sort_unstable();
        cuts.dedup();
        for c in cuts.iter().rev() {
            text.insert(*c, ',');
        }
        let (numbers, diags) = lex_numbers(&text);
        let reported = diags.iter().any(|d| d.code == Code::MalformedNumber);
        let well_grouped = text == group_thousands(&digits);
        prop_assert_eq!(reported, !well_grouped && text.contains(','), "{}: {:?}", text, diags);
        if !reported {
            prop_assert_eq!(numbers, vec![digits.parse::<Decimal>().unwrap()]);
        }
    }

    /// The same amount written in 元, 万元 and 亿元 (with as many decimals as it needs) is
    /// the same number of 分.
    #[test]
    fn yuan_wan_and_yi_convert_to_fen_exactly(fen in 0i64..=i64::MAX) {
        for (unit, zeros) in [("元", 0), ("万元", 4), ("亿元", 8)] {
            let text = written(fen, zeros);
            let (funding, codes) = compile_funding(&format!("annual {text} {unit}"));
            prop_assert_eq!(funding.annual, Some(Fen(fen)), "{} {}: {:?}", text, unit, codes);
        }
    }

    /// One decimal more than a 分 is E0402, never a rounded amount.
    #[test]
    fn finer_than_a_fen_is_reported(fen in 0i64..1_000_000_000_000, extra in 1u8..10) {
        for (unit, zeros) in [("元", 0), ("万元", 4)] {
            let text = format!("{}{extra}", written(fen, zeros));
            let (funding, codes) = compile_funding(&format!("annual {text} {unit}"));
            prop_assert_eq!(funding.annual, None);
            prop_assert!(codes.contains(&Code::MoneyPrecision), "{} {}: {:?}", text, unit, codes);
        }
    }

    /// A parent left blank is the exact sum of its breakdown, or E0403 when that sum does
    /// not fit; a written parent that differs from the sum is E0401.
    #[test]
    fn sums_are_checked(a in fen(), b in fen(), c in fen(), written_parent in any::<bool>()) {
        let sum = a as i128 + b as i128 + c as i128;
        let fits = sum <= i64::MAX as i128;
        let parent = if written_parent { format!("{} 元 ", written(a, 0)) } else { String::new() };
        let block = format!(
            "annual {parent}{{\n appropriation {} 元\n carryover {} 元\n other {} 元\n }}",
            written(a, 0),
            written(b, 0),
            written(c, 0)
        );
        let (funding, codes) = compile_funding(&block);
        if written_parent {
            prop_assert_eq!(funding.annual, Some(Fen(a)));
            // The parent equals its breakdown exactly when the other two are zero.
            let mismatch = b != 0 || c != 0;
            let reported = codes.contains(&Code::BreakdownMismatch) || codes.contains(&Code::MoneyOverflow);
            prop_assert_eq!(reported, mismatch, "{:?}", codes);
        } else if fits {
            prop_assert_eq!(funding.annual, Some(Fen(sum as i64)));
            prop_assert!(!codes.contains(&Code::MoneyOverflow), "{:?}", codes);
        } else {
            prop_assert_eq!(funding.annual, None);
            prop_assert!(codes.contains(&Code::MoneyOverflow), "{:?}", codes);
        }
    }

    /// 四舍五入: a half 分 rounds away from zero, on both sides of zero, at any scale.
    #[test]
    fn money_rounds_half_away_from_zero(n in any::<i64>(), scale in 3u32..=12) {
        let unit = 10i128.pow(scale - 2);
        let (q, r) = ((n as i128).abs() / unit, (n as i128).abs() % unit);
        let away = if 2 * r >= unit { q + 1 } else { q };
        let expected = if n < 0 { -away } else { away };
        prop_assert_eq!(
            Fen::round_yuan(Decimal::new(n, scale)),
            Some(Fen(expected as i64))
        );
    }

    /// Adding 分 is exact or says it overflowed; the printed 元 read back are the same 分.
    #[test]
    fn fen_arithmetic_and_text(a in any::<i64>(), b in any::<i64>()) {
        let sum = a as i128 + b as i128;
        let expected = i64::try_from(sum).ok().map(Fen);
        prop_assert_eq!(Fen(a).checked_add(Fen(b)), expected);
        let text = Fen(a).to_string();
        prop_assert_eq!(Fen::from_yuan(text.parse::<Decimal>().unwrap()), Some(Fen(a)));
        prop_assert_eq!(Fen(a).grouped().replace(',', ""), text);
    }
}
