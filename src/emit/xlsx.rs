//! `--emit xlsx` (being written).
use super::Options;
use crate::Compilation;

pub fn emit(_c: &Compilation, _opts: &Options) -> Result<Vec<u8>, String> {
    Err("xlsx output is not available yet".into())
}
