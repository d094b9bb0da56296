//! Emitters: the checked model → the formats people submit and read. Emitters only read the
//! model; they never re-parse or re-check, and the same model gives the same bytes.

pub mod json;
