//! The lexer over arbitrary text: it must never panic or loop, every token and every trivia
//! range must lie inside the text on character boundaries, and tokens must come in order.
//! A file whose braces do not balance is lexed a second time with the repair plan, as
//! `syntax::parse_into` does.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use perfc::source::FileId;
use perfc::syntax::lexer::{ClosePlan, Lexer, Trivia};
use perfc::syntax::repair;

fn lex(src: &str, plan: ClosePlan) -> bool {
    let diags = RefCell::new(Vec::new());
    let mut trivia = Trivia::default();
    let mut lexer = Lexer::new(FileId(0), src, &diags, Some(&mut trivia), plan);
    let mut last_start = 0;
    for tok in lexer.by_ref() {
        // The error type is uninhabited: the lexer reports and repairs instead.
        let Ok((start, _, end)) = tok;
        assert!(
            start <= end && end <= src.len(),
            "{start}..{end} of {}",
            src.len()
        );
        assert!(src.is_char_boundary(start) && src.is_char_boundary(end));
        assert!(
            start >= last_start,
            "token at {start} after one at {last_start}"
        );
        last_start = start;
    }
    let unbalanced = lexer.unbalanced();
    for d in diags.borrow().iter() {
        let s = d.primary();
        assert!(s.start <= s.end && s.end as usize <= src.len());
    }
    for &(start, end) in &trivia.comments {
        assert!(start <= end && end as usize <= src.len());
        assert!(src.is_char_boundary(start as usize) && src.is_char_boundary(end as usize));
    }
    for &at in trivia.blank_lines.iter().chain(&trivia.semicolons) {
        assert!(at as usize <= src.len());
    }
    unbalanced
}

fuzz_target!(|data: &[u8]| {
    let src = String::from_utf8_lossy(data);
    if lex(&src, ClosePlan::new()) {
        let (plan, _) = repair::plan(FileId(0), &src);
        lex(&src, plan);
    }
});
