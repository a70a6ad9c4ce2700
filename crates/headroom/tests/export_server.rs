//! The exporter's server against bad clients: one that sends nothing, one with a 1 MB header, a POST —
//! each closed or refused while a concurrent scrape is answered.

use crate::export_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use export_support::{exchange, free_port, get, start_exporter};

fn scrape_ok(address: &str) {
    let (status, body) = get(address, "/metrics").expect("scrape");
    assert_eq!(status, 200);
    assert!(body.contains("headroom_memory_bytes{category=\"wired\"}"), "{body}");
}

#[test]
fn bad_clients_are_closed_or_refused_and_never_block_a_scrape() {
    let data = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let _exporter = start_exporter(port, data.path());
    let address = format!("127.0.0.1:{port}");

    // A client that connects and says nothing holds one worker; a scrape still gets through, and the
    // silent client is answered 408 and closed once the read timeout passes.
    let mut silent = TcpStream::connect(&address).expect("connect");
    scrape_ok(&address);
    silent.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut answer = String::new();
    silent.read_to_string(&mut answer).expect("the server closes the silent connection");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");

    // A 1 MB header is cut off at the size limit: 431 (or a reset, if the server closed while we
    // were still writing), never buffered whole; scrapes meanwhile are answered.
    let big = std::thread::spawn({
        let address = address.clone();
        move || {
            let mut stream = TcpStream::connect(&address).expect("connect");
            stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
            let mut request = b"GET /metrics HTTP/1.1\r\nX-Big: ".to_vec();
            request.extend(std::iter::repeat_n(b'a', 1 << 20));
            request.extend(b"\r\n\r\n");
            let _ = stream.write_all(&request);
            let mut answer = Vec::new();
            let _ = stream.read_to_end(&mut answer);
            String::from_utf8_lossy(&answer).into_owned()
        }
    });
    scrape_ok(&address);
    let answer = big.join().expect("big-header client");
    assert!(answer.is_empty() || answer.starts_with("HTTP/1.1 431 "), "{answer}");
    scrape_ok(&address);

    // Only GET: a POST is 405 with Allow: GET; other paths are 404; a garbled request is 400.
    let (status, _) = exchange(&address, b"POST /metrics HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi").expect("post");
    assert_eq!(status, 405);
    assert_eq!(get(&address, "/admin").expect("404").0, 404);
    assert_eq!(exchange(&address, b"\x01\x02 nonsense\r\n\r\n").expect("garbage").0, 400);
    let (status, index) = get(&address, "/").expect("index");
    assert_eq!(status, 200);
    assert!(index.contains("href=\"/metrics\""));
    scrape_ok(&address);
}

#[test]
fn fifty_concurrent_scrapes_all_succeed() {
    let data = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let _exporter = start_exporter(port, data.path());
    let address = format!("127.0.0.1:{port}");
    let clients: Vec<_> = (0..50)
        .map(|_| {
            let address = address.clone();
            std::thread::spawn(move || get(&address, "/metrics").map(|(status, _)| status))
        })
        .collect();
    for client in clients {
        assert_eq!(client.join().expect("client").expect("scrape"), 200);
    }
}
