//! The import's own diagnostics (I202–I209), built in one place so their
//! wording stays consistent. Syntax errors (I201) are in `errors`.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::Span;

/// I202: a construct ddgen has no counterpart for.
pub fn not_carried(span: Span, what: &str) -> Diagnostic {
    Diagnostic::new(Code::I202, span, format!("{what} is not carried over"))
        .with_label("not imported")
        .help("ddgen's language has no counterpart; keep the CML file if you need it")
}

/// I202 with a reason of its own.
pub fn not_carried_because(span: Span, what: &str, why: &str) -> Diagnostic {
    Diagnostic::new(Code::I202, span, format!("{what} is not carried over"))
        .with_label("not imported")
        .help(why.to_string())
}

pub fn team_relationship(span: Span) -> Diagnostic {
    not_carried_because(
        span,
        "a relationship between teams",
        "ddgen's map relates bounded contexts; teams own contexts (`owner`) and have no relationships",
    )
}

pub fn unknown_context(span: Span, name: &str) -> Diagnostic {
    not_carried_because(
        span,
        &format!("`{name}`, which names no bounded context of the imported files,"),
        "import the file that declares it too, or remove the reference",
    )
}

pub fn self_relationship(span: Span, name: &str) -> Diagnostic {
    not_carried_because(
        span,
        &format!("a relationship of `{name}` with itself"),
        "a relationship joins two different contexts",
    )
}

pub fn merged_map(span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::I204,
        span,
        "a second context map: its relationships join the first map",
    )
    .with_label("merged")
    .secondary(first, "the map kept")
    .help("a ddgen model has at most one `map`")
}

/// I203: two different relationships for one pair.
pub fn conflict(span: Span, first: Span, a: &str, b: &str) -> Diagnostic {
    Diagnostic::new(
        Code::I203,
        span,
        format!("`{a}` and `{b}` are related again, differently: the first relationship is kept"),
    )
    .with_label("not imported")
    .secondary(first, "kept")
    .help("ddgen relates a pair of contexts once (E009); decide which relationship holds and remove the other from the CML")
}

/// I204: the same relationship twice.
pub fn duplicate(span: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::I204,
        span,
        "the same relationship again: merged into the first",
    )
    .with_label("duplicate")
    .secondary(first, "kept")
}

/// I205: a reference or trigger that would contradict the declared map.
pub fn against_map(span: Span, what: &str, up: &str, down: &str, instead: &str) -> Diagnostic {
    Diagnostic::new(
        Code::I205,
        span,
        format!("`{down}` uses {what} of `{up}`, but the map makes `{down}` upstream of `{up}`"),
    )
    .with_label(format!("imported as {instead}"))
    .help(format!(
        "a use against the declared direction is E011 in ddgen; fix the map's direction or the model, then use `{up}`'s type again"
    ))
}

/// I206: a type the CML names but never declares.
pub fn placeholder(span: Span, name: &str, context: &str) -> Diagnostic {
    Diagnostic::new(
        Code::I206,
        span,
        format!(
            "type `{name}` is not declared: imported as an empty `value {name}` in `{context}`"
        ),
    )
    .with_label("undeclared in the CML")
    .help("add its fields to the value, or replace it with the type it stands for")
}

/// I207: a name changed because it clashed.
pub fn renamed(span: Span, old: &str, new: &str, why: &str) -> Diagnostic {
    Diagnostic::new(Code::I207, span, format!("`{old}` imported as `{new}`: {why}"))
        .with_label("renamed")
        .help("ddgen gives types and messages of a context one namespace; rename it in the CML to choose the name")
}

/// I208: a relationship changed to fit E009.
pub fn fitted(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(Code::I208, span, message)
        .with_label("changed on import")
        .help(help.to_string())
}

/// I209: a reference made optional so the types do not contain themselves.
pub fn cycle_broken(span: Span, field: &str) -> Diagnostic {
    Diagnostic::new(
        Code::I209,
        span,
        format!("field `{field}` imported as optional: otherwise its type would contain itself"),
    )
    .with_label("made optional")
    .help("a value that contains itself (E012) needs a list, map or optional in between; decide where the cycle really ends")
}
