//! Speed of perfc on generated corpora (`benches/corpus/`), beside the bar the issue sets:
//! serde_json deserializing perfc's own JSON of the same filing into owned structs. Measured,
//! never asserted; the whole-process numbers (peak memory, `perfc check` as a command) and
//! today's results are in docs/performance.md.
//!
//! ```sh
//! cargo bench --bench throughput                 # everything (a few minutes)
//! cargo bench --bench throughput -- 'single'     # one group; criterion filters by name
//! PERFC_BENCH_PROJECTS=1000 cargo bench --bench throughput   # a smaller single file
//! ```
//!
//! Groups:
//! - `single/perf-bytes`: one file of 5,000 projects (about 150,000 indicators, 12 MB);
//!   throughput in MB of `.perf` input for lex, parse, check (`perfc::compile`), build
//!   (compile + `--emit json`), and the serde_json baseline (time to read the equivalent
//!   JSON, counted against the `.perf` bytes it stands for).
//! - `single/json-bytes`: the same filing's JSON (about 70 MB): the serde baseline per JSON
//!   byte, `serde_json::Value` for reference, and validation against
//!   docs/perfc-1.schema.json.
//! - `folder`: 2,000 files of one project each, read from a temporary folder the way
//!   `perfc check DIR` reads them (`perfc::load`), and compiled from memory.
//! - `one-project`: one small file, compiled end to end in-process.

mod corpus;

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};

// ---------------------------------------------------------------------------------------
/// perfc's internal stages: THE ONLY CALLS INTO PERFC'S INTERNALS IN THIS BENCH: the front
/// end is being rebuilt and these APIs will change; when they do, adapt these two functions
/// and nothing else. Everything else uses `perfc::compile`, `perfc::compile_str`,
/// `perfc::emit::emit` and `perfc::load`.
mod stages {
    use perfc::source::FileId;
    use std::cell::RefCell;

    /// Lexing alone (the lexer is an iterator the parser pulls from); returns the number
    /// of tokens.
    pub fn lex(text: &str) -> usize {
        let diags = RefCell::new(Vec::new());
        perfc::syntax::lexer::Lexer::new(
            FileId(0),
            text,
            &diags,
            None,
            perfc::syntax::lexer::ClosePlan::new(),
        )
        .count()
    }

    /// Lexing and parsing to the syntax tree; returns the number of top-level items.
    pub fn parse(text: &str) -> usize {
        perfc::syntax::parse(FileId(0), text, &mut Vec::new())
            .items
            .len()
    }
}
// ---------------------------------------------------------------------------------------

fn slow<M: criterion::measurement::Measurement>(g: &mut BenchmarkGroup<'_, M>) {
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
}

fn mb(bytes: usize) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn single(c: &mut Criterion) {
    let projects = std::env::var("PERFC_BENCH_PROJECTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5000);
    let (text, stats) = corpus::one_file(projects, corpus::SEED);
    let compiled = perfc::compile_str("corpus.perf", &text);
    assert!(
        compiled.diagnostics.is_empty(),
        "the corpus must be clean:\n{}",
        corpus::describe(&compiled, 10)
    );
    let json = corpus::json(&compiled);
    drop(compiled);
    eprintln!(
        "single file: {} projects, {} indicators, {:.1} MB of .perf, {:.1} MB of JSON",
        stats.projects,
        stats.indicators,
        mb(text.len()),
        mb(json.len())
    );

    let mut g = c.benchmark_group("single/perf-bytes");
    slow(&mut g);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("lex", |b| b.iter(|| stages::lex(black_box(&text))));
    g.bench_function("parse", |b| b.iter(|| stages::parse(black_box(&text))));
    // What `perfc check` does: the projects are dropped once checked (`Keep::Names`).
    g.bench_function("check", |b| {
        b.iter(|| {
            let input = vec![(
                "corpus.perf".to_string(),
                black_box(&text).as_bytes().to_vec(),
            )];
            perfc::compile_with(input, perfc::Keep::Names)
        })
    });
    g.bench_function("build --emit json", |b| {
        b.iter(|| {
            let c = perfc::compile_str("corpus.perf", black_box(&text));
            let out = perfc::emit::emit(
                perfc::emit::Format::Json,
                &c,
                &perfc::emit::Options::default(),
            )
            .unwrap();
            (c, out)
        })
    });
    // The bar: reading the same filing as JSON into owned structs, per .perf byte.
    g.bench_function("serde_json owned structs", |b| {
        b.iter(|| corpus::perfc1::parse(black_box(&json)).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("single/json-bytes");
    slow(&mut g);
    g.throughput(Throughput::Bytes(json.len() as u64));
    g.bench_function("serde_json owned structs", |b| {
        b.iter(|| corpus::perfc1::parse(black_box(&json)).unwrap())
    });
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
    });
    let schema_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/perfc-1.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap()).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        validator.is_valid(&doc),
        "perfc's JSON must match its schema"
    );
    g.bench_function("jsonschema validate (parsed)", |b| {
        b.iter(|| validator.is_valid(black_box(&doc)))
    });
    g.finish();
}

fn folder(c: &mut Criterion) {
    const FILES: usize = 2000;
    let (files, stats) = corpus::folder(FILES, FILES, corpus::SEED);
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let inputs = corpus::inputs(&files);
    eprintln!(
        "folder: {} files, {} projects, {} indicators, {:.1} MB",
        stats.files,
        stats.projects,
        stats.indicators,
        mb(stats.bytes)
    );
    let mut g = c.benchmark_group("folder");
    slow(&mut g);
    g.throughput(Throughput::Bytes(stats.bytes as u64));
    let root = [dir.path().to_path_buf()];
    g.bench_function("check (load + compile)", |b| {
        b.iter(|| {
            let paths = perfc::load::expand(&root).unwrap();
            perfc::compile(perfc::load::read_all(&paths).unwrap())
        })
    });
    g.bench_function("check (compile, in memory)", |b| {
        b.iter_batched(
            || inputs.clone(),
            perfc::compile,
            criterion::BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn one_project(c: &mut Criterion) {
    let (text, _) = corpus::one_file(1, corpus::SEED);
    let mut g = c.benchmark_group("one-project");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("check", |b| {
        b.iter(|| perfc::compile_str("one.perf", black_box(&text)))
    });
    g.finish();
}

criterion_group!(benches, single, folder, one_project);
criterion_main!(benches);
