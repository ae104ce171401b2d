//! The context map: CML relationships → `map` entries with the same
//! direction, pattern and roles; duplicates merged, conflicts reported,
//! what ddgen's rules (E009) do not take changed and reported.

use super::cst::{self, Connector};
use super::report;
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::syntax::ast::{self, Arrow, Pattern, Role, Spanned};
use std::collections::{BTreeSet, HashMap, HashSet};

/// A relationship as ddgen reads it: upstream first for `->`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meaning {
    pub arrow: Arrow,
    /// Upstream for `->`, the first-named context for `<->`.
    pub left: String,
    pub right: String,
    pub pattern: Option<Pattern>,
    pub left_roles: BTreeSet<Role>,
    pub right_roles: BTreeSet<Role>,
}

/// What CML's relationship says, read without ddgen's rules: used both to
/// lower and (in tests) to assert that the import kept it.
pub fn meaning(r: &cst::Relationship) -> Meaning {
    use Connector::*;
    let words = |roles: &[cst::Name]| -> Vec<String> {
        roles.iter().map(|r| r.text.to_ascii_uppercase()).collect()
    };
    let (lw, rw) = (words(&r.left_roles), words(&r.right_roles));
    let has = |w: &str| lw.iter().chain(rw.iter()).any(|x| x == w);
    let symmetric = matches!(r.connector, Both | Partnership | SharedKernel);
    // Which side is upstream for directed notations.
    let left_up = matches!(r.connector, Right | UpstreamDownstream | SupplierCustomer);
    let roles_of = |ws: &[String]| -> BTreeSet<Role> {
        ws.iter()
            .filter_map(|w| match w.as_str() {
                "OHS" => Some(Role::Ohs),
                "PL" => Some(Role::Pl),
                "ACL" => Some(Role::Acl),
                "CF" => Some(Role::Cf),
                _ => None,
            })
            .collect()
    };
    if symmetric {
        let pattern = if r.connector == Partnership || has("P") {
            Pattern::Partnership
        } else {
            Pattern::SharedKernel
        };
        return Meaning {
            arrow: Arrow::Symmetric,
            left: r.left.text.clone(),
            right: r.right.text.clone(),
            pattern: Some(pattern),
            left_roles: roles_of(&lw),
            right_roles: roles_of(&rw),
        };
    }
    let customer_supplier =
        matches!(r.connector, CustomerSupplier | SupplierCustomer) || has("S") || has("C");
    let (up, down, up_w, down_w) = if left_up {
        (&r.left, &r.right, &lw, &rw)
    } else {
        (&r.right, &r.left, &rw, &lw)
    };
    Meaning {
        arrow: Arrow::Directed,
        left: up.text.clone(),
        right: down.text.clone(),
        pattern: customer_supplier.then_some(Pattern::CustomerSupplier),
        left_roles: roles_of(up_w),
        right_roles: roles_of(down_w),
    }
}

/// The lowered map and who is upstream of whom in it.
#[derive(Default)]
pub struct Lowered {
    pub map: Option<(crate::source::FileId, ast::Map)>,
    /// Unordered pair → the upstream (`None`: symmetric).
    pub direction: HashMap<(String, String), Option<String>>,
}

impl Lowered {
    /// Whether `down` may depend on `up` (reference its types, consume its
    /// events) without contradicting the declared map.
    pub fn may_depend(&self, down: &str, up: &str) -> bool {
        match self.direction.get(&pair(down, up)) {
            None | Some(None) => true,
            Some(Some(u)) => u == up,
        }
    }
}

pub fn pair(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

pub fn lower(
    maps: &[&cst::ContextMap],
    contexts: &HashSet<&str>,
    teams: &HashSet<&str>,
    diags: &mut Vec<Diagnostic>,
) -> Lowered {
    let mut out = Lowered::default();
    let Some(first) = maps.first() else {
        return out;
    };
    let mut docs: Vec<String> = first.docs.iter().cloned().collect();
    for s in &first.settings {
        docs.push(format!("Context Mapper {}: {}.", s.key.text, s.joined()));
    }
    for extra in &maps[1..] {
        diags.push(report::merged_map(extra.span, first.span));
    }
    let name = first
        .name
        .as_ref()
        .map(|n| ast::Ident {
            name: n.text.clone(),
            span: n.span,
        })
        .unwrap_or(ast::Ident {
            name: "ContextMap".into(),
            span: Span {
                end: first.span.start + "ContextMap".len() as u32,
                ..first.span
            },
        });
    let mut map = ast::Map {
        name,
        docs: (!docs.is_empty()).then(|| docs.join("\n")),
        relationships: Vec::new(),
        span: first.span,
    };
    // Unordered pair → (meaning kept, its span)
    let mut kept: HashMap<(String, String), (Meaning, Span)> = HashMap::new();
    for m in maps {
        for c in &m.contains {
            if !contexts.contains(c.text.as_str()) && !teams.contains(c.text.as_str()) {
                diags.push(report::unknown_context(c.span, &c.text));
            }
        }
        for r in &m.relationships {
            if r.is_broken() {
                continue; // reported as a syntax error by the parser's caller
            }
            for s in &r.skipped {
                diags.push(report::not_carried(s.span, "this relationship attribute"));
            }
            let ends = [&r.left, &r.right];
            if ends.iter().any(|e| teams.contains(e.text.as_str())) {
                diags.push(report::team_relationship(r.span));
                continue;
            }
            if let Some(e) = ends.iter().find(|e| !contexts.contains(e.text.as_str())) {
                diags.push(report::unknown_context(e.span, &e.text));
                continue;
            }
            if r.left.text == r.right.text {
                diags.push(report::self_relationship(r.span, &r.left.text));
                continue;
            }
            let mut meaning = meaning(r);
            fit(&mut meaning, r, diags);
            let key = pair(&meaning.left, &meaning.right);
            if let Some((first, first_span)) = kept.get(&key) {
                if same(first, &meaning) {
                    diags.push(report::duplicate(r.span, *first_span));
                } else {
                    diags.push(report::conflict(
                        r.span,
                        *first_span,
                        &meaning.left,
                        &meaning.right,
                    ));
                }
                continue;
            }
            kept.insert(key.clone(), (meaning.clone(), r.span));
            out.direction.insert(
                key,
                (meaning.arrow == Arrow::Directed).then(|| meaning.left.clone()),
            );
            map.relationships.push(relationship(r, &meaning));
        }
    }
    out.map = Some((first.span.file, map));
    out
}

/// Whether two relationships of one pair say the same thing (a `<->` read
/// from either side).
fn same(a: &Meaning, b: &Meaning) -> bool {
    if a.arrow != b.arrow || a.pattern != b.pattern {
        return false;
    }
    match a.arrow {
        Arrow::Directed => a == b,
        Arrow::Symmetric => true,
    }
}

/// Changes what E009 would reject, with a warning each.
fn fit(m: &mut Meaning, r: &cst::Relationship, diags: &mut Vec<Diagnostic>) {
    let mut dropped: Vec<&str> = Vec::new();
    if m.arrow == Arrow::Symmetric {
        for role in m.left_roles.iter().chain(m.right_roles.iter()) {
            dropped.push(role.as_str());
        }
        m.left_roles.clear();
        m.right_roles.clear();
        if !dropped.is_empty() {
            diags.push(report::fitted(
                r.span,
                format!("roles {} dropped from a symmetric relationship", dropped.join(", ")),
                "ddgen's `<->` takes a pattern only; roles belong to upstream/downstream relationships",
            ));
        }
        return;
    }
    // OHS/PL named on the downstream side, ACL/CF on the upstream side.
    let misplaced_up: Vec<Role> = m
        .left_roles
        .iter()
        .copied()
        .filter(|x| !x.is_upstream())
        .collect();
    let misplaced_down: Vec<Role> = m
        .right_roles
        .iter()
        .copied()
        .filter(|x| x.is_upstream())
        .collect();
    for x in misplaced_up.iter().chain(misplaced_down.iter()) {
        m.left_roles.remove(x);
        m.right_roles.remove(x);
        diags.push(report::fitted(
            r.span,
            format!("role {} dropped from the wrong side", x.as_str()),
            "OHS and PL belong to the upstream context, ACL and CF to the downstream one",
        ));
    }
    if m.pattern == Some(Pattern::CustomerSupplier) {
        for x in [Role::Ohs, Role::Cf] {
            if m.left_roles.remove(&x) | m.right_roles.remove(&x) {
                diags.push(report::fitted(
                    r.span,
                    format!("role {} dropped from a customer-supplier relationship", x.as_str()),
                    "in ddgen a supplier serves a known customer (no open host) and the customer negotiates (does not conform)",
                ));
            }
        }
    }
    if m.right_roles.contains(&Role::Acl) && m.right_roles.remove(&Role::Cf) {
        diags.push(report::fitted(
            r.span,
            "role CF dropped: the downstream also declares ACL".to_string(),
            "a downstream either conforms (CF) or translates (ACL), not both; the ACL is kept",
        ));
    }
}

fn relationship(r: &cst::Relationship, m: &Meaning) -> ast::Relationship {
    let ident = |name: &str| {
        let n = if r.left.text == name {
            &r.left
        } else {
            &r.right
        };
        ast::Ident {
            name: n.text.clone(),
            span: n.span,
        }
    };
    let roles = |set: &BTreeSet<Role>| -> Vec<Spanned<Role>> {
        set.iter()
            .map(|&value| Spanned {
                value,
                span: r.connector_span,
            })
            .collect()
    };
    let mut docs: Vec<String> = r.docs.iter().cloned().collect();
    if let Some(n) = &r.name {
        docs.push(format!("Context Mapper relationship `{}`.", n.text));
    }
    for s in &r.settings {
        let label = match s.key.text.as_str() {
            "implementationTechnology" => "Implementation technology".to_string(),
            "exposedAggregates" => "Exposed aggregates".to_string(),
            "downstreamRights" => "Downstream rights".to_string(),
            other => other.to_string(),
        };
        docs.push(format!("{label}: {}.", s.joined()));
    }
    ast::Relationship {
        left: ident(&m.left),
        left_roles: roles(&m.left_roles),
        arrow: Spanned {
            value: m.arrow,
            span: r.connector_span,
        },
        right_roles: roles(&m.right_roles),
        right: ident(&m.right),
        pattern: m.pattern.map(|value| Spanned {
            value,
            span: r.connector_span,
        }),
        docs: (!docs.is_empty()).then(|| docs.join("\n")),
        span: r.span,
    }
}
