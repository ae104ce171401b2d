//! Messages: commands, queries and events with their fields, `returns`,
//! `via`, `emits` and `every`.

use super::*;

impl Lower<'_> {
    pub(super) fn message(&mut self, p: Pair<Rule>, docs: Option<String>) -> Message {
        let span = self.span(&p);
        let kind = match p.as_rule() {
            Rule::command_decl => MessageKind::Command,
            Rule::query_decl => MessageKind::Query,
            _ => MessageKind::Event,
        };
        let mut m = Message {
            kind,
            internal: false,
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            fields: Vec::new(),
            returns: None,
            via: None,
            emits: Vec::new(),
            schedule: None,
            public: None,
            span,
        };
        let mut emits_span: Option<Span> = None;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::kw_internal => m.internal = true,
                Rule::ident => m.name = self.ident(item),
                Rule::field_block => m.fields = self.fields(item, span),
                Rule::returns_clause => {
                    let cspan = self.span(&item);
                    if let Some(first) = &m.returns {
                        let first = first.span;
                        self.duplicate("returns", first, cspan);
                    } else if let Some(t) =
                        item.into_inner().find(|p| p.as_rule() == Rule::type_expr)
                    {
                        m.returns = Some(self.type_expr(t));
                    }
                }
                Rule::via_clause => {
                    let cspan = self.span(&item);
                    if let Some(first) = &m.via {
                        let first = first.span;
                        self.duplicate("via", first, cspan);
                        continue;
                    }
                    let mut via = Via::Queue;
                    if let Some(http) = item.into_inner().find(|p| p.as_rule() == Rule::via_http) {
                        let mut it = http.into_inner().filter(|p| p.as_rule() != Rule::kw_http);
                        let (Some(method), Some(path)) = (it.next(), it.next()) else {
                            continue;
                        };
                        let mspan = self.span(&method);
                        let word = method.as_str();
                        let Some((_, meth)) = HttpMethod::ALL.iter().find(|(k, _)| *k == word)
                        else {
                            let upper = word.to_ascii_uppercase();
                            if HttpMethod::ALL.iter().any(|(k, _)| *k == upper) {
                                self.diags.push(
                                    Diagnostic::new(
                                        Code::E001,
                                        mspan,
                                        format!("HTTP methods are upper case: write `{upper}`"),
                                    )
                                    .with_label("lower case")
                                    .help(format!("write `via http {upper} ...`")),
                                );
                            } else {
                                self.unknown_word(
                                    mspan,
                                    "HTTP method",
                                    word,
                                    HttpMethod::ALL.iter().map(|(k, _)| *k),
                                );
                            }
                            continue;
                        };
                        let path = self.string(path);
                        via = Via::Http {
                            method: Spanned {
                                value: *meth,
                                span: mspan,
                            },
                            path,
                        };
                    }
                    m.via = Some(Spanned {
                        value: via,
                        span: cspan,
                    });
                }
                Rule::public_clause => {
                    let cspan = self.span(&item);
                    match m.public {
                        Some(first) => self.duplicate("public", first, cspan),
                        None => m.public = Some(cspan),
                    }
                }
                Rule::emits_clause => {
                    let cspan = self.span(&item);
                    if let Some(first) = emits_span {
                        self.duplicate("emits", first, cspan);
                        continue;
                    }
                    emits_span = Some(cspan);
                    for p in item.into_inner().filter(|p| p.as_rule() == Rule::path) {
                        let path = self.path(p);
                        m.emits.push(path);
                    }
                }
                Rule::every_clause => self.every(item, &mut m.schedule),
                _ => {}
            }
        }
        if kind != MessageKind::Event && m.via.is_none() {
            m.internal = true;
        }
        if kind == MessageKind::Event {
            // The grammar has no clauses for events; nothing to check here.
        } else if kind == MessageKind::Query && !m.emits.is_empty() {
            let at = emits_span.unwrap_or(span);
            self.diags.push(
                Diagnostic::new(Code::E001, at, "a query cannot emit events")
                    .with_label("queries only read")
                    .help("make it a `command` if handling it changes state"),
            );
        }
        m
    }
}
