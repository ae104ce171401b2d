//! `ddgen export`: the resolved [`Model`] in the formats other tools read —
//! the AsyncAPI and OpenAPI documents `generate` writes (the same code:
//! `generate::contracts`), one JSON Schema per message and type
//! ([`jsonschema`]), an EventCatalog project ([`eventcatalog`]) and Backstage
//! catalog entities ([`backstage`]).
//!
//! Every format is a function of the model alone that returns [`OutFile`]s;
//! `cli/export.rs` writes them (one file atomically, a folder through
//! `generate::apply`). Conventions and decisions: `docs/export.md`.

pub mod backstage;
pub mod eventcatalog;
pub mod frontmatter;
pub mod jsonschema;

use crate::generate::contracts::Contracts;
use crate::generate::{OutFile, Owner, Side};
use crate::model::{Context, Model, TeamId};

pub use crate::generate::contracts::email;

/// What `ddgen export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Asyncapi,
    Openapi,
    Jsonschema,
    Eventcatalog,
    Backstage,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Asyncapi => "asyncapi",
            Format::Openapi => "openapi",
            Format::Jsonschema => "jsonschema",
            Format::Eventcatalog => "eventcatalog",
            Format::Backstage => "backstage",
        }
    }
}

/// Which contract document of a context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contract {
    AsyncApi,
    OpenApi,
}

impl Contract {
    /// The file name `generate` gives the document.
    pub fn file_name(self) -> &'static str {
        match self {
            Contract::AsyncApi => "asyncapi.yaml",
            Contract::OpenApi => "openapi.yaml",
        }
    }
}

/// The contract documents of every context, exactly as `generate` writes
/// them: `(context index, document kind, text)` in model order (rendered
/// on all cores, joined in order).
pub fn contract_documents(model: &Model) -> Vec<(usize, Contract, String)> {
    let contracts = Contracts::new(model);
    let ids: Vec<usize> = (0..model.contexts.len()).collect();
    crate::generate::on_all_cores(&ids, |i| {
        contracts
            .context(*i)
            .into_iter()
            .map(|f| {
                let kind = if f.path.ends_with(Contract::AsyncApi.file_name()) {
                    Contract::AsyncApi
                } else {
                    Contract::OpenApi
                };
                (*i, kind, f.content)
            })
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// One context's document of `kind`, as `generate` writes it (`None` when
/// the context has none: no HTTP messages, or no messaging).
pub fn contract_document(model: &Model, ctx: &Context, kind: Contract) -> Option<String> {
    let contracts = Contracts::new(model);
    contracts
        .context(ctx.id.index())
        .into_iter()
        .find(|f| f.path.ends_with(kind.file_name()))
        .map(|f| f.content)
}

/// The AsyncAPI or OpenAPI documents of every context, one per context
/// named `<context>.yaml` (kebab case).
pub fn contract_files(model: &Model, kind: Contract) -> Vec<OutFile> {
    contract_documents(model)
        .into_iter()
        .filter(|(_, k, _)| *k == kind)
        .map(|(i, _, content)| {
            let ctx = &model.contexts[i];
            file(format!("{}.yaml", kebab(&ctx.name)), content, Some(ctx))
        })
        .collect()
}

/// Every file of a folder export, sorted by path.
pub fn files(model: &Model, format: Format, options: &Options) -> Vec<OutFile> {
    let mut out = match format {
        Format::Asyncapi => contract_files(model, Contract::AsyncApi),
        Format::Openapi => contract_files(model, Contract::OpenApi),
        Format::Jsonschema => jsonschema::files(model, &options.base_uri(model)),
        Format::Eventcatalog => eventcatalog::files(model),
        Format::Backstage => backstage::files(model),
    };
    out.sort_by(|a, b| a.path.cmp(&b.path));
    debug_assert!(
        out.windows(2).all(|w| w[0].path != w[1].path),
        "duplicate exported path"
    );
    out
}

/// Settings of an export beyond the format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The base of the JSON Schemas' `$id`s (ends in `/`); default
    /// [`default_base_uri`].
    pub base_uri: Option<String>,
}

impl Options {
    fn base_uri(&self, model: &Model) -> String {
        match &self.base_uri {
            Some(b) if b.ends_with('/') => b.clone(),
            Some(b) => format!("{b}/"),
            None => default_base_uri(model),
        }
    }
}

/// `https://schemas.invalid/<system>/`: `.invalid` is reserved (RFC 2606),
/// so the default never names a real host; `--base-uri` sets the real one.
pub fn default_base_uri(model: &Model) -> String {
    format!("https://schemas.invalid/{}/", kebab(&model.system.name))
}

/// The folder of a message kind in the exports: `events`, `commands`,
/// `queries` (JSON Schema and EventCatalog alike).
pub fn kind_folder(kind: crate::model::MessageKind) -> &'static str {
    match kind {
        crate::model::MessageKind::Event => "events",
        crate::model::MessageKind::Command => "commands",
        crate::model::MessageKind::Query => "queries",
    }
}

/// A ddgen-owned exported file.
pub(crate) fn file(path: String, content: String, ctx: Option<&Context>) -> OutFile {
    OutFile {
        path,
        content,
        owner: Owner::Ddgen,
        context: ctx.map(|c| c.name.clone()),
    }
}

/// `LegacyErp` → `legacy-erp` (the generator's file names).
pub(crate) fn kebab(name: &str) -> String {
    crate::generate::names::kebab(name)
}

/// The one-line summary `generate`'s contracts use: the docs' first
/// sentence, else the name in words.
pub(crate) fn summary(name: &str, docs: Option<&str>) -> String {
    crate::generate::contracts::summary(name, docs)
}

/// Who owns what no team of the model owns (domains, subdomains, contexts
/// without `owner`): one group named after the system, so every exported
/// owner points at something that exists, with or without teams.
#[derive(Debug, Clone)]
pub struct Stewards {
    /// Its name, distinct from every team's.
    pub name: String,
}

impl Stewards {
    pub fn new(model: &Model) -> Stewards {
        let mut name = model.system.name.clone();
        let taken = |n: &str| model.teams.iter().any(|t| t.name.eq_ignore_ascii_case(n));
        if taken(&name) {
            name = format!("{name}Architecture");
        }
        let base = name.clone();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        Stewards { name }
    }

    /// The owner of a context: its team, else the stewards.
    pub fn owner_of<'a>(&'a self, model: &'a Model, owner: Option<TeamId>) -> &'a str {
        match owner {
            Some(t) => &model.team(t).name,
            None => &self.name,
        }
    }
}

/// A valid model from one source text (unit tests of the formats).
#[cfg(test)]
pub(crate) fn test_model(src: &str) -> Model {
    let mut sources = crate::source::SourceMap::default();
    sources.add("m.ddd".into(), src.into());
    let checked =
        crate::check::check_sources(sources, Vec::new(), &crate::check::Options::default());
    assert_eq!(
        checked.outcome.errors(),
        0,
        "{:#?}",
        checked.outcome.diagnostics
    );
    checked.model
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(src: &str) -> Model {
        test_model(src)
    }

    #[test]
    fn stewards_never_clash_with_a_team() {
        let m = model(
            "system Shop {}\nteam Shop {}\nteam ShopArchitecture {}\ncontext A { owner Shop }\n",
        );
        assert_eq!(Stewards::new(&m).name, "ShopArchitecture2");
        let m = model("system Shop {}\ncontext A {}\n");
        assert_eq!(Stewards::new(&m).name, "Shop");
    }
}
