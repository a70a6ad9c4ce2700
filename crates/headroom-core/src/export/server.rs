//! The `/metrics` HTTP server: a fixed pool of workers behind a bounded queue, each request read
//! within a deadline and a size limit and parsed by httparse; one request per connection.
//!
//! Why not tiny_http 0.12 (read in its source): its accept thread hands every connection to a
//! task pool that starts a new thread whenever none is free (`util/task_pool.rs`, no upper bound),
//! no read timeout is ever set on accepted sockets, and `ClientConnection::read_next_line`
//! (`client.rs`) grows a header line without limit — so idle or slow clients pile up threads and a
//! 1 MB header is buffered whole. Those are exactly the bounds this server needs.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::metrics::Format;

/// How much a client may ask of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Requests handled at once (each a thread, started up front).
    pub workers: usize,
    /// Connections waiting for a worker; past that a new connection gets 503 and is closed.
    pub queue: usize,
    /// Longest wait for the next bytes of a request.
    pub read_timeout: Duration,
    /// Longest time a whole request may take to arrive, however it trickles in.
    pub request_deadline: Duration,
    /// Largest request (line and headers); larger gets 431 and is closed.
    pub max_request_bytes: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            workers: 8,
            queue: 64,
            read_timeout: Duration::from_secs(2),
            request_deadline: Duration::from_secs(5),
            max_request_bytes: 8 * 1024,
        }
    }
}

/// Headers a request may carry (httparse needs the room up front).
const MAX_HEADERS: usize = 32;

/// What a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route {
    Metrics(Format),
    Index,
    NotFound,
    MethodNotAllowed,
}

/// Routes a parsed request: only `GET /metrics` and `GET /` are answered.
pub(crate) fn route(method: &str, path: &str, accept: Option<&str>) -> Route {
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    match (method, path) {
        ("GET", "/metrics") => Route::Metrics(Format::from_accept(accept)),
        ("GET", "/") => Route::Index,
        (_, "/metrics" | "/") => Route::MethodNotAllowed,
        _ => Route::NotFound,
    }
}

/// The link page at `/`.
pub(crate) const INDEX: &str = "<!doctype html><html><head><title>Headroom exporter</title></head><body>\
<h1>Headroom exporter</h1><p><a href=\"/metrics\">Metrics</a></p></body></html>\n";

/// What produces the exposition at scrape time.
pub type Scrape = Arc<dyn Fn(Format) -> String + Send + Sync>;

/// Serves `listener` until the process ends: an accept loop on this thread, `limits.workers` threads.
pub fn serve(listener: TcpListener, limits: Limits, scrape: Scrape) -> io::Result<()> {
    let (sender, receiver): (SyncSender<TcpStream>, Receiver<TcpStream>) = mpsc::sync_channel(limits.queue);
    let receiver = Arc::new(Mutex::new(receiver));
    for index in 0..limits.workers.max(1) {
        let receiver = Arc::clone(&receiver);
        let scrape = Arc::clone(&scrape);
        std::thread::Builder::new().name(format!("export-http-{index}")).spawn(move || {
            loop {
                // The lock is held only while waiting for the next connection, never while serving one.
                let next = receiver.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok(stream) = next else { return };
                if let Err(error) = handle(stream, &limits, &scrape) {
                    tracing::debug!(%error, "connection ended with an error");
                }
            }
        })?;
    }
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(stream) => stream,
            Err(error) => {
                // Out of file descriptors or a connection reset before accept: keep serving the others.
                tracing::warn!(%error, "accept failed");
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        match sender.try_send(stream) {
            Ok(()) => {}
            Err(TrySendError::Full(mut stream)) => {
                tracing::warn!("too many connections waiting; refusing one with 503");
                let _ = stream.set_write_timeout(Some(Duration::from_millis(100)));
                let _ = respond(&mut stream, 503, "text/plain; charset=utf-8", "too many connections\n");
            }
            Err(TrySendError::Disconnected(_)) => return Err(io::Error::other("every worker has stopped")),
        }
    }
    Ok(())
}

/// Reads one request within the limits, answers it, and closes the connection.
fn handle(mut stream: TcpStream, limits: &Limits, scrape: &Scrape) -> io::Result<()> {
    stream.set_write_timeout(Some(limits.read_timeout))?;
    let started = Instant::now();
    let mut buffer = vec![0u8; limits.max_request_bytes];
    let mut filled = 0;
    loop {
        let left = limits.request_deadline.saturating_sub(started.elapsed());
        if left.is_zero() {
            return respond(&mut stream, 408, "text/plain; charset=utf-8", "request timeout\n");
        }
        stream.set_read_timeout(Some(left.min(limits.read_timeout)))?;
        let read = match stream.read(&mut buffer[filled..]) {
            Ok(0) => return Ok(()),
            Ok(read) => read,
            Err(error) if matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return respond(&mut stream, 408, "text/plain; charset=utf-8", "request timeout\n");
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        filled += read;
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&buffer[..filled]) {
            Ok(httparse::Status::Complete(_)) => {
                let accept = request
                    .headers
                    .iter()
                    .find(|h| h.name.eq_ignore_ascii_case("accept"))
                    .and_then(|h| std::str::from_utf8(h.value).ok());
                let route = route(request.method.unwrap_or(""), request.path.unwrap_or(""), accept);
                return answer(&mut stream, route, scrape);
            }
            Ok(httparse::Status::Partial) if filled < buffer.len() => {}
            Ok(httparse::Status::Partial) | Err(httparse::Error::TooManyHeaders) => {
                return respond(&mut stream, 431, "text/plain; charset=utf-8", "request too large\n");
            }
            Err(_) => return respond(&mut stream, 400, "text/plain; charset=utf-8", "bad request\n"),
        }
    }
}

fn answer(stream: &mut TcpStream, route: Route, scrape: &Scrape) -> io::Result<()> {
    match route {
        Route::Metrics(format) => respond(stream, 200, format.content_type(), &scrape(format)),
        Route::Index => respond(stream, 200, "text/html; charset=utf-8", INDEX),
        Route::NotFound => respond(stream, 404, "text/plain; charset=utf-8", "not found: try /metrics\n"),
        Route::MethodNotAllowed => respond(stream, 405, "text/plain; charset=utf-8", "only GET is answered\n"),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Service Unavailable",
    }
}

/// Writes a whole response and closes the connection (every response says `Connection: close`).
fn respond(stream: &mut TcpStream, status: u16, content_type: &str, body: &str) -> io::Result<()> {
    let allow = if status == 405 { "Allow: GET\r\n" } else { "" };
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{allow}Connection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    stream.flush()?;
    // Tell the client we are done; whatever it still sends is dropped with the socket.
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_get_metrics_and_the_index_are_answered() {
        assert_eq!(route("GET", "/metrics", None), Route::Metrics(Format::Prometheus));
        assert_eq!(route("GET", "/metrics?x=1", None), Route::Metrics(Format::Prometheus));
        assert_eq!(route("GET", "/", None), Route::Index);
        assert_eq!(route("POST", "/metrics", None), Route::MethodNotAllowed);
        assert_eq!(route("HEAD", "/", None), Route::MethodNotAllowed);
        assert_eq!(route("GET", "/debug", None), Route::NotFound);
        assert_eq!(route("DELETE", "/x", None), Route::NotFound);
    }

    #[test]
    fn prometheus_own_accept_header_gets_openmetrics() {
        // What Prometheus 2.42 sends (scrape/scrape.go, scrapeAcceptHeader).
        let prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,\
                          text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
        assert_eq!(route("GET", "/metrics", Some(prometheus)), Route::Metrics(Format::OpenMetrics));
        assert_eq!(Format::from_accept(Some("*/*")), Format::Prometheus);
        assert_eq!(Format::from_accept(Some("text/plain;version=0.0.4")), Format::Prometheus);
        assert_eq!(
            Format::from_accept(Some("text/plain, application/openmetrics-text;q=0.3")),
            Format::Prometheus,
            "a lower q loses"
        );
    }
}
