//! `headroom analyze FILE`: the breakdown of pasted `vm_stat` or /proc/meminfo text.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

use headroom_core::model::analyze::{self, InputKind};
use headroom_core::ui::render;
use time::{OffsetDateTime, UtcOffset};

/// Exit status for input Headroom cannot use (a missing line, an unreadable file).
const BAD_INPUT: u8 = 2;

pub fn run(file: &Path, ram: Option<u64>, json: bool, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let name = if file == Path::new("-") { "standard input".to_owned() } else { file.display().to_string() };
    let text = match read_input(file) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("headroom: analyze: cannot read {name}: {error}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if ram.is_some() && analyze::detect(&text) == Some(InputKind::Meminfo) {
        eprintln!("headroom: analyze: --ram is not used for /proc/meminfo text, which states MemTotal");
    }
    let snapshot = match analyze::analyze(&text, ram, OffsetDateTime::now_utc()) {
        Ok(snapshot) => snapshot,
        Err(error) => {
            eprintln!("headroom: analyze: {name}: {error}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if json {
        println!("{}", render::json(&snapshot)?);
    } else {
        print!("{}", render::table(&snapshot, offset, super::common::settings().units.label()));
    }
    Ok(ExitCode::SUCCESS)
}

/// The text to analyze; a binary or empty input is said as such ("a binary file, not text",
/// "empty") rather than as a decoding error or a format it is not.
fn read_input(file: &Path) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    if file == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes)?;
    } else {
        bytes = std::fs::read(file)?;
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is empty: paste vm_stat or /proc/meminfo text",
        ));
    }
    String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is a binary file, not text (an image or an archive?): analyze reads the text of vm_stat or /proc/meminfo",
        )
    })
}
