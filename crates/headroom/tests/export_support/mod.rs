//! Helpers for the exporter's tests: free ports, child processes killed on drop, a tiny HTTP/1.0 client.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

/// A child process that is killed when the test ends, however it ends.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `headroom export --listen 127.0.0.1:<port>` with its history in `data` and waits until it answers.
pub fn start_exporter(port: u16, data: &Path) -> Running {
    let child = Command::new(env!("CARGO_BIN_EXE_headroom"))
        .args(["export", "--listen", &format!("127.0.0.1:{port}")])
        .env("HEADROOM_DATA_DIR", data)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start headroom export");
    let running = Running(child);
    wait_for(&format!("127.0.0.1:{port}"), "/metrics");
    running
}

/// Waits (up to a minute, a guard against hanging, not a timing check) until `path` answers 200.
pub fn wait_for(address: &str, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if get(address, path).is_ok_and(|(status, _)| status == 200) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{address}{path} never answered 200");
}

/// Sends `request` whole and reads the response to the end: (status, body).
pub fn exchange(address: &str, request: &[u8]) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    stream.write_all(request)?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response)?;
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map_or(String::new(), |(_, body)| body.to_owned());
    Ok((status, body))
}

/// `GET path` over HTTP/1.0: (status, body).
pub fn get(address: &str, path: &str) -> std::io::Result<(u16, String)> {
    exchange(address, format!("GET {path} HTTP/1.0\r\nHost: {address}\r\n\r\n").as_bytes())
}

/// Percent-encodes a PromQL query for a URL.
pub fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
