//! Name resolution: syntax trees of all files → one [`Model`].
//!
//! Declarations are collected first (E002 for duplicates), then every
//! reference is resolved through hash indexes (E003, E004, E005), so the
//! cost is linear in the model. Unresolved references become
//! [`TypeRef::Unresolved`] or are dropped, so later rules never cascade.

mod context;
mod declare;
mod lookup;
mod map;
mod messages;
mod types;

use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceMap, Span};
use crate::suggest::did_you_mean;
use crate::syntax::ast;
use std::collections::HashMap;

/// A name in a context's scope: types and messages share it.
#[derive(Debug, Clone, Copy)]
enum Member {
    Type(TypeId),
    Message(MessageId),
}

struct Resolver<'a> {
    diags: &'a mut Vec<Diagnostic>,
    contexts: HashMap<String, ContextId>,
    domains: HashMap<String, DomainId>,
    teams: HashMap<String, TeamId>,
    /// Subdomains by bare name, across domains (for E005).
    subdomain_names: HashMap<String, Vec<SubdomainId>>,
    /// Messages by bare name, across contexts (for suggestions).
    message_names: HashMap<String, Vec<MessageId>>,
    scopes: Vec<HashMap<String, Member>>,
    /// Types by bare name, across contexts (for suggestions).
    type_names: HashMap<String, Vec<TypeId>>,
    suggestions: crate::suggest::Budget,
    model: Model,
}

/// At most this many places are listed in one diagnostic (the rest are counted).
const MAX_LISTED: usize = 8;

/// Resolves the parsed files (in sorted path order) into a model.
pub fn resolve(sources: &SourceMap, files: &[ast::File], diags: &mut Vec<Diagnostic>) -> Model {
    let system = System {
        name: default_system_name(sources.files().next().map(|(_, f)| f.path.as_path())),
        docs: None,
        broker: Broker::Sns,
        python: defaults::PYTHON.to_string(),
        architecture: Architecture::default(),
        span: None,
    };
    let model = Model {
        system,
        domains: Vec::new(),
        subdomains: Vec::new(),
        teams: Vec::new(),
        contexts: Vec::new(),
        types: Vec::new(),
        messages: Vec::new(),
        subscriptions: Vec::new(),
        uses: Vec::new(),
        map: None,
        graph: RelationGraph::default(),
        allows: Vec::new(),
        unresolved: Unresolved::default(),
        references: Vec::new(),
    };
    let mut r = Resolver {
        diags,
        contexts: HashMap::new(),
        domains: HashMap::new(),
        teams: HashMap::new(),
        subdomain_names: HashMap::new(),
        message_names: HashMap::new(),
        scopes: Vec::new(),
        type_names: HashMap::new(),
        suggestions: Default::default(),
        model,
    };
    for f in files {
        r.declare(f);
    }
    for f in files {
        r.resolve_file(f);
    }
    r.model.graph = RelationGraph::derive(&r.model);
    r.model
}

/// The first file's stem in PascalCase, e.g. `acme-retail.ddd` → `AcmeRetail`.
pub fn default_system_name(first_file: Option<&std::path::Path>) -> String {
    let stem = first_file
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "System".into());
    let name: String = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect();
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name,
        Some(_) => format!("System{name}"),
        None => "System".into(),
    }
}

fn duplicate(what: &str, name: &str, again: Span, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::E002,
        again,
        format!("{what} `{name}` is defined more than once"),
    )
    .with_label("defined again here")
    .secondary(first, "first defined here")
    .help(format!(
        "rename one of them, or merge the two definitions of `{name}`"
    ))
}

/// E002 for a type or message name used twice in one context (they share a
/// namespace, so the two may be of different kinds).
fn duplicate_member(name: &str, first: (Span, &str), again: (Span, &str)) -> Diagnostic {
    let message = if first.1 == again.1 {
        format!("{} `{name}` is defined more than once", again.1)
    } else {
        format!(
            "`{name}` is declared twice in one context: as {} {} and as {} {}",
            article(first.1),
            first.1,
            article(again.1),
            again.1
        )
    };
    Diagnostic::new(Code::E002, again.0, message)
        .with_label(format!("{} `{name}` declared here", again.1))
        .secondary(first.0, format!("{} `{name}` first declared here", first.1))
        .help("types and messages of a context share one namespace: rename one of them")
}

fn resolve_deploy(d: Option<&ast::Deploy>, diags: &mut Vec<Diagnostic>) -> Deploy {
    let mut out = Deploy {
        memory_mb: defaults::MEMORY_MB,
        timeout_ms: defaults::TIMEOUT_MS,
        concurrency: None,
        throttle_rps: defaults::THROTTLE_RPS,
        burst: defaults::BURST,
    };
    let Some(d) = d else { return out };
    let plain = |v: u32| v.to_string();
    let memory = |v: u32| format!("{v} MB");
    let seconds = |v: u32| format!("{}s", v / 1000);
    let rate = |v: u32| format!("{v}/s");
    if let Some(m) = in_range(diags, d.memory, 128, 10_240, "Lambda memory", &memory) {
        out.memory_mb = m;
    }
    if let Some(t) = in_range(
        diags,
        d.timeout_ms,
        1_000,
        900_000,
        "Lambda timeout",
        &seconds,
    ) {
        out.timeout_ms = t;
    }
    out.concurrency = in_range(
        diags,
        d.concurrency,
        1,
        10_000,
        "reserved concurrency",
        &plain,
    );
    if let Some(t) = in_range(diags, d.throttle, 1, 10_000, "throttle rate", &rate) {
        out.throttle_rps = t;
    }
    if let Some(b) = in_range(diags, d.burst, 1, 5_000, "burst", &plain) {
        out.burst = b;
    }
    out
}

/// The value if it lies in `min..=max`, else an E016 (limits shown by `show`).
fn in_range(
    diags: &mut Vec<Diagnostic>,
    v: Option<Spanned<u32>>,
    min: u32,
    max: u32,
    what: &str,
    show: &dyn Fn(u32) -> String,
) -> Option<u32> {
    let v = v?;
    if v.value < min || v.value > max {
        let (lo, hi) = (show(min), show(max));
        diags.push(
            Diagnostic::new(
                Code::E016,
                v.span,
                format!("{what} must be between {lo} and {hi}"),
            )
            .with_label("out of range")
            .help(format!("choose a {what} from {lo} to {hi}")),
        );
        return None;
    }
    Some(v.value)
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn kind_word_type(k: &ast::TypeKind) -> &'static str {
    match k {
        ast::TypeKind::Id(_) => "id",
        ast::TypeKind::Enum(_) => "enum",
        ast::TypeKind::Value => "value",
        ast::TypeKind::Entity => "entity",
        ast::TypeKind::Aggregate => "aggregate",
    }
}
