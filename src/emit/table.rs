//! `--emit table` (being written).
use super::Options;
use crate::Compilation;

pub fn emit(_c: &Compilation, _opts: &Options) -> String {
    String::new()
}
