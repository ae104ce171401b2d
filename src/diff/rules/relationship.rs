//! D319 `relationship-changed` and D320 `relationship-removed`: the declared
//! context map. Relationships are paired by their two contexts (by
//! revision name); a change of direction, roles or pattern changes what the
//! teams promised each other.

use crate::diff::{Diff, Out};
use crate::model::{Arrow, DeclaredRelationship, Model};
use std::collections::{BTreeSet, HashMap};

/// `Up [OHS] -> [ACL] Down : customer-supplier`.
fn text(m: &Model, r: &DeclaredRelationship) -> String {
    let roles = |rs: &[crate::model::Spanned<crate::model::Role>]| {
        if rs.is_empty() {
            String::new()
        } else {
            let v: Vec<&str> = rs.iter().map(|r| r.value.as_str()).collect();
            format!(" [{}]", v.join(", "))
        }
    };
    let arrow = match r.arrow {
        Arrow::Directed => "->",
        Arrow::Symmetric => "<->",
    };
    let mut s = format!(
        "{}{} {arrow}{} {}",
        m.context(r.left).name,
        roles(&r.left_roles),
        roles(&r.right_roles),
        m.context(r.right).name
    );
    if let Some(p) = &r.pattern {
        s.push_str(&format!(" : {}", p.value.as_str()));
    }
    s
}

/// What a relationship says, independent of how it is written: for `<->`
/// the sides are sorted.
fn meaning(names: (&str, &str), r: &DeclaredRelationship) -> (Vec<String>, Option<&'static str>) {
    let side = |n: &str, rs: &[crate::model::Spanned<crate::model::Role>]| {
        let mut v: Vec<&str> = rs.iter().map(|r| r.value.as_str()).collect();
        v.sort();
        format!("{n}[{}]", v.join(","))
    };
    let mut sides = vec![side(names.0, &r.left_roles), side(names.1, &r.right_roles)];
    if r.arrow == Arrow::Symmetric {
        sides.sort();
        sides.insert(0, "<->".into());
    } else {
        sides.insert(0, "->".into());
    }
    (sides, r.pattern.as_ref().map(|p| p.value.as_str()))
}

fn pair_key(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.into(), b.into())
    } else {
        (b.into(), a.into())
    }
}

fn check(d: &Diff, out: &mut Out, removed: bool) {
    let Some(base_map) = &d.base.map else { return };
    let rev_rels: HashMap<(String, String), &DeclaredRelationship> = d
        .rev
        .map
        .iter()
        .flat_map(|m| &m.relationships)
        .map(|r| {
            (
                pair_key(&d.rev.context(r.left).name, &d.rev.context(r.right).name),
                r,
            )
        })
        .collect();
    for b in &base_map.relationships {
        let (Some(l), Some(r)) = (d.rev_context(b.left), d.rev_context(b.right)) else {
            continue; // a context went: D301/D302
        };
        let names = (
            d.rev.context(l).name.as_str(),
            d.rev.context(r).name.as_str(),
        );
        let consumers: BTreeSet<_> = [b.left, b.right].into();
        match rev_rels.get(&pair_key(names.0, names.1)) {
            None if removed => {
                let at = d.rev.map.as_ref().map(|m| m.name_span).unwrap_or(b.span);
                let diag = out
                    .at(
                        at,
                        format!(
                            "relationship `{}` was removed from the context map",
                            text(d.base, b)
                        ),
                    )
                    .with_label("not in the map any more")
                    .secondary(b.span, "declared here in the base")
                    .help("if the two teams still depend on each other, keep it; check's W105 says whether messages still flow");
                out.push(diag, &consumers);
            }
            Some(rv) if !removed => {
                let rev_names = (
                    d.rev.context(rv.left).name.as_str(),
                    d.rev.context(rv.right).name.as_str(),
                );
                if meaning(names, b) == meaning(rev_names, rv) {
                    continue;
                }
                let diag = out
                    .at(
                        rv.span,
                        format!(
                            "relationship `{}` changed to `{}`",
                            text(d.base, b),
                            text(d.rev, rv)
                        ),
                    )
                    .with_label("now this")
                    .secondary(b.span, "in the base")
                    .help("a new direction, role or pattern changes what the teams promised each other: agree on it with both");
                out.push(diag, &consumers);
            }
            _ => {}
        }
    }
}

pub fn changed(d: &Diff, out: &mut Out) {
    check(d, out, false)
}

pub fn removed(d: &Diff, out: &mut Out) {
    check(d, out, true)
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Code;
    use crate::diff::rules::testing::codes;

    const BASE: &str = "context Up { event E { x: int } }\ncontext Down { subscribe Up.E }\nmap M { Up [OHS] -> [ACL] Down }\n";

    #[test]
    fn pattern_or_role_changes_and_removals_warn() {
        let roles = BASE.replace("[ACL] Down", "[CF] Down");
        assert_eq!(codes(BASE, &roles, Code::D319), 1);
        assert_eq!(codes(&roles, BASE, Code::D319), 1);
        let gone = BASE.replace("Up [OHS] -> [ACL] Down", "");
        assert_eq!(codes(BASE, &gone, Code::D320), 1);
        assert_eq!(codes(&gone, BASE, Code::D320), 0);
        // Written the other way round, the same relationship.
        let sym = "context A { }\ncontext B { }\nmap M { A <-> B : partnership }\n";
        let flipped = sym.replace("A <-> B", "B <-> A");
        assert_eq!(codes(sym, &flipped, Code::D319), 0);
        assert_eq!(
            codes(BASE, BASE, Code::D319) + codes(BASE, BASE, Code::D320),
            0
        );
    }
}
