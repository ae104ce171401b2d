//! The `ddgen` command line (`shared/design/cli.md`).

/// mimalloc: generation allocates and frees millions of small strings;
/// with glibc's allocator that was about a third of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use ddgen::check::{check_paths, Options};
use ddgen::diagnostic::{Code, Severity};
use ddgen::render::{plain_error, render, Format};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ddgen",
    version,
    about = "Domain-driven design models in: diagnostics, context maps and AWS serverless systems out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate a model and report every problem.
    Check {
        /// `.ddd` files or folders (every `*.ddd` below); default: the current folder.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// `--deny warnings`: warnings fail the check.
        #[arg(long, value_name = "warnings")]
        deny: Option<Deny>,
        /// Silence a warning code for this run (repeatable).
        #[arg(long, value_name = "CODE")]
        allow: Vec<String>,
    },
    /// Draw the context map.
    Map {
        /// `.ddd` files or folders; default: the current folder.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "svg")]
        format: ddgen::map::MapFormat,
        /// Write to FILE instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Only this context and its direct neighbours (repeatable).
        #[arg(long, value_name = "CONTEXT")]
        focus: Vec<String>,
        /// Put the message and type names on every edge.
        #[arg(long)]
        flows: bool,
    },
    /// Generate the deployable system; never overwrites your work.
    Generate {
        /// `.ddd` files or folders; default: the current folder.
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "python-sam")]
        target: Target,
        /// Output folder.
        #[arg(
            short = 'o',
            long = "output",
            value_name = "DIR",
            default_value = "generated"
        )]
        output: PathBuf,
        /// Write nothing; exit 1 and list the files that would change.
        #[arg(long, conflicts_with = "plan")]
        check: bool,
        /// Write nothing; list what would be created, updated, kept or orphaned.
        #[arg(long)]
        plan: bool,
        /// Overwrite ddgen-owned files even if they were edited.
        #[arg(long)]
        force: bool,
        /// Remove files of things that left the model.
        #[arg(long)]
        prune: bool,
    },
    /// Explain a diagnostic code: what it checks, why, how to fix it.
    Explain {
        /// A code such as E003 or W101.
        code: String,
    },
    /// Write a starter model into DIR (default: the current folder).
    Init { dir: Option<PathBuf> },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Target {
    PythonSam,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Deny {
    Warnings,
}

fn color_stderr() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("{}", plain_error(message, color_stderr()));
    ExitCode::from(2)
}

/// Loads and checks the model for a command that produces output: prints
/// the diagnostics, and gives up (exit 1, or 2 for I/O) unless it is valid.
fn load_valid(paths: Vec<PathBuf>) -> Result<ddgen::check::Checked, ExitCode> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
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

struct GenerateMode {
    check: bool,
    plan: bool,
    force: bool,
    prune: bool,
}

fn generate(
    checked: &ddgen::check::Checked,
    output: &std::path::Path,
    mode: GenerateMode,
) -> ExitCode {
    use ddgen::generate::apply::{apply, plan, Action};
    use ddgen::generate::cache::{inputs_digest, untouched_since};
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
        let unwritten = |e: ddgen::generate::apply::ApplyError| {
            usage_error(&format!("{e}; the output folder was left as it was"))
        };
        match ddgen::generate::fresh::FreshTree::start(output) {
            Err(e) => return unwritten(e),
            Ok(None) => {}
            Ok(Some(tree)) => {
                let written: Result<Vec<_>, _> =
                    ddgen::generate::render_with(&checked.model, |files| tree.write(files))
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
    let files = ddgen::generate::files(&checked.model);
    let options = ddgen::generate::apply::Options {
        force: mode.force,
        prune: mode.prune,
        inputs: Some(inputs),
    };
    let p = match plan(output, &files, TARGET, options) {
        Ok(p) => p,
        Err(e) => return usage_error(&e.0),
    };
    let shown = |c: &ddgen::generate::apply::Change| match &c.note {
        Some(n) => format!("{:<9} {}  ({n})", c.action.word(), c.path),
        None => format!("{:<9} {}", c.action.word(), c.path),
    };
    if mode.plan {
        for c in &p.changes {
            println!("{}", shown(c));
        }
        for w in &p.warnings {
            eprintln!("warning: {w}");
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
                &format!("{} ddgen-owned file(s) were edited; nothing was written. Move your changes into `application/`, or rerun with --force to overwrite them", conflicts.len()),
                color_stderr()
            )
        );
        return ExitCode::from(1);
    }
    if let Err(e) = apply(&p, None) {
        return usage_error(&format!("{e}; the output folder was left as it was"));
    }
    for w in &p.warnings {
        eprintln!("warning: {w}");
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            paths,
            format,
            deny,
            allow,
        } => {
            let mut options = Options {
                deny_warnings: deny.is_some(),
                allow: Vec::new(),
            };
            for a in &allow {
                match Code::parse(a) {
                    Some(c) if c.severity() == Severity::Warning => options.allow.push(c),
                    Some(c) => {
                        return usage_error(&format!(
                            "`--allow {c}`: only warnings can be allowed, and {c} is an error"
                        ))
                    }
                    None => {
                        return usage_error(&format!(
                            "`--allow {a}`: no such diagnostic code (warnings are W101 to W112)"
                        ))
                    }
                }
            }
            let paths = if paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                paths
            };
            let checked = match check_paths(&paths, &options) {
                Ok(c) => c,
                Err(e) => return usage_error(&e.0),
            };
            let text = render(
                format,
                &checked.sources,
                &checked.outcome,
                color_stderr() && format == Format::Human,
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
        Command::Map {
            paths,
            format,
            output,
            focus,
            flows,
        } => {
            let checked = match load_valid(paths) {
                Ok(c) => c,
                Err(code) => return code,
            };
            let model = &checked.model;
            let mut options = ddgen::map::MapOptions {
                focus: Vec::new(),
                flows,
            };
            for name in &focus {
                match model.contexts.iter().find(|c| &c.name == name) {
                    Some(c) => options.focus.push(c.id),
                    None => {
                        let names = model.contexts.iter().map(|c| c.name.as_str());
                        let hint = ddgen::suggest::did_you_mean(name, names)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        return usage_error(&format!(
                            "`--focus {name}`: the model has no context `{name}`{hint}"
                        ));
                    }
                }
            }
            let view = ddgen::map::build(model, &options);
            let text = ddgen::map::render(format, &view);
            match output {
                None => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Some(path) => match ddgen::write::write_atomic(&path, text.as_bytes()) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => usage_error(&e),
                },
            }
        }
        Command::Generate {
            paths,
            target: Target::PythonSam,
            output,
            check,
            plan,
            force,
            prune,
        } => {
            let checked = match load_valid(paths) {
                Ok(c) => c,
                Err(code) => return code,
            };
            generate(
                &checked,
                &output,
                GenerateMode {
                    check,
                    plan,
                    force,
                    prune,
                },
            )
        }
        Command::Explain { code } => match Code::parse(&code) {
            Some(c) => {
                print!("{}", ddgen::explain::text(c));
                ExitCode::SUCCESS
            }
            None => {
                let all: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                let hint = ddgen::suggest::did_you_mean(&code.to_uppercase(), all.iter().copied())
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("; codes are {} to {}", all[0], all[all.len() - 1]));
                usage_error(&format!("no diagnostic code `{code}`{hint}"))
            }
        },
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            match ddgen::init::init(&dir) {
                Ok(_) => {
                    eprint!("{}", ddgen::init::next_steps(&dir));
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(&e),
            }
        }
    }
}
