//! Output formats on fixtures: every `tests/emit/*.perf` compiles without errors and its
//! JSON is pinned as a snapshot (each form field, derived amount and reserved §8 form shows).

#[test]
fn emit_fixtures_json() {
    insta::glob!("emit/*.perf", |path| {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let name = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let c = perfc::compile(vec![(name.clone(), std::fs::read(path).unwrap())]);
        let errors: Vec<_> = c.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        insta::assert_snapshot!(perfc::emit::json::emit(&c.files, &c.program));
    });
}
