//! Fields and type expressions: a type name in a context's scope, another
//! context's type by path, the built-in types.

use super::*;

impl Resolver<'_> {
    pub(super) fn fields(&mut self, ctx: ContextId, fields: &[ast::Field]) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::with_capacity(fields.len());
        let mut seen: HashMap<&str, Span> = HashMap::with_capacity(fields.len());
        for f in fields {
            if let Some(first) = seen.get(f.name.name.as_str()) {
                self.diags
                    .push(duplicate("field", &f.name.name, f.name.span, *first));
                continue;
            }
            seen.insert(&f.name.name, f.name.span);
            let ty = self.type_expr(ctx, &f.ty);
            out.push(Field {
                name: f.name.name.clone(),
                ty,
                docs: f.docs.clone(),
                span: f.span,
                name_span: f.name.span,
                ty_span: f.ty.span,
            });
        }
        out
    }

    pub(super) fn type_expr(&mut self, ctx: ContextId, t: &ast::TypeExpr) -> TypeRef {
        match &t.kind {
            ast::TypeExprKind::List(inner) => TypeRef::List(Box::new(self.type_expr(ctx, inner))),
            ast::TypeExprKind::Map(inner) => TypeRef::Map(Box::new(self.type_expr(ctx, inner))),
            ast::TypeExprKind::Optional(inner) => {
                TypeRef::Optional(Box::new(self.type_expr(ctx, inner)))
            }
            ast::TypeExprKind::Named(p) => self.named_type(ctx, p),
        }
    }

    pub(super) fn named_type(&mut self, from: ContextId, p: &ast::Path) -> TypeRef {
        let (ctx, name) = match p.segments.as_slice() {
            [] => return TypeRef::Unresolved,
            [name] => {
                if let Some(prim) = Primitive::from_name(&name.name) {
                    return TypeRef::Primitive(prim);
                }
                (from, name)
            }
            [ctx_name, name] => match self.contexts.get(&ctx_name.name) {
                Some(c) => {
                    let c = *c;
                    self.refer(ctx_name.span, Symbol::Context(c));
                    (c, name)
                }
                None => {
                    let n = self.model.contexts.len();
                    let d = self.unresolved(ctx_name.span, "context", &ctx_name.name, n, || {
                        self.context_names()
                    });
                    self.diags.push(d);
                    return TypeRef::Unresolved;
                }
            },
            _ => {
                self.too_many_parts(p, "`Type` or `Context.Type`");
                return TypeRef::Unresolved;
            }
        };
        match self.scope_member(ctx, &name.name) {
            Some(Member::Type(t)) => {
                self.refer(name.span, Symbol::Type(t));
                TypeRef::Named(t)
            }
            Some(Member::Message(m)) => {
                let m = self.model.message(m);
                self.diags.push(
                    Diagnostic::new(Code::E004, name.span, format!("`{}` is {} {}, not a type", name.name, article(m.kind.as_str()), m.kind.as_str()))
                        .with_label("expected a type")
                        .secondary(m.name_span, "declared here")
                        .help("fields hold types (`id`, `enum`, `value`, `entity`, `aggregate` or a primitive); messages travel, they are not stored in fields"),
                );
                TypeRef::Unresolved
            }
            None => {
                let d = if p.segments.len() == 1 && self.contexts.contains_key(&name.name) {
                    Diagnostic::new(
                        Code::E004,
                        name.span,
                        format!("`{}` is a context, not a type", name.name),
                    )
                    .with_label("expected a type")
                    .help(format!(
                        "name a type of that context: `{}.TypeName`",
                        name.name
                    ))
                } else {
                    let primitives = if ctx == from { Primitive::ALL.len() } else { 0 };
                    let count = self.model.context(ctx).types.len() + primitives;
                    let names = || {
                        let mut names = self.member_names(ctx, false);
                        if ctx == from {
                            names.extend(Primitive::ALL.iter().map(|(n, _)| n.to_string()));
                        }
                        names
                    };
                    let where_ = if ctx == from {
                        String::new()
                    } else {
                        format!(" in context `{}`", self.model.context(ctx).name)
                    };
                    let mut d = self.unresolved(name.span, "type", &name.name, count, names);
                    d.message = format!("cannot find type `{}`{where_}", name.name);
                    if p.segments.len() == 1
                        && d.help
                            .as_deref()
                            .is_none_or(|h| !h.starts_with("did you mean"))
                    {
                        if let Some(other) = self.type_names.get(&name.name).and_then(|ts| {
                            ts.iter().find(|t| self.model.type_def(**t).context != from)
                        }) {
                            d = d.help(format!("did you mean `{}`? types of other contexts are named `Context.Type`", self.model.type_path(*other)));
                        }
                    }
                    d
                };
                self.diags.push(d);
                TypeRef::Unresolved
            }
        }
    }
}
