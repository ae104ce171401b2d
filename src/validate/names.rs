//! E017: names that are distinct in the model but one name in the generated
//! system. The generator derives files, packages, modules, functions and
//! attributes from model names (`generate::names`): two contexts whose
//! names differ only in case or underscores (`URLGateway`, `UrlGateway`) would
//! share one folder and Python package; two types or messages of a context
//! one handler module, service function or test constant; two fields of a
//! type or message one Python attribute (`from` is `from_` in Python, so
//! `from` and `from_` cannot both be fields); two subscriptions of a context
//! one handler module (`FooBar.Baz` and `Foo.BarBaz` are both
//! `on_foo_bar_baz`), or a subscription the service function of a message
//! (`OnFooBaz` and a subscription to `Foo.Baz`). Reported before anything is
//! generated, at the later name, pointing at the first.

use crate::diagnostic::{Code, Diagnostic};
use crate::generate::names::{py_field, snake, subscription_module};
use crate::model::{Field, Model};
use crate::source::Span;
use std::collections::HashMap;

/// Names already seen in one scope, by their generated form.
#[derive(Default)]
struct Seen<'m>(HashMap<String, (&'m str, Span)>);

impl<'m> Seen<'m> {
    /// Records `name`; the first name with the same generated form, if any.
    fn first(
        &mut self,
        generated: String,
        name: &'m str,
        span: Span,
    ) -> Option<(&'m str, Span, String)> {
        match self.0.get(&generated) {
            Some((first, at)) => Some((first, *at, generated)),
            None => {
                self.0.insert(generated, (name, span));
                None
            }
        }
    }
}

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut contexts = Seen::default();
    for c in &model.contexts {
        if let Some((first, at, generated)) = contexts.first(snake(&c.name), &c.name, c.name_span) {
            let shares = "its folder, Python package and stack";
            diags.push(clash(
                "context",
                &c.name,
                c.name_span,
                first,
                at,
                &generated,
                shares,
            ));
        }
        let types = c.types.iter().map(|t| {
            let t = model.type_def(*t);
            (&t.name, t.name_span, &t.fields)
        });
        let messages = c.messages.iter().map(|m| {
            let m = model.message(*m);
            (&m.name, m.name_span, &m.fields)
        });
        subscriptions(model, c, diags);
        let mut all: Vec<(&String, Span, &Vec<Field>)> = types.chain(messages).collect();
        all.sort_by_key(|(_, span, _)| (span.file, span.start));
        let mut members = Seen::default();
        for (name, span, fields) in all {
            if let Some((first, at, generated)) = members.first(snake(name), name, span) {
                let shares = "its handler module, service function and test names";
                diags.push(clash(
                    "type or message",
                    name,
                    span,
                    first,
                    at,
                    &generated,
                    shares,
                ));
            }
            let mut attrs = Seen::default();
            for f in fields {
                if let Some((first, at, generated)) =
                    attrs.first(py_field(&f.name), &f.name, f.name_span)
                {
                    let shares = "its Python attribute";
                    diags.push(clash(
                        "field",
                        &f.name,
                        f.name_span,
                        first,
                        at,
                        &generated,
                        shares,
                    ));
                }
            }
        }
    }
}

/// A context's subscriptions and messages by the handler module and service
/// function they become.
fn subscriptions(model: &Model, c: &crate::model::Context, diags: &mut Vec<Diagnostic>) {
    let mut subs: Vec<_> = c
        .subscriptions
        .iter()
        .map(|s| model.subscription(*s))
        .collect();
    subs.sort_by_key(|s| (s.span.file, s.span.start));
    let named: Vec<(String, Span)> = subs
        .iter()
        .map(|s| {
            let e = model.message(s.event);
            let src = &model.context(e.context).name;
            (format!("{src}.{}", e.name), s.target_span)
        })
        .collect();
    let mut functions = Seen::default();
    for m in &c.messages {
        let m = model.message(*m);
        functions.first(snake(&m.name), &m.name, m.name_span);
    }
    for (s, (name, span)) in subs.iter().zip(&named) {
        let e = model.message(s.event);
        let module = subscription_module(&model.context(e.context).name, &e.name);
        if let Some((first, at, generated)) = functions.first(module, name, *span) {
            diags.push(
                Diagnostic::new(
                    Code::E017,
                    *span,
                    format!(
                        "subscription `{name}` and `{first}` are one name in the generated code: `{generated}`"
                    ),
                )
                .with_label(format!(
                    "would share its handler module and service function with `{first}`"
                ))
                .secondary(at, format!("`{first}` declared here"))
                .help(format!(
                    "rename the event, its context or `{first}` so that `{name}` and `{first}` give different names"
                )),
            );
        }
    }
}

fn clash(
    what: &str,
    name: &str,
    span: Span,
    first: &str,
    first_span: Span,
    generated: &str,
    shares: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::E017,
        span,
        format!("{what} `{name}` and `{first}` are one name in the generated code: `{generated}`"),
    )
    .with_label(format!("would share {shares} with `{first}`"))
    .secondary(first_span, format!("`{first}` declared here"))
    .help(format!(
        "rename `{name}` or `{first}` so that the two differ by more than case or underscores"
    ))
}
