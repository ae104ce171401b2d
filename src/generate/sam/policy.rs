//! Per-function least privilege: each function's IAM statements name only
//! the actions and resources its code uses. What a function does is its
//! [`Role`]; [`Policy`] collects its statements, and adding one for a
//! function (idempotency records, a queue's scaling, an index, a route it
//! may invoke) is one call to [`Policy::allow`].

use super::context::{statement, StatementView};
use super::*;

/// What a function of a context stack does, as far as its rights go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The HTTP API's routes; `commands` when one of them is a command.
    Api { commands: bool },
    /// A `via queue` command's consumer.
    Command,
    /// An event subscription's consumer (Powertools idempotency records
    /// live in the table).
    Consumer,
    /// The outbox relay: reads the table's stream, publishes, deletes.
    Relay,
}

/// What the context's code offers every function: a repository (stored
/// aggregates) and an outbox (published events).
#[derive(Debug, Clone, Copy)]
pub(super) struct Uses {
    pub(super) repository: bool,
    pub(super) outbox: bool,
}

/// The DynamoDB actions a function's code calls on the table, sorted.
pub(super) fn table_actions(role: Role, uses: Uses) -> Vec<&'static str> {
    let mut a: Vec<&'static str> = Vec::new();
    let runs_bodies = |writes: bool, a: &mut Vec<&'static str>| {
        if uses.repository {
            // repository.get; save and delete when the body writes.
            a.push("dynamodb:GetItem");
            if writes {
                a.extend(["dynamodb:PutItem", "dynamodb:DeleteItem"]);
            }
        }
        if writes && uses.outbox {
            // Outbox items: Puts of a TransactWriteItems (governed by PutItem).
            a.push("dynamodb:PutItem");
        }
    };
    match role {
        Role::Api { commands } => runs_bodies(commands, &mut a),
        Role::Command => runs_bodies(true, &mut a),
        Role::Consumer => {
            runs_bodies(true, &mut a);
            // Powertools idempotency: get, put (conditional), update, delete.
            a.extend([
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
            ]);
        }
        // The delivered outbox item is deleted.
        Role::Relay => a.push("dynamodb:DeleteItem"),
    }
    a.sort_unstable();
    a.dedup();
    a
}

/// The statements of one function's policy.
#[derive(Default)]
pub(super) struct Policy {
    pub(super) statements: Vec<StatementView>,
}

impl Policy {
    /// Allows `actions` on `resources`; returns the statement (to add a
    /// condition). A Sid already taken gets a number.
    pub(super) fn allow(
        &mut self,
        sid: &str,
        actions: &[&str],
        resources: Vec<Value>,
    ) -> &mut StatementView {
        let mut name = sid.to_string();
        let mut n = 2;
        while self.statements.iter().any(|s| s.sid == name) {
            name = format!("{sid}{n}");
            n += 1;
        }
        self.statements.push(statement(&name, actions, resources));
        self.statements.last_mut().expect("just pushed")
    }
}

/// What one function's policy is made from.
pub(super) struct Inputs<'a> {
    pub(super) role: Role,
    pub(super) uses: Uses,
    pub(super) log_group_id: &'a str,
    pub(super) key: &'a str,
    /// The queue its SQS event source reads, if any.
    pub(super) queue: Option<&'a Value>,
    /// ARNs of the queues its senders send to.
    pub(super) sends: Vec<Value>,
    /// The relay's publishing rights: topic (SNS) or bus (EventBridge) and
    /// the context's `source`.
    pub(super) topic: Option<&'a str>,
    pub(super) bus: Option<(&'a str, &'a str)>,
    /// The relay's on-failure destination.
    pub(super) dead_letters: Option<&'a str>,
}

/// The policy of one function.
pub(super) fn policy(i: &Inputs<'_>) -> Policy {
    let mut p = Policy::default();
    p.allow(
        "WriteOwnLogs",
        &["logs:CreateLogStream", "logs:PutLogEvents"],
        vec![get_att(i.log_group_id, "Arn")],
    );
    p.allow(
        "Tracing",
        &["xray:PutTelemetryRecords", "xray:PutTraceSegments"],
        vec![json!("*")],
    );
    let table = table_actions(i.role, i.uses);
    if !table.is_empty() {
        p.allow("UseOwnTable", &table, vec![get_att("Table", "Arn")]);
    }
    // The table, the queues and the topic are encrypted with the key.
    p.allow(
        "UseSystemKey",
        &[
            "kms:Decrypt",
            "kms:DescribeKey",
            "kms:Encrypt",
            "kms:GenerateDataKey",
        ],
        vec![reference(i.key)],
    );
    if i.role == Role::Relay {
        p.allow(
            "ReadOwnTableStream",
            &[
                "dynamodb:DescribeStream",
                "dynamodb:GetRecords",
                "dynamodb:GetShardIterator",
                "dynamodb:ListStreams",
            ],
            vec![get_att("Table", "StreamArn")],
        );
        if let Some(t) = i.topic {
            p.allow("PublishOwnEvents", &["sns:Publish"], vec![reference(t)]);
        }
        if let Some((bus, source)) = i.bus {
            // Only with the context's own `source`: no context can pose as another.
            p.allow(
                "PublishOwnEvents",
                &["events:PutEvents"],
                vec![reference(bus)],
            )
            .condition = Some(flow(
                &json!({ "StringEquals": { "events:source": [source] } }),
            ));
        }
        if let Some(dlq) = i.dead_letters {
            p.allow(
                "ReportUndelivered",
                &["sqs:SendMessage"],
                vec![get_att(dlq, "Arn")],
            );
        }
    } else if !i.sends.is_empty() {
        p.allow("SendCommands", &["sqs:SendMessage"], i.sends.clone());
    }
    if let Some(queue) = i.queue {
        p.allow(
            "ConsumeOwnQueue",
            &[
                "sqs:DeleteMessage",
                "sqs:GetQueueAttributes",
                "sqs:ReceiveMessage",
            ],
            vec![queue.clone()],
        );
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: Uses = Uses {
        repository: true,
        outbox: true,
    };

    #[test]
    fn a_query_api_only_reads() {
        assert_eq!(
            table_actions(Role::Api { commands: false }, ALL),
            ["dynamodb:GetItem"]
        );
    }

    #[test]
    fn the_relay_only_deletes_what_it_delivered() {
        assert_eq!(table_actions(Role::Relay, ALL), ["dynamodb:DeleteItem"]);
    }

    #[test]
    fn no_function_scans_or_batches() {
        for role in [
            Role::Api { commands: true },
            Role::Command,
            Role::Consumer,
            Role::Relay,
        ] {
            for a in table_actions(role, ALL) {
                assert!(!a.contains("Scan") && !a.contains("Batch"), "{role:?} {a}");
            }
        }
    }

    #[test]
    fn a_command_without_repository_writes_only_the_outbox() {
        let uses = Uses {
            repository: false,
            outbox: true,
        };
        assert_eq!(table_actions(Role::Command, uses), ["dynamodb:PutItem"]);
        let none = Uses {
            repository: false,
            outbox: false,
        };
        assert!(table_actions(Role::Command, none).is_empty());
    }

    #[test]
    fn a_taken_sid_gets_a_number() {
        let mut p = Policy::default();
        p.allow("A", &["sqs:SendMessage"], vec![json!("x")]);
        p.allow("A", &["sqs:SendMessage"], vec![json!("y")]);
        let sids: Vec<&str> = p.statements.iter().map(|s| s.sid.as_str()).collect();
        assert_eq!(sids, ["A", "A2"]);
    }
}
