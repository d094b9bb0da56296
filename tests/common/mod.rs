//! What the integration tests that drive the real binary share: running `perfc` in a folder
//! with a chosen message language, and reading what it printed.
// Each test crate includes this module and uses only part of it.
#![allow(dead_code)]

pub mod browser;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// perfc started in `dir` (so reports name files as given) with `LANG=lang` and nothing else
/// choosing its language; `GIT_DIFF_PATH_COUNTER` is removed so `perfc diff` never thinks git
/// started it.
pub fn perfc_in(dir: &Path, lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_perfc"))
        .current_dir(dir)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("GIT_DIFF_PATH_COUNTER")
        .args(args)
        .output()
        .expect("perfc runs")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
