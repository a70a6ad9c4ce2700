//! `headroom config path | init | check [FILE]`: find, create and check the settings file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use headroom_core::config::{self, DEFAULT_FILE};

pub fn path() -> anyhow::Result<ExitCode> {
    println!("{}", default_path()?.display());
    Ok(ExitCode::SUCCESS)
}

pub fn init() -> anyhow::Result<ExitCode> {
    let path = default_path()?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // create_new: an existing file is never overwritten, even if it appeared a moment ago.
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("headroom: {} already exists; it was not overwritten", path.display());
            return Ok(ExitCode::FAILURE);
        }
        Err(error) => return Err(error).with_context(|| format!("cannot create {}", path.display())),
    };
    file.write_all(DEFAULT_FILE.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    println!("wrote the default settings to {}", path.display());
    Ok(ExitCode::SUCCESS)
}

pub fn check(file: Option<&Path>) -> anyhow::Result<ExitCode> {
    let path = match file {
        Some(path) => path.to_owned(),
        None => default_path()?,
    };
    let loaded = config::load_file(&path);
    if !loaded.file_found {
        if file.is_some() {
            eprintln!("headroom: {}: no such file", path.display());
            return Ok(ExitCode::FAILURE);
        }
        println!("{}: no file; the defaults apply (`headroom config init` writes them out)", path.display());
        return Ok(ExitCode::SUCCESS);
    }
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    for error in &loaded.errors {
        eprintln!("error: {error}");
    }
    if !loaded.errors.is_empty() {
        return Ok(ExitCode::FAILURE);
    }
    println!("{}: OK", path.display());
    Ok(ExitCode::SUCCESS)
}

fn default_path() -> anyhow::Result<PathBuf> {
    config::config_path().context("cannot find the home directory to place config.toml in")
}
