//! The context map as every format draws it: contexts grouped by domain,
//! declared relationships with their roles and patterns, and the
//! relationships the message flow implies. Built once from the model;
//! renderers never look at the model themselves.

use crate::model::{Arrow, Classification, ContextId, Dependency, Model, PartKind, Pattern, Role};
use std::collections::{BTreeMap, BTreeSet};

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct MapOptions {
    /// Only these contexts and their direct neighbours (empty: all).
    pub focus: Vec<ContextId>,
    /// Put message and type names on every edge.
    pub flows: bool,
    /// Draw contexts, or domains with their subdomains and capabilities.
    pub level: Level,
}

/// What the nodes of the map are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    /// One node per bounded context, grouped by domain.
    #[default]
    Context,
    /// One node per subdomain or capability, grouped by domain; edges
    /// aggregate the relationships of the contexts that implement them.
    Domain,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapView {
    pub title: String,
    /// Whether the model declares a `map` (else every edge is derived).
    pub declared_map: bool,
    pub groups: Vec<Group>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl MapView {
    /// Whether some context has this strategic class (for legends).
    pub fn uses_class(&self, class: Option<Classification>) -> bool {
        self.nodes.iter().any(|n| n.class == class)
    }

    /// Whether some edge is implied but missing from a declared map.
    pub fn has_implied(&self) -> bool {
        self.edges.iter().any(|e| e.implied(self))
    }
}

/// A domain, or the group of contexts that implement nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// A stable identifier made of ASCII letters, digits and `_`.
    pub key: String,
    pub name: String,
    pub vision: Option<String>,
    /// Indexes into [`MapView::nodes`], in model order.
    pub nodes: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    pub kind: PartKind,
    pub class: Classification,
}

impl Part {
    /// "Ordering (core subdomain)".
    pub fn describe(&self) -> String {
        let kind = match self.kind {
            PartKind::Subdomain => "subdomain",
            PartKind::Capability => "capability",
        };
        format!("{} ({} {kind})", self.name, self.class.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The context name; unique, an identifier.
    pub name: String,
    pub group: usize,
    pub implements: Vec<Part>,
    /// The most strategic class among what it implements (core first).
    pub class: Option<Classification>,
    pub owner: Option<String>,
    pub vision: Option<String>,
    pub docs: Option<String>,
    pub terms: Vec<(String, String)>,
    /// Published (non-internal) events.
    pub publishes: Vec<String>,
    /// `Context.Event` it subscribes to.
    pub consumes: Vec<String>,
    /// HTTP and queue operations others may use, as `METHOD /path Name` or `queue Name`.
    pub exposes: Vec<String>,
    pub calls: Vec<String>,
    pub sends: Vec<String>,
    /// Named in `--focus` (at domain level: stands for a focused context).
    pub focused: bool,
    /// At domain level, the contexts this node stands for; empty otherwise.
    pub contexts: Vec<String>,
}

impl Node {
    /// What it implements, names joined by ", ".
    pub fn subtitle(&self) -> String {
        self.implements
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    pub arrow: Arrow,
    pub pattern: Option<Pattern>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// For `->` and derived edges the upstream; for `<->` the left side.
    pub from: usize,
    /// The downstream, or the right side of `<->`.
    pub to: usize,
    /// Set for relationships written in the `map`.
    pub declared: Option<Declared>,
    pub from_roles: Vec<Role>,
    pub to_roles: Vec<Role>,
    /// Messages and types flowing along the edge (names; upstream's first).
    pub flows: Vec<String>,
    /// Draw the flow names on the edge.
    pub show_flows: bool,
}

impl Edge {
    /// Implied by the messages but missing from a declared map: drawn dashed.
    pub fn implied(&self, view: &MapView) -> bool {
        self.declared.is_none() && view.declared_map
    }

    pub fn symmetric(&self) -> bool {
        self.declared.is_some_and(|d| d.arrow == Arrow::Symmetric)
    }

    /// Text at the upstream end: "U", "U OHS, PL", "Supplier"; empty for `<->`
    /// and for derived edges.
    pub fn from_badge(&self) -> String {
        badge(self, true)
    }

    /// Text at the downstream end: "D", "D ACL", "Customer"; empty for `<->`.
    pub fn to_badge(&self) -> String {
        badge(self, false)
    }

    /// The edge's own label: the pattern, then flows if shown.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.declared.and_then(|d| d.pattern) {
            parts.push(pattern_title(p).to_string());
        }
        if self.show_flows && !self.flows.is_empty() {
            parts.push(flow_text(&self.flows));
        }
        parts.join(": ")
    }
}

/// At most this many flow names on one edge, then "+N more".
pub const MAX_FLOWS_SHOWN: usize = 4;

fn flow_text(flows: &[String]) -> String {
    let mut s = flows
        .iter()
        .take(MAX_FLOWS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if flows.len() > MAX_FLOWS_SHOWN {
        s.push_str(&format!(" +{} more", flows.len() - MAX_FLOWS_SHOWN));
    }
    s
}

pub fn pattern_title(p: Pattern) -> &'static str {
    match p {
        Pattern::CustomerSupplier => "Customer/Supplier",
        Pattern::Partnership => "Partnership",
        Pattern::SharedKernel => "Shared Kernel",
        Pattern::SeparateWays => "Separate Ways",
    }
}

fn badge(e: &Edge, upstream: bool) -> String {
    // Derived edges carry no roles; their arrow already says which side is upstream.
    if e.symmetric() || e.declared.is_none() {
        return String::new();
    }
    let cs = e.declared.and_then(|d| d.pattern) == Some(Pattern::CustomerSupplier);
    let roles = if upstream { &e.from_roles } else { &e.to_roles };
    let head = match (cs, upstream) {
        (true, true) => "Supplier",
        (true, false) => "Customer",
        (false, true) => "U",
        (false, false) => "D",
    };
    if roles.is_empty() {
        head.to_string()
    } else {
        format!(
            "{head} {}",
            roles
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// ASCII identifier from any name (for DOT, Mermaid and HTML ids).
pub fn key(name: &str) -> String {
    let k: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if k.starts_with(|c: char| c.is_ascii_digit()) || k.is_empty() {
        format!("_{k}")
    } else {
        k
    }
}

fn strongest(parts: &[Part]) -> Option<Classification> {
    [
        Classification::Core,
        Classification::Supporting,
        Classification::Generic,
    ]
    .into_iter()
    .find(|c| parts.iter().any(|p| p.class == *c))
}

fn flow_names(model: &Model, dep: Option<&Dependency>, out: &mut Vec<String>) {
    for f in dep.map(|d| d.flows.as_slice()).unwrap_or(&[]) {
        let name = f.item_name(model).to_string();
        if !out.contains(&name) {
            out.push(name);
        }
    }
}

/// Builds the view of a valid model.
pub fn build(model: &Model, options: &MapOptions) -> MapView {
    // Which contexts to draw.
    let all_edges = edges(model);
    let keep: BTreeSet<ContextId> = if options.focus.is_empty() {
        model.contexts.iter().map(|c| c.id).collect()
    } else {
        let mut k: BTreeSet<ContextId> = options.focus.iter().copied().collect();
        for (a, b, ..) in &all_edges {
            if options.focus.contains(a) {
                k.insert(*b);
            }
            if options.focus.contains(b) {
                k.insert(*a);
            }
        }
        k
    };
    // Groups: domains in model order, then the unassigned.
    let mut groups: Vec<Group> = model
        .domains
        .iter()
        .map(|d| Group {
            key: key(&format!("domain_{}", d.name)),
            name: d.name.clone(),
            vision: d.vision.clone(),
            nodes: Vec::new(),
        })
        .collect();
    let unassigned = groups.len();
    let mut nodes = Vec::new();
    let mut index: BTreeMap<ContextId, usize> = BTreeMap::new();
    for c in model.contexts.iter().filter(|c| keep.contains(&c.id)) {
        let group = c
            .implements
            .first()
            .map(|s| model.subdomain(*s).domain.index())
            .unwrap_or(unassigned);
        if group == unassigned && groups.len() == unassigned {
            groups.push(Group {
                key: "unassigned".into(),
                name: "(no domain)".into(),
                vision: None,
                nodes: Vec::new(),
            });
        }
        let implements: Vec<Part> = c
            .implements
            .iter()
            .map(|s| {
                let s = model.subdomain(*s);
                Part {
                    name: s.name.clone(),
                    kind: s.kind,
                    class: s.class,
                }
            })
            .collect();
        let messages = c.messages.iter().map(|m| model.message(*m));
        let exposes = messages
            .clone()
            .filter_map(|m| match &m.via {
                Some(crate::model::Via::Http { method, path, .. }) => {
                    Some(format!("{} {path} {}", method.as_str(), m.name))
                }
                Some(crate::model::Via::Queue) => Some(format!("queue {}", m.name)),
                None => None,
            })
            .collect();
        let i = nodes.len();
        index.insert(c.id, i);
        groups[group].nodes.push(i);
        nodes.push(Node {
            name: c.name.clone(),
            group,
            class: strongest(&implements),
            implements,
            owner: c.owner.map(|t| model.team(t).name.clone()),
            vision: c.vision.clone(),
            docs: c.docs.clone(),
            terms: c
                .language
                .iter()
                .map(|t| (t.term.clone(), t.definition.clone()))
                .collect(),
            publishes: messages
                .filter(|m| m.is_published_event())
                .map(|m| m.name.clone())
                .collect(),
            consumes: c
                .subscriptions
                .iter()
                .map(|s| model.message_path(model.subscription(*s).event))
                .collect(),
            exposes,
            calls: c
                .calls
                .iter()
                .map(|u| model.message_path(model.use_(*u).target))
                .collect(),
            sends: c
                .sends
                .iter()
                .map(|u| model.message_path(model.use_(*u).target))
                .collect(),
            focused: options.focus.contains(&c.id),
            contexts: Vec::new(),
        });
    }
    // Drop empty domains: a map shows what exists.
    let mut remap = vec![usize::MAX; groups.len()];
    let mut kept_groups = Vec::new();
    for (i, g) in groups.into_iter().enumerate() {
        if !g.nodes.is_empty() {
            remap[i] = kept_groups.len();
            kept_groups.push(g);
        }
    }
    for n in &mut nodes {
        n.group = remap[n.group];
    }
    let edges = all_edges
        .into_iter()
        // With a focus, only the edges that touch a focused context.
        .filter(|(a, b, ..)| {
            keep.contains(a)
                && keep.contains(b)
                && (options.focus.is_empty()
                    || options.focus.contains(a)
                    || options.focus.contains(b))
        })
        .map(|(a, b, declared, from_roles, to_roles, flows)| {
            let show_flows = options.flows || (declared.is_none() && model.map.is_some());
            Edge {
                from: index[&a],
                to: index[&b],
                declared,
                from_roles,
                to_roles,
                flows,
                show_flows,
            }
        })
        .collect();
    let title = match &model.map {
        Some(m) => format!("{} — {}", model.system.name, m.name),
        None => model.system.name.clone(),
    };
    let view = MapView {
        title,
        declared_map: model.map.is_some(),
        groups: kept_groups,
        nodes,
        edges,
    };
    match options.level {
        Level::Context => view,
        Level::Domain => super::domain::aggregate(view),
    }
}

type RawEdge = (
    ContextId,
    ContextId,
    Option<Declared>,
    Vec<Role>,
    Vec<Role>,
    Vec<String>,
);

/// Declared relationships (in map order), then derived dependencies that no
/// declared relationship covers (by upstream, downstream).
fn edges(model: &Model) -> Vec<RawEdge> {
    let mut out = Vec::new();
    let mut covered = BTreeSet::new();
    if let Some(map) = &model.map {
        for r in &map.relationships {
            let mut flows = Vec::new();
            flow_names(model, model.graph.dependency(r.left, r.right), &mut flows);
            flow_names(model, model.graph.dependency(r.right, r.left), &mut flows);
            covered.insert(r.pair());
            out.push((
                r.left,
                r.right,
                Some(Declared {
                    arrow: r.arrow,
                    pattern: r.pattern.map(|p| p.value),
                }),
                r.left_roles.iter().map(|x| x.value).collect(),
                r.right_roles.iter().map(|x| x.value).collect(),
                flows,
            ));
        }
    }
    for dep in model.graph.dependencies() {
        let pair = (
            dep.upstream.min(dep.downstream),
            dep.upstream.max(dep.downstream),
        );
        if covered.contains(&pair) {
            continue;
        }
        let mut flows = Vec::new();
        flow_names(model, Some(dep), &mut flows);
        out.push((
            dep.upstream,
            dep.downstream,
            None,
            Vec::new(),
            Vec::new(),
            flows,
        ));
    }
    out
}

/// Fill colours by strategic class, the same in every format.
pub fn class_colour(class: Option<Classification>) -> (&'static str, &'static str) {
    // (fill, stroke)
    match class {
        Some(Classification::Core) => ("#fde2cf", "#c2410c"),
        Some(Classification::Supporting) => ("#dbeafe", "#1d4ed8"),
        Some(Classification::Generic) => ("#e5e7eb", "#4b5563"),
        None => ("#ffffff", "#6b7280"),
    }
}
