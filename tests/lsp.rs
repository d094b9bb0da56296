//! `perfc lsp` driven as an editor drives it: the real binary, JSON-RPC messages framed with
//! `Content-Length` over its stdin and stdout. Every read has a timeout, so a server that
//! stops answering fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

const TIMEOUT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_perfc"))
            .arg("lsp")
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("perfc lsp starts");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(v) = read_frame(&mut stdout) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 1,
            backlog: Vec::new(),
        }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: Value) {
        self.send_raw(&msg.to_string());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == json!(id))
    }

    /// The first message (read before or now) that `pred` accepts.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        loop {
            let m = self
                .rx
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|_| panic!("no answer in time; read so far: {:#?}", self.backlog));
            if pred(&m) {
                return m;
            }
            self.backlog.push(m);
        }
    }

    /// The diagnostics published for `uri` (at `version`, when given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn initialize(&mut self, root: Option<&Path>) -> Value {
        let folders = root.map(|r| json!([{"uri": file_uri(r), "name": "ws"}]));
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root.map(file_uri),
                "workspaceFolders": folders,
                "capabilities": {
                    "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}}
                },
                "initializationOptions": {"lang": "zh"},
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "perf", "version": 1, "text": text}}),
        );
    }

    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        let deadline = std::time::Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "{status}");
                return;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "perfc lsp did not exit"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave a server behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn file_uri(path: &Path) -> String {
    // Test folders have ASCII names; the server decodes percent-encoded ones too.
    format!("file://{}", path.display())
}

/// A complete filing in Chinese keywords, with `𠀀` (two UTF-16 units) and other CJK text
/// before its two errors: `400` without a comparator (E0112, line 19) and the unit `km`
/// (E0301, line 20).
const FILING: &str = "// 𠀀 培训项目的申报
年度 2024
主管部门 \"上海市住房和城乡建设管理委员会\"
实施单位 \"上海市城市管理行政执法局\"

项目 \"城管执法人员业务培训𠀀\" {
  项目性质 \"其他一次性项目\"
  项目类别 \"特定目标类\"
  实施周期 2024-01-01 .. 2024-12-31
  项目资金 {
    年度资金申请总额 {
      当年财政拨款 120,000.00 元
      上年结转资金 0 元
      其他资金 0 元
    }
  }
  年度总体目标 \"全年举办执法业务培训班 4 期，培训一线执法人员 400 人次。\"
  产出指标 {
    数量指标 {
      \"培训人次𠀀\" 400 人次
      \"巡查里程\" >= 5 km
    }
    时效指标 { \"培训完成时间\" 截至 2024-11-30 }
  }
  效益指标 {
    社会效益指标 { \"执法规范化水平\" \"执法文书差错率较上年下降\" }
  }
  满意度指标 {
    服务对象满意度指标 { \"参训人员满意度\" >= 90 % }
  }
}
";

/// `培训.perf`, percent-encoded as clients send it.
const URI: &str = "file:///tmp/perfc-lsp-test/%E5%9F%B9%E8%AE%AD.perf";

fn pos(line: u32, character: u32) -> Value {
    json!({"line": line, "character": character})
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

#[test]
fn diagnostics_have_codes_chinese_messages_and_utf16_positions() {
    let mut c = Client::start();
    let init = c.initialize(None);
    assert_eq!(init["result"]["serverInfo"]["name"], "perfc");
    c.open(URI, FILING);
    let diags = c.diagnostics(URI, Some(1));
    assert_eq!(codes(&diags), ["E0112", "E0301"], "{diags:#?}");
    let missing = &diags[0];
    assert_eq!(missing["severity"], 1);
    assert_eq!(missing["source"], "perfc");
    assert!(
        missing["message"]
            .as_str()
            .unwrap()
            .starts_with("定量指标值缺少比较符"),
        "{missing}"
    );
    // `      "培训人次𠀀" 400`: 6 spaces, a quote, four characters, 𠀀 as two units, a quote
    // and a space put `400` at UTF-16 column 15 (byte column 25).
    assert_eq!(missing["range"]["start"], pos(19, 15));
    assert_eq!(missing["range"]["end"], pos(19, 18));
    c.shutdown();
}

#[test]
fn hover_on_a_level_keyword_and_on_a_unit() {
    let mut c = Client::start();
    c.initialize(None);
    c.open(URI, FILING);
    // `  产出指标 {` on line 17.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": pos(17, 3)}),
    );
    let text = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**产出指标** · `output`"), "{text}");
    assert!(text.contains("数量指标 `quantity`"), "{text}");
    assert_eq!(h["result"]["range"]["start"], pos(17, 2));
    // `人次` after `400` on line 19, at UTF-16 column 19.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": pos(19, 20)}),
    );
    let text = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**人次** — 计量单位，量纲：人次（person-time）"),
        "{text}"
    );
    // The value is parsed.
    assert!(
        text.contains("定量指标：比较符 `—`，数值 `400`，单位 `人次`（量纲：人次）"),
        "{text}"
    );
    // On `400`, the error there is explained.
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": pos(19, 16)}),
    );
    let text = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("**E0112 缺少比较符 / missing comparator**"),
        "{text}"
    );
    assert!(text.contains("定量指标值只写了数字和单位"), "{text}");
    c.shutdown();
}

#[test]
fn completion_under_a_level1_group_offers_its_level2_groups() {
    let mut c = Client::start();
    c.initialize(None);
    let text = "项目 \"甲\" {\n  产出指标 {\n    \n  }\n}\n";
    c.open(URI, text);
    c.diagnostics(URI, Some(1));
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos(2, 4)}),
    );
    let items = r["result"].as_array().unwrap();
    let labels: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["数量指标", "质量指标", "时效指标", "成本指标"]);
    // With snippet support, the group comes with its braces.
    assert_eq!(items[0]["insertText"], "数量指标 {\n\t$0\n}");
    // Right after the `{` just typed (UTF-16 column 8 of `  产出指标 {`), too.
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos(1, 8)}),
    );
    assert_eq!(r["result"][0]["label"], "数量指标", "{r}");
    c.shutdown();
}

#[test]
fn completion_offers_the_section_8_keywords() {
    let mut c = Client::start();
    c.initialize(None);
    let text =
        "项目 \"甲\" {\n  \n  产出指标 {\n    数量指标 {\n      \"班次\" = 4 期 \n    }\n  }\n}\n";
    c.open(URI, text);
    c.diagnostics(URI, Some(1));
    let labels = |r: &Value| -> Vec<String> {
        r["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    // In a project: 实际完成情况 (achieved) beside 年度总体目标.
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos(1, 2)}),
    );
    let got = labels(&r);
    assert!(got.iter().any(|l| l == "实际完成情况"), "{got:?}");
    // After an indicator's value: its extras, 偏差原因 and 得分 among them.
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": pos(4, 17)}),
    );
    let got = labels(&r);
    for want in ["备注", "分值", "实际完成值", "偏差原因", "得分"] {
        assert!(got.iter().any(|l| l == want), "{want}: {got:?}");
    }
    c.shutdown();
}

/// Apply a code action's edits for `URI` through an incremental didChange.
fn apply(c: &mut Client, action: &Value, version: i64) {
    let edits = action["edit"]["changes"][URI].as_array().unwrap();
    // Last first, so earlier positions stay valid.
    let mut edits = edits.clone();
    edits.sort_by_key(|e| {
        let s = &e["range"]["start"];
        std::cmp::Reverse((s["line"].as_u64(), s["character"].as_u64()))
    });
    let changes: Vec<Value> = edits
        .iter()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}),
    );
}

#[test]
fn quick_fixes_applied_leave_the_file_clean() {
    let mut c = Client::start();
    c.initialize(None);
    c.open(URI, FILING);
    let diags = c.diagnostics(URI, Some(1));
    let range = json!({"start": pos(19, 0), "end": pos(20, 30)});
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": range,
               "context": {"diagnostics": diags, "only": ["quickfix"]}}),
    );
    let actions = r["result"].as_array().unwrap().clone();
    // E0112's fix changes the target (a person decides); `km` → `公里` is certain.
    let comparator = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "E0112")
        .unwrap();
    assert_eq!(comparator["kind"], "quickfix");
    assert_eq!(comparator["isPreferred"], false);
    assert_eq!(
        comparator["edit"]["changes"][URI][0],
        json!({"range": {"start": pos(19, 15), "end": pos(19, 15)}, "newText": "="})
    );
    let unit = actions
        .iter()
        .find(|a| a["diagnostics"][0]["code"] == "E0301")
        .unwrap();
    assert_eq!(unit["isPreferred"], true);
    // "Fix all" takes only the certain fix.
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": pos(0, 0), "end": pos(0, 0)},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let all = r["result"].as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll");
    assert_eq!(all[0]["edit"]["changes"][URI].as_array().unwrap().len(), 1);
    apply(&mut c, &all[0], 2);
    assert_eq!(codes(&c.diagnostics(URI, Some(2))), ["E0112"]);
    apply(&mut c, comparator, 3);
    let after = c.diagnostics(URI, Some(3));
    assert!(after.is_empty(), "{after:#?}");
    c.shutdown();
}

#[test]
fn symbols_outline_projects_groups_and_indicators() {
    let mut c = Client::start();
    c.initialize(None);
    c.open(URI, FILING);
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let project = &r["result"][0];
    assert_eq!(project["name"], "城管执法人员业务培训𠀀");
    let output = &project["children"][0];
    assert_eq!(output["name"], "产出指标");
    let indicator = &output["children"][0]["children"][1];
    assert_eq!(indicator["name"], "巡查里程");
    assert_eq!(indicator["detail"], ">= 5 km");
    c.shutdown();
}

#[test]
fn workspace_files_are_linked_and_a_change_relinks() {
    let dir = tempfile::tempdir().unwrap();
    let one = "年度 2024\n主管部门 \"部\"\n实施单位 \"单位\"\n项目 \"甲\" {\n}\n";
    std::fs::write(dir.path().join("a.perf"), one).unwrap();
    std::fs::write(dir.path().join("b.perf"), one).unwrap();
    let mut c = Client::start();
    c.initialize(Some(dir.path()));
    let b_uri = file_uri(&dir.path().join("b.perf"));
    // The duplicate project is reported on the second file, before anything is opened.
    let diags = c.diagnostics(&b_uri, None);
    assert!(codes(&diags).contains(&"E0202"), "{diags:#?}");
    let dup = diags.iter().find(|d| d["code"] == "E0202").unwrap();
    let a_uri = file_uri(&dir.path().join("a.perf"));
    assert_eq!(dup["relatedInformation"][1]["location"]["uri"], a_uri);
    // Renaming the project in the editor clears the other file's error.
    c.open(&a_uri, one);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": a_uri, "version": 2},
               "contentChanges": [{"text": one.replace("\"甲\"", "\"乙\"")}]}),
    );
    let diags = c.diagnostics(&b_uri, None);
    assert!(!codes(&diags).contains(&"E0202"), "{diags:#?}");
    c.shutdown();
}

#[test]
fn a_burst_of_changes_ends_with_the_latest_text_checked() {
    let mut c = Client::start();
    c.initialize(None);
    c.open(URI, FILING);
    c.diagnostics(URI, Some(1));
    // Twenty versions sent at once: the server drains them and checks the latest (what it
    // publishes for the others, if anything, is not pinned: it depends on timing).
    for v in 2..=21 {
        let text = if v == 21 {
            FILING.replace(" 400 人次", " >= 400 人次")
        } else {
            FILING.to_string()
        };
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": v}, "contentChanges": [{"text": text}]}),
        );
    }
    let last = c.diagnostics(URI, Some(21));
    assert_eq!(codes(&last), ["E0301"]);
    c.shutdown();
}

#[test]
fn a_malformed_message_gets_an_error_and_the_server_keeps_running() {
    let mut c = Client::start();
    c.initialize(None);
    c.send_raw("{\"jsonrpc\":\"2.0\",\"id\":77,\"method\":");
    let err = c.wait(|m| m.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700);
    assert_eq!(err["id"], Value::Null);
    // Parameters of the wrong shape: an error for that request only.
    let r = c.request("textDocument/hover", json!({"textDocument": 5}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    c.open(URI, FILING);
    assert_eq!(codes(&c.diagnostics(URI, Some(1))), ["E0112", "E0301"]);
    c.shutdown();
}

#[test]
fn definition_folding_and_semantic_tokens() {
    let mut c = Client::start();
    c.initialize(None);
    let text = "计量单位 架次 : count\n项目 \"甲\" {\n  产出指标 {\n    数量指标 {\n      \"飞行\" = 3 架次\n    }\n  }\n}\n";
    c.open(URI, text);
    // `架次` in the indicator (line 4, UTF-16 column 15) is declared on line 0.
    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": URI}, "position": pos(4, 16)}),
    );
    assert_eq!(r["result"]["uri"], URI);
    assert_eq!(
        r["result"]["range"],
        json!({"start": pos(0, 5), "end": pos(0, 7)})
    );
    let r = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": URI}}),
    );
    let folds: Vec<(u64, u64)> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap(),
                f["endLine"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(folds, [(1, 6), (2, 5), (3, 4)]);
    let r = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": URI}}),
    );
    let data: Vec<u64> = r["result"]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    // Five numbers per token: the first is `计量单位`, a keyword (type 0), 4 units long.
    assert_eq!(&data[..5], &[0, 0, 4, 0, 0]);
    assert_eq!(data.len() % 5, 0);
    c.shutdown();
}

/// The byte offset of a protocol position, counted independently of the server's code.
fn byte_offset(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let character = p["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= character || c == '\n' {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[test]
fn formatting_is_what_perfc_fmt_prints() {
    let messy = FILING
        .replace("  项目性质 ", "项目性质      ")
        .replace(">= 5 km", ">=5 公里")
        .replace(" 400 人次", " >= 400 人次");
    let mut cli = Command::new(env!("CARGO_BIN_EXE_perfc"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    cli.stdin
        .take()
        .unwrap()
        .write_all(messy.as_bytes())
        .unwrap();
    let out = cli.wait_with_output().unwrap();
    assert!(out.status.success());
    let expected = String::from_utf8(out.stdout).unwrap();
    assert_ne!(expected, messy);

    let mut c = Client::start();
    c.initialize(None);
    c.open(URI, &messy);
    let r = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = r["result"].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{r}");
    let e = &edits[0];
    let mut text = messy.clone();
    let (start, end) = (
        byte_offset(&messy, &e["range"]["start"]),
        byte_offset(&messy, &e["range"]["end"]),
    );
    text.replace_range(start..end, e["newText"].as_str().unwrap());
    assert_eq!(text, expected);
    // Formatted text needs no edit.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"text": text}]}),
    );
    let r = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": URI}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    assert_eq!(r["result"], json!([]));
    c.shutdown();
}

/// The protocol's exit codes: 0 after `shutdown` then `exit` (every test above), 1 when
/// `exit` comes without a `shutdown` first.
#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let mut c = Client::start();
    c.initialize(None);
    c.notify("exit", Value::Null);
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = c.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(1), "{status}");
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "perfc lsp did not exit"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
