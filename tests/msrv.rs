//! `rust-version` in Cargo.toml must be the real minimum Rust: the highest `rust-version` of
//! the locked packages that `cargo test` builds on this machine (normal, build and dev
//! dependencies). A dependency update that needs a newer Rust fails here, naming the package,
//! instead of on a user's older toolchain; a declared version above what the dependencies
//! need fails too, so the number never turns away a toolchain that would work. perfc's own
//! code is taken to need no more than its dependencies; if it ever does, this test must be
//! told.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A `rust-version` as numbers, so that 1.9 < 1.89 and `1.89` == `1.89.0`.
fn parse(version: &str, whose: &str) -> (u64, u64, u64) {
    let mut parts = version.split('.').map(|p| {
        p.parse::<u64>()
            .unwrap_or_else(|_| panic!("{whose}: rust-version {version:?} is not N.N or N.N.N"))
    });
    let major = parts.next().expect("split yields at least one part");
    let minor = parts.next().unwrap_or(0);
    let patch = parts.next().unwrap_or(0);
    assert!(
        parts.next().is_none(),
        "{whose}: rust-version {version:?} has more than three parts"
    );
    (major, minor, patch)
}

/// The platform cargo builds for when run without `--target`, from `cargo -vV`. Without
/// `--filter-platform`, `cargo metadata` wants every platform's packages (Windows crates on
/// Linux), which `cargo test` never downloaded, so it could not run offline.
fn host(cargo: &str) -> String {
    let out = Command::new(cargo)
        .arg("-vV")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cargo} -vV: {e}"));
    assert!(out.status.success(), "{cargo} -vV failed: {out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or_else(|| panic!("{cargo} -vV names no host"))
        .to_string()
}

#[test]
fn rust_version_is_the_highest_any_dependency_needs() {
    let cargo = env!("CARGO");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .args(["--filter-platform", &host(cargo)])
        .arg("--manifest-path")
        .arg(&manifest)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cargo}: {e}"));
    // Passing here without the check would let a false rust-version through unnoticed.
    assert!(
        out.status.success(),
        "`cargo metadata --locked --offline` failed, so rust-version cannot be checked. \
         The packages in Cargo.lock must already be downloaded (`cargo fetch --locked`, which \
         needs the network once) and Cargo.lock must match Cargo.toml.\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");

    let packages: HashMap<&str, &Value> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().expect("package id"), p))
        .collect();
    let root = meta["resolve"]["root"]
        .as_str()
        .expect("resolve.root: the manifest is a package");
    let declared_text = packages[root]["rust_version"]
        .as_str()
        .expect("Cargo.toml declares no rust-version");
    let declared = parse(declared_text, "perfc");

    // (version, "name version", its rust-version as written) for every package that has one.
    let mut needs: Vec<((u64, u64, u64), String, &str)> = meta["resolve"]["nodes"]
        .as_array()
        .expect("resolve.nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("node id"))
        .filter(|id| *id != root)
        .filter_map(|id| {
            let p = packages[id];
            let name = format!("{} {}", p["name"].as_str()?, p["version"].as_str()?);
            let rv = p["rust_version"].as_str()?;
            Some((parse(rv, &name), name, rv))
        })
        .collect();
    assert!(
        !needs.is_empty(),
        "no dependency declares a rust-version: the metadata was not read right"
    );
    needs.sort();
    let (highest, highest_text) = needs.last().map(|(v, _, rv)| (*v, *rv)).unwrap();
    let list = |pred: &dyn Fn(&(u64, u64, u64)) -> bool| {
        needs
            .iter()
            .rev()
            .filter(|(v, _, _)| pred(v))
            .map(|(_, name, rv)| format!("{name} (rust-version {rv})"))
            .collect::<Vec<_>>()
            .join(", ")
    };

    assert!(
        declared >= highest,
        "Cargo.toml declares rust-version = \"{declared_text}\", but these locked dependencies \
         need more: {}. Set rust-version = \"{highest_text}\".",
        list(&|v| *v > declared)
    );
    assert!(
        declared <= highest,
        "Cargo.toml declares rust-version = \"{declared_text}\", but no locked dependency needs \
         more than {highest_text} ({}). Set rust-version = \"{highest_text}\", the real minimum.",
        list(&|v| *v == highest)
    );
}

#[test]
fn versions_compare_as_numbers() {
    assert!(parse("1.9", "a") < parse("1.89", "b"));
    assert_eq!(parse("1.89", "a"), parse("1.89.0", "b"));
    assert!(parse("1.89.1", "a") > parse("1.89", "b"));
}
