// Generates the parser from grammar/perf.lalrpop into OUT_DIR.
fn main() {
    lalrpop::Configuration::new()
        .set_in_dir("grammar")
        .process()
        .expect("grammar/perf.lalrpop failed to generate");
    println!("cargo:rerun-if-changed=grammar/perf.lalrpop");
}
