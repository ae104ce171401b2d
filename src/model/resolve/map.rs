//! The context map's relationships: each side a context of the model.

use super::*;

impl Resolver<'_> {
    pub(super) fn resolve_map(&mut self, m: &ast::Map) {
        let mut rels = Vec::new();
        for r in &m.relationships {
            let left = self.map_context(&r.left);
            let right = self.map_context(&r.right);
            let (Some(left), Some(right)) = (left, right) else {
                continue;
            };
            rels.push(DeclaredRelationship {
                left,
                right,
                left_roles: r.left_roles.clone(),
                right_roles: r.right_roles.clone(),
                arrow: r.arrow.value,
                pattern: r.pattern,
                docs: r.docs.clone(),
                span: r.span,
                left_span: r.left.span,
                right_span: r.right.span,
                arrow_span: r.arrow.span,
            });
        }
        if let Some(map) = &mut self.model.map {
            map.relationships = rels;
        }
    }

    pub(super) fn map_context(&mut self, name: &ast::Ident) -> Option<ContextId> {
        if let Some(c) = self.contexts.get(&name.name).copied() {
            self.refer(name.span, Symbol::Context(c));
            return Some(c);
        }
        let d = match self.other_kind(&name.name, "context") {
            Some(kind) => Diagnostic::new(
                Code::E004,
                name.span,
                format!("`{}` is a {kind}, not a context", name.name),
            )
            .with_label("expected a context")
            .help("a context map relates bounded contexts"),
            None => self.unresolved(
                name.span,
                "context",
                &name.name,
                self.model.contexts.len(),
                || self.context_names(),
            ),
        };
        self.diags.push(d);
        None
    }
}
