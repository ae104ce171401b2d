//! `ast::File` → layout tree. With the source text behind the tree, literals
//! (strings, numbers, durations, rates) keep the spelling the user chose and
//! the brace pairs of the trivia tell where each block is; without it (an
//! imported model), everything is spelled canonically.

use super::tree::{Block, Node};
use crate::source::Span;
use crate::syntax::ast::*;
use crate::syntax::trivia::Trivia;

pub struct Build<'a> {
    pub src: Option<&'a str>,
    pub trivia: Option<&'a Trivia>,
}

/// Which kind of block, for the layout rules.
#[derive(Clone, Copy)]
enum Kind {
    /// May stay inline when written so and short enough.
    Inline,
    /// Always one item per line.
    Lines,
}

fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn duration(ms: u32) -> String {
    if ms != 0 && ms % 60_000 == 0 {
        format!("{}m", ms / 60_000)
    } else if ms != 0 && ms % 1000 == 0 {
        format!("{}s", ms / 1000)
    } else {
        format!("{ms}ms")
    }
}

pub fn type_expr(t: &TypeExpr) -> String {
    match &t.kind {
        TypeExprKind::Named(p) => p.text(),
        TypeExprKind::List(a) => format!("list<{}>", type_expr(a)),
        TypeExprKind::Map(a) => format!("map<{}>", type_expr(a)),
        TypeExprKind::Optional(a) => format!("{}?", type_expr(a)),
    }
}

fn roles(rs: &[Spanned<Role>]) -> String {
    let words: Vec<&str> = rs.iter().map(|r| r.value.as_str()).collect();
    format!("[{}]", words.join(", "))
}

impl<'a> Build<'a> {
    pub(super) fn string(&self, s: &Str) -> String {
        match self.raw(s.span) {
            Some(r) if r.starts_with('"') => r.to_string(),
            _ => quote(&s.value),
        }
    }

    fn lit(&self, span: Span, canonical: impl FnOnce() -> String) -> String {
        match self.raw(span) {
            Some(r) if !r.is_empty() => r.to_string(),
            _ => canonical(),
        }
    }

    pub(super) fn node(&self, span: Span, head: String, docs: &Option<String>) -> Node {
        let span = self.trim_end(span);
        let mut n = Node::new(span, head);
        if self.src.is_none() {
            if let Some(d) = docs {
                n.docs = d.split('\n').map(str::to_string).collect();
            }
        }
        n.blank_before = self.blank_before(span.start);
        n
    }

    fn block(&self, within: Span, kind: Kind, required: bool, children: Vec<Node>) -> Block {
        let braces = self.trivia.and_then(|t| {
            let i = t.braces.partition_point(|b| b.start < within.start);
            t.braces.get(i).filter(|b| b.start < within.end).copied()
        });
        let written_inline = match (braces, self.src) {
            (Some(b), Some(src)) => !src[b.range()].contains('\n'),
            (None, Some(_)) => false,
            (_, None) => true,
        };
        let mut b = Block {
            braces,
            required,
            inline_ok: matches!(kind, Kind::Inline),
            written_inline,
            children,
            ..Block::default()
        };
        b.sort();
        b
    }

    fn setting(&self, name: &str, value: Span, text: String) -> Node {
        let span = self.with_keyword(value);
        self.node(span, format!("{name} {text}"), &None)
    }

    fn number(&self, name: &str, v: &Option<Spanned<u32>>, out: &mut Vec<Node>) {
        if let Some(v) = v {
            let text = self.lit(v.span, || v.value.to_string());
            out.push(self.setting(name, v.span, text));
        }
    }

    fn duration(&self, name: &str, v: &Option<Spanned<u32>>, out: &mut Vec<Node>) {
        if let Some(v) = v {
            let text = self.lit(v.span, || duration(v.value));
            out.push(self.setting(name, v.span, text));
        }
    }

    fn vision(&self, v: &Option<Str>, out: &mut Vec<Node>) {
        if let Some(v) = v {
            out.push(self.setting("vision", v.span, self.string(v)));
        }
    }

    pub fn file(&self, f: &File) -> Block {
        let mut top = Vec::new();
        for s in &f.systems {
            top.push(self.system(s));
        }
        for d in &f.domains {
            top.push(self.domain(d));
        }
        for t in &f.teams {
            top.push(self.team(t));
        }
        for c in &f.contexts {
            top.push(self.context(c));
        }
        for m in &f.maps {
            top.push(self.map(m));
        }
        let mut root = Block {
            children: top,
            ..Block::default()
        };
        root.sort();
        if self.src.is_none() {
            for n in root.children.iter_mut().skip(1) {
                n.blank_before = true;
            }
        }
        for a in &f.allows {
            self.place_allow(&mut root, a);
        }
        root
    }

    fn system(&self, s: &System) -> Node {
        let mut n = self.node(s.span, format!("system {}", s.name.name), &s.docs);
        let mut items = Vec::new();
        if let Some(b) = &s.broker {
            let word = match b.value {
                Broker::Sns => "sns",
                Broker::EventBridge => "eventbridge",
            };
            items.push(self.setting("broker", b.span, word.to_string()));
        }
        if let Some(p) = &s.python {
            items.push(self.setting("python", p.span, self.string(p)));
        }
        if let Some(a) = &s.architecture {
            items.push(self.setting("architecture", a.span, a.value.word().to_string()));
        }
        n.block = Some(self.block(s.span, Kind::Inline, false, items));
        n
    }

    fn team(&self, t: &Team) -> Node {
        let mut n = self.node(t.span, format!("team {}", t.name.name), &t.docs);
        let mut items = Vec::new();
        if let Some(c) = &t.contact {
            items.push(self.setting("contact", c.span, self.string(c)));
        }
        n.block = Some(self.block(t.span, Kind::Inline, false, items));
        n
    }

    fn domain(&self, d: &Domain) -> Node {
        let mut n = self.node(d.span, format!("domain {}", d.name.name), &d.docs);
        let mut items = Vec::new();
        self.vision(&d.vision, &mut items);
        for s in &d.parts {
            items.push(self.subdomain(s));
        }
        n.block = Some(self.block(d.span, Kind::Lines, false, items));
        n
    }

    fn subdomain(&self, s: &Subdomain) -> Node {
        let kw = match s.kind {
            PartKind::Subdomain => "subdomain",
            PartKind::Capability => "capability",
        };
        let mut head = format!("{kw} {}", s.name.name);
        if let Some(c) = &s.class {
            head.push_str(" : ");
            head.push_str(c.value.as_str());
        }
        let mut n = self.node(s.span, head, &s.docs);
        let mut items = Vec::new();
        self.vision(&s.vision, &mut items);
        n.block = Some(self.block(s.span, Kind::Inline, false, items));
        n
    }

    fn context(&self, c: &Context) -> Node {
        let mut n = self.node(c.span, format!("context {}", c.name.name), &c.docs);
        // Each member with its group (the header lines, language, types,
        // messages, subscriptions, calls and sends, deploy): without source,
        // a blank line separates groups.
        let mut items: Vec<(u8, Node)> = Vec::new();
        let mut add =
            |group: u8, nodes: Vec<Node>| items.extend(nodes.into_iter().map(|n| (group, n)));
        let mut head = Vec::new();
        self.implements(&c.implements, &mut head);
        if let Some(o) = &c.owner {
            head.push(self.setting("owner", o.span, o.name.clone()));
        }
        self.vision(&c.vision, &mut head);
        if let Some(s) = &c.store {
            let word = match s.value {
                Store::DynamoDb => "dynamodb",
                Store::None => "none",
            };
            head.push(self.setting("store", s.span, word.to_string()));
        }
        add(0, head);
        let mut language = Vec::new();
        self.language(c, &mut language);
        add(1, language);
        add(2, c.types.iter().map(|t| self.type_decl(t)).collect());
        add(3, c.messages.iter().map(|m| self.message(m)).collect());
        add(
            4,
            c.subscriptions.iter().map(|s| self.subscribe(s)).collect(),
        );
        let calls = c
            .calls
            .iter()
            .map(|p| self.setting("calls", p.span, p.text()));
        let sends = c
            .sends
            .iter()
            .map(|p| self.setting("sends", p.span, p.text()));
        add(5, calls.chain(sends).collect());
        add(6, c.deploy.iter().map(|d| self.deploy(d)).collect());
        if self.src.is_none() {
            items.sort_by_key(|(_, n)| (n.span.file, n.span.start));
            for i in 1..items.len() {
                if items[i].0 != items[i - 1].0 {
                    items[i].1.blank_before = true;
                }
            }
        }
        let items = items.into_iter().map(|(_, n)| n).collect();
        n.block = Some(self.block(c.span, Kind::Lines, true, items));
        n
    }

    /// Paths written in one `implements A, B` stay on one line; without
    /// source, adjacent paths share one.
    fn implements(&self, paths: &[Path], out: &mut Vec<Node>) {
        let mut groups: Vec<Vec<&Path>> = Vec::new();
        for p in paths {
            let joined = match (groups.last().and_then(|g| g.last()), self.src) {
                (Some(prev), Some(src)) => src
                    .get(prev.span.end as usize..p.span.start as usize)
                    .is_some_and(|gap| gap.trim_matches([' ', '\t']) == ","),
                (Some(_), None) => true,
                (None, _) => false,
            };
            match groups.last_mut() {
                Some(g) if joined => g.push(p),
                _ => groups.push(vec![p]),
            }
        }
        for g in groups {
            let first = g[0].span;
            let last = g[g.len() - 1].span;
            let text: Vec<String> = g.iter().map(|p| p.text()).collect();
            let span = Span {
                end: last.end,
                ..first
            };
            out.push(self.setting("implements", span, text.join(", ")));
        }
    }

    fn term(&self, t: &Term) -> Node {
        let term = match self.raw(t.term.span) {
            Some(r) if !r.is_empty() => r.to_string(),
            _ if is_ident(&t.term.value) => t.term.value.clone(),
            _ => quote(&t.term.value),
        };
        let head = format!("{term} = {}", self.string(&t.definition));
        self.node(t.span, head, &t.docs)
    }

    /// `language { }` blocks: with source, one node per block written, each
    /// term in the block it was written in; without, one block.
    fn language(&self, c: &Context, out: &mut Vec<Node>) {
        let blocks: Vec<Span> = self
            .trivia
            .map(|t| {
                let i = t
                    .language_blocks
                    .partition_point(|b| b.start < c.span.start);
                t.language_blocks[i..]
                    .iter()
                    .take_while(|b| b.end <= c.span.end)
                    .copied()
                    .collect()
            })
            .unwrap_or_default();
        if blocks.is_empty() {
            if !c.language.is_empty() {
                let terms = c.language.iter().map(|t| self.term(t)).collect();
                let span = c.language[0].span;
                let mut n = self.node(span, "language".to_string(), &None);
                n.block = Some(self.block(span, Kind::Lines, true, terms));
                out.push(n);
            }
            return;
        }
        for b in &blocks {
            let terms = c
                .language
                .iter()
                .filter(|t| b.contains(t.span))
                .map(|t| self.term(t))
                .collect();
            let mut n = self.node(*b, "language".to_string(), &None);
            n.block = Some(self.block(*b, Kind::Lines, true, terms));
            out.push(n);
        }
        // A term outside every block found (which the trivia pass should
        // make impossible) still gets printed, in a block of its own.
        for t in c
            .language
            .iter()
            .filter(|t| !blocks.iter().any(|b| b.contains(t.span)))
        {
            let mut n = self.node(t.span, "language".to_string(), &None);
            n.block = Some(self.block(t.span, Kind::Lines, true, vec![self.term(t)]));
            out.push(n);
        }
    }

    fn type_decl(&self, t: &TypeDecl) -> Node {
        let (kw, block) = match &t.kind {
            TypeKind::Id(base) => {
                let base = match base {
                    IdBase::Uuid => "uuid",
                    IdBase::String => "string",
                    IdBase::Int => "int",
                };
                let explicit =
                    *base != *"uuid" || self.raw(t.span).is_some_and(|r| r.contains(':'));
                let mut head = format!("id {}", t.name.name);
                if explicit {
                    head.push_str(": ");
                    head.push_str(base);
                }
                return self.node(t.span, head, &t.docs);
            }
            TypeKind::Enum(vs) => {
                let items = vs
                    .iter()
                    .map(|v| self.node(v.name.span, v.name.name.clone(), &v.docs))
                    .collect();
                ("enum", self.block(t.span, Kind::Inline, true, items))
            }
            TypeKind::Value => ("value", self.fields(t.span, &t.fields, true)),
            TypeKind::Entity => ("entity", self.fields(t.span, &t.fields, true)),
            TypeKind::Aggregate => ("aggregate", self.aggregate_body(t)),
        };
        let mut n = self.node(t.span, format!("{kw} {}", t.name.name), &t.docs);
        n.block = Some(block);
        n
    }

    fn fields(&self, within: Span, fields: &[Field], required: bool) -> Block {
        let items = self.field_nodes(fields);
        self.block(within, Kind::Inline, required, items)
    }

    fn field_nodes(&self, fields: &[Field]) -> Vec<Node> {
        fields
            .iter()
            .map(|f| {
                let head = format!("{}: {}", f.name.name, type_expr(&f.ty));
                self.node(f.span, head, &f.docs)
            })
            .collect()
    }

    /// An aggregate's fields and `index` lines, in the order written.
    fn aggregate_body(&self, t: &TypeDecl) -> Block {
        let mut items = self.field_nodes(&t.fields);
        for i in &t.indexes {
            let keys: Vec<&str> = i.fields.iter().map(|f| f.name.as_str()).collect();
            let head = format!("index {}({})", i.name.name, keys.join(", "));
            items.push(self.node(i.span, head, &i.docs));
        }
        self.block(t.span, Kind::Inline, true, items)
    }

    fn message(&self, m: &Message) -> Node {
        let mut head = String::new();
        if m.internal && m.kind == MessageKind::Event {
            head.push_str("internal ");
        }
        head.push_str(m.kind.as_str());
        head.push(' ');
        head.push_str(&m.name.name);
        let mut n = self.node(m.span, head, &m.docs);
        n.block = Some(self.fields(m.span, &m.fields, false));
        if let Some(r) = &m.returns {
            n.clauses.push(format!("returns {}", type_expr(r)));
        }
        // `public` reads as part of the route (`via http POST "/x" public`),
        // so it stays on the `via` line.
        let public = if m.public.is_some() { " public" } else { "" };
        if let Some(v) = &m.via {
            n.clauses.push(match &v.value {
                Via::Http { method, path } => {
                    format!(
                        "via http {} {}{public}",
                        method.value.as_str(),
                        self.string(path)
                    )
                }
                Via::Queue => format!("via queue{public}"),
            });
        } else if m.public.is_some() {
            n.clauses.push("public".to_string());
        }
        if let Some(s) = &m.schedule {
            n.clauses.push(match &s.spec {
                ScheduleSpec::Rate(r) => format!("every {r}"),
                ScheduleSpec::Expression(e) => format!("every {}", self.string(e)),
            });
        }
        if !m.emits.is_empty() {
            let names: Vec<String> = m.emits.iter().map(|p| p.text()).collect();
            n.clauses.push(format!("emits {}", names.join(", ")));
        }
        n
    }

    fn subscribe(&self, s: &Subscribe) -> Node {
        let mut n = self.node(s.span, format!("subscribe {}", s.target.text()), &None);
        let mut items = Vec::new();
        self.number("batch", &s.batch, &mut items);
        self.duration("window", &s.window_ms, &mut items);
        self.number("retries", &s.retries, &mut items);
        n.block = Some(self.block(s.span, Kind::Inline, false, items));
        n
    }

    fn deploy(&self, d: &Deploy) -> Node {
        let mut n = self.node(d.span, "deploy".to_string(), &None);
        let mut items = Vec::new();
        self.number("memory", &d.memory, &mut items);
        self.duration("timeout", &d.timeout_ms, &mut items);
        self.number("concurrency", &d.concurrency, &mut items);
        if let Some(v) = &d.throttle {
            let text = self.lit(v.span, || format!("{}/s", v.value));
            items.push(self.setting("throttle", v.span, text));
        }
        self.number("burst", &d.burst, &mut items);
        n.block = Some(self.block(d.span, Kind::Inline, true, items));
        n
    }

    fn map(&self, m: &Map) -> Node {
        let mut n = self.node(m.span, format!("map {}", m.name.name), &m.docs);
        let items = m
            .relationships
            .iter()
            .map(|r| {
                let mut s = r.left.name.clone();
                if !r.left_roles.is_empty() {
                    s.push(' ');
                    s.push_str(&roles(&r.left_roles));
                }
                s.push_str(match r.arrow.value {
                    Arrow::Directed => " -> ",
                    Arrow::Symmetric => " <-> ",
                });
                if !r.right_roles.is_empty() {
                    s.push_str(&roles(&r.right_roles));
                    s.push(' ');
                }
                s.push_str(&r.right.name);
                if let Some(p) = &r.pattern {
                    s.push_str(" : ");
                    s.push_str(p.value.as_str());
                }
                self.node(r.span, s, &r.docs)
            })
            .collect();
        n.block = Some(self.block(m.span, Kind::Lines, true, items));
        n
    }
}

fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}
