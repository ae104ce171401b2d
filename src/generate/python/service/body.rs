//! What the default bodies share: the [`Frame`] each works from, the
//! [`Body`] each writes (its lines, what it does in words, its outcome), and
//! the pieces they emit: the first published event, a repository save, the
//! 501 that gives up.

use super::Outcome;
use crate::generate::python::code::Py;
use crate::generate::python::imports::Imports;
use crate::generate::python::scope::{Fill, Scope, Source};
use crate::model::{Field, Message};
use std::collections::{BTreeMap, BTreeSet};

/// Where the contracts (message, type and enum classes) are imported from.
pub(super) const C: &str = "..contracts";

/// What a default body works from: the message, its parameter's name, its
/// fields' attribute names and the local names already taken.
pub(super) struct Frame<'s, 'm> {
    pub(super) scope: &'s Scope<'m>,
    pub(super) m: &'m Message,
    pub(super) param: &'static str,
    pub(super) attrs: Vec<String>,
    pub(super) taken: BTreeSet<String>,
}

/// What a body reads its values from when it holds an aggregate (`var`):
/// the aggregate first, then the message (`param`).
pub(super) fn aggregate_and_message<'a>(
    var: &str,
    aggregate: &'a [Field],
    param: &str,
    message: &'a [Field],
) -> [Source<'a>; 2] {
    [
        Source {
            var: var.to_string(),
            fields: aggregate,
        },
        Source {
            var: param.to_string(),
            fields: message,
        },
    ]
}

/// What a default body writes: its lines, what it does (the docstring's
/// words), and its outcome.
pub(super) struct Body {
    pub(super) lines: Vec<String>,
    pub(super) does: Vec<String>,
    pub(super) outcome: Outcome,
    message: String,
}

impl Body {
    pub(super) fn new(m: &Message) -> Body {
        Body {
            lines: Vec::new(),
            does: Vec::new(),
            outcome: Outcome {
                implemented: true,
                emits: None,
            },
            message: m.name.clone(),
        }
    }

    /// A body that cannot go on without inventing: say why and stop.
    pub(super) fn give_up(&mut self, why: String) {
        self.lines.push(not_implemented(&self.message, &why));
        self.does
            .push(format!("answers 501 Not Implemented ({why})"));
        self.outcome.implemented = false;
    }
}

/// The first published event of `m` built from `sources` (the only one a
/// default body emits: the others are alternatives the domain decides
/// between), with the comments about the rest pushed to `body`. `None`
/// when `m` declares none; `Err` with the fields nothing provides.
pub(super) fn first_event(
    scope: &Scope,
    m: &Message,
    sources: &[Source<'_>],
    imp: &mut Imports,
    body: &mut Vec<String>,
) -> Option<(String, Result<Py, Vec<String>>)> {
    let model = scope.model;
    let mut first = None;
    let mut others = Vec::new();
    for (e, _) in &m.emits {
        let e = model.message(*e);
        if e.context != scope.ctx.id {
            continue;
        }
        if e.internal {
            body.push(format!(
                "# {} is internal: it never leaves {}; handle it here if needed.",
                e.name, scope.ctx.name
            ));
            continue;
        }
        if first.is_some() {
            others.push(e.name.clone());
            continue;
        }
        let class = scope.message_class(e.id).to_string();
        let value = scope.fill(
            &class,
            &e.fields,
            sources,
            &BTreeMap::new(),
            Fill::Message,
            imp,
        );
        if value.is_ok() {
            imp.name(C, &class);
        }
        first = Some((e.name.clone(), value));
    }
    if !others.is_empty() {
        body.push(format!(
            "# Also declared: {}. A default body emits only the first; emit the one the domain decides.",
            others.join(", ")
        ));
    }
    first
}

/// `raise NotImplementedError(...)`: the API answers 501, a consumer fails the record.
fn not_implemented(message: &str, why: &str) -> String {
    format!(
        "raise NotImplementedError({})",
        crate::generate::python::code::py_str(&format!("{message}: {why}; write this body."))
    )
}

/// `<repo>.save(<var>)`, with the event it emits in the same transaction.
pub(super) fn save_call(repo: &str, var: &str, event: Option<&Py>) -> String {
    match event {
        Some(e) => format!(
            "{repo}.save(\n        {var},\n        events=(\n            {},\n        ),\n    )",
            e.render(12)
        ),
        None => format!("{repo}.save({var})"),
    }
}

/// `` `a`, `b` ``.
pub(super) fn ticks(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
