//! Headless Chromium for the tests of the print-ready pages (`build --emit html`, `evaluate
//! --emit html`): found or skipped (a failure under `PERFC_REQUIRE_BROWSER=1`), started with
//! no network and a fresh profile, waited for with a deadline, and the PDF's pages counted.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Chromium, when it and python3 are both there. Otherwise the test is skipped, saying what
/// is missing, or fails with the same words when `PERFC_REQUIRE_BROWSER=1`.
pub fn browser_or_skip() -> Option<PathBuf> {
    let required = match std::env::var("PERFC_REQUIRE_BROWSER").as_deref() {
        Ok("1") => true,
        Ok("0") | Ok("") | Err(std::env::VarError::NotPresent) => false,
        Ok(other) => panic!("PERFC_REQUIRE_BROWSER={other}: use 1 (require the browser) or 0"),
        Err(e) => panic!("PERFC_REQUIRE_BROWSER: {e}"),
    };
    let chromium = find_chromium();
    let (mut missing, mut packages) = (Vec::new(), Vec::new());
    if chromium.is_none() {
        missing.push(
            "Chromium not found (looked for `chromium` and `chromium-browser` on PATH and \
             /usr/bin/chromium)",
        );
        packages.extend(["chromium", "fonts-noto-cjk"]);
    }
    if !python3_runs() {
        missing.push("python3 not found or not working (it reads the screenshot)");
        packages.push("python3");
    }
    if missing.is_empty() {
        return chromium;
    }
    let reason = format!(
        "{}; install with apt-get install {}",
        missing.join("; "),
        packages.join(" ")
    );
    if required {
        panic!("PERFC_REQUIRE_BROWSER=1, but the browser test cannot run: {reason}");
    }
    // Straight to stderr: libtest swallows eprintln! of a passing test, and a skip nobody
    // sees reads as a pass.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {reason}; set PERFC_REQUIRE_BROWSER=1 to make this a failure"
    );
    None
}

pub fn python3_runs() -> bool {
    // Run it rather than look for it: a version-manager shim can be on PATH with no
    // interpreter behind it.
    Command::new("python3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `chromium` or `chromium-browser` on PATH, else the Debian path.
pub fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in ["chromium", "chromium-browser"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    Some(PathBuf::from("/usr/bin/chromium")).filter(|p| p.is_file())
}

/// A running browser, killed if the test panics before it finishes, so none outlives it.
struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Start headless Chromium with no network, no first-run work and a fresh profile; its
/// chatter (D-Bus, GPU) goes to a log read only when it fails.
fn start(chromium: &Path, dir: &Path, tag: &str, args: &[String]) -> Browser {
    let log = std::fs::File::create(dir.join(format!("{tag}.log"))).unwrap();
    let child = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join(format!("{tag}-profile")).display()
        ))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", chromium.display()));
    Browser(child)
}

/// Wait for a Chromium run, killing it after a minute so a hung browser fails the test
/// instead of hanging it.
fn finish(mut browser: Browser, dir: &Path, tag: &str) {
    let child = &mut browser.0;
    let deadline = Instant::now() + Duration::from_secs(60);
    let log = || std::fs::read_to_string(dir.join(format!("{tag}.log"))).unwrap_or_default();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(
                status.success(),
                "chromium ({tag}) failed: {status}\n{}",
                log()
            );
            return;
        }
        if Instant::now() > deadline {
            panic!("chromium ({tag}) did not finish within 60 s\n{}", log());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Render `page` both ways at once — an A4-sized screenshot to `png` and a PDF to `pdf` —
/// each with its own fresh profile (a profile cannot be shared by two running browsers),
/// and wait for both.
pub fn screenshot_and_print(chromium: &Path, dir: &Path, page: &Path, png: &Path, pdf: &Path) {
    let url = format!("file://{}", page.display());
    let shot = start(
        chromium,
        dir,
        "shot",
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1240,1754".into(),
            url.clone(),
        ],
    );
    let print = start(
        chromium,
        dir,
        "print",
        &[
            // No browser header and footer: the page prints its own page numbers.
            "--no-pdf-header-footer".into(),
            format!("--print-to-pdf={}", pdf.display()),
            url,
        ],
    );
    finish(shot, dir, "shot");
    finish(print, dir, "print");
}

/// Page objects in a PDF: `/Type /Page` (any spacing), not `/Type /Pages`.
pub fn count_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = find(&pdf[i..], b"/Type") {
        let mut j = i + at + b"/Type".len();
        while j < pdf.len() && pdf[j].is_ascii_whitespace() {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page")
            && !pdf
                .get(j + b"/Page".len())
                .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            n += 1;
        }
        i = j;
    }
    n
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// `width height nonwhite_share dark_share` of a PNG, read by tests/browser/png_stats.py.
pub fn png_stats(png: &Path) -> (u32, u32, f64, f64) {
    let out = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/png_stats.py"))
        .arg(png)
        .output()
        .expect("python3 is needed to decode the screenshot");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let f: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(f.len(), 4, "{text}");
    (
        f[0].parse().unwrap(),
        f[1].parse().unwrap(),
        f[2].parse().unwrap(),
        f[3].parse().unwrap(),
    )
}
