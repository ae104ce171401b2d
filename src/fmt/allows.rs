//! Where each `allow` goes: the AST keeps allows in one list per file, with
//! the span of the declaration they sit in; the printer puts each back into
//! the innermost block written around it (with source text) or into the
//! block of that declaration (without).

use super::build::Build;
use super::tree::Block;
use crate::source::Span;
use crate::syntax::ast::Allow;

impl Build<'_> {
    /// Puts an `allow` into the innermost block written around it (with
    /// source), or into the block of the declaration it is scoped to.
    pub(super) fn place_allow(&self, root: &mut Block, a: &Allow) {
        let node = self.node(
            a.span,
            format!("allow {} {}", a.code.name, self.string(&a.reason)),
            &None,
        );
        // By position when the braces around it are known, else by the
        // declaration it is scoped to; never at the top level if either
        // finds a block (an `allow` there would not parse).
        let target = if self.src.is_some() && innermost_probe(root, a.span) {
            innermost(root, a.span)
        } else {
            by_scope(root, a.scope)
        };
        let block = match target {
            Some(b) => b,
            None => root,
        };
        let at = block
            .children
            .partition_point(|n| n.span.start <= a.span.start);
        block.children.insert(at, node);
    }
}

fn innermost(block: &mut Block, span: Span) -> Option<&mut Block> {
    let i = block
        .children
        .partition_point(|n| n.span.start <= span.start);
    let child = block.children.get_mut(i.checked_sub(1)?)?;
    let inner = child.block.as_mut()?;
    let braces = inner.braces?;
    if !(braces.start < span.start && span.end <= braces.end) {
        return None;
    }
    // Borrow dance: probe first, then descend or return this block.
    let deeper = innermost_probe(inner, span);
    if deeper {
        innermost(inner, span)
    } else {
        Some(inner)
    }
}

fn innermost_probe(block: &Block, span: Span) -> bool {
    let i = block
        .children
        .partition_point(|n| n.span.start <= span.start);
    let Some(child) = i.checked_sub(1).and_then(|i| block.children.get(i)) else {
        return false;
    };
    child
        .block
        .as_ref()
        .and_then(|b| b.braces)
        .is_some_and(|br| br.start < span.start && span.end <= br.end)
}

fn by_scope(block: &mut Block, scope: Span) -> Option<&mut Block> {
    let idx = block.children.iter().position(|n| n.span == scope);
    if let Some(i) = idx {
        return block.children[i].block.as_mut();
    }
    for child in block.children.iter_mut() {
        if let Some(b) = child.block.as_mut() {
            if let Some(found) = by_scope(b, scope) {
                return Some(found);
            }
        }
    }
    None
}
