//! A scripted fake of the Yandex Cloud API: a real HTTP/1.1 server on 127.0.0.1, its
//! answers chosen per request by a closure. Shared by the tests, the `fake_server` example
//! (CI runs the examples against it) and the load benchmark, each of which includes this
//! file as a module. Hand-written on tokio and `httparse` rather than hyper or axum so
//! that a test can also misbehave at the socket level: reset a connection, stall before
//! the headers, or stall half-way through a body.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A request as the fake received it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent: encoded path and query.
    pub target: String,
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The encoded path, without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The encoded query, without `?`.
    pub fn query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, q)| q)
    }

    /// The query's pairs, decoded, in order.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        self.query()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The value of a query parameter.
    pub fn param(&self, key: &str) -> Option<String> {
        self.query_pairs()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What the fake does with a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// An answer.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Resets the connection (RST) without answering.
    Reset,
    /// An answer in chunked transfer encoding, one chunk per item, each written on its
    /// own (no `content-length`: the client learns the size only as it reads).
    Chunked { status: u16, chunks: Vec<Vec<u8>> },
    /// Waits, then replies (a server slow to send its headers).
    Delay(Duration, Box<Reply>),
    /// Sends the headers declaring `declared` bytes and `prefix` of the body, then
    /// stalls for `stall` and closes (a server slow to send its body).
    SlowBody {
        declared: usize,
        prefix: Vec<u8>,
        stall: Duration,
    },
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub fn text(status: u16, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "text/html".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A running fake; stops when dropped.
pub struct Fake {
    addr: SocketAddr,
    log: Option<Arc<Mutex<Vec<Request>>>>,
    stop: watch::Sender<bool>,
}

impl Fake {
    /// Starts a fake that records every request.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Fake {
        Fake::start_with(handler, true)
    }

    /// Starts a fake on its own thread and runtime (so it serves blocking tests too);
    /// `record` keeps every request for [`Fake::requests`].
    pub fn start_with(
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
        record: bool,
    ) -> Fake {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("nonblocking");
        let addr = listener.local_addr().expect("local address");
        let log = record.then(|| Arc::new(Mutex::new(Vec::new())));
        let (stop, mut stopped) = watch::channel(false);
        let handler: Handler = Arc::new(handler);
        let server_log = log.clone();
        std::thread::Builder::new()
            .name("fake-api".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("fake runtime");
                runtime.block_on(async move {
                    let listener = TcpListener::from_std(listener).expect("listener");
                    loop {
                        tokio::select! {
                            _ = stopped.changed() => break,
                            accepted = listener.accept() => {
                                let Ok((socket, _)) = accepted else { continue };
                                let _ = socket.set_nodelay(true);
                                tokio::spawn(serve(socket, handler.clone(), server_log.clone()));
                            }
                        }
                    }
                });
                // Dropping the runtime ends every connection task.
            })
            .expect("fake thread");
        Fake { addr, log, stop }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `127.0.0.1:PORT`.
    pub fn addr(&self) -> String {
        self.addr.to_string()
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Request> {
        self.log
            .as_ref()
            .map(|l| l.lock().unwrap().clone())
            .unwrap_or_default()
    }

    /// How many requests had this path.
    pub fn count(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path() == path).count()
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

async fn serve(mut socket: TcpStream, handler: Handler, log: Option<Arc<Mutex<Vec<Request>>>>) {
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    loop {
        let Some(request) = read_request(&mut socket, &mut buf).await else {
            return;
        };
        if let Some(log) = &log {
            log.lock().unwrap().push(request.clone());
        }
        let reply = handler(&request);
        if !write_reply(&mut socket, reply).await {
            return;
        }
    }
}

async fn read_request(socket: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Request> {
    let mut chunk = [0u8; 16384];
    let (mut request, head_len, body_len) = loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(buf) {
            Ok(httparse::Status::Complete(n)) => {
                let headers: Vec<(String, String)> = parsed
                    .headers
                    .iter()
                    .map(|h| {
                        (
                            h.name.to_ascii_lowercase(),
                            String::from_utf8_lossy(h.value).into_owned(),
                        )
                    })
                    .collect();
                let body_len = headers
                    .iter()
                    .find(|(k, _)| k == "content-length")
                    .and_then(|(_, v)| v.parse::<usize>().ok())
                    .unwrap_or(0);
                let request = Request {
                    method: parsed.method?.to_owned(),
                    target: parsed.path?.to_owned(),
                    headers,
                    body: Vec::new(),
                };
                break (request, n, body_len);
            }
            Ok(httparse::Status::Partial) => {}
            Err(_) => return None,
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    while buf.len() < head_len + body_len {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    request.body = buf[head_len..head_len + body_len].to_vec();
    buf.drain(..head_len + body_len);
    Some(request)
}

/// Writes a reply; `false` when the connection is over.
async fn write_reply(socket: &mut TcpStream, reply: Reply) -> bool {
    let mut reply = reply;
    loop {
        match reply {
            Reply::Delay(d, next) => {
                tokio::time::sleep(d).await;
                reply = *next;
            }
            Reply::Reset => {
                // Linger zero: closing sends RST instead of FIN. (Deprecated because a
                // non-zero linger blocks on drop; zero never does.)
                #[allow(deprecated)]
                let _ = socket.set_linger(Some(Duration::ZERO));
                return false;
            }
            Reply::Respond {
                status,
                headers,
                body,
            } => {
                let mut out = head(status, &headers, body.len());
                out.extend_from_slice(&body);
                return socket.write_all(&out).await.is_ok();
            }
            Reply::Chunked { status, chunks } => {
                let head = format!("HTTP/1.1 {status} Fake\r\ntransfer-encoding: chunked\r\n\r\n");
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return false;
                }
                for chunk in chunks.iter().filter(|c| !c.is_empty()) {
                    let mut out = format!("{:x}\r\n", chunk.len()).into_bytes();
                    out.extend_from_slice(chunk);
                    out.extend_from_slice(b"\r\n");
                    if socket.write_all(&out).await.is_err() || socket.flush().await.is_err() {
                        return false;
                    }
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
                return socket.write_all(b"0\r\n\r\n").await.is_ok();
            }
            Reply::SlowBody {
                declared,
                prefix,
                stall,
            } => {
                let mut out = head(200, &[], declared);
                out.extend_from_slice(&prefix);
                let _ = socket.write_all(&out).await;
                tokio::time::sleep(stall).await;
                return false;
            }
        }
    }
}

fn head(status: u16, headers: &[(String, String)], len: usize) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} Fake\r\ncontent-length: {len}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    out.into_bytes()
}
