// Compiles the parser that `tree-sitter generate` wrote into src/ (committed, so neither
// this build nor CI needs the tree-sitter CLI).
fn main() {
    let src = std::path::Path::new("src");
    cc::Build::new()
        .std("c11")
        .include(src)
        .flag_if_supported("-Wno-unused-parameter")
        .file(src.join("parser.c"))
        .compile("tree-sitter-perf");
    println!("cargo:rerun-if-changed=src/parser.c");
    println!("cargo:rerun-if-changed=src/tree_sitter/parser.h");
}
