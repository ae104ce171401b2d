//! The orchestration of each command: `main.rs` parses arguments into one of
//! these modules' `Args` and maps the `ExitCode` they return; everything a
//! command does between reading its arguments and exiting lives here, one
//! file per command (`shared/design/cli.md` is the contract).

pub mod check;
pub mod diff;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod generate;
pub mod import;
pub mod init;
pub mod lsp;
pub mod map;

use crate::check::{check_paths, Checked, Options};
use crate::render::{plain_error, render, Format};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Colour on stderr: only on a terminal, never when `NO_COLOR` is set.
pub fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

/// Prints `error: MESSAGE` on stderr and gives exit code 2 (usage or I/O).
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("{}", plain_error(message, color_stderr()));
    ExitCode::from(2)
}

/// The paths a command reads; the current folder when none are given.
pub fn paths_or_cwd(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// Loads and checks the model for a command that produces output: prints
/// the diagnostics, and gives up (exit 1, or 2 for I/O) unless it is valid.
pub fn load_valid(paths: Vec<PathBuf>) -> Result<Checked, ExitCode> {
    let paths = paths_or_cwd(paths);
    let checked = check_paths(&paths, &Options::default()).map_err(|e| usage_error(&e.0))?;
    if !checked.outcome.diagnostics.is_empty() {
        eprint!(
            "{}",
            render(
                Format::Human,
                &checked.sources,
                &checked.outcome,
                color_stderr()
            )
        );
    }
    if checked.valid_model().is_none() {
        return Err(ExitCode::from(1));
    }
    Ok(checked)
}
