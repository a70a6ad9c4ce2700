//! Runs a fixed system tool with a time limit and returns its output, or why it could not.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `program` (an absolute path) with `args`; a tool that is missing, fails or outlives
/// `limit` gives the reason as text, which the suspects show as "unknown: …".
pub fn run(program: &str, args: &[&str], limit: Duration) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    let mut stdout = child.stdout.take().ok_or_else(|| format!("{program}: no output pipe"))?;
    // Read on a thread so a chatty tool cannot block on a full pipe while we wait for it.
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{program} did not finish within {} s", limit.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(error) => return Err(format!("{program}: {error}")),
        }
    };
    let text = reader.join().map_err(|_| format!("{program}: output reader failed"))?;
    if status.success() { Ok(text) } else { Err(format!("{program} exited with {status}")) }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn output_failure_missing_and_timeout() {
        assert_eq!(run("/bin/echo", &["hello"], Duration::from_secs(5)).as_deref(), Ok("hello\n"));
        assert!(run("/bin/false", &[], Duration::from_secs(5)).unwrap_err().contains("exited with"));
        assert!(run("/nonexistent/tool", &[], Duration::from_secs(5)).unwrap_err().contains("cannot run"));
        let started = Instant::now();
        let error = run("/bin/sleep", &["5"], Duration::from_millis(200)).unwrap_err();
        assert!(error.contains("did not finish"), "{error}");
        assert!(started.elapsed() < Duration::from_secs(4), "the sleeper was killed, not waited for");
    }
}
