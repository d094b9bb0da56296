//! Break the bundled filings a few thousand ways, one slip at a time, as a new user would:
//! delete a line, a brace, a quote or an `=`, type a Chinese quote for an ASCII one, drop a
//! character or type a stray one. Each slip must give a few errors at most, each with help —
//! not a page of follow-on errors — and never a panic.
//!
//! The bounds are what perfc achieves today (`cascades_are_bounded` prints the
//! distribution): a change that brings cascades back fails here with the worst slips named.

use std::path::Path;

/// A small deterministic generator (splitmix64), so the slips are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Every slip of one text: (what was done, the mutated text).
fn slips(src: &str, rng: &mut Rng) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = src.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.trim().is_empty() {
            let mut kept = lines.clone();
            kept.remove(i);
            out.push((format!("line {} deleted", i + 1), kept.join("\n")));
        }
    }
    for (at, c) in src.char_indices() {
        let rest = &src[at + c.len_utf8()..];
        if matches!(c, '{' | '}' | '"' | '=') {
            out.push((
                format!("`{c}` at byte {at} deleted"),
                format!("{}{rest}", &src[..at]),
            ));
        }
        if c == '"' {
            out.push((
                format!("`\"` at byte {at} typed as `“`"),
                format!("{}“{rest}", &src[..at]),
            ));
        }
    }
    let boundaries: Vec<usize> = src.char_indices().map(|(i, _)| i).collect();
    for _ in 0..40 {
        let at = boundaries[rng.below(boundaries.len())];
        let c = src[at..]
            .chars()
            .next()
            .expect("a boundary starts a character");
        out.push((
            format!("`{c}` at byte {at} deleted"),
            format!("{}{}", &src[..at], &src[at + c.len_utf8()..]),
        ));
        let at = boundaries[rng.below(boundaries.len())];
        let typed = ['{', '}', '"', '=', ';', 'x', '中', '（'][rng.below(8)];
        out.push((
            format!("`{typed}` typed at byte {at}"),
            format!("{}{typed}{}", &src[..at], &src[at..]),
        ));
    }
    out
}

fn example_files() -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut files = vec![root.join("quickstart.perf")];
    let mut shanghai: Vec<_> = std::fs::read_dir(root.join("shanghai-2024"))
        .expect("examples/shanghai-2024 exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "perf"))
        .collect();
    shanghai.sort();
    files.extend(shanghai);
    files
}

#[test]
fn cascades_are_bounded() {
    let mut rng = Rng(2024);
    let mut histogram = [0usize; 8];
    let mut worst: Vec<(usize, String)> = Vec::new();
    let mut total = 0;
    for path in example_files() {
        let src = std::fs::read_to_string(&path).expect("example is UTF-8");
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for (slip, text) in slips(&src, &mut rng) {
            let c = perfc::compile_str(&name, &text);
            let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
            for d in &errors {
                assert!(
                    d.help.is_some(),
                    "{name}, {slip}: {} has no help",
                    d.code.info().code
                );
            }
            total += 1;
            histogram[errors.len().min(7)] += 1;
            if errors.len() > 5 {
                let codes: Vec<_> = errors.iter().map(|d| d.code.info().code).collect();
                worst.push((errors.len(), format!("{name}, {slip}: {codes:?}")));
            }
        }
    }
    println!("{total} slips; errors per slip 0..=6, 7+: {histogram:?}");
    worst.sort();
    assert!(
        worst.is_empty(),
        "slips with more than 5 errors:\n{}",
        worst
            .iter()
            .rev()
            .take(20)
            .map(|(_, w)| w.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let at_most_two: usize = histogram[..=2].iter().sum();
    assert!(
        at_most_two * 100 >= total * 95,
        "only {at_most_two} of {total} slips give two errors or fewer (95 % expected): {histogram:?}"
    );
}
