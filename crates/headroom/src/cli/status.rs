//! `headroom status`: one live snapshot, as a table or JSON.

use std::process::ExitCode;

use anyhow::Context;
use headroom_core::sys::SystemReader;
use headroom_core::ui::render;
use time::UtcOffset;

pub fn run(json: bool, offset: UtcOffset) -> anyhow::Result<ExitCode> {
    let mut reader = SystemReader::new().context("cannot open the memory counters")?;
    let snapshot = reader.read().context("cannot read the memory counters")?;
    if json {
        println!("{}", render::json(&snapshot)?);
    } else {
        print!("{}", render::table(&snapshot, offset, super::common::settings().units.label()));
    }
    Ok(ExitCode::SUCCESS)
}
