//! `ddgen lsp`: the language server on stdin/stdout (`ddgen::lsp`).

#[derive(clap::Args)]
pub struct Args {
    /// Accepted for clients that pass it (VS Code's `--stdio`); stdio is
    /// the only transport.
    #[arg(long)]
    pub stdio: bool,
}

pub fn run(_args: Args) -> std::process::ExitCode {
    crate::lsp::run_stdio()
}
