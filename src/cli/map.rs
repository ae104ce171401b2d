//! `ddgen map`: draw the context map in one of the map formats.

use super::{load_valid, usage_error};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// `.ddd` files or folders; default: the current folder.
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "svg")]
    pub format: crate::map::MapFormat,
    /// Write to FILE instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only this context and its direct neighbours (repeatable).
    #[arg(long, value_name = "CONTEXT")]
    pub focus: Vec<String>,
    /// Put the message and type names on every edge.
    #[arg(long)]
    pub flows: bool,
    /// `context`: one node per bounded context; `domain`: one node per
    /// subdomain or capability, with the relationships between them.
    #[arg(long, value_enum, default_value = "context")]
    pub level: crate::map::view::Level,
}

pub fn run(args: Args) -> ExitCode {
    let checked = match load_valid(args.paths) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let model = &checked.model;
    let mut options = crate::map::MapOptions {
        focus: Vec::new(),
        flows: args.flows,
        level: args.level,
    };
    for name in &args.focus {
        match model.contexts.iter().find(|c| &c.name == name) {
            Some(c) => options.focus.push(c.id),
            None => {
                let names = model.contexts.iter().map(|c| c.name.as_str());
                let hint = crate::suggest::did_you_mean(name, names)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return usage_error(&format!(
                    "`--focus {name}`: the model has no context `{name}`{hint}"
                ));
            }
        }
    }
    let view = crate::map::build(model, &options);
    let text = crate::map::render(args.format, &view);
    match args.output {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match crate::write::write_atomic(&path, text.as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage_error(&e),
        },
    }
}
