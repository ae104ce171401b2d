//! The landscape around contexts: `system`, `team`, `domain` and its
//! `subdomain`s and capabilities, and their `vision`s.

use super::*;

impl Lower<'_> {
    pub(super) fn system(&mut self, p: Pair<Rule>, docs: Option<String>) -> System {
        let span = self.span(&p);
        let mut sys = System {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            broker: None,
            python: None,
            architecture: None,
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => sys.name = self.ident(item),
                Rule::settings => {
                    for s in self.settings(item, span, "a `system`", crate::syntax::SYSTEM_SETTINGS)
                    {
                        match s.name.name.as_str() {
                            "broker" => {
                                sys.broker = self.word(
                                    &s,
                                    "broker",
                                    &[("sns", Broker::Sns), ("eventbridge", Broker::EventBridge)],
                                )
                            }
                            "architecture" => {
                                let words = [Architecture::Arm64, Architecture::X86_64]
                                    .map(|a| (a.word(), a));
                                sys.architecture = self.word(&s, "architecture", &words)
                            }
                            _ => match s.value {
                                Value::Str(v) => sys.python = Some(v),
                                _ => self.wrong_value(&s, "a version string such as `\"3.12\"`"),
                            },
                        }
                    }
                }
                _ => {}
            }
        }
        sys
    }

    pub(super) fn team(&mut self, p: Pair<Rule>, docs: Option<String>) -> Team {
        let span = self.span(&p);
        let mut team = Team {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            contact: None,
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => team.name = self.ident(item),
                Rule::settings => {
                    for s in self.settings(item, span, "a `team`", crate::syntax::TEAM_SETTINGS) {
                        match s.value {
                            Value::Str(v) => team.contact = Some(v),
                            _ => self.wrong_value(&s, "a string"),
                        }
                    }
                }
                _ => {}
            }
        }
        team
    }

    pub(super) fn vision(&mut self, p: Pair<Rule>, slot: &mut Option<Str>) {
        let Some(s) = p.into_inner().find(|i| i.as_rule() == Rule::string) else {
            return;
        };
        let s = self.string(s);
        match slot {
            Some(first) => {
                let first = first.span;
                self.duplicate("vision", first, s.span);
            }
            None => *slot = Some(s),
        }
    }

    pub(super) fn domain(&mut self, p: Pair<Rule>, docs: Option<String>) -> Domain {
        let span = self.span(&p);
        let mut d = Domain {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            vision: None,
            parts: Vec::new(),
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => d.name = self.ident(item),
                Rule::domain_body => {
                    let mut pending = Vec::new();
                    for member in item.into_inner() {
                        match member.as_rule() {
                            Rule::doc_line => pending.push(doc_text(&member)),
                            Rule::catch_all => {
                                pending.clear();
                                self.catch(member, Block::Domain)
                            }
                            Rule::vision_decl => {
                                pending.clear();
                                self.vision(member, &mut d.vision)
                            }
                            Rule::allow_decl => self.allow(member, span),
                            Rule::subdomain_decl => {
                                let s = self.subdomain(member, take_docs(&mut pending));
                                d.parts.push(s);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        d
    }

    pub(super) fn subdomain(&mut self, p: Pair<Rule>, docs: Option<String>) -> Subdomain {
        let span = self.span(&p);
        let mut s = Subdomain {
            kind: PartKind::Subdomain,
            name: Ident {
                name: String::new(),
                span,
            },
            class: None,
            docs,
            vision: None,
            span,
        };
        let mut seen_name = false;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::kw_capability => s.kind = PartKind::Capability,
                Rule::ident if !seen_name => {
                    seen_name = true;
                    s.name = self.ident(item);
                }
                Rule::ident => {
                    let span = self.span(&item);
                    let options = [
                        ("core", Classification::Core),
                        ("supporting", Classification::Supporting),
                        ("generic", Classification::Generic),
                    ];
                    match options.iter().find(|(k, _)| *k == item.as_str()) {
                        Some((_, c)) => s.class = Some(Spanned { value: *c, span }),
                        None => self.unknown_word(
                            span,
                            "subdomain type",
                            item.as_str(),
                            options.iter().map(|(k, _)| *k),
                        ),
                    }
                }
                Rule::sub_body => {
                    for member in item.into_inner() {
                        match member.as_rule() {
                            Rule::catch_all => self.catch(member, Block::Subdomain),
                            Rule::vision_decl => self.vision(member, &mut s.vision),
                            Rule::allow_decl => self.allow(member, span),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        s
    }
}
