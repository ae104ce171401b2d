//! `ddgen diff`: compare the model at PATHS with a base version (a git
//! revision or another folder) and report its contract changes.

use super::{color_stderr, paths_or_cwd, usage_error};
use crate::diff::base::{check_sides, read_base, read_revision, Base};
use crate::diff::{diff, FailOn};
use crate::render::diff::{render, DiffFormat};
use crate::render::{render as render_check, Format};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("base_side").required(true).args(["base", "base_path"]))]
pub struct Args {
    /// `.ddd` files or folders of the revision; default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Compare with the same paths at this git revision (branch, tag, commit).
    #[arg(long, value_name = "GITREF")]
    pub base: Option<String>,
    /// Compare with the model in this folder.
    #[arg(long, value_name = "DIR")]
    pub base_path: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Exit 1 when a finding of this severity or worse is found.
    #[arg(long, value_enum, default_value = "breaking")]
    pub fail_on: FailOn,
}

pub fn run(args: Args) -> ExitCode {
    let paths = paths_or_cwd(args.paths);
    let base = match (args.base, args.base_path) {
        (Some(r), _) => Base::Git(r),
        (None, Some(p)) => Base::Path(p),
        (None, None) => return usage_error("give `--base GITREF` or `--base-path DIR`"),
    };
    let rev_files = match read_revision(&paths, &base) {
        Ok(f) => f,
        Err(e) => return usage_error(&e.0),
    };
    let base_files = match read_base(&base, &paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e.0),
    };
    let sides = check_sides(base_files, rev_files);
    let color = color_stderr();
    let mut broken = false;
    for (name, outcome) in [
        ("revision", &sides.rev_outcome),
        ("base", &sides.base_outcome),
    ] {
        if outcome.errors() > 0 {
            broken = true;
            let errors = crate::validate::Outcome {
                diagnostics: outcome
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                    .cloned()
                    .collect(),
                allowed: 0,
            };
            eprint!(
                "{}",
                render_check(Format::Human, &sides.sources, &errors, color)
            );
            eprintln!(
                "{}",
                crate::render::plain_error(
                    &format!("the {name} has errors; diff compares only models that check"),
                    color
                )
            );
        }
    }
    if broken {
        return ExitCode::from(2);
    }
    let findings = diff(&sides.base, &sides.rev);
    let text = render(
        args.format,
        &sides.sources,
        &findings,
        color && args.format == DiffFormat::Human,
    );
    match args.format {
        DiffFormat::Human => eprint!("{text}"),
        _ => print!("{text}"),
    }
    if args.fail_on.fails(&findings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
