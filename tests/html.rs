//! `--emit html` end to end: the quickstart page pinned as a snapshot, and the Shanghai filing
//! rendered by headless Chromium, as a reviewer would open or print it: a screenshot with ink
//! on it, and a PDF with at least a page per form set in a CJK font. The browser test also
//! needs python3 (tests/browser/png_stats.py reads the screenshot). Without Chromium or
//! python3 it prints `skipped:` with what is missing and how to install it, and passes, so
//! `cargo test` works on a machine with nothing but Rust; with `PERFC_REQUIRE_BROWSER=1`, as
//! CI sets it, the same message is a failure.

mod common;

use std::path::PathBuf;

use common::browser::{browser_or_skip, contains, count_pages, png_stats, screenshot_and_print};

use perfc::emit::{emit, Format, Options};

const SHANGHAI_PROJECTS: [&str; 13] = [
    "长三角一体化城市管理综合工作",
    "城管执法装备建设",
    "城管执法普法宣传",
    "课题研究",
    "城管执法分赛区立功竞赛活动",
    "城管执法监督考核辅助工作",
    "行政复议受理和行政诉讼应诉工作",
    "依法行政辅助工作服务",
    "城管执法应急保障",
    "城管执法队伍规范化建设",
    "城管执法教育培训",
    "城管执法社会宣传",
    "城管执法工作标准、规范、制度研究",
];

/// The HTML page for a file or folder of the repository, as `perfc build --emit html` writes it.
fn page(path: &str) -> String {
    page_with(path, &Options::default())
}

fn page_with(path: &str, opts: &Options) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // Relative paths, so file names in the appendix read the same on every machine.
    std::env::set_current_dir(&root).unwrap();
    let paths = perfc::load::expand(&[PathBuf::from(path)]).unwrap();
    let c = perfc::compile(perfc::load::read_all(&paths).unwrap());
    assert_eq!(c.error_count(), 0, "{:#?}", c.diagnostics);
    String::from_utf8(emit(Format::Html, &c, opts).unwrap()).unwrap()
}

#[test]
fn quickstart_html_snapshot() {
    insta::assert_snapshot!(page("examples/quickstart.perf"));
}

#[test]
fn shanghai_page_has_every_form_and_nothing_external() {
    let html = page("examples/shanghai-2024");
    for name in SHANGHAI_PROJECTS {
        assert!(html.contains(name), "missing project {name}");
    }
    assert!(html.contains("13,441,438.00"), "the published annual total");
    assert_eq!(html.matches("<section class=\"form\"").count(), 13);
    assert_eq!(html.matches("<rect class=\"bar\"").count(), 13);
    for bad in ["<script", "http://", "https://", "<link", "@import", "url("] {
        assert!(!html.contains(bad), "the page refers to {bad}");
    }
    // The filing passes with warnings; the appendix lists them.
    assert!(html.contains("附录：检查警告"));
    assert!(html.contains("examples/shanghai-2024/12-社会宣传.perf:86:31"));
    assert_eq!(html, page("examples/shanghai-2024"), "not deterministic");
}

/// `--no-warnings`: the same page without its appendix, in both languages; the filing has
/// warnings, so the page with the appendix lists them.
#[test]
fn no_warnings_leaves_the_appendix_out_and_nothing_else() {
    for (lang, heading) in [
        (perfc::diag::Lang::Zh, "附录：检查警告"),
        (perfc::diag::Lang::En, "Appendix: warnings"),
    ] {
        let with = page_with(
            "examples/shanghai-2024",
            &Options {
                lang,
                ..Options::default()
            },
        );
        let without = page_with(
            "examples/shanghai-2024",
            &Options {
                lang,
                warnings_appendix: false,
                ..Options::default()
            },
        );
        assert!(with.contains(heading));
        assert!(with.contains("examples/shanghai-2024/12-社会宣传.perf:86:31"));
        assert!(!without.contains(heading), "{without}");
        assert!(!without.contains("class=\"appendix\""));
        assert!(!without.contains("12-社会宣传.perf"));
        // Everything before the appendix is unchanged, and the page still ends properly.
        let appendix = with.find("<section class=\"appendix\"").unwrap();
        assert_eq!(without, format!("{}</body>\n</html>\n", &with[..appendix]));
    }
}

#[test]
fn shanghai_renders_in_chromium() {
    let Some(chromium) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("page.html");
    std::fs::write(&html, page("examples/shanghai-2024")).unwrap();
    let png = dir.path().join("out.png");
    let pdf = dir.path().join("out.pdf");
    screenshot_and_print(&chromium, dir.path(), &html, &png, &pdf);

    // (1) The screenshot: the summary, chart and first form fill a good part of it.
    let (width, height, nonwhite, dark) = png_stats(&png);
    assert_eq!((width, height), (1240, 1754));
    eprintln!("screenshot: non-white share {nonwhite}, dark share {dark}");
    assert!(
        (0.05..0.7).contains(&nonwhite),
        "screenshot non-white share {nonwhite}: blank, an error page or a smear"
    );
    assert!(
        dark > 0.01,
        "screenshot dark share {dark}: no text or borders"
    );

    // (2) The PDF: the summary (with its chart perhaps on a second page), then at least a page
    // per form, then the appendix; far more would mean the layout runs away.
    let bytes = std::fs::read(&pdf).unwrap();
    let pages = count_pages(&bytes);
    eprintln!("pdf: {pages} pages");
    assert!((14..=40).contains(&pages), "{pages} PDF pages for 13 forms");
    // Chinese set in a real CJK font, not boxes: the embedded font names say which.
    let cjk = [
        "NotoSansCJK",
        "NotoSerifCJK",
        "SourceHan",
        "PingFang",
        "YaHei",
        "SimSun",
    ];
    assert!(
        cjk.iter().any(|f| contains(&bytes, f.as_bytes())),
        "no CJK font embedded in the PDF; install one: apt-get install fonts-noto-cjk"
    );
}

#[test]
fn page_counting_skips_the_page_tree() {
    let pdf = b"<</Type /Pages /Kids [1 0 R]>> <</Type/Page>> <</Type\n/Page /Parent 2 0 R>>";
    assert_eq!(count_pages(pdf), 2);
}
