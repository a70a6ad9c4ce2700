//! `headroom completions bash|zsh|fish|elvish|powershell` and the man page, both generated from the
//! clap definitions the commands are parsed with, so neither can drift from them.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::CommandFactory;

use super::Cli;

/// Prints the completion script for `shell` (the packages install it where the shell finds it:
/// bash `share/bash-completion/completions/headroom`, zsh `share/zsh/site-functions/_headroom`,
/// fish `share/fish/vendor_completions.d/headroom.fish`).
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "headroom", &mut script);
    print(&script)
}

/// Prints headroom(1) in roff: every command with what it does and its options, as `--help` says
/// them, in one page (the commands have no pages of their own).
pub fn man_page() -> anyhow::Result<ExitCode> {
    let man = clap_mangen::Man::new(Cli::command());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    for command in Cli::command().get_subcommands().filter(|c| !c.is_hide_set()) {
        writeln!(page, ".SH \"HEADROOM {}\"", roff(&command.get_name().to_uppercase()))?;
        if let Some(about) = command.get_about() {
            writeln!(page, "{}", roff(&about.to_string()))?;
        }
        if command.get_arguments().any(|a| !a.is_hide_set()) {
            clap_mangen::Man::new(command.clone()).render_options_section(&mut page)?;
        }
    }
    man.render_version_section(&mut page)?;
    print(&page)
}

/// Text as roff shows it literally: backslashes and hyphens escaped, and a line that would start
/// with a request character (`.` or `'`) protected.
fn roff(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}

/// Writes `bytes` to stdout; a reader that went away (`| head`) is not an error.
fn print(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(error) if error.kind() != ErrorKind::BrokenPipe => Err(error.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_from_the_help_is_shown_literally_in_roff() {
        assert_eq!(super::roff("Read `vm_stat` output -v"), "Read `vm_stat` output \\-v");
        assert_eq!(super::roff(".so /etc/passwd"), "\\&.so /etc/passwd");
        assert_eq!(super::roff("a\\b"), "a\\eb");
    }
}
