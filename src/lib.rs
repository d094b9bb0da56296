//! perfc — the compiler for `.perf` files, the plain-text form of the
//! 财政项目支出绩效目标申报表.
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! ```text
//! load (source) → per file, in parallel: read (syntax: lexer → parser → items)
//!                   → lower (lower: items → model) → check (check: rules over each project)
//!               → link (link: across files) → emit
//! ```
//!
//! Each file is read, lowered and checked on its own, so files are checked in parallel and
//! an editor can re-check the one file that changed; the link step does the little that
//! spans files (duplicate project names). Every stage returns its result plus
//! `diag::Diagnostic` values; nothing is worded until the CLI (or the language server)
//! shows them. See `docs/architecture.md`.

pub mod check;
pub mod diag;
pub mod diff;
pub mod emit;
pub mod evaluate;
pub mod fix;
pub mod fmt;
pub mod hierarchy;
pub mod import;
pub mod link;
pub mod load;
pub mod lower;
pub mod lsp;
pub mod model;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod units;

use std::sync::Arc;

use rayon::prelude::*;

use diag::Diagnostic;
use model::{FileModel, Program};
use source::{FileId, Files, SourceFile};

self_cell::self_cell!(
    /// One file: its text and the model that borrows from it.
    pub struct FileUnit {
        owner: Arc<SourceFile>,
        #[covariant]
        dependent: FileModel,
    }
);

impl FileUnit {
    pub fn model(&self) -> &FileModel<'_> {
        self.borrow_dependent()
    }
    pub fn source(&self) -> &SourceFile {
        self.borrow_owner()
    }
}

/// The result of compiling a set of files.
pub struct Compilation {
    pub files: Files,
    /// One per file, in input order.
    pub units: Vec<FileUnit>,
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
    /// How many projects were read (also when only their names were kept).
    pub fn project_count(&self) -> usize {
        self.units.iter().map(|u| u.model().names.len()).sum()
    }
    /// The projects and the filing year, for emitters.
    pub fn program(&self) -> Program<'_> {
        Program {
            year: self.units.iter().find_map(|u| u.model().year),
            projects: self
                .units
                .iter()
                .flat_map(|u| u.model().projects.iter())
                .collect(),
        }
    }
}

/// What to keep of each project once checked.
pub use lower::Keep;

/// Compile files given as (display name, raw bytes), keeping the model (for outputs).
pub fn compile(inputs: Vec<(String, Vec<u8>)>) -> Compilation {
    compile_with(inputs, Keep::Projects)
}

/// Compile files, keeping of each project what `keep` says: `Keep::Names` for `check`,
/// which needs no model once the rules have run, so memory stays near the input's size.
pub fn compile_with(inputs: Vec<(String, Vec<u8>)>, keep: Keep) -> Compilation {
    let loaded: Vec<(Arc<SourceFile>, bool, Vec<Diagnostic>)> = inputs
        .into_par_iter()
        .enumerate()
        .map(|(i, (name, bytes))| {
            let mut diags = Vec::new();
            let (file, readable) = load::decode(FileId(i as u32), name, bytes, &mut diags);
            (Arc::new(file), readable, diags)
        })
        .collect();
    let mut results: Vec<(FileUnit, Vec<Diagnostic>)> = loaded
        .into_par_iter()
        .enumerate()
        .map(|(i, (file, readable, mut diags))| {
            let unit = FileUnit::new(file, |f| {
                if readable {
                    read_file(FileId(i as u32), f, keep, &mut diags)
                } else {
                    FileModel::default()
                }
            });
            (unit, diags)
        })
        .collect();
    let mut diagnostics: Vec<Diagnostic> = results
        .iter_mut()
        .flat_map(|(_, d)| std::mem::take(d))
        .collect();
    let units: Vec<FileUnit> = results.into_iter().map(|(u, _)| u).collect();
    link::duplicate_projects(&units, &mut diagnostics);
    diag::sort(&mut diagnostics);
    Compilation {
        files: Files::from_sources(units.iter().map(|u| u.borrow_owner().clone()).collect()),
        units,
        diagnostics,
    }
}

/// Decode, read, lower and check one file on its own, with its diagnostics (not linked):
/// what the language server does for the one file that changed, before `link` runs over
/// every file again.
pub fn check_file(
    id: FileId,
    name: String,
    bytes: Vec<u8>,
    keep: Keep,
) -> (FileUnit, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let (file, readable) = load::decode(id, name, bytes, &mut diags);
    let unit = FileUnit::new(Arc::new(file), |f| {
        if readable {
            read_file(id, f, keep, &mut diags)
        } else {
            FileModel::default()
        }
    });
    (unit, diags)
}

/// Read, lower and check one file.
fn read_file<'s>(
    id: FileId,
    file: &'s SourceFile,
    keep: Keep,
    diags: &mut Vec<Diagnostic>,
) -> FileModel<'s> {
    let first = diags.len();
    let mut sink = lower::FileLowerer::new(id, &file.text, keep);
    syntax::parse_into(id, &file.text, diags, &mut sink, None);
    if let Some(d) = load::not_a_perf_file(id, &file.name, &file.text, &diags[first..]) {
        // Its first line is already no .perf: a hundred errors about a README would only
        // bury the one thing to say.
        diags.truncate(first);
        diags.push(d);
        return FileModel::default();
    }
    diags.append(&mut sink.diags);
    sink.model
}

/// Compile one in-memory source (tests, the language server).
pub fn compile_str(name: &str, text: &str) -> Compilation {
    compile(vec![(name.to_string(), text.as_bytes().to_vec())])
}
