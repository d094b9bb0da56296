//! The language server's answer to a keystroke: a change to a filing of about 300
//! indicators, through `didChange` to the `publishDiagnostics` notification it sends (the
//! file re-checked, the link step re-run over the workspace, the diagnostics converted to
//! UTF-16 positions and serialised). The server runs in process, without stdio; issue 10
//! sets the target: under 20 ms. Measured, never asserted.
//!
//! ```sh
//! cargo bench --bench lsp
//! ```

#[path = "corpus/mod.rs"]
mod corpus;

use criterion::{criterion_group, criterion_main, Criterion};
use lsp_server::{Message, Notification};
use serde_json::json;

const URI: &str = "file:///bench/filing.perf";

fn change(version: i32, text: &str) -> Notification {
    Notification::new(
        "textDocument/didChange".into(),
        json!({"textDocument": {"uri": URI, "version": version},
               "contentChanges": [{"text": text}]}),
    )
}

fn bench(c: &mut Criterion) {
    let (text, stats) = (1..)
        .map(|n| corpus::one_file(n, corpus::SEED))
        .find(|(_, s)| s.indicators >= 300)
        .unwrap();
    // Every other version has an error (a target without its comparator), so each round
    // publishes something different, as typing does.
    let broken = text.replacen(" >= ", " ", 1);
    assert_ne!(broken, text);
    let (tx, rx) = crossbeam_channel::unbounded();
    let mut server = perfc::lsp::Server::new(tx, perfc::diag::Lang::Zh, false);
    server.notification(Notification::new(
        "textDocument/didOpen".into(),
        json!({"textDocument": {"uri": URI, "languageId": "perf", "version": 0, "text": text}}),
    ));
    server.flush();
    rx.try_iter().for_each(drop);
    let name = format!(
        "change → diagnostics ({} indicators, {} projects, {} KB)",
        stats.indicators,
        stats.projects,
        stats.bytes / 1024
    );
    let mut version = 0;
    c.bench_function(&name, |b| {
        b.iter(|| {
            version += 1;
            let t = if version % 2 == 1 { &broken } else { &text };
            server.notification(change(version, t));
            server.flush();
            match rx.try_recv() {
                Ok(Message::Notification(n)) => n,
                other => panic!("no diagnostics published: {other:?}"),
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
