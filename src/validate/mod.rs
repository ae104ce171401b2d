//! Stage 3: the rules of `language.md` §4 over the resolved model.
//!
//! Each file holds one family of rules; each rule appends diagnostics and
//! never stops the others. `allow` then silences what the model or the
//! command line allows, and reports allows that silenced nothing (W112).

mod allow;
mod calls;
mod indexes;
mod map;
mod messages;
mod names;
mod public;
mod schedules;
mod structure;
mod types;

pub use allow::{apply_allows, Outcome};

use crate::diagnostic::Diagnostic;
use crate::model::Model;

/// Runs every rule over `model`.
pub fn validate(model: &Model, diags: &mut Vec<Diagnostic>) {
    messages::check(model, diags);
    types::check(model, diags);
    structure::check(model, diags);
    calls::check(model, diags);
    map::check(model, diags);
    names::check(model, diags);
    indexes::check(model, diags);
    schedules::check(model, diags);
    public::check(model, diags);
}

/// For each of `nodes` graph nodes, the index of its strongly connected
/// component in `sccs` (`usize::MAX` for none): membership in O(1).
fn component_of(sccs: &[Vec<petgraph::graph::NodeIndex>], nodes: usize) -> Vec<usize> {
    let mut component = vec![usize::MAX; nodes];
    for (i, scc) in sccs.iter().enumerate() {
        for n in scc {
            component[n.index()] = i;
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use crate::check::{check_sources, Options};
    use crate::diagnostic::{Code, Diagnostic};
    use crate::source::SourceMap;

    fn diags(text: &str) -> Vec<Diagnostic> {
        let mut sources = SourceMap::default();
        sources.add("t.ddd".into(), text.to_string());
        check_sources(sources, Vec::new(), &Options::default())
            .outcome
            .diagnostics
    }

    fn codes(text: &str) -> Vec<Code> {
        diags(text).iter().map(|d| d.code).collect()
    }

    const DOMAIN: &str = "domain D { subdomain S }\n";

    #[test]
    fn failed_references_do_not_cascade_into_absence_warnings() {
        // A misspelt implements, owner and subscribe: one error each, no W101-W104.
        let text = "domain D { subdomain S : core }\nteam T\ncontext A { implements D.Z\n owner Tx\n subscribe B.Evnt }\ncontext B { implements D.S\n owner T\n event Event { x: int } }\n";
        assert_eq!(codes(text), [Code::E003, Code::E003, Code::E003]);
    }

    #[test]
    fn invalid_calls_make_no_cycle() {
        let text = format!(
            "{DOMAIN}context A {{ implements D.S\n calls B.Ev\n command Go {{}} via http POST \"/a\" }}\ncontext B {{ implements D.S\n calls A.Go\n internal event Ev {{}} }}\n"
        );
        assert_eq!(codes(&text), [Code::E004]);
    }

    #[test]
    fn aggregate_by_value_suggests_the_id_in_the_same_wrapper() {
        let text = format!(
            "{DOMAIN}context A {{ implements D.S\n id AId\n id BId\n aggregate B {{ id: BId }}\n aggregate A {{ id: AId, bs: list<B>? }} }}\n"
        );
        let d = diags(&text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, Code::W109);
        assert!(
            d[0].help.as_deref().unwrap().ends_with("`bs: list<BId>?`"),
            "{:?}",
            d[0].help
        );
    }

    #[test]
    fn a_type_and_a_message_of_one_name_say_both_kinds() {
        let text = format!("{DOMAIN}context A {{ implements D.S\n value Order {{ x: int }}\n internal event Order {{}} }}\n");
        let d = diags(&text);
        assert_eq!(d[0].code, Code::E002);
        assert_eq!(
            d[0].message,
            "`Order` is declared twice in one context: as a value and as an event"
        );
    }

    #[test]
    fn allow_silences_inside_its_declaration_only_and_unused_allows_warn() {
        let text = format!(
            "{DOMAIN}context A {{ implements D.S\n event E1 {{ allow W101 \"for the lake\" }}\n event E2 {{}} }}\ncontext B {{ implements D.S\n allow W110 \"not needed\" }}\n"
        );
        let d = diags(&text);
        let got: Vec<(Code, &str)> = d.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            got,
            [
                (
                    Code::W101,
                    "event `A.E2` is published but no context subscribes to it"
                ),
                (Code::W112, "`allow W110` silenced nothing"),
            ]
        );
    }

    #[test]
    fn diff_codes_cannot_be_allowed() {
        let text = format!("{DOMAIN}context A {{ implements D.S\n allow D316 \"diff\" }}\n");
        let d = diags(&text);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].code, Code::E004);
        assert_eq!(
            d[0].message,
            "`D316` is not a warning of `check`; only those can be allowed"
        );
    }

    #[test]
    fn derived_map_rules() {
        let base = format!(
            "{DOMAIN}context Up {{ implements D.S\n value Money {{ a: int }}\n event Paid {{ m: Money }} }}\ncontext Down {{ implements D.S\n subscribe Up.Paid\n value Copy {{ m: Up.Money }} }}\ncontext Other {{ implements D.S }}\n"
        );
        let with_map = |rels: &str| codes(&format!("{base}map M {{ {rels} }}\n"));
        assert_eq!(with_map("Up -> Down"), Vec::<Code>::new());
        assert_eq!(with_map("Down -> Up"), [Code::E011]);
        assert_eq!(with_map("Up -> [ACL] Down"), [Code::W107]);
        assert_eq!(with_map("Up <-> Down : separate-ways"), [Code::E015]);
        assert_eq!(with_map("Up <-> Down : partnership"), Vec::<Code>::new());
        assert_eq!(with_map("Up -> Other"), [Code::W105, Code::W106]);
        assert_eq!(
            with_map("Up -> [ACL] Down : customer-supplier"),
            [Code::W107, Code::W111]
        );
    }
}
