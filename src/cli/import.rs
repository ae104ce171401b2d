//! `ddgen import cml FILE.cml... [-o OUT]`: Context Mapper models → `.ddd`
//! files (docs/import-cml.md). Exit 0 when the imported model checks with
//! no error, 1 when it has errors (the files are still written), 2 for
//! unreadable input, a CML syntax error or an output that cannot be written.

use super::{color_stderr, usage_error};
use crate::import::cml;
use crate::load::{find_files_with, read_files};
use crate::render::{render, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub from: From,
}

#[derive(clap::Subcommand)]
pub enum From {
    /// Import Context Mapper (`.cml`) files.
    Cml(CmlArgs),
}

#[derive(clap::Args)]
pub struct CmlArgs {
    /// `.cml` files or folders (every `*.cml` below); they form one model.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// `FILE.ddd`: one combined file; `DIR/` (or an existing folder): one
    /// `.ddd` per input there. Default: one `.ddd` per input in the current folder.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Replace output files that exist with different content.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> ExitCode {
    match args.from {
        From::Cml(a) => run_cml(a),
    }
}

/// Where the output goes.
enum Output {
    /// `-o FILE.ddd`.
    Combined(PathBuf),
    /// One file per input, and the folder to create first (for `-o DIR/`).
    Each(Vec<PathBuf>, Option<PathBuf>),
}

fn output(inputs: &[PathBuf], output: Option<&Path>) -> Result<Output, String> {
    let dir = match output {
        Some(o) if o.extension().is_some_and(|e| e == "ddd") && !o.is_dir() => {
            return Ok(Output::Combined(o.to_path_buf()))
        }
        Some(o) => {
            let text = o.to_string_lossy();
            if !o.is_dir() && !text.ends_with('/') && !text.ends_with('\\') {
                return Err(format!(
                    "`-o {}`: name a `.ddd` file (one combined file) or a folder ending in `/`",
                    o.display()
                ));
            }
            Some(o.to_path_buf())
        }
        None => None,
    };
    let mut out: Vec<PathBuf> = Vec::new();
    for input in inputs {
        let stem = input.file_stem().unwrap_or_default();
        let name = Path::new(stem).with_extension("ddd");
        let target = match &dir {
            Some(d) => d.join(name),
            None => name,
        };
        if let Some(i) = out.iter().position(|t| *t == target) {
            return Err(format!(
                "`{}` and `{}` would both be written to `{}`; import them with `-o FILE.ddd` (one combined file) or in separate runs",
                inputs[i].display(),
                input.display(),
                target.display()
            ));
        }
        out.push(target);
    }
    Ok(Output::Each(out, dir))
}

fn run_cml(args: CmlArgs) -> ExitCode {
    let files = match find_files_with(&args.paths, "cml") {
        Ok(f) => f,
        Err(e) => return usage_error(&e.0),
    };
    let mut load_diags = Vec::new();
    let sources = match read_files(&files, &mut load_diags) {
        Ok(s) => s,
        Err(e) => return usage_error(&e.0),
    };
    let output = match output(&files, args.output.as_deref()) {
        Ok(t) => t,
        Err(e) => return usage_error(&e),
    };
    let mut import = cml::import(sources, load_diags);
    let shown = |import: &cml::Import| {
        eprint!(
            "{}",
            render(
                Format::Human,
                &import.checked.sources,
                &import.checked.outcome,
                color_stderr()
            )
        );
    };
    if import.syntax_errors {
        shown(&import);
        return ExitCode::from(2);
    }
    let summary = cml::summary(&import);
    let (targets, texts) = match output {
        Output::Combined(path) => {
            let trees = std::mem::take(&mut import.trees);
            (
                vec![path],
                vec![cml::print_combined(trees, &import.checked.sources)],
            )
        }
        Output::Each(paths, dir) => {
            if let Some(dir) = dir {
                if let Err(e) = std::fs::create_dir_all(&dir) {
                    return usage_error(&format!("cannot create `{}`: {e}", dir.display()));
                }
            }
            (paths, cml::print(&import))
        }
    };
    // Refuse before writing anything: a file that exists with other content.
    if !args.force {
        for (path, text) in targets.iter().zip(&texts) {
            if let Ok(old) = std::fs::read(path) {
                if old != text.as_bytes() {
                    shown(&import);
                    return usage_error(&format!(
                        "`{}` exists and differs from the import; pass `--force` to replace it",
                        path.display()
                    ));
                }
            }
        }
    }
    for (path, text) in targets.iter().zip(&texts) {
        let same = std::fs::read(path).is_ok_and(|old| old == text.as_bytes());
        if !same {
            if let Err(e) = crate::write::write_atomic(path, text.as_bytes()) {
                shown(&import);
                return usage_error(&e);
            }
        }
    }
    shown(&import);
    let written: Vec<String> = targets
        .iter()
        .map(|t| format!("`{}`", t.display()))
        .collect();
    eprintln!("{summary}; wrote {}", written.join(", "));
    if import.checked.outcome.errors() > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
