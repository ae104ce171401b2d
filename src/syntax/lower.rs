//! Lowering of pest pairs into the owned AST, checking settings and words.

use super::ast::*;
use super::errors::{explain_catch, pest_failure, Block};
use super::{DddParser, Rule, MAX_SYNTAX_ERRORS};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use pest::iterators::Pair;
use pest::Parser as _;

pub fn lower_file(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> File {
    let mut lower = Lower {
        file,
        text,
        diags: Vec::new(),
        out: File::default(),
    };
    super::limit_calls(text.len());
    match DddParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            if let Some(root) = pairs.next() {
                lower.file(root);
            }
        }
        Err(e) => lower.diags.push(pest_failure(file, text, 0, &e)),
    }
    let mut syntax = 0usize;
    let limit_span = lower
        .diags
        .iter()
        .filter(|d| d.code == Code::E001)
        .nth(MAX_SYNTAX_ERRORS)
        .map(|d| d.span);
    for d in lower.diags {
        if d.code == Code::E001 {
            syntax += 1;
            if syntax > MAX_SYNTAX_ERRORS {
                continue;
            }
        }
        diags.push(d);
    }
    if let Some(span) = limit_span {
        diags.push(
            Diagnostic::new(
                Code::E001,
                span,
                format!(
                    "too many syntax errors; {} more not shown",
                    syntax - MAX_SYNTAX_ERRORS
                ),
            )
            .with_label("stopped reporting here")
            .help("fix the errors above first; is this a `.ddd` model?"),
        );
    }
    lower.out
}

struct Lower<'a> {
    file: FileId,
    text: &'a str,
    diags: Vec<Diagnostic>,
    out: File,
}

/// A `name value` setting before interpretation.
enum Value {
    Int(u64),
    DurationMs(u64),
    Rate(u64),
    Str(Str),
    Word(String),
}

struct Setting {
    name: Ident,
    value: Value,
    value_span: Span,
}

/// Joins `///` lines into one doc string.
fn take_docs(lines: &mut Vec<String>) -> Option<String> {
    if lines.is_empty() {
        None
    } else {
        Some(std::mem::take(lines).join("\n"))
    }
}

fn doc_text(p: &Pair<Rule>) -> String {
    let t = p.as_str().trim_start_matches("///");
    t.strip_prefix(' ').unwrap_or(t).trim_end().to_string()
}

impl<'a> Lower<'a> {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    fn path(&self, p: Pair<Rule>) -> Path {
        let span = self.span(&p);
        Path {
            segments: p.into_inner().map(|s| self.ident(s)).collect(),
            span,
        }
    }

    fn string(&mut self, p: Pair<Rule>) -> Str {
        let span = self.span(&p);
        let inner = p.into_inner().next();
        let (raw, base) = match &inner {
            Some(i) => (i.as_str(), i.as_span().start()),
            None => ("", span.start as usize),
        };
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let at = Span::new(self.file, base + i, base + j + other.len_utf8());
                    self.diags.push(
                        Diagnostic::new(Code::E001, at, format!("unknown escape `\\{other}` in a string"))
                            .with_label("unknown escape")
                            .help("strings know `\\\"`, `\\\\`, `\\n` and `\\t`; write `\\\\` for a backslash"),
                    );
                }
                None => {}
            }
        }
        Str { value, span }
    }

    fn catch(&mut self, p: Pair<Rule>, block: Block) {
        let d = explain_catch(self.file, self.text, self.span(&p), block);
        self.diags.push(d);
    }

    fn allow(&mut self, p: Pair<Rule>, scope: Span) {
        let span = self.span(&p);
        let mut it = p.into_inner().filter(|p| p.as_rule() != Rule::kw_allow);
        let code = it.next().map(|c| self.ident(c));
        let reason = it.next().map(|r| self.string(r));
        if let (Some(code), Some(reason)) = (code, reason) {
            if reason.value.trim().is_empty() {
                self.diags.push(
                    Diagnostic::new(Code::E001, reason.span, "an `allow` needs a reason")
                        .with_label("empty reason")
                        .help("say why the warning is accepted, e.g. `allow W101 \"consumed by the data lake\"`"),
                );
            }
            self.out.allows.push(Allow {
                code,
                reason,
                span,
                scope,
            });
        }
    }

    /// Reports a second occurrence of a single-valued item.
    fn duplicate(&mut self, what: &str, first: Span, again: Span) {
        self.diags.push(
            Diagnostic::new(Code::E002, again, format!("`{what}` is given twice"))
                .with_label("given again here")
                .secondary(first, "first given here")
                .help(format!("keep one `{what}`")),
        );
    }

    fn file(&mut self, root: Pair<Rule>) {
        let mut pending = Vec::new();
        for p in root.into_inner() {
            match p.as_rule() {
                Rule::doc_line => pending.push(doc_text(&p)),
                Rule::catch_all => {
                    pending.clear();
                    self.catch(p, Block::Top);
                }
                Rule::system_decl => {
                    let s = self.system(p, take_docs(&mut pending));
                    self.out.systems.push(s);
                }
                Rule::domain_decl => {
                    let d = self.domain(p, take_docs(&mut pending));
                    self.out.domains.push(d);
                }
                Rule::team_decl => {
                    let t = self.team(p, take_docs(&mut pending));
                    self.out.teams.push(t);
                }
                Rule::context_decl => {
                    let c = self.context(p, take_docs(&mut pending));
                    self.out.contexts.push(c);
                }
                Rule::map_decl => {
                    let m = self.map(p, take_docs(&mut pending));
                    self.out.maps.push(m);
                }
                _ => {}
            }
        }
    }

    /// Lowers a `settings` block into `name value` pairs, handling docs,
    /// allows, unknown names and duplicates. `known` lists the valid names.
    fn settings(
        &mut self,
        p: Pair<Rule>,
        scope: Span,
        owner: &str,
        known: &[&str],
    ) -> Vec<Setting> {
        let mut out: Vec<Setting> = Vec::new();
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::allow_decl => self.allow(item, scope),
                Rule::catch_all => self.catch(item, Block::Settings),
                Rule::setting => {
                    let mut it = item.into_inner();
                    let (Some(name), Some(value)) = (it.next(), it.next()) else {
                        continue;
                    };
                    let name = self.ident(name);
                    let value_span = self.span(&value);
                    if !known.contains(&name.name.as_str()) {
                        let list = known
                            .iter()
                            .map(|k| format!("`{k}`"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        self.diags.push(
                            Diagnostic::new(
                                Code::E001,
                                name.span,
                                format!("unknown setting `{}` in {owner}", name.name),
                            )
                            .with_label("unknown setting")
                            .help(
                                match did_you_mean(&name.name, known.iter().copied()) {
                                    Some(s) => format!("did you mean `{s}`? {owner} takes {list}"),
                                    None => format!("{owner} takes {list}"),
                                },
                            ),
                        );
                        continue;
                    }
                    if let Some(first) = out.iter().find(|s| s.name.name == name.name) {
                        let first = first.name.span;
                        self.duplicate(&name.name, first, name.span);
                        continue;
                    }
                    let v = match value.as_rule() {
                        Rule::int => match value.as_str().parse::<u64>() {
                            Ok(n) => Value::Int(n),
                            Err(_) => {
                                self.out_of_range(value_span, "this number is too large");
                                continue;
                            }
                        },
                        Rule::duration => match parse_duration_ms(value.as_str()) {
                            Some(ms) => Value::DurationMs(ms),
                            None => {
                                self.out_of_range(value_span, "this duration is too long");
                                continue;
                            }
                        },
                        Rule::rate => match value.as_str().trim_end_matches("/s").parse::<u64>() {
                            Ok(n) => Value::Rate(n),
                            Err(_) => {
                                self.out_of_range(value_span, "this rate is too large");
                                continue;
                            }
                        },
                        Rule::string => Value::Str(self.string(value)),
                        _ => Value::Word(value.as_str().to_string()),
                    };
                    out.push(Setting {
                        name,
                        value: v,
                        value_span,
                    });
                }
                _ => {}
            }
        }
        out
    }

    fn out_of_range(&mut self, span: Span, message: &str) {
        self.diags.push(
            Diagnostic::new(Code::E016, span, message.to_string())
                .with_label("out of range")
                .help("use a value within the limits listed by `ddgen explain E016`"),
        );
    }

    fn wrong_value(&mut self, s: &Setting, expected: &str) {
        let found = self.text.get(s.value_span.range()).unwrap_or("");
        let found: String = found.chars().take(40).collect();
        self.diags.push(
            Diagnostic::new(
                Code::E001,
                s.value_span,
                format!("`{}` takes {expected}, found `{found}`", s.name.name),
            )
            .with_label(format!("expected {expected}")),
        );
    }

    fn number(&mut self, s: &Setting, expected: &str) -> Option<Spanned<u32>> {
        let n = match s.value {
            Value::Int(n) if expected == "number" => n,
            Value::DurationMs(n) if expected == "duration" => n,
            Value::Rate(n) if expected == "rate" => n,
            _ => {
                let words = match expected {
                    "duration" => "a duration such as `30s` or `500ms`",
                    "rate" => "a rate such as `100/s`",
                    _ => "a whole number",
                };
                self.wrong_value(s, words);
                return None;
            }
        };
        match u32::try_from(n) {
            Ok(v) => Some(Spanned {
                value: v,
                span: s.value_span,
            }),
            Err(_) => {
                self.out_of_range(s.value_span, "this value is too large");
                None
            }
        }
    }

    fn word<T: Copy>(
        &mut self,
        s: &Setting,
        what: &str,
        options: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let list = options
            .iter()
            .map(|(k, _)| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" or ");
        let found = match &s.value {
            Value::Word(w) => w.clone(),
            _ => {
                self.wrong_value(s, &format!("{what} ({list})"));
                return None;
            }
        };
        if let Some((_, v)) = options.iter().find(|(k, _)| *k == found) {
            return Some(Spanned {
                value: *v,
                span: s.value_span,
            });
        }
        self.unknown_word(s.value_span, what, &found, options.iter().map(|(k, _)| *k));
        None
    }

    fn unknown_word<'k>(
        &mut self,
        span: Span,
        what: &str,
        found: &str,
        options: impl Iterator<Item = &'k str> + Clone,
    ) {
        let list = options
            .clone()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match did_you_mean(found, options) {
            Some(s) => format!("did you mean `{s}`? expected one of {list}"),
            None => format!("expected one of {list}"),
        };
        self.diags.push(
            Diagnostic::new(Code::E001, span, format!("unknown {what} `{found}`"))
                .with_label(format!(
                    "not {} {what}",
                    if what.starts_with(['a', 'e', 'i', 'o', 'u', 'H']) {
                        "an"
                    } else {
                        "a"
                    }
                ))
                .help(help),
        );
    }

    fn system(&mut self, p: Pair<Rule>, docs: Option<String>) -> System {
        let span = self.span(&p);
        let mut sys = System {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            broker: None,
            python: None,
            architecture: None,
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => sys.name = self.ident(item),
                Rule::settings => {
                    for s in self.settings(item, span, "a `system`", super::SYSTEM_SETTINGS) {
                        match s.name.name.as_str() {
                            "broker" => {
                                sys.broker = self.word(
                                    &s,
                                    "broker",
                                    &[("sns", Broker::Sns), ("eventbridge", Broker::EventBridge)],
                                )
                            }
                            "architecture" => {
                                let words = [Architecture::Arm64, Architecture::X86_64]
                                    .map(|a| (a.word(), a));
                                sys.architecture = self.word(&s, "architecture", &words)
                            }
                            _ => match s.value {
                                Value::Str(v) => sys.python = Some(v),
                                _ => self.wrong_value(&s, "a version string such as `\"3.12\"`"),
                            },
                        }
                    }
                }
                _ => {}
            }
        }
        sys
    }

    fn team(&mut self, p: Pair<Rule>, docs: Option<String>) -> Team {
        let span = self.span(&p);
        let mut team = Team {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            contact: None,
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => team.name = self.ident(item),
                Rule::settings => {
                    for s in self.settings(item, span, "a `team`", super::TEAM_SETTINGS) {
                        match s.value {
                            Value::Str(v) => team.contact = Some(v),
                            _ => self.wrong_value(&s, "a string"),
                        }
                    }
                }
                _ => {}
            }
        }
        team
    }

    fn vision(&mut self, p: Pair<Rule>, slot: &mut Option<Str>) {
        let Some(s) = p.into_inner().find(|i| i.as_rule() == Rule::string) else {
            return;
        };
        let s = self.string(s);
        match slot {
            Some(first) => {
                let first = first.span;
                self.duplicate("vision", first, s.span);
            }
            None => *slot = Some(s),
        }
    }

    fn domain(&mut self, p: Pair<Rule>, docs: Option<String>) -> Domain {
        let span = self.span(&p);
        let mut d = Domain {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            vision: None,
            parts: Vec::new(),
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => d.name = self.ident(item),
                Rule::domain_body => {
                    let mut pending = Vec::new();
                    for member in item.into_inner() {
                        match member.as_rule() {
                            Rule::doc_line => pending.push(doc_text(&member)),
                            Rule::catch_all => {
                                pending.clear();
                                self.catch(member, Block::Domain)
                            }
                            Rule::vision_decl => {
                                pending.clear();
                                self.vision(member, &mut d.vision)
                            }
                            Rule::allow_decl => self.allow(member, span),
                            Rule::subdomain_decl => {
                                let s = self.subdomain(member, take_docs(&mut pending));
                                d.parts.push(s);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        d
    }

    fn subdomain(&mut self, p: Pair<Rule>, docs: Option<String>) -> Subdomain {
        let span = self.span(&p);
        let mut s = Subdomain {
            kind: PartKind::Subdomain,
            name: Ident {
                name: String::new(),
                span,
            },
            class: None,
            docs,
            vision: None,
            span,
        };
        let mut seen_name = false;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::kw_capability => s.kind = PartKind::Capability,
                Rule::ident if !seen_name => {
                    seen_name = true;
                    s.name = self.ident(item);
                }
                Rule::ident => {
                    let span = self.span(&item);
                    let options = [
                        ("core", Classification::Core),
                        ("supporting", Classification::Supporting),
                        ("generic", Classification::Generic),
                    ];
                    match options.iter().find(|(k, _)| *k == item.as_str()) {
                        Some((_, c)) => s.class = Some(Spanned { value: *c, span }),
                        None => self.unknown_word(
                            span,
                            "subdomain type",
                            item.as_str(),
                            options.iter().map(|(k, _)| *k),
                        ),
                    }
                }
                Rule::sub_body => {
                    for member in item.into_inner() {
                        match member.as_rule() {
                            Rule::catch_all => self.catch(member, Block::Subdomain),
                            Rule::vision_decl => self.vision(member, &mut s.vision),
                            Rule::allow_decl => self.allow(member, span),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }

    fn context(&mut self, p: Pair<Rule>, docs_: Option<String>) -> Context {
        let span = self.span(&p);
        let mut c = Context {
            name: Ident {
                name: String::new(),
                span,
            },
            docs: docs_,
            implements: Vec::new(),
            owner: None,
            vision: None,
            store: None,
            language: Vec::new(),
            types: Vec::new(),
            messages: Vec::new(),
            subscriptions: Vec::new(),
            calls: Vec::new(),
            sends: Vec::new(),
            deploy: None,
            span,
        };
        let mut pending = Vec::new();
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => c.name = self.ident(item),
                Rule::context_body => {
                    for member in item.into_inner() {
                        let rule = member.as_rule();
                        if rule == Rule::doc_line {
                            pending.push(doc_text(&member));
                            continue;
                        }
                        let d = take_docs(&mut pending);
                        self.context_member(&mut c, member, d);
                    }
                }
                _ => {}
            }
        }
        c
    }

    fn context_member(&mut self, c: &mut Context, m: Pair<Rule>, d: Option<String>) {
        let scope = c.span;
        match m.as_rule() {
            Rule::catch_all => self.catch(m, Block::Context),
            Rule::allow_decl => self.allow(m, scope),
            Rule::implements_decl => {
                for p in m.into_inner().filter(|p| p.as_rule() == Rule::path) {
                    let path = self.path(p);
                    c.implements.push(path);
                }
            }
            Rule::owner_decl => {
                if let Some(id) = m.into_inner().find(|p| p.as_rule() == Rule::ident) {
                    let id = self.ident(id);
                    match &c.owner {
                        Some(first) => {
                            let first = first.span;
                            self.duplicate("owner", first, id.span)
                        }
                        None => c.owner = Some(id),
                    }
                }
            }
            Rule::vision_decl => self.vision(m, &mut c.vision),
            Rule::store_decl => {
                if let Some(w) = m.into_inner().find(|p| p.as_rule() == Rule::ident) {
                    let span = self.span(&w);
                    let options = [("dynamodb", Store::DynamoDb), ("none", Store::None)];
                    match options.iter().find(|(k, _)| *k == w.as_str()) {
                        Some((_, s)) => match &c.store {
                            Some(first) => {
                                let first = first.span;
                                self.duplicate("store", first, span)
                            }
                            None => c.store = Some(Spanned { value: *s, span }),
                        },
                        None => self.unknown_word(
                            span,
                            "store",
                            w.as_str(),
                            options.iter().map(|(k, _)| *k),
                        ),
                    }
                }
            }
            Rule::language_decl => {
                let Some(body) = m.into_inner().find(|p| p.as_rule() == Rule::language_body) else {
                    return;
                };
                let mut pending = Vec::new();
                for t in body.into_inner() {
                    match t.as_rule() {
                        Rule::doc_line => pending.push(doc_text(&t)),
                        Rule::catch_all => self.catch(t, Block::Language),
                        Rule::allow_decl => self.allow(t, scope),
                        Rule::term_def => {
                            let span = self.span(&t);
                            let mut parts = t.into_inner().filter(|p| p.as_rule() != Rule::equals);
                            let (Some(term), Some(def)) = (parts.next(), parts.next()) else {
                                continue;
                            };
                            let term = match term.as_rule() {
                                Rule::string => self.string(term),
                                _ => Str {
                                    value: term.as_str().to_string(),
                                    span: self.span(&term),
                                },
                            };
                            let definition = self.string(def);
                            c.language.push(Term {
                                term,
                                definition,
                                docs: take_docs(&mut pending),
                                span,
                            });
                        }
                        _ => {}
                    }
                }
            }
            Rule::id_decl
            | Rule::enum_decl
            | Rule::value_decl
            | Rule::entity_decl
            | Rule::aggregate_decl => {
                let t = self.type_decl(m, d);
                c.types.push(t);
            }
            Rule::command_decl | Rule::query_decl | Rule::event_decl => {
                let msg = self.message(m, d);
                c.messages.push(msg);
            }
            Rule::subscribe_decl => {
                let span = self.span(&m);
                let mut sub = Subscribe {
                    target: Path {
                        segments: Vec::new(),
                        span,
                    },
                    batch: None,
                    window_ms: None,
                    retries: None,
                    span,
                };
                for p in m.into_inner() {
                    match p.as_rule() {
                        Rule::path => sub.target = self.path(p),
                        Rule::settings => {
                            for s in
                                self.settings(p, span, "a `subscribe`", super::SUBSCRIBE_SETTINGS)
                            {
                                match s.name.name.as_str() {
                                    "batch" => sub.batch = self.number(&s, "number"),
                                    "window" => sub.window_ms = self.number(&s, "duration"),
                                    _ => sub.retries = self.number(&s, "number"),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                c.subscriptions.push(sub);
            }
            Rule::calls_decl | Rule::sends_decl => {
                let calls = m.as_rule() == Rule::calls_decl;
                if let Some(p) = m.into_inner().find(|p| p.as_rule() == Rule::path) {
                    let path = self.path(p);
                    if calls {
                        c.calls.push(path)
                    } else {
                        c.sends.push(path)
                    }
                }
            }
            Rule::deploy_decl => {
                let span = self.span(&m);
                if let Some(first) = &c.deploy {
                    let first = first.span;
                    self.duplicate("deploy", first, span);
                    return;
                }
                let mut dep = Deploy {
                    span,
                    ..Deploy::default()
                };
                if let Some(p) = m.into_inner().find(|p| p.as_rule() == Rule::settings) {
                    for s in self.settings(p, span, "`deploy`", super::DEPLOY_SETTINGS) {
                        match s.name.name.as_str() {
                            "memory" => dep.memory = self.number(&s, "number"),
                            "timeout" => dep.timeout_ms = self.number(&s, "duration"),
                            "concurrency" => dep.concurrency = self.number(&s, "number"),
                            "throttle" => dep.throttle = self.number(&s, "rate"),
                            _ => dep.burst = self.number(&s, "number"),
                        }
                    }
                }
                c.deploy = Some(dep);
            }
            _ => {}
        }
    }

    fn type_decl(&mut self, p: Pair<Rule>, docs: Option<String>) -> TypeDecl {
        let span = self.span(&p);
        let rule = p.as_rule();
        let mut t = TypeDecl {
            kind: match rule {
                Rule::id_decl => TypeKind::Id(IdBase::Uuid),
                Rule::enum_decl => TypeKind::Enum(Vec::new()),
                Rule::value_decl => TypeKind::Value,
                Rule::entity_decl => TypeKind::Entity,
                _ => TypeKind::Aggregate,
            },
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            fields: Vec::new(),
            indexes: Vec::new(),
            span,
        };
        let mut named = false;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident if !named => {
                    named = true;
                    t.name = self.ident(item);
                }
                Rule::ident => {
                    let span = self.span(&item);
                    let options = [
                        ("uuid", IdBase::Uuid),
                        ("string", IdBase::String),
                        ("int", IdBase::Int),
                    ];
                    match options.iter().find(|(k, _)| *k == item.as_str()) {
                        Some((_, b)) => t.kind = TypeKind::Id(*b),
                        None => self.unknown_word(
                            span,
                            "identity base type",
                            item.as_str(),
                            options.iter().map(|(k, _)| *k),
                        ),
                    }
                }
                Rule::enum_body => {
                    let mut variants = Vec::new();
                    let mut pending = Vec::new();
                    for v in item.into_inner() {
                        match v.as_rule() {
                            Rule::doc_line => pending.push(doc_text(&v)),
                            Rule::catch_all => self.catch(v, Block::Enum),
                            Rule::allow_decl => self.allow(v, span),
                            Rule::variant => {
                                if let Some(id) = v.into_inner().next() {
                                    variants.push(Variant {
                                        name: self.ident(id),
                                        docs: take_docs(&mut pending),
                                    });
                                }
                            }
                            _ => {}
                        }
                    }
                    t.kind = TypeKind::Enum(variants);
                }
                Rule::field_block => t.fields = self.fields(item, span),
                Rule::aggregate_block => {
                    (t.fields, t.indexes) = self.field_items(item, span, Block::Aggregate);
                }
                _ => {}
            }
        }
        t
    }

    fn fields(&mut self, p: Pair<Rule>, scope: Span) -> Vec<Field> {
        self.field_items(p, scope, Block::Fields).0
    }

    fn field(&self, item: Pair<Rule>, docs: Option<String>) -> Option<Field> {
        let span = self.span(&item);
        let mut it = item.into_inner().filter(|p| p.as_rule() != Rule::colon);
        let (Some(name), Some(ty)) = (it.next(), it.next()) else {
            return None;
        };
        Some(Field {
            name: self.ident(name),
            ty: self.type_expr(ty),
            docs,
            span,
        })
    }

    fn type_expr(&self, p: Pair<Rule>) -> TypeExpr {
        let span = self.span(&p);
        let mut inner = None;
        let mut optional = false;
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::path => {
                    inner = Some(TypeExpr {
                        kind: TypeExprKind::Named(self.path(part)),
                        span,
                    })
                }
                Rule::list_type | Rule::map_type => {
                    let is_list = part.as_rule() == Rule::list_type;
                    let pspan = self.span(&part);
                    if let Some(arg) = part.into_inner().find(|p| p.as_rule() == Rule::type_expr) {
                        let arg = Box::new(self.type_expr(arg));
                        let kind = if is_list {
                            TypeExprKind::List(arg)
                        } else {
                            TypeExprKind::Map(arg)
                        };
                        inner = Some(TypeExpr { kind, span: pspan });
                    }
                }
                Rule::question => optional = true,
                _ => {}
            }
        }
        let inner = inner.unwrap_or(TypeExpr {
            kind: TypeExprKind::Named(Path {
                segments: Vec::new(),
                span,
            }),
            span,
        });
        if optional {
            TypeExpr {
                kind: TypeExprKind::Optional(Box::new(inner)),
                span,
            }
        } else {
            inner
        }
    }

    fn message(&mut self, p: Pair<Rule>, docs: Option<String>) -> Message {
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

    fn map(&mut self, p: Pair<Rule>, docs: Option<String>) -> Map {
        let span = self.span(&p);
        let mut map = Map {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            relationships: Vec::new(),
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => map.name = self.ident(item),
                Rule::map_body => {
                    let mut pending = Vec::new();
                    for r in item.into_inner() {
                        match r.as_rule() {
                            Rule::doc_line => pending.push(doc_text(&r)),
                            Rule::catch_all => self.catch(r, Block::Map),
                            Rule::allow_decl => self.allow(r, span),
                            Rule::relationship => {
                                if let Some(rel) = self.relationship(r, take_docs(&mut pending)) {
                                    map.relationships.push(rel);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        map
    }

    fn roles(&mut self, p: Pair<Rule>) -> Vec<Spanned<Role>> {
        let mut out = Vec::new();
        for r in p.into_inner().filter(|p| p.as_rule() == Rule::ident) {
            let span = self.span(&r);
            match Role::ALL.iter().find(|(k, _)| *k == r.as_str()) {
                Some((_, role)) => out.push(Spanned { value: *role, span }),
                None => {
                    self.unknown_word(span, "role", r.as_str(), Role::ALL.iter().map(|(k, _)| *k))
                }
            }
        }
        out
    }

    fn relationship(&mut self, p: Pair<Rule>, docs: Option<String>) -> Option<Relationship> {
        let span = self.span(&p);
        let mut idents = Vec::new();
        let mut left_roles = Vec::new();
        let mut right_roles = Vec::new();
        let mut arrow = None;
        let mut pattern = None;
        let mut ok = true;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => idents.push(self.ident(item)),
                Rule::roles => {
                    let roles = self.roles(item);
                    if arrow.is_none() {
                        left_roles = roles
                    } else {
                        right_roles = roles
                    }
                }
                Rule::arrow => {
                    let a = if item.as_str() == "<->" {
                        Arrow::Symmetric
                    } else {
                        Arrow::Directed
                    };
                    arrow = Some(Spanned {
                        value: a,
                        span: self.span(&item),
                    });
                }
                Rule::pattern => {
                    let pspan = self.span(&item);
                    match Pattern::ALL.iter().find(|(k, _)| *k == item.as_str()) {
                        Some((_, pat)) => {
                            pattern = Some(Spanned {
                                value: *pat,
                                span: pspan,
                            })
                        }
                        None => {
                            ok = false;
                            self.unknown_word(
                                pspan,
                                "relationship pattern",
                                item.as_str(),
                                Pattern::ALL.iter().map(|(k, _)| *k),
                            )
                        }
                    }
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        let (Some(left), Some(right), Some(arrow)) = (idents.next(), idents.next(), arrow) else {
            return None;
        };
        ok.then_some(Relationship {
            left,
            left_roles,
            arrow,
            right_roles,
            right,
            pattern,
            docs,
            span,
        })
    }
}

mod schema;

fn parse_duration_ms(s: &str) -> Option<u64> {
    let (digits, factor) = if let Some(d) = s.strip_suffix("ms") {
        (d, 1)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1000)
    } else {
        (s.strip_suffix('m')?, 60_000)
    };
    digits.parse::<u64>().ok()?.checked_mul(factor)
}
