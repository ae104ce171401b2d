//! The context `map` and its relationships (roles on each side, the arrow,
//! the pattern).

use super::*;

impl Lower<'_> {
    pub(super) fn map(&mut self, p: Pair<Rule>, docs: Option<String>) -> Map {
        let span = self.span(&p);
        let mut map = Map {
            name: Ident {
                name: String::new(),
                span,
            },
            docs,
            relationships: Vec::new(),
            span,
        };
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => map.name = self.ident(item),
                Rule::map_body => {
                    let mut pending = Vec::new();
                    for r in item.into_inner() {
                        match r.as_rule() {
                            Rule::doc_line => pending.push(doc_text(&r)),
                            Rule::catch_all => self.catch(r, Block::Map),
                            Rule::allow_decl => self.allow(r, span),
                            Rule::relationship => {
                                if let Some(rel) = self.relationship(r, take_docs(&mut pending)) {
                                    map.relationships.push(rel);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        map
    }

    pub(super) fn roles(&mut self, p: Pair<Rule>) -> Vec<Spanned<Role>> {
        let mut out = Vec::new();
        for r in p.into_inner().filter(|p| p.as_rule() == Rule::ident) {
            let span = self.span(&r);
            match Role::ALL.iter().find(|(k, _)| *k == r.as_str()) {
                Some((_, role)) => out.push(Spanned { value: *role, span }),
                None => {
                    self.unknown_word(span, "role", r.as_str(), Role::ALL.iter().map(|(k, _)| *k))
                }
            }
        }
        out
    }

    pub(super) fn relationship(
        &mut self,
        p: Pair<Rule>,
        docs: Option<String>,
    ) -> Option<Relationship> {
        let span = self.span(&p);
        let mut idents = Vec::new();
        let mut left_roles = Vec::new();
        let mut right_roles = Vec::new();
        let mut arrow = None;
        let mut pattern = None;
        let mut ok = true;
        for item in p.into_inner() {
            match item.as_rule() {
                Rule::ident => idents.push(self.ident(item)),
                Rule::roles => {
                    let roles = self.roles(item);
                    if arrow.is_none() {
                        left_roles = roles
                    } else {
                        right_roles = roles
                    }
                }
                Rule::arrow => {
                    let a = if item.as_str() == "<->" {
                        Arrow::Symmetric
                    } else {
                        Arrow::Directed
                    };
                    arrow = Some(Spanned {
                        value: a,
                        span: self.span(&item),
                    });
                }
                Rule::pattern => {
                    let pspan = self.span(&item);
                    match Pattern::ALL.iter().find(|(k, _)| *k == item.as_str()) {
                        Some((_, pat)) => {
                            pattern = Some(Spanned {
                                value: *pat,
                                span: pspan,
                            })
                        }
                        None => {
                            ok = false;
                            self.unknown_word(
                                pspan,
                                "relationship pattern",
                                item.as_str(),
                                Pattern::ALL.iter().map(|(k, _)| *k),
                            )
                        }
                    }
                }
                _ => {}
            }
        }
        let mut idents = idents.into_iter();
        let (Some(left), Some(right), Some(arrow)) = (idents.next(), idents.next(), arrow) else {
            return None;
        };
        ok.then_some(Relationship {
            left,
            left_roles,
            arrow,
            right_roles,
            right,
            pattern,
            docs,
            span,
        })
    }
}
