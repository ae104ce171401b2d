//! `ddgen explain CODE`: what a diagnostic checks, why, how to fix it.

use super::usage_error;
use crate::diagnostic::Code;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// A code such as E003 or W101.
    pub code: String,
}

pub fn run(args: Args) -> ExitCode {
    let code = args.code;
    match Code::parse(&code) {
        Some(c) => {
            print!("{}", crate::explain::text(c));
            ExitCode::SUCCESS
        }
        None => {
            let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            let hint = crate::suggest::did_you_mean(&code.to_uppercase(), all.iter().copied())
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_else(|| format!("; codes are {} to {}", all[0], all[all.len() - 1]));
            usage_error(&format!("no diagnostic code `{code}`{hint}"))
        }
    }
}
