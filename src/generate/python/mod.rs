//! The Python side of `--target python-sam`: per context a Lambda package
//! (`contexts/<ctx>/src/<pkg>/`: contracts, handlers, adapters, and the
//! user-owned application service) with its moto-backed wiring tests, and at
//! the root the tool settings, requirements and the system's flow tests.
//! Conventions: `docs/generation.md`.
//!
//! Everything is laid out as `ruff format` and ruff's isort would write it,
//! so that the generated tree passes `ruff check`, `ruff format --check`,
//! `mypy --strict` and `pytest` as generated.

mod adapters;
mod base;
mod code;
mod contracts;
pub mod edge;
mod flows;
mod handlers;
mod imports;
mod index_query;
mod indexes;
mod layout;
pub(crate) mod locks;
mod observability;
mod outbox;
mod project;
mod prune;
mod scope;
mod service;
mod tests;

use super::names::context_dir;
use super::{OutFile, Owner, OWNED_HEADER, USER_HEADER};
use crate::model::Model;
use askama::Template;
use scope::Scope;
use std::collections::BTreeSet;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "python/package_init.py")]
struct PackageInitPy {
    header: &'static str,
    doc: String,
}

#[derive(Template)]
#[template(path = "python/errors.py")]
struct ErrorsPy {
    header: &'static str,
}

fn init(header: &'static str, doc: &str) -> String {
    PackageInitPy {
        header,
        doc: code::docstring(doc, 0),
    }
    .render()
    .expect("__init__.py renders")
}

/// One trailing newline, no trailing blanks.
fn finish(path: &str, mut text: String, first_party: &Arc<BTreeSet<String>>) -> String {
    if path.ends_with(".py") {
        text = prune::prune(&text, first_party);
        text = layout::wrap_long_lines(&text);
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

/// The Python side in parts: the root files, and each context's package and
/// tests.
pub struct Python<'m> {
    model: &'m Model,
    scopes: Vec<Scope<'m>>,
}

impl<'m> Python<'m> {
    pub fn new(model: &'m Model) -> Self {
        let packages = scope::packages(model);
        let scopes = super::on_all_cores(&model.contexts, |c| Scope::new(model, c, &packages));
        Python { model, scopes }
    }
}

impl super::Side for Python<'_> {
    /// The tool settings, requirements and the system's flow tests.
    fn root(&self) -> Vec<OutFile> {
        let packages = scope::packages(self.model);
        let root = |path: &str, content: String| OutFile {
            path: path.to_string(),
            content: finish(path, content, &packages),
            owner: Owner::Ddgen,
            context: None,
        };
        let mut files = vec![
            root("pyproject.toml", project::pyproject(self.model)),
            root("requirements.txt", project::requirements()),
            root("requirements-dev.txt", project::requirements_dev()),
            root("requirements-dev.lock", locks::dev()),
            root(
                "tests/conftest.py",
                flows::conftest_py(self.model, &self.scopes),
            ),
            root(
                "tests/test_flows.py",
                flows::test_flows_py(self.model, &self.scopes),
            ),
        ];
        files.extend(crate::generate::sam::deploy_files(self.model));
        files
    }

    /// The package and tests of the `i`-th context.
    fn context(&self, i: usize) -> Vec<OutFile> {
        context_files(&self.scopes[i])
    }
}

/// Every Python-side file of the generated tree: the root files, then each
/// context's.
pub fn files(model: &Model) -> Vec<OutFile> {
    super::side_files(&Python::new(model), model.contexts.len())
}

fn context_files(scope: &Scope) -> Vec<OutFile> {
    let ctx = scope.ctx;
    let dir = context_dir(&ctx.name);
    let src = format!("{dir}/src/{}", scope.pkg);
    let mut out = Vec::new();
    let mut add = |path: String, content: String, owner: Owner| {
        out.push(OutFile {
            content: finish(&path, content, &scope.packages),
            path,
            owner,
            context: Some(ctx.name.clone()),
        })
    };
    let owned = Owner::Ddgen;
    let doc = match &ctx.docs {
        Some(d) => format!("The {} context.\n\n{d}", ctx.name),
        None => format!("The {} context.", ctx.name),
    };
    add(
        format!("{src}/__init__.py"),
        init(OWNED_HEADER, &doc),
        owned,
    );
    add(
        format!("{src}/errors.py"),
        ErrorsPy {
            header: OWNED_HEADER,
        }
        .render()
        .expect("errors.py renders"),
        owned,
    );
    add(
        format!("{src}/observability.py"),
        observability::observability_py(scope),
        owned,
    );
    add(
        format!("{src}/contracts/__init__.py"),
        contracts::init_py(scope),
        owned,
    );
    add(
        format!("{src}/contracts/types.py"),
        contracts::types_py(scope),
        owned,
    );
    add(
        format!("{src}/contracts/messages.py"),
        contracts::messages_py(scope),
        owned,
    );
    add(
        format!("{src}/contracts/examples.py"),
        base::examples_py(scope),
        owned,
    );
    add(
        format!("{src}/contracts/envelope.py"),
        contracts::envelope_py(scope),
        owned,
    );
    add(
        format!("{src}/handlers/__init__.py"),
        init(
            OWNED_HEADER,
            &format!(
                "Lambda entry points of {}: they translate transport into service calls.",
                ctx.name
            ),
        ),
        owned,
    );
    if let Some(text) = handlers::api_py(scope) {
        add(format!("{src}/handlers/api.py"), text, owned);
    }
    for (module, text) in handlers::consumers(scope)
        .into_iter()
        .chain(handlers::commands(scope))
    {
        add(format!("{src}/handlers/{module}.py"), text, owned);
    }
    add(
        format!("{src}/adapters/__init__.py"),
        init(
            OWNED_HEADER,
            &format!(
                "Adapters of {}: AWS clients, repositories, publisher, HTTP clients and senders.",
                ctx.name
            ),
        ),
        owned,
    );
    add(
        format!("{src}/adapters/aws.py"),
        adapters::aws_py(scope),
        owned,
    );
    if let Some(text) = adapters::repository_py(scope) {
        add(format!("{src}/adapters/repository.py"), text, owned);
    }
    if let Some(text) = adapters::publisher_py(scope) {
        add(format!("{src}/adapters/publisher.py"), text, owned);
    }
    for (path, text) in outbox::files(scope) {
        add(format!("{src}/{path}"), text, owned);
    }
    if let Some(text) = adapters::clients_py(scope) {
        add(format!("{src}/adapters/clients.py"), text, owned);
    }
    if let Some(text) = adapters::senders_py(scope) {
        add(format!("{src}/adapters/senders.py"), text, owned);
    }
    for (module, text) in edge::adapters(scope) {
        add(format!("{src}/adapters/{module}.py"), text, owned);
    }
    add(
        format!("{src}/application/__init__.py"),
        init(
            USER_HEADER,
            &format!("The application layer of {}: yours.", ctx.name),
        ),
        Owner::User,
    );
    add(
        format!("{src}/application/base.py"),
        service::base_py(scope),
        owned,
    );
    add(
        format!("{src}/application/service.py"),
        base::service_py(scope),
        Owner::User,
    );

    let tests = format!("{dir}/tests");
    add(
        format!("{tests}/conftest.py"),
        tests::conftest_py(scope),
        owned,
    );
    if let Some(text) = tests::test_api_py(scope) {
        add(format!("{tests}/test_api.py"), text, owned);
    }
    for (file, text) in tests::test_consumers(scope)
        .into_iter()
        .chain(tests::test_commands(scope))
    {
        add(format!("{tests}/{file}"), text, owned);
    }
    if let Some(text) = outbox::test_relay_py(scope) {
        add(format!("{tests}/test_relay.py"), text, owned);
    }
    add(
        format!("{tests}/test_adapters.py"),
        tests::test_adapters_py(scope),
        owned,
    );
    add(
        format!("{tests}/test_application.py"),
        base::test_application_py(scope),
        Owner::User,
    );
    out
}
