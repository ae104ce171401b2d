//! The generation gap of the application layer (`docs/generation.md`,
//! "Generation gap"): ddgen owns `application/base.py`, class `BaseService`
//! with every operation's and subscription's default body (rendered by
//! `super::service`); the user owns `application/service.py`, class
//! `Service(BaseService)`, written once, where overrides live. Handlers call
//! an instance of `Service`, so an operation new in the model works at once
//! through its default and no route calls a method that does not exist.
//!
//! Also here: `contracts/examples.py` (ddgen-owned: a valid example of every
//! own message, regenerated with the model) and the user-owned starter
//! `tests/test_application.py`, which tests `Service` through those
//! examples, so that a field added to a command does not break it.

use super::code::{docstring, wrap};
use super::scope::{Scope, Target};
use super::service::FunctionView;
use crate::generate::names::snake;
use crate::generate::{OWNED_HEADER, USER_HEADER};
use askama::Template;
use std::collections::BTreeSet;

/// The ddgen-owned class of defaults.
pub const BASE_CLASS: &str = "BaseService";
/// The user-owned subclass the handlers call.
pub const USER_CLASS: &str = "Service";

pub const BASE_CLASS_DOC: &str =
    "Every operation and subscription of the model with its default body.\n\n\
ddgen rewrites this class with the model; override a method in `service.py`\n\
(class `Service`) to replace its default. The handlers call `Service`.";

/// The module docstring of `base.py`.
pub fn base_doc(scope: &Scope, adapters: &[String]) -> String {
    let mut doc = format!(
        "Default application service of the {}: one method per operation and subscription.\n\n\
         ddgen owns this file and rewrites it with the model. The default bodies make\n\
         the generated system work end to end (they store aggregates, publish the\n\
         declared events and read by key), so that the generated tests exercise real\n\
         wiring. Replace a default by overriding its method in `service.py` (yours).",
        context_words(scope)
    );
    if !adapters.is_empty() {
        doc.push_str(&format!(
            "\n\n{}",
            wrap(
                &format!(
                    "Adapters at hand, in `{}.adapters`: {}.",
                    scope.pkg,
                    adapters.join(", ")
                ),
                88
            )
        ));
    }
    doc
}

fn context_words(scope: &Scope) -> String {
    format!("{} context", scope.ctx.name)
}

/// A module-level function of `super::service` as a method of `BaseService`:
/// `self` first, the docstring and body one level deeper (over-long lines are
/// split later by `super::layout`).
pub fn method(f: FunctionView) -> FunctionView {
    let deeper = |s: &str| s.replace("\n    ", "\n        ");
    FunctionView {
        signature: with_self(&f.signature),
        doc: deeper(&f.doc),
        body: f
            .body
            .iter()
            .map(|line| {
                let mut out = String::with_capacity(line.len() + 16);
                for (i, l) in line.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                        if !l.is_empty() {
                            out.push_str("    ");
                        }
                    }
                    out.push_str(l);
                }
                out
            })
            .collect(),
    }
}

/// `def f(a: A) -> R:` (one line or split one parameter a line) as
/// `def f(self, a: A) -> R:` on one line.
fn with_self(signature: &str) -> String {
    let lines: Vec<&str> = signature.lines().collect();
    let one = if lines.len() > 1 {
        let params: Vec<&str> = lines[1..lines.len() - 1]
            .iter()
            .map(|p| p.trim().trim_end_matches(','))
            .collect();
        format!(
            "{}{}{}",
            lines[0],
            params.join(", "),
            lines[lines.len() - 1]
        )
    } else {
        signature.to_string()
    };
    match one.split_once('(') {
        Some((head, rest)) if rest.starts_with(')') => format!("{head}(self{rest}"),
        Some((head, rest)) => format!("{head}(self, {rest}"),
        None => one,
    }
}

#[derive(Template)]
#[template(path = "python/application/service.py")]
struct ServicePy {
    header: &'static str,
    doc: String,
    class_doc: String,
    /// Comment lines after a blank line, or nothing.
    example: String,
}

/// `application/service.py` (user-owned, written once): `Service`, where
/// the overrides go; a commented example of one.
pub fn service_py(scope: &Scope) -> String {
    let doc = format!(
        "Application service of the {}: yours.\n\n\
         ddgen wrote this file once and never overwrites it. `BaseService` (in\n\
         `base.py`, which ddgen owns) holds a default body for every operation and\n\
         subscription of the model; override here what the domain decides, with the\n\
         same name and signature. Decorate each override with `@override` (from\n\
         `typing_extensions`): mypy then reports an override whose operation left the\n\
         model, and so does `ddgen generate` (G401). Raise `DomainError` (from\n\
         `..errors`) for a broken domain rule: the API answers its 4xx status.",
        context_words(scope)
    );
    let mut example = String::new();
    if let Some(m) = scope.operations().first() {
        let func = super::handlers::service_fn(m);
        let lines = [
            "# An override, for example (import the contract classes it names):".into(),
            "#".into(),
            "# @override".into(),
            format!("# def {func}(self, ...) -> ...:"),
            "#     if ...:".into(),
            "#         raise DomainError(409, \"conflict\", \"why, in words\")".into(),
            format!("#     return super().{func}(...)"),
        ];
        example = format!("\n\n    {}", lines.join("\n    "));
    }
    ServicePy {
        header: USER_HEADER,
        doc: docstring(&doc, 0),
        class_doc: docstring(
            "The application service the handlers call: override the defaults here.",
            4,
        ),
        example,
    }
    .render()
    .expect("service.py renders")
}

#[derive(Template)]
#[template(path = "python/contracts/examples.py")]
struct ExamplesPy {
    header: &'static str,
    context: String,
    imports: String,
    examples: Vec<ExampleFn>,
}

struct ExampleFn {
    name: String,
    class: String,
    /// The module-level constant holding the example's JSON.
    constant: String,
    value: String,
}

/// The function name of each own message's example in `contracts/examples.py`.
fn example_names(scope: &Scope) -> Vec<(crate::model::MessageId, String)> {
    let mut taken: BTreeSet<String> = BTreeSet::new();
    scope
        .ctx
        .messages
        .iter()
        .map(|id| {
            let name = scope.local(&snake(&scope.model.message(*id).name), &taken);
            taken.insert(name.clone());
            (*id, name)
        })
        .collect()
}

/// `contracts/examples.py` (ddgen-owned): a valid example of every own
/// message, for tests.
pub fn examples_py(scope: &Scope) -> String {
    let mut imp = scope.imports();
    let mut examples = Vec::new();
    for (id, name) in example_names(scope) {
        let m = scope.model.message(id);
        let class = scope.message_class(id).to_string();
        imp.name(".messages", &class).name("typing", "Any");
        examples.push(ExampleFn {
            name,
            constant: super::tests::const_name(scope, &m.name),
            value: scope.sample_fields(&m.fields, &[]).render(0),
            class,
        });
    }
    ExamplesPy {
        header: OWNED_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        examples,
    }
    .render()
    .expect("examples.py renders")
}

#[derive(Template)]
#[template(path = "python/tests/test_application.py")]
struct TestApplicationPy {
    header: &'static str,
    context: String,
    imports: String,
    tests: Vec<super::tests::TestFn>,
}

/// `tests/test_application.py` (user-owned, written once): starter tests
/// of `Service`, built on the ddgen-owned examples so that they keep
/// passing as the model's messages gain fields.
pub fn test_application_py(scope: &Scope) -> String {
    let pkg = &scope.pkg;
    let mut imp = scope.imports();
    imp.name(&format!("{pkg}.application.base"), BASE_CLASS)
        .name(&format!("{pkg}.application.service"), USER_CLASS);
    let mut tests = vec![super::tests::test_fn(
        "test_service_extends_the_generated_base",
        &[],
        "The handlers call `Service`; what it does not override comes from `BaseService`.",
        vec![format!("assert issubclass({USER_CLASS}, {BASE_CLASS})")],
    )];
    let names: std::collections::BTreeMap<_, _> = example_names(scope).into_iter().collect();
    for m in scope.operations() {
        // Only operations whose default needs nothing stored beforehand.
        if !matches!(scope.target(m), Target::Create(..))
            || !super::service::outcome(scope, m).implemented
        {
            continue;
        }
        let Some(example) = names.get(&m.id) else {
            continue;
        };
        imp.name(&format!("{pkg}.contracts"), "examples");
        let func = super::handlers::service_fn(m);
        tests.push(super::tests::test_fn(
            &format!("test_{func}"),
            &[("cloud", "dict[str, str]")],
            &format!(
                "{} runs on a valid example (assert your domain's rules here).",
                m.name
            ),
            vec![format!("{USER_CLASS}().{func}(examples.{example}())")],
        ));
    }
    TestApplicationPy {
        header: USER_HEADER,
        context: scope.ctx.name.clone(),
        imports: imp.render(),
        tests,
    }
    .render()
    .expect("test_application renders")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_take_self() {
        assert_eq!(
            with_self("def f(command: A) -> None:"),
            "def f(self, command: A) -> None:"
        );
        assert_eq!(with_self("def f() -> None:"), "def f(self) -> None:");
        assert_eq!(
            with_self("def f(\n    a: dict[str, int],\n    b: B,\n) -> R:"),
            "def f(self, a: dict[str, int], b: B) -> R:"
        );
    }

    #[test]
    fn bodies_move_one_level_deeper() {
        let f = method(FunctionView {
            signature: "def f(c: C) -> None:".into(),
            doc: "\"\"\"Doc.\n\n    More.\n    \"\"\"".into(),
            body: vec!["publisher.publish(\n        X(),\n    )".into()],
        });
        assert_eq!(f.doc, "\"\"\"Doc.\n\n        More.\n        \"\"\"");
        assert_eq!(f.body[0], "publisher.publish(\n            X(),\n        )");
    }
}
