//! The importer's view of every input file → one `ast::File` per file:
//! domains, teams (`type TEAM` contexts), contexts and the map. Names are
//! planned for all contexts first, so references across contexts and files
//! resolve the same whatever the order.

use super::context::{self, ident, path, Here, World};
use super::cst::{self, BoundedContext, CmlFile};
use super::plan::{self, Plan};
use super::relations;
use super::report;
use super::types::{self, Transport};
use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::ast::{self, Classification, PartKind};
use std::collections::{HashMap, HashSet};

pub fn is_team(bc: &BoundedContext) -> bool {
    bc.setting("type")
        .is_some_and(|s| s.values.first().is_some_and(|v| v == "TEAM"))
}

fn str_of(s: &cst::Setting) -> ast::Str {
    ast::Str {
        value: s.joined(),
        span: s.span,
    }
}

/// Lowers every file (in `files` order, which is `SourceMap` order).
pub fn lower(files: &[(FileId, CmlFile)], diags: &mut Vec<Diagnostic>) -> Vec<ast::File> {
    let mut trees: Vec<ast::File> = files.iter().map(|_| ast::File::default()).collect();
    let slot = |f: FileId| files.iter().position(|(id, _)| *id == f).unwrap_or(0);

    // Contexts and teams, first declaration of a name wins.
    let mut contexts: Vec<(FileId, &BoundedContext)> = Vec::new();
    let mut teams: Vec<(FileId, &BoundedContext)> = Vec::new();
    let mut seen = HashSet::new();
    for (f, file) in files {
        for bc in &file.contexts {
            let Some(name) = &bc.name else { continue };
            let team = is_team(bc);
            if !seen.insert((team, name.text.clone())) {
                diags.push(report::not_carried_because(
                    name.span,
                    &format!("a second declaration of `{}`", name.text),
                    "the first declaration of the name is imported",
                ));
                continue;
            }
            if team {
                teams.push((*f, bc));
            } else {
                contexts.push((*f, bc));
            }
        }
    }
    let context_names: HashSet<&str> = contexts.iter().map(|(_, b)| b.name()).collect();
    let team_names: HashSet<&str> = teams.iter().map(|(_, b)| b.name()).collect();

    // Domains.
    let mut subdomains: HashMap<String, Vec<(String, String)>> = HashMap::new();
    let mut domain_names = HashSet::new();
    for (f, file) in files {
        for d in &file.domains {
            if !domain_names.insert(d.name.text.clone()) {
                diags.push(report::not_carried_because(
                    d.name.span,
                    &format!("a second domain `{}`", d.name.text),
                    "the first declaration of the name is imported",
                ));
                continue;
            }
            let dom = domain(d, diags);
            for s in &dom.parts {
                subdomains
                    .entry(s.name.name.clone())
                    .or_default()
                    .push((dom.name.name.clone(), s.name.name.clone()));
            }
            trees[slot(*f)].domains.push(dom);
        }
    }

    // The map, before the contexts: it decides which references may cross.
    let maps: Vec<&cst::ContextMap> = files.iter().flat_map(|(_, f)| f.maps.iter()).collect();
    let rel = relations::lower(&maps, &context_names, &team_names, diags);

    // Teams and the contexts they realize.
    let mut owners: HashMap<String, ast::Ident> = HashMap::new();
    for (f, bc) in &teams {
        let name = bc.name.as_ref().expect("named");
        let mut docs: Vec<String> = bc.docs.iter().cloned().collect();
        if let Some(v) = bc.setting("domainVisionStatement") {
            docs.push(v.joined());
        }
        if !bc.implements.is_empty() {
            let names: Vec<&str> = bc.implements.iter().map(|n| n.text.as_str()).collect();
            docs.push(format!("Works on {}.", names.join(", ")));
        }
        for r in &bc.realizes {
            if !context_names.contains(r.text.as_str()) {
                diags.push(report::unknown_context(r.span, &r.text));
            } else if owners.contains_key(&r.text) {
                diags.push(report::not_carried_because(
                    r.span,
                    &format!("a second team realizing `{}`", r.text),
                    "a ddgen context has one owner team; the first is kept",
                ));
            } else {
                owners.insert(r.text.clone(), ident(&name.text, r.span));
            }
        }
        trees[slot(*f)].teams.push(ast::Team {
            name: ident(&name.text, name.span),
            docs: (!docs.is_empty()).then(|| docs.join("\n")),
            contact: None,
            span: bc.span,
        });
    }

    // Technologies each context is reached by: the relationships where it
    // is upstream, then its own.
    let mut tech: HashMap<&str, Vec<String>> = HashMap::new();
    for m in &maps {
        for r in m.relationships.iter().filter(|r| !r.is_broken()) {
            let meaning = relations::meaning(r);
            if let Some(t) = cst::setting(&r.settings, "implementationTechnology") {
                // The upstream of `->`; both sides of a symmetric relationship.
                for side in [&r.left, &r.right] {
                    let upstream = side.text == meaning.left;
                    if upstream || meaning.arrow == ast::Arrow::Symmetric {
                        tech.entry(side.text.as_str()).or_default().push(t.joined());
                    }
                }
            }
        }
    }

    let mut plans: HashMap<String, Plan> = HashMap::new();
    let order: Vec<String> = contexts.iter().map(|(_, b)| b.name().to_string()).collect();
    for (_, bc) in &contexts {
        plans.insert(bc.name().to_string(), plan::plan(bc, diags));
    }
    let (type_index, event_index) = World::index(&plans, &order);
    // HTTP paths are `/context/message`: a context whose kebab-case name
    // another already has (`Claims`, `claims`) gets a numbered prefix (E007).
    let mut prefixes: HashSet<String> = HashSet::new();
    for (f, bc) in &contexts {
        let mut techs = tech.get(bc.name()).cloned().unwrap_or_default();
        techs.extend(bc.setting("implementationTechnology").map(|s| s.joined()));
        let transport = techs
            .iter()
            .find_map(|t| types::transport(t))
            .unwrap_or(Transport::Http);
        let own = plans.remove(bc.name()).expect("planned");
        let world = World {
            plans: &plans,
            types: &type_index,
            events: &event_index,
            map: &rel,
        };
        let mut here = Here::new(own, bc);
        let mut types = context::type_decls(&world, &mut here, diags);
        let base = types::kebab(bc.name());
        let mut prefix = base.clone();
        let mut n = 2;
        while !prefixes.insert(prefix.clone()) {
            prefix = format!("{base}-{n}");
            n += 1;
        }
        let messages = super::messages::lower(&world, &mut here, transport, prefix, diags);
        types.extend(here.placeholder_decls());
        let mut ctx = header(
            bc,
            &subdomains,
            &domain_names,
            &team_names,
            &mut owners,
            diags,
        );
        ctx.types = types;
        ctx.messages = messages.list;
        ctx.subscriptions = messages.subscriptions;
        trees[slot(*f)].contexts.push(ctx);
        plans.insert(bc.name().to_string(), here.plan);
    }
    if let Some((f, map)) = rel.map {
        trees[slot(f)].maps.push(map);
    }
    super::cycles::break_cycles(&mut trees, diags);
    trees
}

fn domain(d: &cst::Domain, diags: &mut Vec<Diagnostic>) -> ast::Domain {
    let mut parts = Vec::new();
    let mut seen = HashSet::new();
    for s in &d.subdomains {
        if !seen.insert(s.name.text.clone()) {
            diags.push(report::not_carried_because(
                s.name.span,
                &format!("a second subdomain `{}`", s.name.text),
                "the first declaration of the name is imported",
            ));
            continue;
        }
        let class = cst::setting(&s.settings, "type").and_then(|t| {
            let value = match t.joined().as_str() {
                "CORE_DOMAIN" => Classification::Core,
                "SUPPORTING_DOMAIN" => Classification::Supporting,
                "GENERIC_SUBDOMAIN" => Classification::Generic,
                _ => return None,
            };
            Some(ast::Spanned {
                value,
                span: t.span,
            })
        });
        let mut docs: Vec<String> = s.docs.iter().cloned().collect();
        if !s.supports.is_empty() {
            let names: Vec<&str> = s.supports.iter().map(|n| n.text.as_str()).collect();
            docs.push(format!("Supports {}.", names.join(", ")));
        }
        docs.extend(other_settings(
            &s.settings,
            &["type", "domainVisionStatement"],
        ));
        parts.push(ast::Subdomain {
            kind: PartKind::Subdomain,
            name: ident(&s.name.text, s.name.span),
            class,
            docs: (!docs.is_empty()).then(|| docs.join("\n")),
            vision: cst::setting(&s.settings, "domainVisionStatement").map(str_of),
            span: s.span,
        });
    }
    let mut docs: Vec<String> = d.docs.iter().cloned().collect();
    docs.extend(other_settings(&d.settings, &["domainVisionStatement"]));
    ast::Domain {
        name: ident(&d.name.text, d.name.span),
        docs: (!docs.is_empty()).then(|| docs.join("\n")),
        vision: cst::setting(&d.settings, "domainVisionStatement").map(str_of),
        parts,
        span: d.span,
    }
}

/// Settings ddgen has no field for, as documentation lines.
fn other_settings(settings: &[cst::Setting], except: &[&str]) -> Vec<String> {
    settings
        .iter()
        .filter(|s| !except.contains(&s.key.text.as_str()))
        .map(|s| {
            let key = match s.key.text.as_str() {
                "type" => "Context Mapper type",
                "responsibilities" => "Responsibilities",
                "implementationTechnology" => "Implementation technology",
                "knowledgeLevel" => "Knowledge level",
                "businessModel" => "Business model",
                "evolution" => "Evolution",
                other => other,
            };
            format!("{key}: {}.", s.joined())
        })
        .collect()
}

/// The context's own settings: docs, vision, implements, owner.
fn header(
    bc: &BoundedContext,
    subdomains: &HashMap<String, Vec<(String, String)>>,
    domains: &HashSet<String>,
    teams: &HashSet<&str>,
    owners: &mut HashMap<String, ast::Ident>,
    diags: &mut Vec<Diagnostic>,
) -> ast::Context {
    let name = bc.name.as_ref().expect("named");
    let mut docs: Vec<String> = bc.docs.iter().cloned().collect();
    docs.extend(other_settings(&bc.settings, &["domainVisionStatement"]));
    for m in &bc.modules {
        diags.push(report::not_carried_because(
            m.span,
            &format!("module `{}`", m.text),
            "ddgen has no modules; the module's aggregates and objects are imported into the context",
        ));
    }
    for r in &bc.refines {
        diags.push(report::not_carried_because(
            r.span,
            &format!("`refines {}`", r.text),
            "ddgen contexts do not refine one another",
        ));
    }
    for agg in &bc.aggregates {
        if plan::root_of(agg).is_none() {
            if let Some(n) = &agg.name {
                let mut line = format!(
                    "Context Mapper aggregate `{}` (without a root entity)",
                    n.text
                );
                for s in agg.settings.iter().filter(|s| s.key.text != "owner") {
                    line.push_str(&format!("; {}: {}", s.key.text, s.joined()));
                }
                docs.push(format!("{line}."));
            }
        }
    }
    let mut implements = Vec::new();
    for i in &bc.implements {
        match subdomains.get(&i.text).map(|v| v.as_slice()) {
            Some([(d, s), ..]) => implements.push(path(&[d, s], i.span)),
            _ if domains.contains(&i.text) => diags.push(report::not_carried_because(
                i.span,
                &format!("`implements {}` (a whole domain)", i.text),
                "a ddgen context implements subdomains; name the subdomains it implements",
            )),
            _ => diags.push(report::not_carried_because(
                i.span,
                &format!(
                    "`implements {}`, which names no subdomain of the imported files,",
                    i.text
                ),
                "import the file that declares the subdomain too",
            )),
        }
    }
    let mut owner = owners.remove(&name.text);
    for agg in &bc.aggregates {
        let Some(o) = cst::setting(&agg.settings, "owner") else {
            continue;
        };
        let team = o.joined();
        if !teams.contains(team.as_str()) {
            diags.push(report::not_carried_because(
                o.span,
                &format!("owner `{team}`, which names no team (`type TEAM`),"),
                "declare the team as `BoundedContext {team} { type TEAM }`",
            ));
        } else if owner.is_none() {
            owner = Some(ident(&team, o.span));
        } else if owner.as_ref().is_some_and(|x| x.name != team) {
            diags.push(report::not_carried_because(
                o.span,
                &format!("aggregate owner `{team}`"),
                "a ddgen context has one owner team: the first owner named (or the team that realizes the context) is kept",
            ));
        }
    }
    ast::Context {
        name: ident(&name.text, name.span),
        docs: (!docs.is_empty()).then(|| docs.join("\n")),
        implements,
        owner,
        vision: bc.setting("domainVisionStatement").map(str_of),
        store: None,
        language: Vec::new(),
        types: Vec::new(),
        messages: Vec::new(),
        subscriptions: Vec::new(),
        calls: Vec::new(),
        sends: Vec::new(),
        deploy: None,
        span: bc.span,
    }
}
