//! `ddgen check`: validate a model and report every problem.

use super::{paths_or_cwd, usage_error};
use crate::check::{check_paths, Options};
use crate::diagnostic::{Code, Severity};
use crate::render::{render, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// `.ddd` files or folders (every `*.ddd` below); default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// `--deny warnings`: warnings fail the check.
    #[arg(long, value_name = "warnings")]
    pub deny: Option<Deny>,
    /// Silence a warning code for this run (repeatable).
    #[arg(long, value_name = "CODE")]
    pub allow: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Deny {
    Warnings,
}

/// Parses `--allow` values: only warning codes can be allowed.
pub fn parse_allows(allow: &[String]) -> Result<Vec<Code>, String> {
    let mut codes = Vec::new();
    for a in allow {
        match Code::parse(a) {
            Some(c) if c.is_check_warning() => codes.push(c),
            Some(c) if c.severity() != Severity::Error => {
                return Err(format!(
                    "`--allow {c}`: only check's warnings (W101 to W112) can be allowed"
                ))
            }
            Some(c) => {
                return Err(format!(
                    "`--allow {c}`: only warnings can be allowed, and {c} is an error"
                ))
            }
            None => {
                return Err(format!(
                    "`--allow {a}`: no such diagnostic code (warnings are W101 to W112)"
                ))
            }
        }
    }
    Ok(codes)
}

pub fn run(args: Args) -> ExitCode {
    let allow = match parse_allows(&args.allow) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let options = Options {
        deny_warnings: args.deny.is_some(),
        allow,
    };
    let checked = match check_paths(&paths_or_cwd(args.paths), &options) {
        Ok(c) => c,
        Err(e) => return usage_error(&e.0),
    };
    let format = args.format;
    let text = render(
        format,
        &checked.sources,
        &checked.outcome,
        super::color_stderr() && format == Format::Human,
    );
    match format {
        // Machine formats are the product: stdout.
        Format::Json | Format::Sarif => print!("{text}"),
        Format::Human | Format::Short => eprint!("{text}"),
    }
    if checked.outcome.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
