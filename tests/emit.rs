//! Output formats on fixtures: every `tests/emit/*.perf` compiles without errors and its
//! JSON is pinned as a snapshot (each form field, derived amount and reserved §8 form shows).

#[test]
fn emit_fixtures_json() {
    insta::glob!("emit/*.perf", |path| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let c = perfc::compile(vec![(name.clone(), std::fs::read(path).unwrap())]);
        let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        insta::assert_snapshot!(perfc::emit::json::emit(&c.files, &c.program()));
    });
}

fn shanghai() -> perfc::Compilation {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::set_current_dir(&root).unwrap();
    let paths = perfc::load::expand(&[root.join("examples/shanghai-2024")]).unwrap();
    let inputs = perfc::load::read_all(&paths).unwrap();
    // Relative names, as a user running from the repository sees them.
    let inputs = inputs
        .into_iter()
        .map(|(name, bytes)| {
            let rel = name
                .strip_prefix(&format!("{}/", root.display()))
                .map(str::to_string);
            (rel.unwrap_or(name), bytes)
        })
        .collect();
    perfc::compile(inputs)
}

fn emit_text(
    c: &perfc::Compilation,
    format: perfc::emit::Format,
    lang: perfc::diag::Lang,
) -> String {
    let opts = perfc::emit::Options {
        lang,
        bom: true,
        width: 100,
        ..perfc::emit::Options::default()
    };
    let bytes = perfc::emit::emit(format, c, &opts).unwrap();
    String::from_utf8(bytes).unwrap()
}

/// CSV as written (BOM, CRLF) is checked here; the snapshot shows it with plain line ends.
fn csv_for_snapshot(text: &str) -> String {
    assert!(text.starts_with('\u{feff}'), "CSV starts with a BOM");
    assert!(text.contains("\r\n"), "CSV lines end in CRLF (RFC 4180)");
    text.trim_start_matches('\u{feff}').replace("\r\n", "\n")
}

#[test]
fn shanghai_csv() {
    use perfc::diag::Lang;
    let c = shanghai();
    let text = emit_text(&c, perfc::emit::Format::Csv, Lang::Zh);
    // One row per indicator, plus the header.
    assert_eq!(text.trim_end().lines().count(), 316 + 1);
    // The form's own notation would be a formula in a spreadsheet: neutralised.
    assert!(text.contains(",'=2.00(个),"));
    insta::assert_snapshot!(csv_for_snapshot(&text));
}

#[test]
fn shanghai_summary() {
    use perfc::diag::Lang;
    let c = shanghai();
    let text = emit_text(&c, perfc::emit::Format::Summary, Lang::Zh);
    let last = text.trim_end().lines().last().unwrap().to_string();
    assert!(last.starts_with("合计,"), "{last}");
    assert!(
        last.contains(",13441438.00,13441438.00,0.00,0.00,238,53,25,0,316"),
        "{last}"
    );
    insta::assert_snapshot!(csv_for_snapshot(&text));
    let en = emit_text(&c, perfc::emit::Format::Summary, Lang::En);
    assert!(en
        .trim_start_matches('\u{feff}')
        .starts_with("project,nature,category"));
}

#[test]
fn shanghai_table() {
    let c = shanghai();
    insta::assert_snapshot!(emit_text(
        &c,
        perfc::emit::Format::Table,
        perfc::diag::Lang::Zh
    ));
}

/// Chinese line breaking in the terminal table, at several widths and in both languages: no
/// line of a cell starts with a stop or a closing bracket or ends with an opening one, and
/// every line of a table is as wide as its frame. (The Shanghai goals have commas where
/// comfy-table alone would start a line with them at width 100.)
#[test]
fn shanghai_table_breaks_lines_by_kinsoku() {
    use unicode_width::UnicodeWidthStr;
    let no_start = "、，。．：；？！）］｝〕〗〙〛」』】〉》”’,.:;?!)]}%％…";
    let no_end = "（［｛〔〖〘〚「『【〈《“‘([{";
    let c = shanghai();
    for lang in [perfc::diag::Lang::Zh, perfc::diag::Lang::En] {
        for width in [60, 100, 140] {
            let opts = perfc::emit::Options {
                lang,
                width,
                ..perfc::emit::Options::default()
            };
            let out = perfc::emit::emit(perfc::emit::Format::Table, &c, &opts).unwrap();
            let out = String::from_utf8(out).unwrap();
            let mut frame = 0;
            let mut cell_lines = 0;
            for line in out.lines() {
                if line.starts_with('┌') {
                    frame = line.width();
                }
                if !line.starts_with('│') {
                    continue;
                }
                assert_eq!(line.width(), frame, "{width}: {line}");
                let inner = &line['│'.len_utf8()..line.len() - '│'.len_utf8()];
                for cell in inner.split(['┆', '│']).map(str::trim) {
                    if let (Some(first), Some(last)) = (cell.chars().next(), cell.chars().last()) {
                        assert!(!no_start.contains(first), "{width}: {line}");
                        assert!(!no_end.contains(last), "{width}: {line}");
                        cell_lines += 1;
                    }
                }
            }
            assert!(cell_lines > 1000, "{cell_lines}");
        }
    }
}

#[test]
fn shanghai_markdown() {
    let c = shanghai();
    insta::assert_snapshot!(emit_text(
        &c,
        perfc::emit::Format::Markdown,
        perfc::diag::Lang::Zh
    ));
}

#[test]
fn every_format_is_deterministic() {
    use perfc::emit::Format::*;
    for format in [Json, Csv, Summary, Table, Markdown, Html, Xlsx] {
        let a = perfc::emit::emit(format, &shanghai(), &perfc::emit::Options::default());
        let b = perfc::emit::emit(format, &shanghai(), &perfc::emit::Options::default());
        assert_eq!(a, b, "{format:?}");
    }
}
