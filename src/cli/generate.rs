//! `ddgen generate`: the regeneration sequence around the generator — the
//! stamp cache (nothing changed: stop after `stat`s), a fresh tree (render
//! and write in parts), or plan against the folder and apply all or nothing.

use super::{load_valid, usage_error};
use crate::render::plain_error;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// `.ddd` files or folders; default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "python-sam")]
    pub target: Target,
    /// Output folder.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "DIR",
        default_value = "generated"
    )]
    pub output: PathBuf,
    /// Write nothing; exit 1 and list the files that would change.
    #[arg(long, conflicts_with = "plan")]
    pub check: bool,
    /// Write nothing; list what would be created, updated, kept or orphaned.
    #[arg(long)]
    pub plan: bool,
    /// Overwrite ddgen-owned files even if they were edited.
    #[arg(long)]
    pub force: bool,
    /// Remove files of things that left the model.
    #[arg(long)]
    pub prune: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Target {
    PythonSam,
}

pub fn run(args: Args) -> ExitCode {
    let Target::PythonSam = args.target;
    let checked = match load_valid(args.paths) {
        Ok(c) => c,
        Err(code) => return code,
    };
    generate(
        &checked,
        &args.output,
        GenerateMode {
            check: args.check,
            plan: args.plan,
            force: args.force,
            prune: args.prune,
        },
    )
}

pub struct GenerateMode {
    pub check: bool,
    pub plan: bool,
    pub force: bool,
    pub prune: bool,
}

pub fn generate(
    checked: &crate::check::Checked,
    output: &std::path::Path,
    mode: GenerateMode,
) -> ExitCode {
    use crate::generate::apply::{apply, plan, Action};
    use crate::generate::cache::{inputs_digest, untouched_since};
    const TARGET: &str = "python-sam";
    let inputs = inputs_digest(&checked.sources, TARGET);
    let summary = |created, updated, unchanged, kept, orphaned, removed| {
        eprintln!(
            "generated `{}`: {created} created, {updated} updated, {unchanged} unchanged, {kept} kept (yours), {orphaned} orphaned, {removed} removed",
            output.display()
        );
    };
    // Same inputs and every file as ddgen left it: nothing to render or read.
    // `--check` and `--plan` always compare contents.
    if !mode.check && !mode.plan {
        if let Some(u) = untouched_since(output, TARGET, &inputs) {
            summary(0, 0, u.unchanged, u.kept, 0, 0);
            return ExitCode::SUCCESS;
        }
    }
    // A first generation: nothing to compare, so files are written (into a
    // hidden folder, renamed into place at the end) as they are rendered.
    if !mode.check && !mode.plan {
        let unwritten = |e: crate::generate::apply::ApplyError| {
            usage_error(&format!("{e}; the output folder was left as it was"))
        };
        match crate::generate::fresh::FreshTree::start(output) {
            Err(e) => return unwritten(e),
            Ok(None) => {}
            Ok(Some(tree)) => {
                let written: Result<Vec<_>, _> =
                    crate::generate::render_with(&checked.model, |files| tree.write(files))
                        .into_iter()
                        .collect();
                let created = written.and_then(|w| {
                    tree.finish(w.into_iter().flatten().collect(), TARGET, Some(inputs))
                });
                return match created {
                    Ok(n) => {
                        summary(n, 0, 0, 0, 0, 0);
                        ExitCode::SUCCESS
                    }
                    Err(e) => unwritten(e),
                };
            }
        }
    }
    let files = crate::generate::files(&checked.model);
    let options = crate::generate::apply::Options {
        force: mode.force,
        prune: mode.prune,
        inputs: Some(inputs),
    };
    let p = match plan(output, &files, TARGET, options) {
        Ok(p) => p,
        Err(e) => return usage_error(&e.0),
    };
    let shown = |c: &crate::generate::apply::Change| match &c.note {
        Some(n) => format!("{:<9} {}  ({n})", c.action.word(), c.path),
        None => format!("{:<9} {}", c.action.word(), c.path),
    };
    // Generate-time findings (G4xx) come before anything is written.
    if !p.findings.is_empty() {
        eprint!("{}", p.findings.render(super::color_stderr()));
    }
    if mode.plan {
        for c in &p.changes {
            println!("{}", shown(c));
        }
        return ExitCode::SUCCESS;
    }
    if mode.check {
        let drift: Vec<String> = p.drift().map(shown).collect();
        for d in &drift {
            println!("{d}");
        }
        if drift.is_empty() {
            eprintln!("ok: `{}` matches the model", output.display());
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "error: {} file(s) differ from the model; run `ddgen generate`",
            drift.len()
        );
        return ExitCode::from(1);
    }
    let conflicts: Vec<String> = p.conflicts().map(shown).collect();
    if !conflicts.is_empty() {
        for c in &conflicts {
            eprintln!("{c}");
        }
        eprintln!(
            "{}",
            plain_error(
                &format!("{} ddgen-owned file(s) were edited; nothing was written. Move your changes into `application/service.py` or the context's `extensions.yaml`, or rerun with --force to overwrite them", conflicts.len()),
                super::color_stderr()
            )
        );
        return ExitCode::from(1);
    }
    if let Err(e) = apply(&p, None) {
        return usage_error(&format!("{e}; the output folder was left as it was"));
    }
    for c in p.changes.iter().filter(|c| c.action == Action::Orphan) {
        eprintln!("{}", shown(c));
    }
    summary(
        p.count(Action::Create),
        p.count(Action::Update),
        p.count(Action::Unchanged),
        p.count(Action::Keep),
        p.count(Action::Orphan),
        p.count(Action::Remove),
    );
    ExitCode::SUCCESS
}
