//! UI tests: every `tests/ui/<phase>/*.perf` fixture (and `*.md`, for the file that is not a
//! filing at all) is compiled and its diagnostics rendered (colour off, relative paths) in
//! Chinese and English into one insta snapshot. A fixture
//! named `<CODE>-<lint>.perf` must report CODE; its `.fixed.perf` twin must not, and must
//! have no errors at all. Placeholders `@@NUL@@` and `@@BAD-UTF8@@` stand for bytes a text
//! file cannot show.

use std::path::Path;

use perfc::diag::render::{render_to_string, RenderOptions};
use perfc::diag::{codes, Lang};

fn fixture_bytes(path: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(path).expect("fixture is readable UTF-8");
    let mut bytes = Vec::new();
    let mut rest = text.as_str();
    loop {
        let nul = rest.find("@@NUL@@");
        let bad = rest.find("@@BAD-UTF8@@");
        match (nul, bad) {
            (Some(n), b) if b.is_none_or(|b| n < b) => {
                bytes.extend_from_slice(&rest.as_bytes()[..n]);
                bytes.push(0);
                rest = &rest[n + "@@NUL@@".len()..];
            }
            (_, Some(b)) => {
                bytes.extend_from_slice(&rest.as_bytes()[..b]);
                bytes.extend_from_slice(&[0xFF, 0xFE]);
                rest = &rest[b + "@@BAD-UTF8@@".len()..];
            }
            _ => {
                bytes.extend_from_slice(rest.as_bytes());
                return bytes;
            }
        }
    }
}

/// The code a fixture is named for (`E0301-unknown-unit.perf` → E0301), if any.
fn named_code(path: &Path) -> Option<codes::Code> {
    let name = path.file_name()?.to_str()?;
    codes::Code::lookup(name.split('-').next()?)
}

fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

#[test]
fn ui_fixtures() {
    insta::glob!("ui/**/*.{perf,md}", |path| {
        let name = relative(path);
        let c = perfc::compile(vec![(name.clone(), fixture_bytes(path))]);
        let fixed = name.ends_with(".fixed.perf");
        if let Some(code) = named_code(path) {
            let fired = c.diagnostics.iter().any(|d| d.code == code);
            if fixed {
                assert!(!fired, "{name}: the fixed form still reports {code}");
            } else {
                assert!(fired, "{name}: does not report {code}");
            }
        }
        if fixed {
            let errors: Vec<_> = c
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code)
                .collect();
            assert!(
                errors.is_empty(),
                "{name}: the fixed form has errors {errors:?}"
            );
        }
        for d in &c.diagnostics {
            let texts = std::iter::once(&d.message)
                .chain(d.labels.iter().filter_map(|l| l.message.as_ref()))
                .chain(d.help.iter());
            for t in texts {
                assert!(
                    !stray_space_at_fullwidth_bracket(&t.zh()),
                    "{name}: {}: a space beside a full-width bracket in \"{}\"",
                    d.code,
                    t.zh()
                );
            }
        }
        let zh = render_to_string(
            &c.files,
            &c.diagnostics,
            &RenderOptions {
                lang: Lang::Zh,
                color: false,
            },
        );
        let en = render_to_string(
            &c.files,
            &c.diagnostics,
            &RenderOptions {
                lang: Lang::En,
                color: false,
            },
        );
        let body = if c.diagnostics.is_empty() {
            "(no diagnostics)\n".to_string()
        } else {
            format!("── zh ──\n{zh}\n── en ──\n{en}")
        };
        insta::assert_snapshot!(body);
    });
}

/// Chinese text sets no space between a full-width bracket and the Chinese text beside it
/// (`效益指标（benefit） 与` is wrong, `效益指标（benefit）与` right).
fn stray_space_at_fullwidth_bracket(zh: &str) -> bool {
    let chars: Vec<char> = zh.chars().collect();
    let cjk = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    chars.windows(3).any(|w| {
        let after_bracket = w[0] == '）' && (cjk(w[2]) || w[2] == '（');
        let before_bracket = w[2] == '（' && cjk(w[0]);
        w[1] == ' ' && (after_bracket || before_bracket)
    })
}

#[test]
fn every_code_has_a_firing_and_a_fixed_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui");
    let mut names = Vec::new();
    for phase in std::fs::read_dir(&root).unwrap() {
        for f in std::fs::read_dir(phase.unwrap().path()).unwrap() {
            names.push(f.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    // A file past 4 GB cannot be a fixture; its message is pinned by
    // `a_file_too_large_is_refused_with_one_message` instead.
    let no_fixture = [codes::Code::FileTooLarge];
    for code in codes::ALL.iter().filter(|c| !no_fixture.contains(c)) {
        let info = code.info();
        let prefix = format!("{}-", info.code);
        let firing = names
            .iter()
            .any(|n| n.starts_with(&prefix) && !n.ends_with(".fixed.perf"));
        let fixed = names
            .iter()
            .any(|n| n.starts_with(&prefix) && n.ends_with(".fixed.perf"));
        assert!(
            firing && fixed,
            "{}: needs a fixture and a .fixed fixture",
            info.code
        );
    }
}

/// E0118 as a user sees it: a file past 4 GB (here only its size, as no fixture can hold
/// one) is refused with one message.
#[test]
fn a_file_too_large_is_refused_with_one_message() {
    let mut files = perfc::source::Files::new();
    let id = files.add("磁盘镜像.perf", "");
    let len = perfc::source::MAX_FILE_BYTES + 1;
    let d = perfc::load::too_large(id, "磁盘镜像.perf", len).expect("too large");
    let render = |lang| render_to_string(&files, [&d], &RenderOptions { lang, color: false });
    insta::assert_snapshot!(format!(
        "── zh ──\n{}\n── en ──\n{}",
        render(Lang::Zh),
        render(Lang::En)
    ));
}
