//! `ddgen init [DIR]`: write a starter model that checks clean.

use super::usage_error;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The folder to write `model.ddd` into; default: the current folder.
    pub dir: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    let dir = args.dir.unwrap_or_else(|| PathBuf::from("."));
    match crate::init::init(&dir) {
        Ok(_) => {
            eprint!("{}", crate::init::next_steps(&dir));
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e),
    }
}
