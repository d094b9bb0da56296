//! Throughput of the pipeline, measured (never asserted): lex + parse + check of the real
//! filing and of a large synthetic one, beside serde_json parsing the same content as JSON
//! (the bar STYLE.md sets: no slower than serde_json on the same content).
//!
//! Run: `cargo bench --bench pipeline`.

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn shanghai() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let paths = perfc::load::expand(&[root.join("examples/shanghai-2024")]).unwrap();
    perfc::load::read_all(&paths).unwrap()
}

/// The 13 projects renamed and repeated until the text is about `bytes` long, as one file.
fn synthetic(bytes: usize) -> String {
    let files = shanghai();
    let mut out = String::with_capacity(bytes + 100_000);
    out.push_str("year 2024\ndepartment \"上海市住房和城乡建设管理委员会\"\nimplementer \"上海市城市管理行政执法局\"\n");
    // The file-level declaration of project 11 (before its `project`, so not copied below).
    out.push_str("unit 人数 = 人\n");
    let mut copy = 0;
    while out.len() < bytes {
        for (_, b) in &files {
            let text = String::from_utf8_lossy(b);
            // From the first project on: the file's comment header mentions "project" too.
            let body = &text[text.find("\nproject \"").map_or(0, |i| i + 1)..];
            let renamed = body.replacen("project \"", &format!("project \"{copy}-"), 1);
            out.push_str(&renamed);
            out.push('\n');
        }
        copy += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let files = shanghai();
    let total: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut g = c.benchmark_group("shanghai-2024");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("check", |b| b.iter(|| perfc::compile(files.clone())));
    let compiled = perfc::compile(files.clone());
    let json = perfc::emit::json::emit(&compiled.files, &compiled.program());
    g.bench_function("serde_json parse of the same content", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&json).unwrap())
    });
    g.finish();

    let big = synthetic(8 * 1024 * 1024);
    let mut g = c.benchmark_group("synthetic-8MB");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(big.len() as u64));
    // The stages on their own, to see where the time goes.
    let file = perfc::source::FileId(0);
    g.bench_function("lex", |b| {
        b.iter(|| {
            let diags = std::cell::RefCell::new(Vec::new());
            perfc::syntax::lexer::Lexer::new(
                file,
                &big,
                &diags,
                None,
                perfc::syntax::lexer::ClosePlan::new(),
            )
            .count()
        })
    });
    g.bench_function("lex+parse", |b| {
        b.iter(|| {
            perfc::syntax::parse(file, &big, &mut Vec::new())
                .items
                .len()
        })
    });
    g.bench_function("check", |b| b.iter(|| perfc::compile_str("big.perf", &big)));
    let compiled = perfc::compile_str("big.perf", &big);
    assert_eq!(
        compiled.error_count(),
        0,
        "the synthetic filing must be valid"
    );
    let json = perfc::emit::json::emit(&compiled.files, &compiled.program());
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("serde_json parse of its JSON", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(&json).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
