//! `gen-corpus`: write a generated filing (see `benches/corpus/mod.rs`) for measuring perfc
//! from the command line, and optionally perfc's JSON of it; or deserialize perfc JSON into
//! the serde baseline's owned structs, so that `/usr/bin/time -v` can measure that baseline
//! as a whole process beside `perfc check`.
//!
//! ```sh
//! cargo run --release --example gen-corpus -- --projects 5000 --out /tmp/c5000.perf --json
//! cargo run --release --example gen-corpus -- --mb 32 --out /tmp/c32mb.perf --json
//! cargo run --release --example gen-corpus -- --projects 10000 --files 10000 --dir /tmp/c10k
//! /usr/bin/time -v target/release/examples/gen-corpus --deserialize /tmp/c5000.json
//! ```
//!
//! `--json` writes `FILE.json` beside `--out FILE.perf` (or `DIR.json` beside `--dir DIR`):
//! perfc's own `build --emit json` output for the generated text, as `perfc build PATH
//! --emit json` would write it. The generator checks that perfc reports nothing for it.

mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

#[derive(Parser)]
#[command(about = "Generate a synthetic .perf corpus for perfc's benchmarks")]
struct Args {
    /// Number of projects (about 30 indicators and 2 KB each).
    #[arg(long, default_value_t = 5000)]
    projects: usize,
    /// Instead of --projects: add projects until the file holds at least this many MB.
    #[arg(long)]
    mb: Option<f64>,
    /// Write one file here.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Spread the projects over this many files, written into --dir.
    #[arg(long)]
    files: Option<usize>,
    /// The folder for --files (created; existing .perf files in it are replaced).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Also write perfc's JSON of the corpus (FILE.json, or DIR.json).
    #[arg(long)]
    json: bool,
    #[arg(long, default_value_t = corpus::SEED)]
    seed: u64,
    /// Deserialize this perfc/1 JSON file into the owned structs of the serde baseline,
    /// print what it holds, and exit.
    #[arg(long, value_name = "FILE")]
    deserialize: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen-corpus: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    if let Some(path) = &args.deserialize {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let filing =
            corpus::perfc1::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let indicators: usize = filing.projects.iter().map(|p| p.indicators.len()).sum();
        println!(
            "{}: {} projects, {indicators} indicators, {} bytes of JSON",
            path.display(),
            filing.projects.len(),
            text.len()
        );
        return Ok(());
    }
    match (&args.out, &args.dir) {
        (Some(out), None) => {
            let (text, stats) = match args.mb {
                Some(mb) => corpus::file_of_size((mb * 1_048_576.0) as usize, args.seed),
                None => corpus::one_file(args.projects, args.seed),
            };
            std::fs::write(out, &text).map_err(|e| format!("{}: {e}", out.display()))?;
            report(out, &stats);
            if args.json {
                let name = out.to_string_lossy().replace('\\', "/");
                let c = perfc::compile(vec![(name, text.into_bytes())]);
                write_json(&c, &out.with_extension("json"))?;
            }
            Ok(())
        }
        (None, Some(dir)) => {
            let files = args.files.unwrap_or(args.projects.div_ceil(10));
            let (files, stats) = corpus::folder(files, args.projects, args.seed);
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
                if entry.path().extension().is_some_and(|e| e == "perf") {
                    std::fs::remove_file(entry.path()).map_err(|e| e.to_string())?;
                }
            }
            for (name, text) in &files {
                let path = dir.join(name);
                std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            report(dir, &stats);
            if args.json {
                let paths =
                    perfc::load::expand(std::slice::from_ref(dir)).map_err(|e| e.to_string())?;
                let inputs = perfc::load::read_all(&paths).map_err(|e| e.to_string())?;
                let c = perfc::compile(inputs);
                write_json(&c, &dir.with_extension("json"))?;
            }
            Ok(())
        }
        _ => Err(
            "give either --out FILE or --dir DIR (with --files N), or --deserialize FILE".into(),
        ),
    }
}

fn report(path: &Path, s: &corpus::Stats) {
    eprintln!(
        "{}: {} file(s), {} projects, {} indicators, {} bytes ({:.1} MB)",
        path.display(),
        s.files,
        s.projects,
        s.indicators,
        s.bytes,
        s.bytes as f64 / 1_048_576.0
    );
}

fn write_json(c: &perfc::Compilation, path: &Path) -> Result<(), String> {
    if !c.diagnostics.is_empty() {
        // A generated filing must be clean; say so loudly, but write the JSON anyway.
        eprintln!(
            "gen-corpus: perfc reports {} diagnostic(s) for the corpus:\n{}",
            c.diagnostics.len(),
            corpus::describe(c, 10)
        );
    }
    if c.error_count() > 0 {
        return Err("the corpus has errors; no JSON written".into());
    }
    let json = corpus::json(c);
    std::fs::write(path, &json).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("{}: {} bytes of perfc/1 JSON", path.display(), json.len());
    Ok(())
}
