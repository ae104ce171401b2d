//! `ddgen diff`: what changed between two versions of a model, judged as a
//! contract between the teams that own its contexts (`docs/diff.md`).
//!
//! Both versions live in one `SourceMap` and give two `Model`s. `changes`
//! pairs their declarations by qualified name (and rename hints, `hint`);
//! `consumers` says who uses what in the base; each rule in `rules/` judges
//! one kind of change and names the consuming contexts it affects;
//! `registry` lists the rules with their codes (the `D3xx` family of the
//! `codes!` table), so rendering, `explain` and SARIF work as for `check`.
//! `base` reads the base version from git or from another folder.

pub mod base;
mod changes;
mod consumers;
mod hint;
pub mod registry;
mod rules;

pub use changes::{match_fields, match_variants, Changes, Matching, Pair};
pub use consumers::{Consumers, TypeUse};
pub use hint::{docs_text, hint, Hint};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{ContextId, Field, MessageKind, Model};
use crate::source::Span;
use std::collections::BTreeSet;

/// A consuming context a finding affects, with its owner team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Affected {
    pub context: String,
    pub team: Option<String>,
}

/// One judged change: a diagnostic (primary span in the revision, a
/// secondary label in the base), its rule, and whom it affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static registry::Rule,
    pub diagnostic: Diagnostic,
    pub affected: Vec<Affected>,
}

/// The threshold of `--fail-on`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when a breaking change (an error) is found.
    Breaking,
    /// Exit 1 on breaking changes and warnings.
    Warning,
    /// Always exit 0 (report only).
    Never,
}

impl FailOn {
    pub fn fails(self, findings: &[Finding]) -> bool {
        findings.iter().any(|f| match self {
            FailOn::Breaking => f.diagnostic.severity == Severity::Error,
            FailOn::Warning => f.diagnostic.severity != Severity::Note,
            FailOn::Never => false,
        })
    }
}

/// A message body or a structured type present in both versions, with who
/// consumes it in the base and in which direction.
pub struct Structure<'m> {
    /// `event `Orders.OrderPlaced``, `value `Orders.Money``.
    pub what: String,
    pub base_fields: &'m [Field],
    pub rev_fields: &'m [Field],
    pub base_context: ContextId,
    pub rev_context: ContextId,
    pub base_span: Span,
    pub rev_span: Span,
    /// Consumers write it (command and query fields).
    pub input: bool,
    /// Consumers read it (event fields, responses).
    pub output: bool,
    /// The other contexts that depend on it in the base (empty: nobody).
    pub consumers: BTreeSet<ContextId>,
}

/// Everything the rules read.
pub struct Diff<'m> {
    pub base: &'m Model,
    pub rev: &'m Model,
    pub changes: Changes,
    pub uses: Consumers,
    pub structures: Vec<Structure<'m>>,
}

impl<'m> Diff<'m> {
    pub fn new(base: &'m Model, rev: &'m Model) -> Diff<'m> {
        let changes = Changes::of(base, rev);
        let uses = Consumers::of(base);
        let mut structures = Vec::new();
        for p in &changes.messages.pairs {
            let (b, r) = (base.message(p.base), rev.message(p.rev));
            let consumers = if b.internal {
                BTreeSet::new()
            } else {
                uses.messages[p.base.index()].clone()
            };
            let input = b.kind != MessageKind::Event;
            structures.push(Structure {
                what: format!("{} `{}`", r.kind.as_str(), rev.message_path(p.rev)),
                base_fields: &b.fields,
                rev_fields: &r.fields,
                base_context: b.context,
                rev_context: r.context,
                base_span: b.name_span,
                rev_span: r.name_span,
                input: input && !consumers.is_empty(),
                output: !input && !consumers.is_empty(),
                consumers,
            });
        }
        for p in &changes.types.pairs {
            let (b, r) = (base.type_def(p.base), rev.type_def(p.rev));
            if !b.kind.is_structured() || !r.kind.is_structured() {
                continue;
            }
            let u = &uses.types[p.base.index()];
            structures.push(Structure {
                what: format!("{} `{}`", r.kind.as_str(), rev.type_path(p.rev)),
                base_fields: &b.fields,
                rev_fields: &r.fields,
                base_context: b.context,
                rev_context: r.context,
                base_span: b.name_span,
                rev_span: r.name_span,
                input: u.input,
                output: u.output,
                consumers: u.all.clone(),
            });
        }
        Diff {
            base,
            rev,
            changes,
            uses,
            structures,
        }
    }

    /// The revision of a base context, if it was kept.
    pub fn rev_context(&self, base: ContextId) -> Option<ContextId> {
        self.changes.context_rev[base.index()]
    }

    /// The affected contexts, by their revision name where they were kept.
    pub fn affected(&self, ids: &BTreeSet<ContextId>) -> Vec<Affected> {
        let mut out: Vec<Affected> = ids
            .iter()
            .map(|&c| {
                let (model, id) = match self.rev_context(c) {
                    Some(r) => (self.rev, r),
                    None => (self.base, c),
                };
                let ctx = model.context(id);
                Affected {
                    context: ctx.name.clone(),
                    team: ctx.owner.map(|t| model.team(t).name.clone()),
                }
            })
            .collect();
        out.sort_by(|a, b| a.context.cmp(&b.context));
        out
    }
}

/// Where a rule puts its findings.
pub struct Out<'d, 'm> {
    rule: &'static registry::Rule,
    diff: &'d Diff<'m>,
    findings: Vec<Finding>,
}

impl Out<'_, '_> {
    /// A diagnostic of this rule's code.
    pub fn at(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.rule.code, span, message)
    }

    /// Records `d`, naming the contexts it affects at the end of its message.
    pub fn push(&mut self, mut d: Diagnostic, consumers: &BTreeSet<ContextId>) {
        let affected = self.diff.affected(consumers);
        if !affected.is_empty() {
            let names: Vec<String> = affected
                .iter()
                .map(|a| match &a.team {
                    Some(t) => format!("{} (team {t})", a.context),
                    None => a.context.clone(),
                })
                .collect();
            d.message
                .push_str(&format!("; affects {}", names.join(", ")));
        }
        self.findings.push(Finding {
            rule: self.rule,
            diagnostic: d,
            affected,
        });
    }
}

/// Every finding between `base` and `rev`, in a stable order (by revision
/// location, then code, then message).
pub fn diff(base: &Model, rev: &Model) -> Vec<Finding> {
    let d = Diff::new(base, rev);
    let mut findings = Vec::new();
    for rule in registry::RULES {
        let mut out = Out {
            rule,
            diff: &d,
            findings: Vec::new(),
        };
        (rule.run)(&d, &mut out);
        findings.append(&mut out.findings);
    }
    findings.sort_by(|a, b| a.diagnostic.sort_key().cmp(&b.diagnostic.sort_key()));
    findings.dedup();
    findings
}

/// The codes of the diff family.
pub fn codes() -> impl Iterator<Item = Code> {
    registry::RULES.iter().map(|r| r.code)
}
