//! `cargo run --example bundle -- --bin-dir DIR [--out DIR]`: assembles Headroom.app from the
//! `headroom` and `headroom-app` executables in DIR (see scripts/bundle-macos.sh). The layout is
//! `headroom_testing::bundle_layout`, which tests/bundle.rs checks.

use std::path::PathBuf;

use headroom_testing::bundle_layout as layout;

fn main() -> Result<(), String> {
    let mut bin_dir = None;
    let mut out = PathBuf::from("target/bundle");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bin-dir" => bin_dir = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from).ok_or("--out needs a directory")?,
            other => return Err(format!("unknown argument {other:?}; usage: bundle --bin-dir DIR [--out DIR]")),
        }
    }
    let bin_dir = bin_dir.ok_or("usage: bundle --bin-dir DIR [--out DIR]")?;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let app = layout::assemble(&bin_dir, &root, &out, env!("CARGO_PKG_VERSION"))?;
    println!("{}", app.display());
    Ok(())
}
