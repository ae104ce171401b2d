//! `ddgen fmt`: rewrite `.ddd` files in the canonical layout (`crate::fmt`).
//!
//! Only files whose text changes are written, each atomically; `--check`
//! writes nothing and prints a unified diff per file that would change; `-`
//! (or `--stdin`) formats standard input to standard output. A file that
//! does not parse cleanly is never touched: its diagnostics are printed as
//! `check` prints them and the exit code is 1.

use super::{color_stderr, paths_or_cwd, usage_error};
use crate::diagnostic::Diagnostic;
use crate::load::{find_files, read_files};
use crate::render::{render, Format};
use crate::source::SourceMap;
use crate::validate::Outcome;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// `.ddd` files or folders (every `*.ddd` below); `-` reads standard
    /// input; default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Write nothing; print a diff of each file that would change and exit
    /// 1 if any would.
    #[arg(long)]
    pub check: bool,
    /// Read a model on standard input and write it formatted on standard
    /// output (the same as the path `-`).
    #[arg(long)]
    pub stdin: bool,
}

/// A unified diff of `old` → `new`, headed with `path`.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

fn print_diagnostics(sources: &SourceMap, diagnostics: Vec<Diagnostic>) {
    let mut diagnostics = diagnostics;
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let outcome = Outcome {
        diagnostics,
        allowed: 0,
    };
    eprint!(
        "{}",
        render(Format::Human, sources, &outcome, color_stderr())
    );
}

/// Replaces a model file atomically, keeping what the user set up: a
/// symbolic link stays a link (its target is rewritten) and the file keeps
/// its permissions.
fn rewrite(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if is_link {
        std::fs::canonicalize(path)
            .map_err(|e| format!("cannot follow `{}`: {e}", path.display()))?
    } else {
        path.to_path_buf()
    };
    let permissions = std::fs::metadata(&target).map(|m| m.permissions()).ok();
    crate::write::write_atomic(&target, bytes)?;
    if let Some(p) = permissions {
        let _ = std::fs::set_permissions(&target, p);
    }
    Ok(())
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn run(args: Args) -> ExitCode {
    let stdin = args.stdin || args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        if args.paths.iter().any(|p| p.as_os_str() != "-") {
            return usage_error("`-` (standard input) cannot be combined with other paths");
        }
        return run_stdin(args.check);
    }
    let files = match find_files(&paths_or_cwd(args.paths)) {
        Ok(f) => f,
        Err(e) => return usage_error(&e.0),
    };
    let mut diags = Vec::new();
    let sources = match read_files(&files, &mut diags) {
        Ok(s) => s,
        Err(e) => return usage_error(&e.0),
    };
    let (mut changed, mut unchanged, mut failed) = (0usize, 0usize, 0usize);
    let mut io_failed = false;
    let mut stdout = std::io::stdout().lock();
    for ((id, file), path) in sources.files().zip(&files) {
        if diags.iter().any(|d| d.span.file == id) {
            failed += 1;
            continue;
        }
        let formatted = match crate::fmt::format_file(id, &file.text) {
            Ok(f) => f,
            Err(d) => {
                failed += 1;
                diags.extend(d);
                continue;
            }
        };
        if formatted == file.text {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.check {
            let _ = stdout.write_all(diff(&file.display_path(), &file.text, &formatted).as_bytes());
        } else if let Err(e) = rewrite(path, formatted.as_bytes()) {
            eprintln!("{}", crate::render::plain_error(&e, color_stderr()));
            io_failed = true;
            changed -= 1;
        }
    }
    let _ = stdout.flush();
    if !diags.is_empty() {
        print_diagnostics(&sources, diags);
    }
    let verb = if args.check {
        "would be reformatted"
    } else {
        "formatted"
    };
    let mut summary = format!(
        "{changed} file{} {verb}, {unchanged} file{} already formatted",
        plural(changed),
        plural(unchanged)
    );
    if failed > 0 {
        summary.push_str(&format!(
            ", {failed} file{} not formatted (syntax errors)",
            plural(failed)
        ));
    }
    eprintln!("{summary}");
    if io_failed {
        ExitCode::from(2)
    } else if failed > 0 || (args.check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn run_stdin(check: bool) -> ExitCode {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        return usage_error(&format!("cannot read standard input: {e}"));
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(_) => return usage_error("standard input is not valid UTF-8"),
    };
    let mut sources = SourceMap::default();
    let id = sources.add(PathBuf::from("<stdin>"), text);
    let text = &sources.file(id).text;
    match crate::fmt::format_file(id, text) {
        Err(d) => {
            print_diagnostics(&sources, d);
            ExitCode::from(1)
        }
        Ok(formatted) if check => {
            if formatted == *text {
                ExitCode::SUCCESS
            } else {
                print!("{}", diff("<stdin>", text, &formatted));
                ExitCode::from(1)
            }
        }
        Ok(formatted) => {
            print!("{formatted}");
            ExitCode::SUCCESS
        }
    }
}
