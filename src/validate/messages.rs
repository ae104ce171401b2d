//! Rules on messages and their uses: E004, E006, E007, E008, E014, W101, W110.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use std::collections::HashMap;

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    uses(model, diags);
    emits(model, diags);
    routes(model, diags);
    unsubscribed(model, diags);
}

fn described(model: &Model, m: &Message) -> String {
    let what = if m.internal {
        format!("internal {}", m.kind.as_str())
    } else {
        m.kind.as_str().to_string()
    };
    let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("`{}` is {article} {what}", model.message_path(m.id))
}

fn uses(model: &Model, diags: &mut Vec<Diagnostic>) {
    for s in &model.subscriptions {
        let m = model.message(s.event);
        if m.kind != MessageKind::Event {
            diags.push(
                Diagnostic::new(
                    Code::E004,
                    s.target_span,
                    format!("cannot subscribe to `{}`", model.message_path(m.id)),
                )
                .with_label(format!("{} is a {}, not an event", m.name, m.kind.as_str()))
                .secondary(m.name_span, "declared here")
                .help(if m.is_queue() {
                    "subscribe to one of its events, or use `sends` to send the command".to_string()
                } else {
                    "subscribe to an event; use `calls` for an http command or query".to_string()
                }),
            );
        } else if m.context == s.context {
            diags.push(
                Diagnostic::new(Code::W110, s.target_span, format!("context `{}` subscribes to its own event `{}`", model.context(s.context).name, m.name))
                    .with_label("own event")
                    .secondary(m.name_span, "declared in the same context")
                    .help("handle the follow-up inside the context (an internal event or a direct call) instead of a round trip through the broker"),
            );
        } else if m.internal {
            diags.push(
                Diagnostic::new(
                    Code::E006,
                    s.target_span,
                    format!(
                        "cannot subscribe to internal event `{}`",
                        model.message_path(m.id)
                    ),
                )
                .with_label("internal events are not published")
                .secondary(m.name_span, "declared `internal` here")
                .help("remove `internal` from the event if other contexts may consume it"),
            );
        }
    }
    for u in &model.uses {
        let m = model.message(u.target);
        let (ok_kind, expected) = match u.kind {
            UseKind::Calls => (m.kind != MessageKind::Event, "a command or query"),
            UseKind::Sends => (m.kind == MessageKind::Command, "a command"),
        };
        if !ok_kind {
            let help = match (u.kind, m.kind) {
                (_, MessageKind::Event) => "events are consumed with `subscribe`",
                (UseKind::Sends, MessageKind::Query) => {
                    "a query answers synchronously: use `calls`"
                }
                _ => "",
            };
            let d = Diagnostic::new(
                Code::E004,
                u.target_span,
                format!(
                    "`{}` needs {expected}, but {}",
                    u.kind.as_str(),
                    described(model, m)
                ),
            )
            .with_label(format!("not {expected}"))
            .secondary(m.name_span, "declared here");
            diags.push(if help.is_empty() { d } else { d.help(help) });
            continue;
        }
        let exposed = match u.kind {
            UseKind::Calls => m.is_http(),
            UseKind::Sends => m.is_queue(),
        };
        if !exposed {
            let (msg, help) = match (u.kind, &m.via) {
                (_, None) => (
                    format!(
                        "`{}` has no `via`, so it is internal to its context",
                        model.message_path(m.id)
                    ),
                    match u.kind {
                        UseKind::Calls => format!(
                            "expose it with `via http METHOD \"/path\"` in context `{}`",
                            model.context(m.context).name
                        ),
                        UseKind::Sends => format!(
                            "expose it with `via queue` in context `{}`",
                            model.context(m.context).name
                        ),
                    },
                ),
                (UseKind::Calls, Some(_)) => (
                    format!(
                        "`{}` is sent `via queue`, so it cannot be called",
                        model.message_path(m.id)
                    ),
                    "use `sends` for a queue command, or expose it `via http`".to_string(),
                ),
                (UseKind::Sends, Some(_)) => (
                    format!(
                        "`{}` is exposed `via http`, so it cannot be sent",
                        model.message_path(m.id)
                    ),
                    "use `calls` for an http command, or expose it `via queue`".to_string(),
                ),
            };
            diags.push(
                Diagnostic::new(Code::E006, u.target_span, msg)
                    .with_label(format!(
                        "`{}` needs a message exposed via {}",
                        u.kind.as_str(),
                        if u.kind == UseKind::Calls {
                            "http"
                        } else {
                            "queue"
                        }
                    ))
                    .secondary(
                        m.via_span.unwrap_or(m.name_span),
                        if m.via.is_some() {
                            "exposed like this"
                        } else {
                            "declared without `via`"
                        },
                    )
                    .help(help),
            );
        }
    }
}

fn emits(model: &Model, diags: &mut Vec<Diagnostic>) {
    for m in &model.messages {
        for (e, span) in &m.emits {
            let target = model.message(*e);
            if target.kind != MessageKind::Event {
                diags.push(
                    Diagnostic::new(
                        Code::E004,
                        *span,
                        format!("`emits` needs an event, but {}", described(model, target)),
                    )
                    .with_label("not an event")
                    .secondary(target.name_span, "declared here")
                    .help("declare the fact as an `event` and emit that"),
                );
            } else if target.context != m.context {
                diags.push(
                    Diagnostic::new(
                        Code::E014,
                        *span,
                        format!("`{}` emits `{}`, an event of another context", m.name, model.message_path(target.id)),
                    )
                    .with_label("not this context's event")
                    .secondary(target.name_span, format!("declared in context `{}`", model.context(target.context).name))
                    .help(format!(
                        "a context publishes only its own facts: declare an event in `{}` and emit that",
                        model.context(m.context).name
                    )),
                );
            }
        }
    }
}

/// Path with parameter names erased: `/orders/{id}` → `/orders/{}`.
fn normalise(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push('{');
            }
            '}' => {
                in_param = false;
                out.push('}');
            }
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out.trim_end_matches('/').to_string()
}

/// Parameter names of a path, or an error message for a malformed one.
fn params(path: &str) -> Result<Vec<&str>, String> {
    if !path.starts_with('/') {
        return Err("a path starts with `/`".into());
    }
    let mut out = Vec::new();
    for segment in path.split('/').skip(1) {
        if segment.contains('{') || segment.contains('}') {
            let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            match name {
                Some(n)
                    if !n.is_empty()
                        && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') =>
                {
                    out.push(n)
                }
                _ => {
                    return Err(format!(
                        "`{segment}` is not a path parameter: write a whole segment as `{{name}}`"
                    ))
                }
            }
        } else if segment.contains(|c: char| c.is_whitespace() || c == '?' || c == '#') {
            return Err(format!(
                "`{segment}` cannot be part of a path: no spaces, `?` or `#`"
            ));
        }
    }
    Ok(out)
}

/// Whether a field of this type can travel as a query parameter.
fn queryable(model: &Model, t: &TypeRef) -> bool {
    fn scalar(model: &Model, t: &TypeRef) -> bool {
        match t {
            TypeRef::Primitive(_) | TypeRef::Unresolved => true,
            TypeRef::Named(id) => matches!(
                model.type_def(*id).kind,
                TypeDefKind::Id(_) | TypeDefKind::Enum(_)
            ),
            TypeRef::Optional(t) => scalar(model, t),
            _ => false,
        }
    }
    match t {
        TypeRef::List(inner) => scalar(model, inner),
        TypeRef::Optional(inner) => queryable(model, inner),
        _ => scalar(model, t),
    }
}

/// Whether a field of this type can be a path parameter (a required scalar).
fn path_scalar(model: &Model, t: &TypeRef) -> bool {
    match t {
        TypeRef::Primitive(p) => !matches!(p, Primitive::Json | Primitive::Bytes),
        TypeRef::Unresolved => true,
        TypeRef::Named(id) => matches!(
            model.type_def(*id).kind,
            TypeDefKind::Id(_) | TypeDefKind::Enum(_)
        ),
        _ => false,
    }
}

fn routes(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(HttpMethod, String), &Message> = HashMap::new();
    for m in &model.messages {
        let Some(Via::Http {
            method,
            path,
            path_span,
            method_span,
        }) = &m.via
        else {
            continue;
        };
        let params = match params(path) {
            Ok(p) => p,
            Err(why) => {
                diags.push(
                    Diagnostic::new(Code::E008, *path_span, format!("invalid path \"{path}\""))
                        .with_label("malformed path")
                        .help(why),
                );
                continue;
            }
        };
        let key = (*method, normalise(path));
        if let Some(first) = seen.get(&key) {
            let Some(Via::Http {
                path: first_path,
                path_span: first_span,
                ..
            }) = &first.via
            else {
                continue;
            };
            diags.push(
                Diagnostic::new(Code::E007, *path_span, format!("route {} {path} is already taken by `{}`", method.as_str(), model.message_path(first.id)))
                    .with_label("duplicate route")
                    .secondary(*first_span, format!("{} {first_path} first declared here", method.as_str()))
                    .help("all contexts share one API entry point: give each operation its own method and path (parameter names do not make paths differ)"),
            );
        } else {
            seen.insert(key, m);
        }
        for p in &params {
            match m.fields.iter().find(|f| f.name == *p) {
                None => {
                    let names: Vec<&str> = m.fields.iter().map(|f| f.name.as_str()).collect();
                    let help = match crate::suggest::did_you_mean(p, names.iter().copied()) {
                        Some(s) => format!("did you mean `{{{s}}}`?"),
                        None => {
                            format!("add a field `{p}` to `{}`, or rename the parameter", m.name)
                        }
                    };
                    diags.push(
                        Diagnostic::new(
                            Code::E008,
                            *path_span,
                            format!("path parameter `{{{p}}}` is not a field of `{}`", m.name),
                        )
                        .with_label("unknown parameter")
                        .secondary(m.name_span, "message declared here")
                        .help(help),
                    );
                }
                Some(f) if !path_scalar(model, &f.ty) => diags.push(
                    Diagnostic::new(
                        Code::E008,
                        f.ty_span,
                        format!("field `{}` cannot be a path parameter", f.name),
                    )
                    .with_label(format!(
                        "`{}` is not a single required value",
                        model.type_ref_text(&f.ty, m.context)
                    ))
                    .secondary(*path_span, "used as a path parameter here")
                    .help("path parameters are required primitives, ids or enums"),
                ),
                Some(_) => {}
            }
        }
        if matches!(method, HttpMethod::Get | HttpMethod::Delete) {
            for f in &m.fields {
                if params.contains(&f.name.as_str()) || queryable(model, &f.ty) {
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        Code::E008,
                        f.ty_span,
                        format!("field `{}` of a {} cannot be a query parameter", f.name, method.as_str()),
                    )
                    .with_label(format!("`{}` does not fit in a query string", model.type_ref_text(&f.ty, m.context)))
                    .secondary(*method_span, format!("{} has no body, so its fields travel in the query string", method.as_str()))
                    .help("use primitives, enums, ids, their optionals or lists of them; or use POST with a body"),
                );
            }
        }
    }
}

fn unsubscribed(model: &Model, diags: &mut Vec<Diagnostic>) {
    let mut consumed = vec![false; model.messages.len()];
    for s in &model.subscriptions {
        if model.message(s.event).context != s.context {
            consumed[s.event.index()] = true;
        }
    }
    for m in &model.messages {
        if m.is_published_event() && !consumed[m.id.index()] && !model.unresolved.may_mean(&m.name)
        {
            diags.push(
                Diagnostic::new(Code::W101, m.name_span, format!("event `{}` is published but no context subscribes to it", model.message_path(m.id)))
                    .with_label("no subscribers")
                    .help("subscribe to it where it matters, mark it `internal event`, or `allow W101 \"reason\"` if it is meant for consumers outside the model"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_parameter_names() {
        assert_eq!(normalise("/orders/{id}"), normalise("/orders/{orderId}"));
        assert_ne!(normalise("/orders/{id}"), normalise("/orders/{id}/lines"));
        assert_eq!(normalise("/orders/"), normalise("/orders"));
    }

    #[test]
    fn path_parameters_are_whole_segments() {
        assert_eq!(params("/orders/{id}/lines/{line}").unwrap(), ["id", "line"]);
        assert!(params("orders").is_err());
        assert!(params("/orders/x{id}").is_err());
        assert!(params("/orders/{}").is_err());
    }
}
