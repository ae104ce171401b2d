//! Rules on the declared context map, alone (E009, W111) and against the
//! derived relationship graph (E011, E015, W105, W106, W107).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use std::collections::{BTreeMap, HashMap};

/// How many flows a diagnostic shows as labels before summarising.
const SHOWN_FLOWS: usize = 3;

pub fn check(model: &Model, diags: &mut Vec<Diagnostic>) {
    let Some(map) = &model.map else { return };
    let mut declared: HashMap<(ContextId, ContextId), &DeclaredRelationship> = HashMap::new();
    for r in &map.relationships {
        if !well_formed(model, r, &mut declared, diags) {
            continue;
        }
        against_flow(model, r, diags);
    }
    undeclared(model, map, &declared, diags);
}

fn e009(span: crate::source::Span, message: impl Into<String>, help: &str) -> Diagnostic {
    Diagnostic::new(Code::E009, span, message)
        .with_label("invalid here")
        .help(help.to_string())
}

/// E009 and W111. Returns whether the relationship can be compared with the flow.
fn well_formed<'m>(
    model: &Model,
    r: &'m DeclaredRelationship,
    declared: &mut HashMap<(ContextId, ContextId), &'m DeclaredRelationship>,
    diags: &mut Vec<Diagnostic>,
) -> bool {
    if r.left == r.right {
        diags.push(e009(
            r.span,
            format!("`{}` is related to itself", model.context(r.left).name),
            "a relationship joins two different contexts",
        ));
        return false;
    }
    if let Some(first) = declared.get(&r.pair()) {
        diags.push(
            e009(
                r.span,
                format!(
                    "`{}` and `{}` are related twice",
                    model.context(r.left).name,
                    model.context(r.right).name
                ),
                "declare one relationship per pair of contexts",
            )
            .secondary(first.span, "first declared here"),
        );
        return false;
    }
    declared.insert(r.pair(), r);
    let before = diags.len();
    let customer_supplier = r
        .pattern
        .is_some_and(|p| p.value == Pattern::CustomerSupplier);
    match r.arrow {
        Arrow::Symmetric => {
            if let Some(role) = r.roles().next() {
                diags.push(e009(
                    role.span,
                    format!(
                        "role `{}` on a symmetric `<->` relationship",
                        role.value.as_str()
                    ),
                    "roles belong to an upstream/downstream `->`; `<->` takes a pattern only",
                ));
            }
            match r.pattern {
                None => diags.push(e009(
                    r.arrow_span,
                    "`<->` without a pattern",
                    "say what the symmetric relationship is: `: partnership`, `: shared-kernel` or `: separate-ways`",
                )),
                Some(p) if p.value == Pattern::CustomerSupplier => diags.push(e009(
                    p.span,
                    "`customer-supplier` on a symmetric `<->`",
                    "customer-supplier has a direction: write `Supplier -> Customer : customer-supplier`",
                )),
                Some(_) => {}
            }
        }
        Arrow::Directed => {
            if let Some(p) = r.pattern.filter(|p| p.value != Pattern::CustomerSupplier) {
                diags.push(e009(
                    p.span,
                    format!("`{}` on a directed `->`", p.value.as_str()),
                    "partnership, shared-kernel and separate-ways are symmetric: write `A <-> B : pattern`",
                ));
            }
            for role in &r.left_roles {
                if !role.value.is_upstream() {
                    diags.push(e009(
                        role.span,
                        format!(
                            "downstream role `{}` on the upstream side",
                            role.value.as_str()
                        ),
                        "ACL and CF belong next to the downstream context, right of `->`",
                    ));
                }
            }
            for role in &r.right_roles {
                if role.value.is_upstream() {
                    diags.push(e009(
                        role.span,
                        format!(
                            "upstream role `{}` on the downstream side",
                            role.value.as_str()
                        ),
                        "OHS and PL belong next to the upstream context, left of `->`",
                    ));
                }
            }
            if r.has_role(Role::Acl) && r.has_role(Role::Cf) {
                let cf = r
                    .roles()
                    .find(|x| x.value == Role::Cf)
                    .map(|x| x.span)
                    .unwrap_or(r.span);
                diags.push(e009(
                    cf,
                    "ACL and CF together",
                    "a downstream either conforms (CF) or translates (ACL), not both",
                ));
            }
            if customer_supplier {
                for role in r
                    .roles()
                    .filter(|x| matches!(x.value, Role::Ohs | Role::Cf))
                {
                    diags.push(e009(
                        role.span,
                        format!("`{}` on a customer-supplier relationship", role.value.as_str()),
                        "in customer-supplier the supplier serves a known customer (no open host) and the customer negotiates (does not conform)",
                    ));
                }
                if let Some(acl) = r.roles().find(|x| x.value == Role::Acl) {
                    diags.push(
                        Diagnostic::new(Code::W111, acl.span, "ACL on a customer-supplier relationship")
                            .with_label("anticorruption layer")
                            .help("the customer can ask its supplier for the model it needs; is the translation layer worth its cost?"),
                    );
                }
            }
        }
    }
    !diags[before..].iter().any(|d| d.code == Code::E009)
}

fn flow_list(model: &Model, dep: &Dependency) -> String {
    let mut items: Vec<String> = dep
        .flows
        .iter()
        .take(SHOWN_FLOWS)
        .map(|f| f.describe(model))
        .collect();
    if dep.flows.len() > SHOWN_FLOWS {
        items.push(format!("{} more", dep.flows.len() - SHOWN_FLOWS));
    }
    items.join(", ")
}

fn with_flows(mut d: Diagnostic, model: &Model, dep: &Dependency, skip_first: bool) -> Diagnostic {
    let down = &model.context(dep.downstream).name;
    for f in dep
        .flows
        .iter()
        .skip(usize::from(skip_first))
        .take(SHOWN_FLOWS)
    {
        d = d.secondary(
            f.span,
            format!("`{down}` uses `{}` here", f.item_name(model)),
        );
    }
    d
}

/// E011, E015, W106, W107 for one well-formed relationship.
fn against_flow(model: &Model, r: &DeclaredRelationship, diags: &mut Vec<Diagnostic>) {
    let (l, rn) = (&model.context(r.left).name, &model.context(r.right).name);
    let fwd = model.graph.dependency(r.left, r.right);
    let back = model.graph.dependency(r.right, r.left);
    match (r.arrow, r.pattern.map(|p| p.value)) {
        (Arrow::Symmetric, Some(Pattern::SeparateWays)) => {
            for dep in fwd.iter().chain(back.iter()) {
                let up = &model.context(dep.upstream).name;
                let down = &model.context(dep.downstream).name;
                let d = Diagnostic::new(Code::E015, r.span, format!("`{l}` and `{rn}` go separate ways, but `{down}` depends on `{up}`"))
                    .with_label("declared separate ways")
                    .help(format!("flows from `{up}` to `{down}`: {}; remove them, or declare the relationship they form", flow_list(model, dep)));
                diags.push(with_flows(d, model, dep, false));
            }
        }
        (Arrow::Symmetric, _) => {}
        (Arrow::Directed, _) => {
            if let Some(back) = back {
                let d = match fwd {
                    Some(fwd) => Diagnostic::new(Code::E011, r.span, format!("`{l} -> {rn}` declares one direction, but messages or types flow both ways"))
                        .with_label("declared upstream → downstream")
                        .help(format!(
                            "{l} → {rn}: {}; {rn} → {l}: {}. Contexts that depend on each other need a symmetric `{l} <-> {rn} : partnership` (or `shared-kernel`), or remove the flows in one direction",
                            flow_list(model, fwd),
                            flow_list(model, back)
                        )),
                    None => Diagnostic::new(Code::E011, r.span, format!("`{l} -> {rn}` makes `{l}` upstream, but `{l}` depends on `{rn}`"))
                        .with_label("direction contradicts the message flow")
                        .help(format!("{rn} → {l}: {}. Write `{rn} -> {l}`, with upstream roles (OHS, PL) next to `{rn}` and downstream roles (ACL, CF) next to `{l}`", flow_list(model, back))),
                };
                let d = with_flows(d, model, back, false);
                diags.push(match fwd {
                    Some(fwd) => with_flows(d, model, fwd, false),
                    None => d,
                });
            } else if fwd.is_none() {
                diags.push(
                    Diagnostic::new(Code::W106, r.span, format!("`{l} -> {rn}` is declared, but nothing flows between them"))
                        .with_label("no message or type reference behind this")
                        .help(format!("remove the relationship, declare `{l} <-> {rn} : separate-ways`, or add the subscribe/calls/sends it stands for")),
                );
            }
            if let Some(fwd) = fwd.filter(|_| r.right_roles.iter().any(|x| x.value == Role::Acl)) {
                let leaks: Vec<&Flow> = fwd
                    .flows
                    .iter()
                    .filter(|f| matches!(f.kind, FlowKind::TypeRef { .. }))
                    .collect();
                if let Some(first) = leaks.first() {
                    let mut d = Diagnostic::new(
                        Code::W107,
                        first.span,
                        format!("`{rn}` declares an anticorruption layer but uses `{l}`'s type `{}` directly", first.item_name(model)),
                    )
                    .with_label("upstream type in the downstream model")
                    .secondary(r.span, "ACL declared here")
                    .allow_anchor(r.span)
                    .help(format!("translate into a type of `{rn}`'s own, or declare the relationship conformist (CF)"));
                    for f in leaks.iter().skip(1).take(SHOWN_FLOWS) {
                        d = d.secondary(f.span, format!("`{}` used here too", f.item_name(model)));
                    }
                    diags.push(d);
                }
            }
        }
    }
}

/// W105: derived dependencies between pairs the map does not relate.
fn undeclared(
    model: &Model,
    map: &ContextMap,
    declared: &HashMap<(ContextId, ContextId), &DeclaredRelationship>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut pairs: BTreeMap<(ContextId, ContextId), Vec<&Dependency>> = BTreeMap::new();
    for dep in model.graph.dependencies() {
        let key = (
            dep.upstream.min(dep.downstream),
            dep.upstream.max(dep.downstream),
        );
        if !declared.contains_key(&key) {
            pairs.entry(key).or_default().push(dep);
        }
    }
    for deps in pairs.values() {
        let dep = deps[0];
        let (up, down) = (
            &model.context(dep.upstream).name,
            &model.context(dep.downstream).name,
        );
        let first = dep.flows[0];
        let (message, fix) = if deps.len() > 1 {
            (
                format!(
                    "`{up}` and `{down}` depend on each other, but map `{}` does not relate them",
                    map.name
                ),
                format!(
                    "add `{up} <-> {down} : partnership` (or `shared-kernel`) to map `{}`",
                    map.name
                ),
            )
        } else {
            (
                format!(
                    "`{down}` depends on `{up}` ({}), but map `{}` does not declare it",
                    first.describe(model),
                    map.name
                ),
                format!(
                    "add `{up} -> {down}` to map `{}`, with the roles that apply",
                    map.name
                ),
            )
        };
        let mut d = Diagnostic::new(Code::W105, first.span, message)
            .with_label(format!("`{down}` uses `{up}` here"))
            .allow_anchor(map.span)
            .help(fix);
        d = with_flows(d, model, dep, true);
        if let Some(other) = deps.get(1) {
            d = with_flows(d, model, other, false);
        }
        diags.push(d);
    }
}
