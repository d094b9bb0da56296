//! perfc — the compiler for `.perf` files, the plain-text form of the
//! 财政项目支出绩效目标申报表.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! load (source) → lex + parse (syntax) → check (check, units, hierarchy) → model → emit
//! ```
//!
//! Every stage returns its result plus `diag::Diagnostic` values; nothing is printed until
//! the CLI (or the language server) renders them. See `docs/architecture.md`.

pub mod check;
pub mod diag;
pub mod emit;
pub mod hierarchy;
pub mod load;
pub mod model;
pub mod source;
pub mod syntax;
pub mod units;

use diag::Diagnostic;
use model::Program;
use source::{FileId, Files};

/// The result of compiling a set of files.
pub struct Compilation {
    pub files: Files,
    pub program: Program,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compilation {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

/// Compile files given as (display name, raw bytes).
pub fn compile(inputs: Vec<(String, Vec<u8>)>) -> Compilation {
    let mut files = Files::new();
    let mut diagnostics = Vec::new();
    let mut parseable: Vec<FileId> = Vec::new();
    for (name, bytes) in inputs {
        let (id, ok) = load::add_file(&mut files, name, bytes, &mut diagnostics);
        if ok {
            parseable.push(id);
        }
    }
    let parsed: Vec<_> = parseable
        .iter()
        .map(|&id| {
            let file = files.get(id);
            let first = diagnostics.len();
            let ast = syntax::parse(id, &file.text, &mut diagnostics);
            if let Some(d) =
                load::not_a_perf_file(id, &file.name, &file.text, &diagnostics[first..])
            {
                // Its first line is already no .perf: a hundred errors about a README would
                // only bury the one thing to say.
                diagnostics.truncate(first);
                diagnostics.push(d);
                return (id, syntax::ast::File::empty());
            }
            (id, ast)
        })
        .collect();
    let program = check::check(&files, &parsed, &mut diagnostics);
    drop(parsed);
    diag::sort(&mut diagnostics);
    Compilation {
        files,
        program,
        diagnostics,
    }
}

/// Compile one in-memory source (tests, the language server).
pub fn compile_str(name: &str, text: &str) -> Compilation {
    compile(vec![(name.to_string(), text.as_bytes().to_vec())])
}
