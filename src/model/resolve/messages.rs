//! Messages resolved: their fields, `returns`, `emits` and `via`.

use super::*;

impl Resolver<'_> {
    /// Resolves the target of `subscribe`, `calls`, `sends` or `emits`.
    pub(super) fn resolve_message(
        &mut self,
        from: ContextId,
        p: &ast::Path,
        keyword: &str,
    ) -> Option<MessageId> {
        let (ctx, name) = match p.segments.as_slice() {
            [name] => (from, name),
            [ctx_name, name] => {
                let Some(ctx) = self.contexts.get(&ctx_name.name).copied() else {
                    let n = self.model.contexts.len();
                    let d = self.unresolved(ctx_name.span, "context", &ctx_name.name, n, || {
                        self.context_names()
                    });
                    self.diags.push(d);
                    return None;
                };
                self.refer(ctx_name.span, Symbol::Context(ctx));
                (ctx, name)
            }
            _ => {
                self.too_many_parts(p, "`Context.Message`");
                return None;
            }
        };
        match self.scope_member(ctx, &name.name) {
            Some(Member::Message(m)) => {
                self.refer(name.span, Symbol::Message(m));
                Some(m)
            }
            Some(Member::Type(t)) => {
                let t = self.model.type_def(t);
                self.diags.push(
                    Diagnostic::new(
                        Code::E004,
                        name.span,
                        format!(
                            "`{}` is {} {}, not a message",
                            name.name,
                            article(t.kind.as_str()),
                            t.kind.as_str()
                        ),
                    )
                    .with_label(format!("`{keyword}` needs a message"))
                    .secondary(t.name_span, "declared here"),
                );
                None
            }
            None => {
                let ctx_name = &self.model.context(ctx).name;
                // The first same-named message of another context: a hash
                // lookup and a scan that stops at the first hit.
                let elsewhere = if p.segments.len() == 1 {
                    self.message_names.get(&name.name).and_then(|ms| {
                        ms.iter()
                            .find(|m| self.model.message(**m).context != from)
                            .map(|m| self.model.message_path(*m))
                    })
                } else {
                    None
                };
                let what = format!("message `{}` in context `{ctx_name}`", name.name);
                let mut d = Diagnostic::new(Code::E003, p.span, format!("cannot find {what}"))
                    .with_label("no message of this name");
                if let Some(q) = elsewhere {
                    d = d.help(format!("did you mean `{q}`? messages of other contexts are named `Context.Message`"));
                } else {
                    let count = self.model.context(ctx).messages.len();
                    let names = if self.suggestions.spend(count) {
                        self.member_names(ctx, true)
                    } else {
                        Vec::new()
                    };
                    if let Some(s) = did_you_mean(&name.name, names.iter().map(String::as_str)) {
                        let shown = if p.segments.len() == 2 {
                            format!("{ctx_name}.{s}")
                        } else {
                            s.to_string()
                        };
                        d = d.help(format!("did you mean `{shown}`?"));
                    } else if p.segments.len() == 1 && keyword != "emits" {
                        d = d.help(format!("`{keyword}` takes another context's message, written `Context.Message`"));
                    }
                }
                self.diags.push(d);
                None
            }
        }
    }
}
