//! Backstage entity names for a model, decided once: kebab case, unique
//! per kind, at most 63 characters.

use crate::export::{kebab, Contract, Stewards};
use crate::model::{Broker, ContextId, MessageId, Model, Store, TeamId};
use std::collections::{BTreeSet, HashMap};

/// Entity names, decided once.
pub(super) struct Names {
    pub(super) groups: Vec<String>,
    pub(super) stewards: String,
    pub(super) domains: Vec<String>,
    pub(super) subdomains: Vec<String>,
    pub(super) contexts: Vec<String>,
    /// Per context: its table, its topic.
    pub(super) tables: HashMap<ContextId, String>,
    pub(super) topics: HashMap<ContextId, String>,
    pub(super) queues: HashMap<MessageId, String>,
    pub(super) bus: Option<String>,
    pub(super) apis: HashMap<(ContextId, &'static str), String>,
}

impl Names {
    pub(super) fn new(model: &Model) -> Names {
        let mut groups_taken = BTreeSet::new();
        let groups = model
            .teams
            .iter()
            .map(|t| unique(&mut groups_taken, &t.name))
            .collect();
        let stewards = unique(&mut groups_taken, &Stewards::new(model).name);
        let mut domains_taken = BTreeSet::new();
        let domains: Vec<String> = model
            .domains
            .iter()
            .map(|d| unique(&mut domains_taken, &d.name))
            .collect();
        let subdomains = model
            .subdomains
            .iter()
            .map(|s| {
                let full = format!("{} {}", model.domain(s.domain).name, s.name);
                unique(&mut domains_taken, &full)
            })
            .collect();
        let mut systems_taken = BTreeSet::new();
        let contexts = model
            .contexts
            .iter()
            .map(|c| unique(&mut systems_taken, &c.name))
            .collect::<Vec<_>>();
        let mut apis_taken = BTreeSet::new();
        let mut apis = HashMap::new();
        for c in &model.contexts {
            for suffix in ["openapi", "asyncapi"] {
                let n = unique(&mut apis_taken, &format!("{} {suffix}", c.name));
                apis.insert((c.id, suffix), n);
            }
        }
        let mut resources_taken = BTreeSet::new();
        let mut tables = HashMap::new();
        let mut topics = HashMap::new();
        let mut queues = HashMap::new();
        let mut bus = None;
        for c in &model.contexts {
            if c.store == Store::DynamoDb {
                tables.insert(
                    c.id,
                    unique(&mut resources_taken, &format!("{} table", c.name)),
                );
            }
            if publishes(model, c.id) {
                match model.system.broker {
                    Broker::Sns => {
                        let n = unique(&mut resources_taken, &format!("{} events topic", c.name));
                        topics.insert(c.id, n);
                    }
                    Broker::EventBridge => {
                        if bus.is_none() {
                            bus = Some(unique(&mut resources_taken, "event bus"));
                        }
                    }
                }
            }
            for m in &c.messages {
                let msg = model.message(*m);
                if msg.is_queue() {
                    let n = unique(
                        &mut resources_taken,
                        &format!("{} {} queue", c.name, msg.name),
                    );
                    queues.insert(*m, n);
                }
            }
        }
        Names {
            groups,
            stewards,
            domains,
            subdomains,
            contexts,
            tables,
            topics,
            queues,
            bus,
            apis,
        }
    }

    pub(super) fn stewards_ref(&self) -> String {
        format!("group:{}", self.stewards)
    }

    pub(super) fn owner(&self, team: Option<TeamId>) -> String {
        match team {
            Some(t) => format!("group:{}", self.groups[t.index()]),
            None => self.stewards_ref(),
        }
    }

    pub(super) fn api(&self, c: ContextId, kind: Contract) -> &str {
        let suffix = match kind {
            Contract::AsyncApi => "asyncapi",
            Contract::OpenApi => "openapi",
        };
        &self.apis[&(c, suffix)]
    }

    /// The channel resource events of context `c` go out on.
    pub(super) fn events_resource(&self, c: ContextId) -> Option<String> {
        self.topics
            .get(&c)
            .or(self.bus.as_ref())
            .map(|n| format!("resource:{n}"))
    }
}

/// A Backstage entity name from a model name: kebab case, at most 63
/// characters (a longer one is cut and given a hash), unique in `taken`.
fn unique(taken: &mut BTreeSet<String>, name: &str) -> String {
    let mut base = kebab(&name.replace(char::is_whitespace, "_"));
    base.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    while base.contains("--") {
        base = base.replace("--", "-");
    }
    let mut base = base.trim_matches('-').to_string();
    if base.is_empty() {
        base = "x".into();
    }
    if base.len() > 56 {
        let hash = &crate::generate::apply::sha256(name.as_bytes())[..6];
        base = format!("{}-{hash}", base[..49].trim_end_matches('-'));
    }
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

pub(super) fn publishes(model: &Model, c: ContextId) -> bool {
    model
        .context(c)
        .messages
        .iter()
        .any(|m| model.message(*m).is_published_event())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_kebab_unique_and_short() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique(&mut taken, "LegacyErp"), "legacy-erp");
        assert_eq!(unique(&mut taken, "LegacyErp"), "legacy-erp-2");
        assert_eq!(
            unique(&mut taken, "Orders events topic"),
            "orders-events-topic"
        );
        let long = unique(&mut taken, &"VeryLong".repeat(20));
        assert!(long.len() <= 63, "{long}");
        assert_ne!(long, unique(&mut taken, &"VeryLong".repeat(21)));
    }
}
