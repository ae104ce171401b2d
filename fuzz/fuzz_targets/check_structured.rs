//! Structure-aware: `arbitrary` builds models from small name pools, so
//! references mostly resolve and the input reaches the validator, the
//! relationship graph and (for valid models) the map and the generator.
#![no_main]

use arbitrary::Arbitrary;
use ddgen::check::{check_sources, Options};
use ddgen::source::SourceMap;
use libfuzzer_sys::fuzz_target;
use std::fmt::Write;

const CTX: [&str; 5] = ["Orders", "Payments", "Shipping", "Identity", "Orders"];
const MSG: [&str; 6] = ["Placed", "Paid", "Ship", "Get", "Cancel", "Placed"];
const TY: [&str; 8] = ["string", "int", "decimal", "OrderId", "Money", "Order", "Payments.Money", "Status"];
const ROLES: [&str; 5] = ["", "[OHS]", "[ACL]", "[CF]", "[OHS, PL]"];
const PATTERNS: [&str; 5] = ["", " : customer-supplier", " : partnership", " : shared-kernel", " : separate-ways"];
const KINDS: [&str; 5] = ["event", "command", "query", "internal event", "event"];
const VIA: [&str; 5] = ["", " via queue", " via http POST \"/x\"", " via http GET \"/x/{id}\"", " via http DELETE \"/y\""];
const ALLOWS: [&str; 4] = ["", "allow W101 \"r\"", "allow W999 \"r\"", "allow E003 \"r\""];

#[derive(Arbitrary, Debug)]
struct Model {
    contexts: Vec<Context>,
    map: Vec<(u8, u8, u8, u8, bool, u8)>,
}

#[derive(Arbitrary, Debug)]
struct Context {
    name: u8,
    implements: bool,
    types: Vec<(u8, Vec<(u8, u8)>)>,
    messages: Vec<Message>,
    uses: Vec<(u8, u8, u8)>,
    allow: u8,
}

#[derive(Arbitrary, Debug)]
struct Message {
    kind: u8,
    name: u8,
    fields: Vec<(u8, u8)>,
    via: u8,
    emits: Option<u8>,
}

fn pick<'a>(pool: &[&'a str], i: u8) -> &'a str {
    pool[i as usize % pool.len()]
}

fuzz_target!(|m: Model| {
    let mut t = String::from("domain D { subdomain S : core }\nteam T\n");
    for c in m.contexts.iter().take(8) {
        let _ = writeln!(t, "context {} {{", pick(&CTX, c.name));
        if c.implements {
            t.push_str(" implements D.S\n owner T\n id OrderId\n enum Status { a, b }\n");
        }
        for (name, fields) in c.types.iter().take(4) {
            let kind = ["value Money", "aggregate Order", "entity Line", "value Other"][*name as usize % 4];
            let fields: Vec<String> = fields.iter().take(4).map(|(f, ty)| format!("f{f}: {}", pick(&TY, *ty))).collect();
            let _ = writeln!(t, " {kind} {{ {} }}", fields.join(", "));
        }
        for msg in c.messages.iter().take(6) {
            let fields: Vec<String> = msg.fields.iter().take(3).map(|(f, ty)| format!("f{f}: {}", pick(&TY, *ty))).collect();
            let kind = pick(&KINDS, msg.kind);
            let clauses = if kind.contains("event") {
                String::new()
            } else {
                let emits = msg.emits.map(|e| format!(" emits {}", pick(&MSG, e))).unwrap_or_default();
                format!("{}{emits}", pick(&VIA, msg.via))
            };
            let _ = writeln!(t, " {kind} {} {{ {} }}{clauses}", pick(&MSG, msg.name), fields.join(", "));
        }
        for (kind, ctx, msg) in c.uses.iter().take(4) {
            let kw = ["subscribe", "calls", "sends"][*kind as usize % 3];
            let _ = writeln!(t, " {kw} {}.{}", pick(&CTX, *ctx), pick(&MSG, *msg));
        }
        let _ = writeln!(t, " {}\n}}", pick(&ALLOWS, c.allow));
    }
    if !m.map.is_empty() {
        t.push_str("map M {\n");
        for (a, b, ra, rb, sym, p) in m.map.iter().take(6) {
            let arrow = if *sym { "<->" } else { "->" };
            let _ = writeln!(t, " {} {} {arrow} {} {}{}", pick(&CTX, *a), pick(&ROLES, *ra), pick(&ROLES, *rb), pick(&CTX, *b), pick(&PATTERNS, *p));
        }
        t.push_str("}\n");
    }
    let mut sources = SourceMap::default();
    sources.add("fuzz.ddd".into(), t);
    let checked = check_sources(sources, Vec::new(), &Options::default());
    if let Some(model) = checked.valid_model() {
        let view = ddgen::map::build(model, &Default::default());
        let _ = ddgen::map::svg::render(&view);
        let _ = ddgen::generate::files(model);
    }
});
