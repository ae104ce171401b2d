//! G403 and G404: the stateful resources a deploy of the new templates
//! would delete or replace, found by comparing every template already in
//! the output folder (as ddgen last wrote it) with the one about to be
//! written. A logical id that disappears is deleted (its context left the
//! model, or what it was generated for did); a changed property that
//! CloudFormation can only apply by replacement (a table's key schema, a
//! queue's name or FIFO setting) replaces it, empty. Either loses state:
//! a table's items, a queue's messages in flight, a topic's or bus's
//! subscriptions.

use super::resources::{resources, Resource};
use super::Findings;
use crate::diagnostic::Code;
use crate::generate::apply::Manifest;
use crate::generate::{OutFile, Owner};
use crate::source::FileId;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// What a stateful resource type holds, and its properties that force a
/// replacement when they change (CloudFormation's "Update requires:
/// Replacement").
fn stateful(ty: &str) -> Option<(&'static str, &'static [&'static str])> {
    Some(match ty {
        "AWS::DynamoDB::Table" => (
            "the DynamoDB table (and its items)",
            &["TableName", "KeySchema", "LocalSecondaryIndexes"],
        ),
        "AWS::Serverless::SimpleTable" => (
            "the DynamoDB table (and its items)",
            &["TableName", "PrimaryKey"],
        ),
        "AWS::SQS::Queue" => (
            "the SQS queue (and its messages in flight)",
            &["QueueName", "FifoQueue"],
        ),
        "AWS::SNS::Topic" => (
            "the SNS topic (and its subscriptions)",
            &["TopicName", "FifoTopic"],
        ),
        "AWS::Events::EventBus" => ("the EventBridge bus (and its rules)", &["Name"]),
        "AWS::KMS::Key" => ("the KMS key (what it encrypted becomes unreadable)", &[]),
        "AWS::Serverless::Application" | "AWS::CloudFormation::Stack" => {
            ("the nested stack (and every resource in it)", &[])
        }
        _ => return None,
    })
}

fn is_template(path: &str) -> bool {
    path == "template.yaml" || path.ends_with("/template.yaml")
}

pub(super) fn check(findings: &mut Findings, out_dir: &Path, files: &[OutFile], old: &Manifest) {
    let planned: BTreeMap<&str, &OutFile> = files
        .iter()
        .filter(|f| is_template(&f.path))
        .map(|f| (f.path.as_str(), f))
        .collect();
    // Contexts of the last generation that the model no longer has.
    let staying: BTreeSet<&str> = files.iter().filter_map(|f| f.context.as_deref()).collect();
    let departed: BTreeSet<&str> = old
        .files
        .values()
        .filter_map(|e| e.context.as_deref())
        .filter(|c| !staying.contains(c))
        .collect();
    let mut templates: BTreeSet<&str> = planned.keys().copied().collect();
    templates.extend(
        old.files
            .iter()
            .filter(|(p, e)| e.owner == Owner::Ddgen && is_template(p))
            .map(|(p, _)| p.as_str()),
    );
    for path in templates {
        let Some(file) = findings.file(out_dir, path) else {
            continue; // new: nothing deployed from it yet
        };
        let before: Vec<Resource> = resources(findings.text(file))
            .into_iter()
            .filter(|r| stateful(&r.ty).is_some())
            .collect();
        if before.is_empty() {
            continue;
        }
        let Some(new) = planned.get(path) else {
            let context = old
                .files
                .get(path)
                .and_then(|e| e.context.clone())
                .unwrap_or_else(|| path.to_string());
            for r in &before {
                deleted(
                    findings,
                    file,
                    r,
                    &format!(
                        "the context `{context}` is no longer in the model (renamed or removed), so its stack is deleted"
                    ),
                );
            }
            continue;
        };
        let after: BTreeMap<String, Resource> = resources(&new.content)
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect();
        for r in &before {
            match after.get(&r.id) {
                None => deleted(findings, file, r, &vanished_cause(&r.id, &departed)),
                Some(n) if n.ty != r.ty => {
                    replaced(findings, file, r, &format!("its type becomes `{}`", n.ty))
                }
                Some(n) => {
                    let (_, replacing) = stateful(&r.ty).expect("filtered on stateful");
                    let changed: Vec<String> = replacing
                        .iter()
                        .filter(|p| r.properties.get(**p) != n.properties.get(**p))
                        .map(|p| format!("`{p}`"))
                        .collect();
                    if !changed.is_empty() {
                        replaced(
                            findings,
                            file,
                            r,
                            &format!(
                                "{} change{} (a key or name in the model changed)",
                                changed.join(", "),
                                if changed.len() == 1 { "s" } else { "" }
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Why a logical id is gone: it was named after a context that left the
/// model (ids start with the context's name), or after something else that
/// did.
fn vanished_cause(id: &str, departed: &BTreeSet<&str>) -> String {
    let prefix = |c: &str| -> String { c.chars().filter(|c| c.is_ascii_alphanumeric()).collect() };
    match departed.iter().find(|c| {
        let p = prefix(c);
        !p.is_empty() && id.starts_with(&p)
    }) {
        Some(c) => format!("it belongs to the context `{c}`, which is no longer in the model (renamed or removed)"),
        None => "the model no longer has what it was generated for (a subscription, queue command or context renamed or removed)".into(),
    }
}

fn deleted(findings: &mut Findings, file: FileId, r: &Resource, cause: &str) {
    let (what, _) = stateful(&r.ty).expect("filtered on stateful");
    let kept = if r.retained {
        " (`DeletionPolicy: Retain` keeps it in the account, detached from the stack)"
    } else {
        ""
    };
    report(
        findings,
        (file, r),
        Code::G403,
        format!("deploying deletes `{}`, {what}{kept}", r.id),
        format!("deleted on deploy: {cause}"),
        "if this is a rename, move the data before deploying (export the table, drain the queue), \
         or keep the old name in the model",
    );
}

fn replaced(findings: &mut Findings, file: FileId, r: &Resource, cause: &str) {
    let (what, _) = stateful(&r.ty).expect("filtered on stateful");
    report(
        findings,
        (file, r),
        Code::G404,
        format!("deploying replaces `{}`, {what}, with an empty one", r.id),
        format!("replaced on deploy: {cause}"),
        "keep the key and names as they were, or plan the migration (copy the items, drain the \
         queue) before deploying",
    );
}

/// One finding at the resource's logical id in the old template.
fn report(
    findings: &mut Findings,
    (file, r): (FileId, &Resource),
    code: Code,
    message: String,
    label: String,
    help: &str,
) {
    let d = findings.push(code, file, r.at.clone(), message);
    d.label = label;
    d.help = Some(format!("{help}; see `ddgen explain {code}`"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::apply::ManifestEntry;

    const OLD: &str = "Resources:\n  Table:\n    Type: AWS::DynamoDB::Table\n    DeletionPolicy: Retain\n    Properties:\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n\n  Role:\n    Type: AWS::IAM::Role\n";

    fn run(new: Option<&str>) -> Vec<(Code, String)> {
        let dir = tempfile::tempdir().unwrap();
        let rel = "contexts/orders/template.yaml";
        std::fs::create_dir_all(dir.path().join("contexts/orders")).unwrap();
        std::fs::write(dir.path().join(rel), OLD).unwrap();
        let mut old = Manifest::default();
        old.files.insert(
            rel.into(),
            ManifestEntry {
                owner: Owner::Ddgen,
                sha256: String::new(),
                context: Some("Orders".into()),
            },
        );
        let files: Vec<OutFile> = new
            .map(|c| OutFile {
                path: rel.into(),
                content: c.into(),
                owner: Owner::Ddgen,
                context: Some("Orders".into()),
            })
            .into_iter()
            .collect();
        let f = super::super::collect(dir.path(), &files, &old);
        f.diagnostics
            .iter()
            .map(|d| (d.code, format!("{} / {}", d.message, d.label)))
            .collect()
    }

    #[test]
    fn unchanged_and_unrelated_changes_find_nothing() {
        assert_eq!(run(Some(OLD)), []);
        let more = OLD.replace("VisibilityTimeout: 60", "VisibilityTimeout: 90");
        assert_eq!(
            run(Some(&format!(
                "{more}\n  Other:\n    Type: AWS::SQS::Queue\n"
            ))),
            []
        );
    }

    #[test]
    fn a_vanished_id_is_deleted_and_a_new_key_replaces() {
        let found = run(Some(
            &OLD.replace("AttributeName: pk", "AttributeName: id")
                .replace("  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      VisibilityTimeout: 60\n\n", ""),
        ));
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, Code::G404);
        assert!(found[0].1.contains("`KeySchema` changes"), "{found:?}");
        assert_eq!(found[1].0, Code::G403);
        assert!(found[1].1.contains("`Queue`"), "{found:?}");
    }

    #[test]
    fn a_context_that_left_deletes_its_state() {
        let found = run(None);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found
            .iter()
            .all(|(c, m)| *c == Code::G403 && m.contains("`Orders` is no longer")));
        assert!(found[0].1.contains("Retain"), "{found:?}");
    }
}
