//! The stdio transport: `Content-Length` framed JSON-RPC on stdin/stdout.
//!
//! `lsp-server`'s own stdio transport stops reading at the first message
//! that is not valid JSON-RPC. This one answers such a message with a
//! JSON-RPC error (`ParseError` for text that is not JSON, `InvalidRequest`
//! for JSON that is no message) and goes on reading: bad input never ends
//! the session. A frame without a `Content-Length` header is skipped.

use crossbeam_channel::{unbounded, Receiver, Sender};
use lsp_server::{Connection, Message};
use std::io::{self, BufRead, Write};
use std::thread::JoinHandle;

/// The reader and writer threads of [`stdio`].
pub struct Threads {
    reader: JoinHandle<()>,
    writer: JoinHandle<()>,
}

impl Threads {
    /// Waits for the writer to flush everything the server sent. The reader
    /// may still be blocked on stdin (the client keeps it open), so it is
    /// not waited for.
    pub fn join(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

/// A connection over stdin and stdout.
pub fn stdio() -> (Connection, Threads) {
    let (to_server, from_client) = unbounded::<Message>();
    let (to_client, outgoing) = unbounded::<Message>();
    let writer = std::thread::spawn(move || write_all(outgoing));
    let reader = std::thread::spawn(move || {
        let stdin = io::stdin();
        read_all(&mut stdin.lock(), &to_server, &mut || io::stdout().lock());
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { reader, writer },
    )
}

fn write_all(outgoing: Receiver<Message>) {
    for message in outgoing {
        let mut out = io::stdout().lock();
        if message.write(&mut out).is_err() {
            return;
        }
    }
}

/// Reads frames until end of input, sending each message to the server and
/// answering undecodable ones through `out` directly.
pub fn read_all<W: Write>(
    input: &mut impl BufRead,
    server: &Sender<Message>,
    out: &mut impl FnMut() -> W,
) {
    loop {
        let body = match read_frame(input) {
            Ok(Some(body)) => body,
            Ok(None) => return,
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                eprintln!("ddgen lsp: skipped a frame: {e}");
                continue;
            }
            Err(_) => return,
        };
        match decode(&body) {
            Ok(message) => {
                if server.send(message).is_err() {
                    return;
                }
            }
            Err(error) => {
                let text = error.to_string();
                let mut w = out();
                let _ = write!(w, "Content-Length: {}\r\n\r\n{text}", text.len());
                let _ = w.flush();
            }
        }
    }
}

/// A message, or the JSON-RPC error response that refuses it.
pub fn decode(body: &[u8]) -> Result<Message, serde_json::Value> {
    let error = |id: serde_json::Value, code: i32, message: String| {
        serde_json::json!({
            "jsonrpc": "2.0",
            "id": id,
            "error": { "code": code, "message": message },
        })
    };
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| {
        error(
            serde_json::Value::Null,
            lsp_server::ErrorCode::ParseError as i32,
            format!("not JSON: {e}"),
        )
    })?;
    let id = value
        .get("id")
        .filter(|id| id.is_number() || id.is_string())
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    let invalid = |why: String| {
        error(
            id.clone(),
            lsp_server::ErrorCode::InvalidRequest as i32,
            why,
        )
    };
    // Decoded by shape, not by trying each kind (a `Response` would accept
    // almost any object with an `id`).
    let has = |key: &str| value.get(key).is_some();
    let decoded = if has("method") && has("id") {
        serde_json::from_value(value).map(Message::Request)
    } else if has("method") {
        serde_json::from_value(value).map(Message::Notification)
    } else if has("id") && (has("result") || has("error")) {
        serde_json::from_value(value).map(Message::Response)
    } else {
        return Err(invalid("not a request, notification or response".into()));
    };
    decoded.map_err(|e| invalid(format!("not a JSON-RPC message: {e}")))
}

/// The body of the next frame; `None` at the end of input. A frame whose
/// headers lack `Content-Length` is `InvalidData` (the caller skips it).
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut seen_header = false;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if !seen_header {
                continue;
            }
            break;
        }
        seen_header = true;
        if let Some((name, value)) = header.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().ok();
            }
        }
    }
    let Some(length) = length else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "no valid Content-Length header",
        ));
    };
    if length > 256 * 1024 * 1024 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a message larger than 256 MB",
        ));
    }
    let mut body = vec![0; length];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_frames_get_errors_and_reading_goes_on() {
        let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
        let good = r#"{"jsonrpc":"2.0","id":3,"method":"x/y","params":null}"#;
        let input = format!(
            "{}{}X-Other: 1\r\n\r\n{}",
            frame("{oops"),
            frame(r#"{"id":5,"method":7}"#),
            frame(good)
        );
        let (tx, rx) = unbounded();
        let mut written = Vec::new();
        {
            // And a body that is not UTF-8.
            let mut bytes = b"Content-Length: 4\r\n\r\n\"\xff\xfe\"".to_vec();
            bytes.extend(input.into_bytes());
            let mut cursor = io::Cursor::new(bytes);
            let sink = std::cell::RefCell::new(&mut written);
            read_all(&mut cursor, &tx, &mut || SinkRef(&sink));
        }
        let out = String::from_utf8(written).unwrap();
        assert_eq!(out.matches("-32700").count(), 2, "{out}");
        assert!(out.contains(r#""id":5"#) && out.contains("-32600"), "{out}");
        drop(tx);
        let got: Vec<Message> = rx.iter().collect();
        assert_eq!(got.len(), 1);
        assert!(matches!(&got[0], Message::Request(r) if r.method == "x/y"));
    }

    struct SinkRef<'a, 'b>(&'a std::cell::RefCell<&'b mut Vec<u8>>);
    impl Write for SinkRef<'_, '_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
}
