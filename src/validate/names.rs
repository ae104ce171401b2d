//! E017: names that are distinct in the model but one name in the generated
//! system. The generator derives files, packages, modules, functions and
//! attributes from model names (`generate::names`): two contexts whose
//! names differ only in case or underscores (`URLGateway`, `UrlGateway`) would
//! share one folder and Python package; two types or messages of a context
//! one handler module, service function or test constant; two fields of a
//! type or message one Python attribute (`from` is `from_` in Python, so
//! `from` and `from_` cannot both be fields). Reported before anything is
//! generated, at the later name, pointing at the first.

use crate::diagnostic::{Code, Diagnostic};
use crate::generate::names::{py_field, snake};
use crate::model::{Field, Model};
use crate::source::Span;
use std::collections::HashMap;

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut contexts: HashMap<String, (&str, Span)> = HashMap::new();
    for c in &model.contexts {
        let key = snake(&c.name);
        match contexts.get(&key) {
            Some((first, at)) => diags.push(clash(
                "context",
                &c.name,
                c.name_span,
                first,
                *at,
                &key,
                "its folder, Python package and stack",
            )),
            None => {
                contexts.insert(key, (&c.name, c.name_span));
            }
        }
        let mut members: HashMap<String, (&str, Span)> = HashMap::new();
        let types = c.types.iter().map(|t| {
            let t = model.type_def(*t);
            (&t.name, t.name_span, &t.fields)
        });
        let messages = c.messages.iter().map(|m| {
            let m = model.message(*m);
            (&m.name, m.name_span, &m.fields)
        });
        let mut all: Vec<(&String, Span, &Vec<Field>)> = types.chain(messages).collect();
        all.sort_by_key(|(_, span, _)| (span.file, span.start));
        for (name, span, fields) in all {
            let key = snake(name);
            match members.get(&key) {
                Some((first, at)) => diags.push(clash(
                    "type or message",
                    name,
                    span,
                    first,
                    *at,
                    &key,
                    "its handler module, service function and test names",
                )),
                None => {
                    members.insert(key, (name, span));
                }
            }
            let mut attrs: HashMap<String, (&str, Span)> = HashMap::new();
            for f in fields {
                let key = py_field(&f.name);
                match attrs.get(&key) {
                    Some((first, at)) => diags.push(clash(
                        "field",
                        &f.name,
                        f.name_span,
                        first,
                        *at,
                        &key,
                        "its Python attribute",
                    )),
                    None => {
                        attrs.insert(key, (&f.name, f.name_span));
                    }
                }
            }
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
