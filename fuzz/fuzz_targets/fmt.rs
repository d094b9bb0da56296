//! The formatter's round trip on arbitrary text: whatever `perfc fmt` accepts it formats
//! without panicking, the output formats to itself, compiles to the same `perfc/1` JSON
//! (source line numbers aside) and the same diagnostic codes, and keeps every comment in
//! order. (Text with syntax errors comes back as its errors; nothing more to check there.)
#![no_main]

use libfuzzer_sys::fuzz_target;
use perfc::fmt::{format, meaning};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(once) = format(text) else {
        return;
    };
    let twice = format(&once).expect("formatted text parses");
    assert_eq!(once, twice, "formatting is not idempotent");
    let bare = |t: &str| t.strip_prefix('\u{feff}').unwrap_or(t).to_string();
    assert_eq!(meaning(&bare(text)), meaning(&bare(&once)), "{once}");
});
