//! `Flow` blocks of an `Application`: emits and triggers steps.

use super::Cx;
use crate::import::cml::cst::*;
use crate::import::cml::Rule;
use pest::iterators::Pair;

impl Cx<'_> {
    pub(super) fn flow(&self, pair: Pair<Rule>) -> Flow {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.name(inner.next().expect("flow name"));
        let mut flow = Flow {
            name,
            steps: Vec::new(),
            skipped: Vec::new(),
            span,
        };
        for p in inner {
            let span = self.span(&p);
            match p.as_rule() {
                Rule::flow_trigger => {
                    let mut events = Vec::new();
                    let mut targets = Vec::new();
                    let mut kind = StepKind::Command;
                    let mut after = false;
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::kw_triggers => after = true,
                            Rule::step_kind => kind = step_kind(x.as_str()),
                            Rule::ident if after => targets.push(self.name(x)),
                            Rule::ident => events.push(self.name(x)),
                            _ => {}
                        }
                    }
                    flow.steps.push(FlowStep::Triggers {
                        events,
                        kind,
                        targets,
                        span,
                    });
                }
                Rule::flow_emit => {
                    let mut kind = StepKind::Command;
                    let mut source = None;
                    let mut events = Vec::new();
                    let mut delegation = None;
                    for x in p.into_inner() {
                        match x.as_rule() {
                            Rule::step_kind => kind = step_kind(x.as_str()),
                            Rule::ident if source.is_none() => source = Some(self.name(x)),
                            Rule::ident => events.push(self.name(x)),
                            Rule::delegation if !x.as_str().trim().is_empty() => {
                                delegation = Some(self.span(&x))
                            }
                            _ => {}
                        }
                    }
                    flow.steps.push(FlowStep::Emits {
                        kind,
                        source: source.expect("flow step source"),
                        events,
                        delegation,
                        span,
                    });
                }
                Rule::catch_item => flow.skipped.push(self.caught(p, false)),
                _ => {}
            }
        }
        flow
    }
}

fn step_kind(s: &str) -> StepKind {
    if s == "operation" {
        StepKind::Operation
    } else {
        StepKind::Command
    }
}
