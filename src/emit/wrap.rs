//! Line breaking for the terminal table, by the rules of Chinese typesetting (禁则, kinsoku):
//! a line never starts with a stop, a pause or a closing bracket (`，` `。` `、` `）` …) and
//! never ends with an opening one (`（` `《` `“` …), as GB/T 15834-2011 and W3C's
//! "Requirements for Chinese Text Layout" (clreq §3.1.7) ask. comfy-table breaks Chinese
//! text anywhere, so `table` wraps every cell with this first and hands comfy-table lines
//! that already fit.
//!
//! Widths are display columns as `unicode-width` counts them (a Han character is 2), the same
//! measure comfy-table draws with.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters that must not begin a line: pauses and stops, closing brackets, quotes and
/// title marks, the connecting and separating marks, the ellipsis (so `……` is never split),
/// postfix units, and their ASCII and half-width counterparts for mixed text. Close to the
/// simplified-Chinese default of word processors.
const NO_START: &str = "、，。．：；？！,.:;?!\
                        ）］｝〕〗〙〛」』】〉》”’〞)]}»›\
                        ～·・／∶…‥\
                        ％‰℃°′″¢￠%";

/// Characters that must not end a line: opening brackets, quotes and title marks, currency
/// signs, which belong to the amount after them, and the middle dot, which joins the parts
/// of a name (so it neither starts nor ends a line).
const NO_END: &str = "（［｛〔〖〘〚「『【〈《“‘〝([{«‹·￥¥＄$£￡";

pub fn no_start(c: char) -> bool {
    NO_START.contains(c)
}

pub fn no_end(c: char) -> bool {
    NO_END.contains(c)
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// Wrap a cell's text to `width` columns: each of its own lines (a goal may have
/// paragraphs) is wrapped on its own, the spaces a line was broken at are dropped from its
/// end, and the lines are joined with `\n`.
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        out.extend(wrap_line(line, width).into_iter().map(str::trim_end));
    }
    out.join("\n")
}

/// Break one line (no `\n` in it) into pieces whose concatenation is the line exactly.
/// Every piece but the last ends where a break is allowed, and the spaces after a break stay
/// at the end of the piece before it, where they take no room. Each piece, without those
/// spaces, is at most `width` columns wide; only a unit with no break allowed in it that is
/// wider than the whole width is cut inside, as cleanly as it allows, and only a single
/// character wider than `width` can overflow.
pub fn wrap_line(line: &str, width: usize) -> Vec<&str> {
    let mut bounds = vec![0];
    bounds.extend(break_opportunities(line));
    bounds.push(line.len());
    let mut lines = Vec::new();
    // The current line is line[start..end]; `end` is where its last whole unit ends.
    let mut start = 0;
    let mut end = 0;
    for unit in bounds.windows(2) {
        let (u0, u1) = (unit[0], unit[1]);
        if u0 == u1 {
            continue;
        }
        let body_end = u0 + line[u0..u1].trim_end().len();
        if line[start..body_end].width() <= width {
            end = u1;
            continue;
        }
        if end > start {
            lines.push(&line[start..end]);
            start = end;
            if line[start..body_end].width() <= width {
                end = u1;
                continue;
            }
        }
        // A unit wider than a whole line: cut it, and go on after its last piece.
        let mut from = u0;
        loop {
            let cut = cut_point(&line[from..body_end], width);
            if from + cut >= body_end {
                break;
            }
            lines.push(&line[from..from + cut]);
            from += cut;
        }
        start = from;
        end = u1;
    }
    lines.push(&line[start..]);
    lines
}

/// Byte offsets where a new line may begin: after a run of spaces, and between two
/// characters of which one is wide (Han, kana, full-width punctuation), unless the second
/// may not start a line or the first may not end one. Inside a run of narrow characters
/// (`2024-01-01`, `>=85(%)`, `120,000.00`, an English word) there is no break, and a
/// zero-width character (a combining mark, a variation selector) stays with the one before.
fn break_opportunities(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut after_space = false;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            after_space = true;
            continue;
        }
        if char_width(c) == 0 {
            continue;
        }
        if let Some(p) = prev {
            let between = after_space || char_width(p) == 2 || char_width(c) == 2;
            if between && !no_start(c) && !no_end(p) {
                out.push(i);
            }
        }
        prev = Some(c);
        after_space = false;
    }
    out
}

/// Where to cut a unit that is wider than `width` (in bytes; the whole unit if it fits): as
/// far right as the piece fits, moved left past characters that may not start or end a line
/// while that leaves something on the line; at least one character, so the text advances.
fn cut_point(unit: &str, width: usize) -> usize {
    // (offset, clean) of every cut that leaves a piece within the width.
    let mut fits: Vec<(usize, bool)> = Vec::new();
    let mut used = 0;
    let mut prev: Option<char> = None;
    // Where the second visible character starts, should the first alone be too wide.
    let mut second = unit.len();
    for (i, c) in unit.char_indices() {
        let w = char_width(c);
        if w == 0 {
            continue;
        }
        if let Some(p) = prev {
            if fits.is_empty() {
                second = i;
            }
            if used > width {
                break;
            }
            fits.push((i, !no_start(c) && !no_end(p)));
        }
        used += w;
        prev = Some(c);
    }
    if used <= width {
        return unit.len();
    }
    match fits.iter().rev().find(|(_, clean)| *clean).or(fits.last()) {
        Some((i, _)) => *i,
        // The first character alone is wider than the width: it takes a line of its own.
        None => second,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The lines as a reader sees them: the break spaces dropped.
    fn shown(text: &str, width: usize) -> Vec<String> {
        wrap(text, width).split('\n').map(str::to_string).collect()
    }

    #[test]
    fn a_comma_never_starts_a_line() {
        // Ten characters fit in 20 columns, but the eleventh is `，`: the tenth, `训`, moves
        // down with it rather than leave it at the start of a line.
        let text = "全年举办执法业务培训，培训一线执法人员四百人次。";
        assert_eq!(
            shown(text, 20),
            ["全年举办执法业务培", "训，培训一线执法人员", "四百人次。"]
        );
        // From 4 columns on, the widest unit (`训，`) fits, so no break is ever forced.
        for w in 4..50 {
            for line in shown(text, w).iter().skip(1) {
                assert!(!line.starts_with(['，', '。']), "{w}: {line}");
            }
        }
    }

    #[test]
    fn an_opening_bracket_never_ends_a_line() {
        // At 10 columns `（` would end the first line: it moves down with what it opens.
        assert_eq!(
            shown("执法人员（含协管员）培训", 10),
            ["执法人员", "（含协管", "员）培训"]
        );
        // Curly quotes are one column wide here, as comfy-table measures them.
        assert_eq!(
            shown("宣传“谁执法谁普法”", 6),
            ["宣传", "“谁执", "法谁普", "法”"]
        );
    }

    #[test]
    fn narrow_runs_stay_whole_and_break_at_spaces() {
        assert_eq!(
            shown("2024-01-01 至 2024-12-31", 12),
            ["2024-01-01", "至", "2024-12-31"]
        );
        assert_eq!(
            shown("完成率>=85(%)以上", 10),
            ["完成率", ">=85(%)以", "上"]
        );
        // A percent sign after a space still cannot start a line.
        assert_eq!(shown("覆盖率 100 %", 9), ["覆盖率", "100 %"]);
        // Dashes and ellipses are never split in two.
        assert_eq!(
            shown("执法——规范……提升", 5),
            ["执法", "——规", "范……", "提升"]
        );
    }

    #[test]
    fn hard_lines_are_kept_and_wrapped_each() {
        assert_eq!(
            shown("第一季度\n第二季度，完成", 8),
            ["第一季度", "第二季", "度，完成"]
        );
        assert_eq!(shown("甲\r\n乙", 8), ["甲", "乙"]);
    }

    #[test]
    fn an_overlong_unit_is_cut_cleanly_where_it_can_be() {
        // No break is allowed inside a long ASCII word: it is cut at the width.
        assert_eq!(wrap_line("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // Kinsoku still chooses the cuts inside it: `(` does not end a piece, `)` does
        // not start one.
        assert_eq!(wrap_line("abc(def)gh", 4), ["abc", "(de", "f)gh"]);
        // A character wider than the width goes on a line of its own, even when kinsoku
        // would glue it to the next.
        assert_eq!(wrap_line("执法", 1), ["执", "法"]);
        assert_eq!(wrap_line("执，", 1), ["执", "，"]);
        assert_eq!(wrap_line("", 5), [""]);
    }

    /// Text like the forms': Han characters, Chinese and ASCII punctuation, short numbers and
    /// words, spaces.
    fn form_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "执",
            "法",
            "培",
            "训",
            "人",
            "员",
            "城",
            "管",
            "宣",
            "传",
            "、",
            "，",
            "。",
            "；",
            "：",
            "！",
            "？",
            "（",
            "）",
            "《",
            "》",
            "「",
            "」",
            "【",
            "】",
            "“",
            "”",
            "‘",
            "’",
            "…",
            "——",
            "％",
            " ",
            "  ",
            "2024",
            ">=85(%)",
            "abc",
            "1,000.00",
            "=2.00(个)",
            "(",
            ")",
            ",",
            ".",
            "·",
            "\u{301}",
            "\u{3000}",
        ]);
        prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, .. ProptestConfig::default() })]

        #[test]
        fn wrapping_keeps_the_text_and_the_width(text in form_text(), width in 1usize..40) {
            let lines = wrap_line(&text, width);
            prop_assert_eq!(lines.concat(), text.clone());
            for line in &lines {
                let body = line.trim_end();
                prop_assert!(
                    body.width() <= width || body.chars().filter(|c| char_width(*c) > 0).count() == 1,
                    "{:?} wider than {} in {:?}", line, width, lines
                );
            }
            // Where every unit fits, every break is a clean one.
            let mut bounds = vec![0];
            bounds.extend(break_opportunities(&text));
            bounds.push(text.len());
            let widest = bounds.windows(2).map(|u| text[u[0]..u[1]].trim_end().width()).max();
            if widest.unwrap_or(0) <= width {
                for pair in lines.windows(2) {
                    let first = pair[1].chars().find(|c| char_width(*c) > 0);
                    let last = pair[0].trim_end().chars().rev().find(|c| char_width(*c) > 0);
                    prop_assert!(!first.is_some_and(no_start), "{:?}", lines);
                    prop_assert!(!last.is_some_and(no_end), "{:?}", lines);
                }
            }
        }
    }
}
