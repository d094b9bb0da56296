//! The stdio transport. lsp-server's own stops reading at the first malformed message (its
//! reader thread returns the error), which would end the session over one bad byte; ours
//! answers a malformed message with a JSON-RPC error and reads on. Messages go to the main
//! loop over an unbounded channel, so a burst of typing queues up where the loop can drain
//! it (see `mod.rs`).

use std::io::{self, BufRead, Write};
use std::thread;

use crossbeam_channel::{select, unbounded, Receiver, Sender};
use lsp_server::{Connection, Message};

/// The largest message read; a longer `Content-Length` is refused rather than allocated.
const MAX_MESSAGE_BYTES: usize = 256 << 20;

pub struct IoThreads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl IoThreads {
    /// Wait until every message sent has been written. The reader is not waited for: after
    /// `exit` it has stopped, and otherwise it may be blocked on a stdin nobody closes.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }
}

pub fn stdio() -> (Connection, IoThreads) {
    let (in_tx, in_rx) = unbounded::<Message>();
    let (out_tx, out_rx) = unbounded::<Message>();
    // Error responses to messages that could not be read: they may have no request id
    // (`"id": null`), which lsp-server's `Response` cannot express.
    let (raw_tx, raw_rx) = unbounded::<String>();
    thread::spawn(move || {
        let stdin = io::stdin();
        read_loop(&mut stdin.lock(), &in_tx, &raw_tx);
    });
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        write_loop(&mut stdout.lock(), &out_rx, raw_rx)
    });
    (
        Connection {
            sender: out_tx,
            receiver: in_rx,
        },
        IoThreads { writer },
    )
}

fn write_loop(
    out: &mut impl Write,
    messages: &Receiver<Message>,
    raw: Receiver<String>,
) -> io::Result<()> {
    let mut raw = Some(raw);
    loop {
        match &raw {
            Some(r) => select! {
                recv(messages) -> m => match m {
                    Ok(m) => m.write(out)?,
                    Err(_) => return Ok(()),
                },
                recv(r) -> text => match text {
                    Ok(text) => write_frame(out, &text)?,
                    // The reader has stopped: only the main loop's messages are left.
                    Err(_) => raw = None,
                },
            },
            None => match messages.recv() {
                Ok(m) => m.write(out)?,
                Err(_) => return Ok(()),
            },
        }
    }
}

fn write_frame(out: &mut impl Write, text: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
    out.flush()
}

/// What reading one frame gave.
enum Frame {
    Text(String),
    /// A frame that could not be read; the reader has skipped it.
    Bad(String),
    End,
}

fn read_loop(input: &mut impl BufRead, messages: &Sender<Message>, raw: &Sender<String>) {
    loop {
        let text = match read_frame(input) {
            Frame::Text(t) => t,
            Frame::Bad(why) => {
                let _ = raw.send(error_response(serde_json::Value::Null, -32700, &why));
                continue;
            }
            Frame::End => return,
        };
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => {
                let _ = raw.send(error_response(
                    serde_json::Value::Null,
                    -32700,
                    &format!("parse error: {e}"),
                ));
                continue;
            }
        };
        let id = value.get("id").cloned().unwrap_or(serde_json::Value::Null);
        match serde_json::from_value::<Message>(value) {
            Ok(msg) => {
                let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if messages.send(msg).is_err() || exit {
                    return;
                }
            }
            Err(e) => {
                let _ = raw.send(error_response(id, -32600, &format!("invalid request: {e}")));
            }
        }
    }
}

fn error_response(id: serde_json::Value, code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
    .to_string()
}

/// One `Content-Length` framed message. Headers end at an empty line; lines may end in
/// `\r\n` or a bare `\n`.
fn read_frame(input: &mut impl BufRead) -> Frame {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between messages are tolerated.
            continue;
        }
        saw_header = true;
        match text.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                length = Some(
                    value
                        .trim()
                        .parse::<usize>()
                        .map_err(|_| format!("bad Content-Length `{}`", value.trim())),
                );
            }
            Some(_) => {}
            None => length = Some(Err(format!("malformed header `{text}`"))),
        }
    }
    let n = match length {
        Some(Ok(n)) if n <= MAX_MESSAGE_BYTES => n,
        Some(Ok(n)) => return Frame::Bad(format!("message of {n} bytes is too large")),
        Some(Err(why)) => return Frame::Bad(why),
        None => return Frame::Bad("no Content-Length header".into()),
    };
    let mut body = vec![0; n];
    if input.read_exact(&mut body).is_err() {
        return Frame::End;
    }
    match String::from_utf8(body) {
        Ok(t) => Frame::Text(t),
        Err(_) => Frame::Bad("message is not UTF-8".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let (tx, rx) = unbounded();
        let (raw_tx, raw_rx) = unbounded();
        read_loop(&mut input.as_bytes(), &tx, &raw_tx);
        drop((tx, raw_tx));
        let mut out: Vec<String> = rx
            .iter()
            .map(|m| serde_json::to_string(&m).unwrap())
            .collect();
        out.extend(raw_rx.iter());
        out
    }

    #[test]
    fn a_malformed_message_gets_an_error_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let bad = r#"{"jsonrpc":"2.0","id":2,"method":"#;
        let no_method = r#"{"jsonrpc":"2.0","id":3}"#;
        let input = format!(
            "Content-Length: {}\r\n\r\n{bad}Content-Length: {}\r\n\r\n{no_method}Content-Length: {}\r\n\r\n{good}",
            bad.len(),
            no_method.len(),
            good.len()
        );
        let out = frames(&input);
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out[0].contains("shutdown"), "{out:?}");
        assert!(
            out[1].contains("-32700") && out[1].contains("\"id\":null"),
            "{out:?}"
        );
        assert!(
            out[2].contains("-32600") && out[2].contains("\"id\":3"),
            "{out:?}"
        );
    }

    #[test]
    fn a_frame_without_length_is_skipped() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let input = format!("X-Nonsense\r\n\r\nContent-Length: {}\n\n{good}", good.len());
        let out = frames(&input);
        assert_eq!(out.len(), 2, "{out:?}");
        assert!(out[0].contains("initialized"));
        assert!(out[1].contains("-32700"));
    }
}
