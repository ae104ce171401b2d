//! The diff rules, one row each: the code (`D3xx` in `codes!`, whose
//! severity is the rule's default: breaking = error, warning, info = note),
//! the stable id, and where the rule sits in the taxonomy (direction, area,
//! kind, action) that `tests::symmetry` audits, after oasdiff's
//! `checker/rules.go` and `rule_symmetry_test.go`.

use super::rules;
use super::{Diff, Out};
use crate::diagnostic::Code;

/// Which way what changed travels for its consumers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Consumers write it: command and query fields.
    Input,
    /// Consumers read it: event fields, responses.
    Output,
    /// Either, judged the same way.
    Both,
    /// Not a payload (contexts, routes, the map, settings, docs).
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Area {
    Context,
    Message,
    Name,
    Transport,
    Route,
    Type,
    Field,
    EnumValue,
    Relationship,
    Deploy,
    Docs,
    Owner,
    Vision,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// Another context used it in the base.
    Consumed,
    /// Nothing else used it.
    Unconsumed,
    /// A required field.
    Required,
    /// An optional field.
    Optional,
    /// Required or optional alike.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    Add,
    Remove,
    Change,
    Rename,
    Move,
    /// Made required.
    Set,
    /// Made optional.
    Unset,
    Increase,
    Decrease,
}

pub struct Rule {
    pub code: Code,
    /// Stable, readable id (`field-removed`), shown in JSON and Markdown.
    pub id: &'static str,
    pub direction: Direction,
    pub area: Area,
    pub kind: Kind,
    pub action: Action,
    pub run: fn(&Diff, &mut Out),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.id)
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
    }
}
impl Eq for Rule {}

macro_rules! rules {
    ($($code:ident $id:literal $dir:ident $area:ident $kind:ident $action:ident $run:path;)*) => {
        pub static RULES: &[Rule] = &[$(Rule {
            code: Code::$code,
            id: $id,
            direction: Direction::$dir,
            area: Area::$area,
            kind: Kind::$kind,
            action: Action::$action,
            run: $run,
        },)*];
    };
}

rules! {
    D301 "context-removed" None Context Consumed Remove rules::context_removed::used;
    D302 "context-removed-unused" None Context Unconsumed Remove rules::context_removed::unused;
    D303 "message-removed" None Message Consumed Remove rules::message_removed::used;
    D304 "message-removed-unused" None Message Unconsumed Remove rules::message_removed::unused;
    D305 "message-moved" None Message Consumed Move rules::message_moved::run;
    D306 "renamed" None Name Consumed Rename rules::renamed::used;
    D307 "renamed-unused" None Name Unconsumed Rename rules::renamed::unused;
    D308 "transport-changed" None Transport Consumed Change rules::transport_changed::run;
    D309 "route-changed" None Route Consumed Change rules::route_changed::run;
    D310 "type-removed" None Type Consumed Remove rules::type_removed::run;
    D311 "required-field-added" Input Field Required Add rules::required_field_added::run;
    D312 "field-removed" Output Field Any Remove rules::field_removed::run;
    D313 "field-made-optional" Output Field Required Unset rules::field_made_optional::run;
    D314 "field-made-required" Input Field Required Set rules::field_made_required::run;
    D315 "type-changed" Both Field Any Change rules::type_changed::run;
    D316 "field-removed-from-input" Input Field Any Remove rules::field_removed_from_input::run;
    D317 "enum-value-removed" Both EnumValue Any Remove rules::enum_value_removed::run;
    D318 "enum-value-added" Output EnumValue Any Add rules::enum_value_added::run;
    D319 "relationship-changed" None Relationship Any Change rules::relationship::changed;
    D320 "relationship-removed" None Relationship Any Remove rules::relationship::removed;
    D321 "deploy-lowered" None Deploy Any Decrease rules::deploy_lowered::run;
    D322 "docs-changed" None Docs Any Change rules::docs_changed::run;
    D323 "owner-changed" None Owner Any Change rules::owner_changed::run;
    D324 "vision-changed" None Vision Any Change rules::vision_changed::run;
}

/// The row of `code`, if it is a diff code.
pub fn rule(code: Code) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::collections::{BTreeMap, BTreeSet};

    #[test]
    fn codes_are_the_d3xx_family_in_order_with_unique_ids() {
        let mut ids = BTreeSet::new();
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.code.as_str(), format!("D{}", 301 + i), "{r:?}");
            assert!(ids.insert(r.id), "duplicate id {}", r.id);
        }
        let family: Vec<Code> = Code::ALL
            .iter()
            .copied()
            .filter(|c| c.as_str().starts_with('D'))
            .collect();
        assert_eq!(family, RULES.iter().map(|r| r.code).collect::<Vec<_>>());
    }

    #[test]
    fn consumed_breaks_and_unconsumed_never_does() {
        for r in RULES {
            if r.kind == Kind::Unconsumed {
                assert_ne!(r.code.severity(), Severity::Error, "{r:?}");
            }
            if r.action == Action::Remove && r.kind == Kind::Consumed {
                assert_eq!(r.code.severity(), Severity::Error, "{r:?}");
            }
        }
    }

    /// Every intended asymmetry of the registry, with the reason. A missing
    /// mirror that is not listed fails, and so does a waiver that no longer
    /// applies.
    const WAIVERS: &[(&str, &str)] = &[
        ("add<->remove None/Context/Consumed missing-add", "nothing consumes what the base did not have: an added context is never consumed, and adding one breaks nobody"),
        ("add<->remove None/Context/Unconsumed missing-add", "an addition breaks no consumer; the pull request's own diff shows it"),
        ("add<->remove None/Message/Consumed missing-add", "as for contexts: an added message has no consumer in the base"),
        ("add<->remove None/Message/Unconsumed missing-add", "an addition breaks no consumer; the pull request's own diff shows it"),
        ("add<->remove None/Type/Consumed missing-add", "an added type has no consumer in the base"),
        ("add<->remove None/Relationship/Any missing-add", "a relationship added to the map obliges nobody yet; check's W105/W106 judge whether it fits the flows"),
        ("add<->remove Input/Field/Optional missing-add", "an optional field added to a command or query: consumers that do not send it still work"),
        ("add<->remove Output/Field/Optional missing-add", "a field added to an event or response: consumers ignore what they do not read"),
        ("add<->remove Output/Field/Required missing-add", "as for optional fields: an added output field breaks no reader"),
        ("add<->remove Input/EnumValue/Any missing-add", "a value added to an enum consumers send widens what the owner accepts"),
        ("input<->output Field/Required/Set missing-output", "an output field made required tightens only what the owner promises: readers still get it"),
        ("input<->output Field/Required/Unset missing-input", "a command field made optional relaxes what consumers must send"),
        ("input<->output Field/Required/Add missing-output", "see the add<->remove waivers for output fields: additions break no reader"),
        ("input<->output EnumValue/Any/Add missing-input", "a value added to an input enum widens what the owner accepts"),
        ("set<->unset Input/Field/Required missing-unset", "a command field made optional relaxes what consumers must send"),
        ("set<->unset Output/Field/Required missing-set", "an output field made required tightens only what the owner promises"),
        ("increase<->decrease None/Deploy/Any missing-increase", "more memory, time or throughput harms no consumer"),
    ];

    type Coord = (Direction, Area, Kind, Action);

    /// A rule's coordinates: `Both` stands for input and output, kind `Any`
    /// of a field for required and optional.
    fn coords(r: &Rule) -> Vec<Coord> {
        let dirs = match r.direction {
            Direction::Both => vec![Direction::Input, Direction::Output],
            d => vec![d],
        };
        let kinds = match (r.area, r.kind) {
            (Area::Field, Kind::Any) => vec![Kind::Required, Kind::Optional],
            (_, k) => vec![k],
        };
        let mut out = Vec::new();
        for d in &dirs {
            for k in &kinds {
                out.push((*d, r.area, *k, r.action));
            }
        }
        out
    }

    fn absences() -> BTreeSet<String> {
        let present: BTreeSet<Coord> = RULES.iter().flat_map(coords).collect();
        let mut out = BTreeSet::new();
        // Axis 1: input <-> output, for areas that have both.
        let mut dirs: BTreeMap<Area, BTreeSet<Direction>> = BTreeMap::new();
        for (d, a, ..) in &present {
            dirs.entry(*a).or_default().insert(*d);
        }
        for (d, a, k, act) in &present {
            let both = dirs[a].contains(&Direction::Input) && dirs[a].contains(&Direction::Output);
            let mirror = match d {
                Direction::Input => Direction::Output,
                Direction::Output => Direction::Input,
                _ => continue,
            };
            if both && !present.contains(&(mirror, *a, *k, *act)) {
                let missing = if mirror == Direction::Input {
                    "input"
                } else {
                    "output"
                };
                out.insert(format!(
                    "input<->output {a:?}/{k:?}/{act:?} missing-{missing}"
                ));
            }
        }
        // Axis 2: dual actions within one direction, area and kind.
        let duals = [
            (Action::Add, Action::Remove, "add<->remove"),
            (Action::Set, Action::Unset, "set<->unset"),
            (Action::Increase, Action::Decrease, "increase<->decrease"),
        ];
        for (d, a, k, act) in &present {
            for (x, y, name) in duals {
                let other = if *act == x {
                    y
                } else if *act == y {
                    x
                } else {
                    continue;
                };
                if !present.contains(&(*d, *a, *k, other)) {
                    let missing = format!("{other:?}").to_lowercase();
                    out.insert(format!("{name} {d:?}/{a:?}/{k:?} missing-{missing}"));
                }
            }
        }
        out
    }

    #[test]
    fn symmetry() {
        let absent = absences();
        let waived: BTreeSet<String> = WAIVERS.iter().map(|(k, _)| k.to_string()).collect();
        let unwaived: Vec<&String> = absent.difference(&waived).collect();
        let stale: Vec<&String> = waived.difference(&absent).collect();
        assert!(
            unwaived.is_empty(),
            "rule asymmetries without a waiver (add the mirror rule or a reasoned waiver): {unwaived:#?}"
        );
        assert!(stale.is_empty(), "waivers that no longer apply: {stale:#?}");
    }
}
