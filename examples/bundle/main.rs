//! `cargo run --example bundle -- --binary PATH [--out DIR]`: assembles Headroom.app (see scripts/bundle-macos.sh).

mod layout;

use std::path::PathBuf;

fn main() -> Result<(), String> {
    let mut binary = None;
    let mut out = PathBuf::from("target/bundle");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--binary" => binary = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from).ok_or("--out needs a directory")?,
            other => return Err(format!("unknown argument {other:?}; usage: bundle --binary PATH [--out DIR]")),
        }
    }
    let binary = binary.ok_or("usage: bundle --binary PATH [--out DIR]")?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let app = layout::assemble(&binary, &root, &out, env!("CARGO_PKG_VERSION"))?;
    println!("{}", app.display());
    Ok(())
}
