//! `perfc lsp`: the language server, a thin consumer of the same pipeline as the CLI. It
//! keeps every `.perf` file of the workspace checked (`check_file` per file, then `link`
//! across files); a change re-checks the changed file and re-runs the link step only.
//! Synchronous on purpose (lsp-server, no async runtime): checking a filing takes
//! milliseconds, so one loop that drains its queue before checking is all the concurrency
//! the editor needs. See docs/lsp.md.

pub mod convert;
pub mod features;
mod transport;

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, FoldingRangeRequest, Formatting,
    GotoDefinition, HoverRequest, Request as _, SemanticTokensFullRequest,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, OneOf, PublishDiagnosticsParams,
    SemanticTokensFullOptions, SemanticTokensLegend, SemanticTokensOptions,
    SemanticTokensServerCapabilities, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};

use crate::diag::{Diagnostic, Lang};
use crate::source::FileId;
use crate::{FileUnit, Keep};
use convert::LineIndex;

/// Workspaces with more `.perf` files than this are not loaded whole (a root opened at `/`
/// or a home folder): only the files the editor opens are checked then.
const MAX_WORKSPACE_FILES: usize = 5_000;

/// How the session ended. The protocol asks for exit code 0 after `shutdown` then `exit`,
/// and 1 when `exit` (or the end of input) comes without a `shutdown` first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    AfterShutdown,
    WithoutShutdown,
}

/// Run the server on stdin/stdout until `exit`. `lang` is `--lang` when given.
pub fn run(lang: Option<Lang>) -> Result<Ending, String> {
    let (conn, io) = transport::stdio();
    let result = serve(&conn, lang);
    drop(conn);
    io.join().map_err(|e| e.to_string())?;
    result
}

/// What the server offers; the semantic token legend is `features::TOKEN_TYPES`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["{".into(), " ".into(), "(".into()]),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        definition_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
            SemanticTokensOptions {
                legend: SemanticTokensLegend {
                    token_types: features::TOKEN_TYPES.to_vec(),
                    token_modifiers: vec![],
                },
                full: Some(SemanticTokensFullOptions::Bool(true)),
                range: None,
                ..Default::default()
            },
        )),
        ..Default::default()
    }
}

fn serve(conn: &Connection, lang_flag: Option<Lang>) -> Result<Ending, String> {
    let (id, params) = conn.initialize_start().map_err(|e| e.to_string())?;
    // A client that sends odd parameters still gets a server, with the defaults.
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let lang = session_lang(&params, lang_flag);
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "perfc", "version": env!("CARGO_PKG_VERSION") },
    });
    conn.initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let snippets = params
        .capabilities
        .text_document
        .as_ref()
        .and_then(|t| t.completion.as_ref())
        .and_then(|c| c.completion_item.as_ref())
        .and_then(|i| i.snippet_support)
        .unwrap_or(false);
    let mut server = Server::new(conn.sender.clone(), lang, snippets);
    server.load_workspace(&params);
    server.flush();
    loop {
        let Ok(msg) = conn.receiver.recv() else {
            return Ok(Ending::WithoutShutdown);
        };
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    return Ok(Ending::AfterShutdown);
                }
                server.request(req);
            }
            Message::Notification(n) => {
                if n.method == "exit" {
                    return Ok(Ending::WithoutShutdown);
                }
                server.notification(n);
            }
            Message::Response(_) => {}
        }
        // Typing fast queues a change per keystroke: apply them all, check once, with the
        // latest text.
        if conn.receiver.is_empty() {
            server.flush();
        }
    }
}

/// The language of messages: `initializationOptions.lang`, then `--lang`, then the client's
/// locale, then the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`).
fn session_lang(params: &InitializeParams, flag: Option<Lang>) -> Lang {
    let option = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("lang"))
        .and_then(|l| l.as_str())
        .map(Lang::from_locale);
    option
        .or(flag)
        .or(params.locale.as_deref().map(Lang::from_locale))
        .unwrap_or_else(Lang::from_env)
}

/// One file the server knows: open in the editor, or read from the workspace folder.
struct Doc {
    uri: Uri,
    /// The text as the client sees it (an open file's latest version, else the disk's).
    text: String,
    version: Option<i32>,
    /// For a file of the workspace folder, where to read it again when the editor closes
    /// it (other files are forgotten when closed).
    path: Option<PathBuf>,
}

/// A session's state: every file, checked. Public so that the bench can drive a session in
/// process (`notification`, then `flush`) without the stdio transport.
pub struct Server {
    out: crossbeam_channel::Sender<Message>,
    lang: Lang,
    snippets: bool,
    docs: Vec<Doc>,
    /// A file's key (its path, or the URI for other schemes) → its id (index in `docs`).
    by_key: HashMap<String, usize>,
    /// Per file, its checked unit and its own diagnostics.
    units: Vec<FileUnit>,
    own: Vec<Vec<Diagnostic>>,
    /// The link step's diagnostics (duplicate projects across files).
    linked: Vec<Diagnostic>,
    /// What was last published per file, to publish only what changed.
    published: Vec<Option<Vec<Diagnostic>>>,
    dirty: BTreeSet<usize>,
}

fn key_of(uri: &Uri) -> String {
    match convert::uri_to_path(uri) {
        Some(p) => p.to_string_lossy().into_owned(),
        None => uri.as_str().to_string(),
    }
}

impl Server {
    pub fn new(out: crossbeam_channel::Sender<Message>, lang: Lang, snippets: bool) -> Server {
        Server {
            out,
            lang,
            snippets,
            docs: Vec::new(),
            by_key: HashMap::new(),
            units: Vec::new(),
            own: Vec::new(),
            linked: Vec::new(),
            published: Vec::new(),
            dirty: BTreeSet::new(),
        }
    }

    /// Read every `.perf` file under the workspace folders, so that file-level defaults
    /// and duplicate projects across files are seen before any file is opened.
    fn load_workspace(&mut self, params: &InitializeParams) {
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| convert::uri_to_path(&f.uri))
            .collect();
        #[allow(deprecated)] // rootUri: older clients send only this
        if roots.is_empty() {
            roots.extend(params.root_uri.as_ref().and_then(convert::uri_to_path));
        }
        roots.retain(|r| r.is_dir());
        if roots.is_empty() {
            return;
        }
        let Ok(paths) = crate::load::expand(&roots) else {
            return;
        };
        if paths.len() > MAX_WORKSPACE_FILES {
            return;
        }
        let start = self.docs.len();
        for path in paths {
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let Some(uri) = std::path::absolute(&path)
                .ok()
                .and_then(|p| convert::path_to_uri(&p))
            else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes).into_owned();
            self.add(uri, text, None, Some(path));
        }
        // Checked in parallel, as `perfc check` does.
        use rayon::prelude::*;
        let inputs: Vec<(usize, String, Vec<u8>)> = (start..self.docs.len())
            .map(|i| (i, self.name(i), self.docs[i].text.clone().into_bytes()))
            .collect();
        let checked: Vec<(FileUnit, Vec<Diagnostic>)> = inputs
            .into_par_iter()
            .map(|(i, name, bytes)| crate::check_file(FileId(i as u32), name, bytes, Keep::Names))
            .collect();
        for (i, (unit, diags)) in (start..).zip(checked) {
            self.units[i] = unit;
            self.own[i] = diags;
            self.dirty.remove(&i);
        }
        self.relink(&BTreeSet::new(), &(start..self.docs.len()).collect());
    }

    fn name(&self, id: usize) -> String {
        let d = &self.docs[id];
        match &d.path {
            Some(p) => p.to_string_lossy().into_owned(),
            None => key_of(&d.uri),
        }
    }

    /// Register a file (or replace its text) and mark it for checking.
    fn add(
        &mut self,
        uri: Uri,
        text: String,
        version: Option<i32>,
        path: Option<PathBuf>,
    ) -> usize {
        let key = key_of(&uri);
        let id = match self.by_key.get(&key) {
            Some(&id) => {
                let d = &mut self.docs[id];
                d.uri = uri;
                d.text = text;
                d.version = version;
                id
            }
            None => {
                let id = self.docs.len();
                self.docs.push(Doc {
                    uri,
                    text,
                    version,
                    path,
                });
                self.by_key.insert(key, id);
                let (empty, _) =
                    crate::check_file(FileId(id as u32), String::new(), Vec::new(), Keep::Names);
                self.units.push(empty);
                self.own.push(Vec::new());
                self.published.push(None);
                id
            }
        };
        self.dirty.insert(id);
        id
    }

    fn id_of(&self, uri: &Uri) -> Option<usize> {
        self.by_key.get(&key_of(uri)).copied()
    }

    /// Check the files changed since the last check, link, and publish what changed.
    pub fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let dirty = std::mem::take(&mut self.dirty);
        for &id in &dirty {
            let bytes = self.docs[id].text.clone().into_bytes();
            let (unit, diags) =
                crate::check_file(FileId(id as u32), self.name(id), bytes, Keep::Names);
            self.units[id] = unit;
            self.own[id] = diags;
        }
        self.relink(&dirty, &BTreeSet::new());
    }

    /// Run the link step over every file and publish each file whose diagnostics changed:
    /// those in `changed` (always: their version moved on), those just `loaded` from the
    /// workspace (when they have something to say) and those the link step reported on,
    /// before or now.
    fn relink(&mut self, changed: &BTreeSet<usize>, loaded: &BTreeSet<usize>) {
        let mut linked = Vec::new();
        crate::link::duplicate_projects(&self.units, &mut linked);
        let mut affected: BTreeSet<usize> = changed.union(loaded).copied().collect();
        for d in self.linked.iter().chain(&linked) {
            affected.insert(d.primary().file.0 as usize);
        }
        self.linked = linked;
        for id in affected {
            if id >= self.docs.len() {
                continue;
            }
            let mut diags = self.own[id].clone();
            diags.extend(
                self.linked
                    .iter()
                    .filter(|d| d.primary().file.0 as usize == id)
                    .cloned(),
            );
            crate::diag::sort(&mut diags);
            let old = self.published[id].as_ref();
            if !changed.contains(&id) && (old == Some(&diags) || old.is_none() && diags.is_empty())
            {
                continue;
            }
            self.publish(id, &diags);
            self.published[id] = Some(diags);
        }
    }

    /// Diagnostics of one file, own and linked, sorted.
    fn diagnostics_of(&self, id: usize) -> Vec<Diagnostic> {
        self.published
            .get(id)
            .and_then(|p| p.clone())
            .unwrap_or_default()
    }

    fn files(&self) -> convert::Files<'_> {
        convert::Files::new(self.docs.iter().map(|d| (&d.uri, d.text.as_str())))
    }

    fn publish(&self, id: usize, diags: &[Diagnostic]) {
        let files = self.files();
        let params = PublishDiagnosticsParams {
            uri: self.docs[id].uri.clone(),
            diagnostics: diags
                .iter()
                .filter_map(|d| convert::diagnostic(&files, d, self.lang))
                .collect(),
            version: self.docs[id].version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params).into());
    }

    fn send(&self, msg: Message) {
        // The writer is gone only when the session is over.
        let _ = self.out.send(msg);
    }

    pub fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let d = p.text_document;
                    self.add(d.uri, d.text, Some(d.version), None);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    self.change(p);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    if let Some(id) = self.id_of(&p.text_document.uri) {
                        if let Some(text) = p.text {
                            self.docs[id].text = text;
                        }
                        self.dirty.insert(id);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    n.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.close(&p.text_document.uri);
                }
            }
            _ => {}
        }
    }

    fn change(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let Some(id) = self.id_of(&p.text_document.uri) else {
            return;
        };
        let doc = &mut self.docs[id];
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&doc.text);
                    let start = index.offset(range.start);
                    let end = index.offset(range.end).max(start);
                    doc.text.replace_range(start..end, &change.text);
                }
                None => doc.text = change.text,
            }
        }
        doc.version = Some(p.text_document.version);
        self.dirty.insert(id);
    }

    /// A closed workspace file goes back to what the disk holds; any other closed file is
    /// forgotten (its diagnostics cleared).
    fn close(&mut self, uri: &Uri) {
        let Some(id) = self.id_of(uri) else {
            return;
        };
        let doc = &mut self.docs[id];
        doc.version = None;
        doc.text = match doc.path.as_ref().and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            None => String::new(),
        };
        self.dirty.insert(id);
    }

    pub fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => self.handle::<HoverRequest>(req, Server::hover),
            Completion::METHOD => self.handle::<Completion>(req, Server::completion),
            CodeActionRequest::METHOD => self.handle::<CodeActionRequest>(req, Server::code_action),
            DocumentSymbolRequest::METHOD => {
                self.handle::<DocumentSymbolRequest>(req, Server::symbols)
            }
            FoldingRangeRequest::METHOD => self.handle::<FoldingRangeRequest>(req, Server::folding),
            SemanticTokensFullRequest::METHOD => {
                self.handle::<SemanticTokensFullRequest>(req, Server::semantic_tokens)
            }
            GotoDefinition::METHOD => self.handle::<GotoDefinition>(req, Server::definition),
            Formatting::METHOD => self.handle::<Formatting>(req, Server::formatting),
            _ => Err((
                ErrorCode::MethodNotFound as i32,
                format!("method not supported: {}", req.method),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code, message),
        };
        self.send(response.into());
    }

    /// Decode a request's parameters, answer it with the files checked up to date.
    fn handle<R: lsp_types::request::Request>(
        &mut self,
        req: Request,
        f: fn(&Server, R::Params) -> R::Result,
    ) -> Result<serde_json::Value, (i32, String)> {
        let params: R::Params = serde_json::from_value(req.params).map_err(|e| {
            (
                ErrorCode::InvalidParams as i32,
                format!("invalid parameters for {}: {e}", R::METHOD),
            )
        })?;
        // Answers read the latest text and its diagnostics.
        self.flush();
        // A bug in one feature must cost one answer, not the session: the features only
        // read the server's state, so it stays sound.
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self, params)))
            .map_err(|_| {
                (
                    ErrorCode::InternalError as i32,
                    format!("perfc lsp failed on {}", R::METHOD),
                )
            })?;
        serde_json::to_value(answer).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
    }

    /// The file a request is about, with the conversions for positions.
    fn at(&self, uri: &Uri) -> Option<(usize, &FileUnit)> {
        let id = self.id_of(uri)?;
        Some((id, &self.units[id]))
    }
}
