//! Type declarations (`id`, `enum`, `value`, `entity`, `aggregate`), their
//! fields and type expressions.

use super::*;

impl Lower<'_> {
    pub(super) fn type_decl(&mut self, p: Pair<Rule>, docs: Option<String>) -> TypeDecl {
        let span = self.span(&p);
        let rule = p.as_rule();
        let mut t = TypeDecl {
            kind: match rule {
                Rule::id_decl => TypeKind::Id(IdBase::Uuid),
                Rule::enum_decl => TypeKind::Enum(Vec::new()),
                Rule::value_decl => TypeKind::Value,
                Rule::entity_decl => TypeKind::Entity,
                _ => TypeKind::Aggregate,
            },
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            fields: Vec::new(),
            indexes: Vec::new(),
            span,
        };
        let mut named = false;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident if !named => {
                    named = true;
                    t.name = self.ident(item);
                }
                Rule::ident => {
                    let span = self.span(&item);
                    let options = [
                        ("uuid", IdBase::Uuid),
                        ("string", IdBase::String),
                        ("int", IdBase::Int),
                    ];
                    match options.iter().find(|(k, _)| *k == item.as_str()) {
                        Some((_, b)) => t.kind = TypeKind::Id(*b),
                        None => self.unknown_word(
                            span,
                            "identity base type",
                            item.as_str(),
                            options.iter().map(|(k, _)| *k),
                        ),
                    }
                }
                Rule::enum_body => {
                    let mut variants = Vec::new();
                    let mut pending = Vec::new();
                    for v in item.into_inner() {
                        match v.as_rule() {
                            Rule::doc_line => pending.push(doc_text(&v)),
                            Rule::catch_all => self.catch(v, Block::Enum),
                            Rule::allow_decl => self.allow(v, span),
                            Rule::variant => {
                                if let Some(id) = v.into_inner().next() {
                                    variants.push(Variant {
                                        name: self.ident(id),
                                        docs: take_docs(&mut pending),
                                    });
                                }
                            }
                            _ => {}
                        }
                    }
                    t.kind = TypeKind::Enum(variants);
                }
                Rule::field_block => t.fields = self.fields(item, span),
                Rule::aggregate_block => {
                    (t.fields, t.indexes) = self.field_items(item, span, Block::Aggregate);
                }
                _ => {}
            }
        }
        t
    }

    pub(super) fn fields(&mut self, p: Pair<Rule>, scope: Span) -> Vec<Field> {
        self.field_items(p, scope, Block::Fields).0
    }

    pub(super) fn field(&self, item: Pair<Rule>, docs: Option<String>) -> Option<Field> {
        let span = self.span(&item);
        let mut it = item.into_inner().filter(|p| p.as_rule() != Rule::colon);
        let (Some(name), Some(ty)) = (it.next(), it.next()) else {
            return None;
        };
        Some(Field {
            name: self.ident(name),
            ty: self.type_expr(ty),
            docs,
            span,
        })
    }

    pub(super) fn type_expr(&self, p: Pair<Rule>) -> TypeExpr {
        let span = self.span(&p);
        let mut inner = None;
        let mut optional = false;
        for part in p.into_inner() {
            match part.as_rule() {
                Rule::path => {
                    inner = Some(TypeExpr {
                        kind: TypeExprKind::Named(self.path(part)),
                        span,
                    })
                }
                Rule::list_type | Rule::map_type => {
                    let is_list = part.as_rule() == Rule::list_type;
                    let pspan = self.span(&part);
                    if let Some(arg) = part.into_inner().find(|p| p.as_rule() == Rule::type_expr) {
                        let arg = Box::new(self.type_expr(arg));
                        let kind = if is_list {
                            TypeExprKind::List(arg)
                        } else {
                            TypeExprKind::Map(arg)
                        };
                        inner = Some(TypeExpr { kind, span: pspan });
                    }
                }
                Rule::question => optional = true,
                _ => {}
            }
        }
        let inner = inner.unwrap_or(TypeExpr {
            kind: TypeExprKind::Named(Path {
                segments: Vec::new(),
                span,
            }),
            span,
        });
        if optional {
            TypeExpr {
                kind: TypeExprKind::Optional(Box::new(inner)),
                span,
            }
        } else {
            inner
        }
    }
}
