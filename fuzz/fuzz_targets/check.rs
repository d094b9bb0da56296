//! The whole pipeline of `perfc check` on one in-memory file — read (decode, lex, parse),
//! lower, check, link — then every diagnostic rendered as `perfc check` shows it, in
//! Chinese and English, and as JSON lines. Nothing may panic, and every span a diagnostic
//! (or a fix-it) points at must lie inside the file on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use perfc::diag::json::to_json_line;
use perfc::diag::render::{render_short, render_to_string, warning_summary, RenderOptions};
use perfc::diag::Lang;

fn check(bytes: Vec<u8>) {
    let c = perfc::compile_with(vec![("fuzz.perf".to_string(), bytes)], perfc::Keep::Names);
    let text = &c.files.get(perfc::source::FileId(0)).text;
    for d in &c.diagnostics {
        let spans = std::iter::once(d.primary())
            .chain(d.fixes.iter().flat_map(|f| f.edits.iter().map(|e| e.span)));
        for s in spans {
            assert!(s.start <= s.end && s.end as usize <= text.len(), "{d:?}");
            assert!(text.is_char_boundary(s.start as usize), "{d:?}");
            assert!(text.is_char_boundary(s.end as usize), "{d:?}");
        }
    }
    for lang in [Lang::Zh, Lang::En] {
        let _ = render_to_string(
            &c.files,
            &c.diagnostics,
            &RenderOptions { lang, color: false },
        );
        for d in &c.diagnostics {
            let line = to_json_line(&c.files, d, lang);
            assert!(line.starts_with('{') && !line.contains('\n'), "{line}");
            let _ = render_short(&c.files, d, lang);
        }
        let _ = warning_summary(&c.diagnostics, lang);
    }
    let _ = (c.error_count(), c.warning_count(), c.project_count());
}

fuzz_target!(|data: &[u8]| {
    check(data.to_vec());
    // Invalid UTF-8 stops at decoding; read the same text as a lossy string too, so the
    // mutations that break an encoding still reach the lexer and the checks.
    if std::str::from_utf8(data).is_err() {
        check(String::from_utf8_lossy(data).into_owned().into_bytes());
    }
});
