//! The `ddgen` command line (`shared/design/cli.md`): parses arguments and
//! hands them to the command's module in `ddgen::cli`, which returns the
//! exit code.

/// mimalloc: generation allocates and frees millions of small strings;
/// with glibc's allocator that was about a third of its CPU time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};
use ddgen::cli;
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
    Check(cli::check::Args),
    /// Draw the context map.
    Map(cli::map::Args),
    /// Generate the deployable system; never overwrites your work.
    Generate(cli::generate::Args),
    /// Breaking changes between two versions of a model, per consuming context.
    Diff(cli::diff::Args),
    /// Write the model for another tool: AsyncAPI, OpenAPI, JSON Schema, EventCatalog, Backstage.
    Export(cli::export::Args),
    /// Explain a diagnostic code: what it checks, why, how to fix it.
    Explain(cli::explain::Args),
    /// Rewrite models in the one canonical layout, every comment kept.
    Fmt(cli::fmt::Args),
    /// Write a starter model into DIR (default: the current folder).
    Init(cli::init::Args),
    /// Serve the Language Server Protocol on stdin/stdout (for editors).
    Lsp(cli::lsp::Args),
    /// Bring a model over from another language (`import cml FILE.cml...`).
    Import(cli::import::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Check(args) => cli::check::run(args),
        Command::Map(args) => cli::map::run(args),
        Command::Generate(args) => cli::generate::run(args),
        Command::Diff(args) => cli::diff::run(args),
        Command::Export(args) => cli::export::run(args),
        Command::Explain(args) => cli::explain::run(args),
        Command::Init(args) => cli::init::run(args),
        Command::Lsp(args) => cli::lsp::run(args),
        Command::Import(args) => cli::import::run(args),
        Command::Fmt(args) => cli::fmt::run(args),
    }
}
