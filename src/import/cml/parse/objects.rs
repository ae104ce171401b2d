//! Domain objects, enums, fields, types, operations and services.

use super::Cx;
use crate::import::cml::cst::*;
use crate::import::cml::Rule;
use pest::iterators::Pair;

impl Cx<'_> {
    pub(super) fn object(&self, pair: Pair<Rule>) -> DomainObject {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut kind = ObjectKind::Entity;
        let mut o = None::<DomainObject>;
        let mut is_abstract = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::abstract_mark => is_abstract = true,
                Rule::object_kind => {
                    kind = match p.as_str() {
                        "ValueObject" => ObjectKind::ValueObject,
                        "DomainEvent" | "Event" => ObjectKind::DomainEvent,
                        "CommandEvent" | "Command" => ObjectKind::CommandEvent,
                        "DataTransferObject" => ObjectKind::DataTransferObject,
                        _ => ObjectKind::Entity,
                    }
                }
                Rule::ident => {
                    o = Some(DomainObject {
                        kind,
                        name: self.name(p),
                        docs: docs.clone(),
                        is_abstract,
                        extends: None,
                        root: false,
                        fields: Vec::new(),
                        operations: Vec::new(),
                        values: Vec::new(),
                        settings: Vec::new(),
                        skipped: Vec::new(),
                        span,
                    })
                }
                Rule::extends => {
                    if let (Some(o), Some(n)) = (o.as_mut(), p.into_inner().last()) {
                        o.extends = Some(self.name(n));
                    }
                }
                Rule::obj_body => {
                    let Some(o) = o.as_mut() else { continue };
                    for item in p.into_inner() {
                        match item.as_rule() {
                            Rule::root_mark => o.root = true,
                            Rule::lifecycle_mark => {}
                            Rule::operation => o.operations.push(self.operation(item)),
                            Rule::field => o.fields.push(self.field(item)),
                            Rule::setting => o.settings.push(self.setting(item)),
                            Rule::catch_item => o.skipped.push(self.caught(item, false)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        o.expect("object name")
    }

    pub(super) fn enumeration(&self, pair: Pair<Rule>) -> DomainObject {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.name(inner.next().expect("enum name"));
        let values = inner
            .filter(|p| p.as_rule() == Rule::enum_value)
            .filter_map(|p| p.into_inner().next())
            .map(|p| self.name(p))
            .collect();
        DomainObject {
            kind: ObjectKind::Enum,
            name,
            docs,
            is_abstract: false,
            extends: None,
            root: false,
            fields: Vec::new(),
            operations: Vec::new(),
            values,
            settings: Vec::new(),
            skipped: Vec::new(),
            span,
        }
    }

    pub(super) fn type_ref(&self, pair: Pair<Rule>) -> TypeRef {
        let span = self.span(&pair);
        let mut name = None;
        let mut args = Vec::new();
        let mut array = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::qname => name = Some(self.name(p)),
                Rule::type_ref => args.push(self.type_ref(p)),
                Rule::array_mark => array = true,
                _ => {}
            }
        }
        let name = name.expect("type name");
        // pest's span of the rule may end in the blank after the name.
        let span = if args.is_empty() && !array {
            name.span
        } else {
            span
        };
        TypeRef {
            name,
            args,
            array,
            span,
        }
    }

    pub(super) fn field(&self, pair: Pair<Rule>) -> Field {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut reference = false;
        let mut ty = None;
        let mut name = None;
        let mut modifiers = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::ref_mark => reference = true,
                Rule::type_ref => ty = Some(self.type_ref(p)),
                Rule::ident => name = Some(self.name(p)),
                Rule::modifier => modifiers.push(p.as_str().trim().to_string()),
                _ => {}
            }
        }
        Field {
            reference,
            ty: ty.expect("field type"),
            name: name.expect("field name"),
            modifiers,
            docs,
            span,
        }
    }

    pub(super) fn operation(&self, pair: Pair<Rule>) -> Operation {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut returns = None;
        let mut name = None;
        let mut params = Vec::new();
        let mut tail = String::new();
        let mut tail_span = span;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::type_ref => returns = Some(self.type_ref(p)),
                Rule::ident => name = Some(self.name(p)),
                Rule::params => {
                    for param in p.into_inner() {
                        let mut inner = param.into_inner();
                        let ty = self.type_ref(inner.next().expect("param type"));
                        params.push(Param {
                            ty,
                            name: inner.next().map(|n| self.name(n)),
                        });
                    }
                }
                Rule::op_tail => {
                    tail = p.as_str().trim().to_string();
                    tail_span = self.span(&p);
                }
                _ => {}
            }
        }
        Operation {
            returns,
            name: name.expect("operation name"),
            params,
            tail,
            tail_span,
            docs,
            span,
        }
    }

    pub(super) fn service(&self, pair: Pair<Rule>) -> Service {
        let span = self.span(&pair);
        let docs = self.docs(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // keyword
        let name = self.name(inner.next().expect("service name"));
        let mut s = Service {
            name,
            docs,
            operations: Vec::new(),
            skipped: Vec::new(),
            span,
        };
        for p in inner {
            match p.as_rule() {
                Rule::operation => s.operations.push(self.operation(p)),
                Rule::catch_item => s.skipped.push(self.caught(p, false)),
                _ => {}
            }
        }
        s
    }
}
