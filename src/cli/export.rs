//! `ddgen export FORMAT`: the model in another tool's format. One
//! context's AsyncAPI or OpenAPI document (`--context`) goes to stdout or
//! to one file (written atomically); everything else is a folder, written
//! all or nothing through `generate::apply` (so edited files are never
//! overwritten without `--force`, and files a user added are left alone).

use super::{load_valid, usage_error};
use crate::export::{Contract, Format};
use crate::generate::apply::{apply, plan, Action, Change};
use crate::render::plain_error;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// What to write.
    #[arg(value_enum)]
    pub format: Format,
    /// `.ddd` files or folders; default: the current folder.
    pub paths: Vec<PathBuf>,
    /// Output folder (default: `./<FORMAT>`), or with `--context` the file
    /// (default: stdout).
    #[arg(short = 'o', long = "output", value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Only this context's document (`asyncapi` and `openapi`).
    #[arg(long, value_name = "NAME")]
    pub context: Option<String>,
    /// The base URI of the JSON Schemas' `$id`s (`jsonschema`).
    #[arg(long, value_name = "URI")]
    pub base_uri: Option<String>,
    /// Overwrite exported files that were edited since ddgen wrote them.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: Args) -> ExitCode {
    if args.context.is_some() && !matches!(args.format, Format::Asyncapi | Format::Openapi) {
        return usage_error(&format!(
            "`--context` selects one AsyncAPI or OpenAPI document; `{}` exports the whole model",
            args.format.as_str()
        ));
    }
    if args.base_uri.is_some() && args.format != Format::Jsonschema {
        return usage_error("`--base-uri` applies to `jsonschema` only");
    }
    let checked = match load_valid(args.paths) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let model = &checked.model;
    if let Some(name) = &args.context {
        let kind = if args.format == Format::Asyncapi {
            Contract::AsyncApi
        } else {
            Contract::OpenApi
        };
        return one_document(model, name, kind, args.output.as_deref());
    }
    let options = crate::export::Options {
        base_uri: args.base_uri,
    };
    let files = crate::export::files(model, args.format, &options);
    let out = args
        .output
        .unwrap_or_else(|| PathBuf::from(args.format.as_str()));
    write_folder(&out, files, args.format, args.force)
}

fn one_document(
    model: &crate::model::Model,
    name: &str,
    kind: Contract,
    output: Option<&Path>,
) -> ExitCode {
    let Some(ctx) = model.contexts.iter().find(|c| c.name == name) else {
        let hint =
            crate::suggest::did_you_mean(name, model.contexts.iter().map(|c| c.name.as_str()))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
        return usage_error(&format!(
            "`--context {name}`: the model has no context `{name}`{hint}"
        ));
    };
    let Some(text) = crate::export::contract_document(model, ctx, kind) else {
        let why = match kind {
            Contract::AsyncApi => "it publishes, subscribes to and sends no messages",
            Contract::OpenApi => "it has no `via http` messages",
        };
        return usage_error(&format!(
            "context `{name}` has no {} document: {why}",
            match kind {
                Contract::AsyncApi => "AsyncAPI",
                Contract::OpenApi => "OpenAPI",
            }
        ));
    };
    match output {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match crate::write::write_atomic(path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage_error(&e),
        },
    }
}

/// Writes an export folder: plans against what is there, refuses edited
/// files (unless `--force`), applies all or nothing. An EventCatalog export
/// is first laid over the catalog on disk (`export::frontmatter`): its
/// Markdown files then carry the user's body and keys, so they may be
/// rewritten even where the user edited them.
fn write_folder(
    out: &Path,
    files: Vec<crate::generate::OutFile>,
    format: Format,
    force: bool,
) -> ExitCode {
    let target = format!("export-{}", format.as_str());
    let merged = format == Format::Eventcatalog;
    let files = if merged {
        match crate::export::frontmatter::reconcile(
            out,
            files,
            crate::export::eventcatalog::DDGEN_KEYS,
        ) {
            Ok(f) => f,
            Err(e) => return usage_error(&e),
        }
    } else {
        files
    };
    let options = |force| crate::generate::apply::Options {
        force,
        prune: false,
        inputs: None,
    };
    let mut p = match plan(out, &files, &target, options(force)) {
        Ok(p) => p,
        Err(e) => return usage_error(&e.0),
    };
    let shown = |c: &Change| match &c.note {
        Some(n) => format!("{:<9} {}  ({n})", c.action.word(), c.path),
        None => format!("{:<9} {}", c.action.word(), c.path),
    };
    // Merged Markdown already holds what the user wrote: not a conflict.
    let refused: Vec<String> = p
        .conflicts()
        .filter(|c| !(merged && c.path.ends_with(".mdx")))
        .map(shown)
        .collect();
    if !refused.is_empty() {
        for c in &refused {
            eprintln!("{c}");
        }
        eprintln!(
            "{}",
            plain_error(
                &format!(
                    "{} exported file(s) were edited; nothing was written. Rerun with --force to overwrite them",
                    refused.len()
                ),
                super::color_stderr()
            )
        );
        return ExitCode::from(1);
    }
    if p.conflicts().next().is_some() {
        // Only merged Markdown is left in the way: force those through.
        p = match plan(out, &files, &target, options(true)) {
            Ok(p) => p,
            Err(e) => return usage_error(&e.0),
        };
    }
    if let Err(e) = apply(&p, None) {
        return usage_error(&format!("{e}; the output folder was left as it was"));
    }
    for c in p.changes.iter().filter(|c| c.action == Action::Orphan) {
        eprintln!("{}", shown(c));
    }
    eprintln!(
        "exported {} to `{}`: {} created, {} updated, {} unchanged, {} orphaned",
        format.as_str(),
        out.display(),
        p.count(Action::Create),
        p.count(Action::Update),
        p.count(Action::Unchanged),
        p.count(Action::Orphan),
    );
    ExitCode::SUCCESS
}
