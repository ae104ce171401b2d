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
                .unwrap_or_else(|| format!("; codes are {}", families(&all)));
            usage_error(&format!("no diagnostic code `{code}`{hint}"))
        }
    }
}

/// `E001–E016, W101–W112, D301–D324`: each family's first and last code.
fn families(all: &[&str]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    for i in 1..=all.len() {
        if i == all.len() || all[i].as_bytes()[0] != all[start].as_bytes()[0] {
            out.push(format!("{}–{}", all[start], all[i - 1]));
            start = i;
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn families_are_listed_by_letter() {
        assert_eq!(
            super::families(&["E001", "E002", "W101", "D301", "D302"]),
            "E001–E002, W101–W101, D301–D302"
        );
    }
}
