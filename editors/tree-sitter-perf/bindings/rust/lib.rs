//! The tree-sitter grammar of `.perf` files, for editors (Neovim, Helix) and for testing the
//! grammar from `cargo test` without the tree-sitter CLI.

use tree_sitter_language::LanguageFn;

extern "C" {
    fn tree_sitter_perf() -> *const ();
}

/// The language, for `tree_sitter::Parser::set_language(&LANGUAGE.into())`.
pub const LANGUAGE: LanguageFn = unsafe { LanguageFn::from_raw(tree_sitter_perf) };

/// The highlight query (`queries/highlights.scm`).
pub const HIGHLIGHTS_QUERY: &str = include_str!("../../queries/highlights.scm");

/// The node types the parser produces (`src/node-types.json`).
pub const NODE_TYPES: &str = include_str!("../../src/node-types.json");
