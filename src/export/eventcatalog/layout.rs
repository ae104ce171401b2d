//! Ids and folders of the catalog's resources, decided once per model.
//!
//! Ids are the model's names where they are unique in their EventCatalog
//! collection: domains and subdomains share one (a subdomain whose name is
//! taken gets its domain's name in front), messages take the contracts'
//! component names (`generate::contracts::schema::Naming`), channels the
//! CloudFormation names of the resources they stand for.

use crate::export::Stewards;
use crate::generate::contracts::schema::Naming;
use crate::generate::names::logical_id;
use crate::model::{Broker, ContextId, MessageId, Model, TeamId};
use std::collections::{BTreeSet, HashMap};

/// A topic, the bus or a queue.
#[derive(Debug, Clone)]
pub struct Channel {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub protocol: &'static str,
    /// Who owns the resource (`None`: the stewards).
    pub owner: Option<TeamId>,
}

pub struct Layout {
    pub naming: Naming,
    pub stewards: Stewards,
    domains: Vec<String>,
    subdomains: Vec<String>,
    services: Vec<String>,
    pub channels: Vec<Channel>,
    /// The channel a context's published events go out on.
    events_channel: HashMap<ContextId, usize>,
    /// The queue of each queue command.
    queue: HashMap<MessageId, usize>,
}

impl Layout {
    pub fn new(model: &Model) -> Layout {
        let naming = Naming::new(model);
        let domains: Vec<String> = model.domains.iter().map(|d| d.name.clone()).collect();
        let mut taken: BTreeSet<String> = domains.iter().cloned().collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for s in &model.subdomains {
            *count.entry(&s.name).or_default() += 1;
        }
        let subdomains = model
            .subdomains
            .iter()
            .map(|s| {
                let plain = count[s.name.as_str()] == 1 && !taken.contains(&s.name);
                let base = if plain {
                    s.name.clone()
                } else {
                    format!("{}{}", model.domain(s.domain).name, s.name)
                };
                crate::generate::contracts::unique(&mut taken, base)
            })
            .collect::<Vec<_>>();
        let services = model
            .contexts
            .iter()
            .map(|c| match c.implements.first() {
                Some(s) => {
                    let sub = model.subdomain(*s);
                    format!(
                        "domains/{}/subdomains/{}/services/{}",
                        domains[sub.domain.index()],
                        subdomains[s.index()],
                        c.name
                    )
                }
                None => format!("services/{}", c.name),
            })
            .collect();
        let mut layout = Layout {
            naming,
            stewards: Stewards::new(model),
            domains,
            subdomains,
            services,
            channels: Vec::new(),
            events_channel: HashMap::new(),
            queue: HashMap::new(),
        };
        layout.add_channels(model);
        layout
    }

    fn add_channels(&mut self, model: &Model) {
        let mut ids = BTreeSet::new();
        let mut add = |channels: &mut Vec<Channel>, mut c: Channel| {
            c.id = crate::generate::contracts::unique(&mut ids, c.id);
            channels.push(c);
            channels.len() - 1
        };
        let publishes = |ctx: &crate::model::Context| {
            ctx.messages
                .iter()
                .any(|m| model.message(*m).is_published_event())
        };
        let mut bus = None;
        for ctx in &model.contexts {
            if publishes(ctx) {
                let i = match model.system.broker {
                    Broker::Sns => add(
                        &mut self.channels,
                        Channel {
                            id: logical_id(&[&ctx.name, "EventsTopic"]),
                            name: format!("{} events topic", ctx.name),
                            summary: format!(
                                "The SNS topic {} publishes its events on, each in its envelope.",
                                ctx.name
                            ),
                            protocol: "sns",
                            owner: ctx.owner,
                        },
                    ),
                    Broker::EventBridge => *bus.get_or_insert_with(|| {
                        add(
                            &mut self.channels,
                            Channel {
                                id: "EventBus".into(),
                                name: format!("{} event bus", model.system.name),
                                summary: format!(
                                    "The EventBridge bus every context of {} publishes its events on.",
                                    model.system.name
                                ),
                                protocol: "eventbridge",
                                owner: None,
                            },
                        )
                    }),
                };
                self.events_channel.insert(ctx.id, i);
            }
            for m in &ctx.messages {
                let msg = model.message(*m);
                if msg.is_queue() {
                    let i = add(
                        &mut self.channels,
                        Channel {
                            id: format!("{}Queue", logical_id(&[&ctx.name, &msg.name])),
                            name: format!("{} {} queue", ctx.name, msg.name),
                            summary: format!("The SQS queue {} takes {} from.", ctx.name, msg.name),
                            protocol: "sqs",
                            owner: ctx.owner,
                        },
                    );
                    self.queue.insert(*m, i);
                }
            }
        }
    }

    pub fn domain_id(&self, d: crate::model::DomainId) -> &str {
        &self.domains[d.index()]
    }

    pub fn subdomain_id(&self, s: crate::model::SubdomainId) -> &str {
        &self.subdomains[s.index()]
    }

    /// `domains/<Domain>`.
    pub fn domain_dir(&self, d: crate::model::DomainId) -> String {
        format!("domains/{}", self.domains[d.index()])
    }

    /// `domains/<Domain>/subdomains/<Subdomain>`.
    pub fn subdomain_dir(&self, model: &Model, s: crate::model::SubdomainId) -> String {
        let sub = model.subdomain(s);
        format!(
            "{}/subdomains/{}",
            self.domain_dir(sub.domain),
            self.subdomains[s.index()]
        )
    }

    /// The folder of a context's service.
    pub fn service_dir(&self, c: ContextId) -> &str {
        &self.services[c.index()]
    }

    /// The id of a context's service: its name.
    pub fn service_id(model: &Model, c: ContextId) -> &str {
        &model.context(c).name
    }

    /// A message's id: its contracts component name.
    pub fn message_id(&self, m: MessageId) -> &str {
        self.naming.of_message(m)
    }

    /// The folder of a message, under its owning service.
    pub fn message_dir(&self, model: &Model, m: MessageId) -> String {
        let msg = model.message(m);
        let kind = crate::export::kind_folder(msg.kind);
        format!(
            "{}/{kind}/{}",
            self.service_dir(msg.context),
            self.message_id(m)
        )
    }

    /// The channel an event of context `c` goes out on.
    pub fn events_channel(&self, c: ContextId) -> Option<&Channel> {
        self.events_channel.get(&c).map(|i| &self.channels[*i])
    }

    /// The queue of a queue command.
    pub fn queue(&self, m: MessageId) -> Option<&Channel> {
        self.queue.get(&m).map(|i| &self.channels[*i])
    }

    /// The owner id of something a team (or no team) owns.
    pub fn owner<'a>(&'a self, model: &'a Model, team: Option<TeamId>) -> &'a str {
        self.stewards.owner_of(model, team)
    }
}
