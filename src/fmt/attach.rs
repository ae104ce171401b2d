//! Attaching comments to the layout tree by their spans, after
//! ruff_python_formatter's comments module: each comment becomes *leading*
//! (own line, above the next item of its block), *trailing* (after the item
//! that ends on its line), *dangling* (own line after a block's last item,
//! or after `{` on its line), or *inner* (written between an item's own
//! tokens, kept just above that item). Every comment lands somewhere: the
//! printer prints every list, so none can be dropped.

use super::tree::{Block, Node, Placed};
use crate::source::{FileId, Span};
use crate::syntax::trivia::{Comment, CommentKind};

pub struct Attach<'a> {
    pub src: Option<&'a str>,
    pub blank_before: &'a dyn Fn(u32) -> bool,
}

/// How the previous comment was placed, for a comment that directly
/// follows it on the same line.
#[derive(Clone, Copy)]
struct Prev {
    end: u32,
    own_line: bool,
}

impl Attach<'_> {
    pub fn all(&self, root: &mut Block, comments: &[Comment]) {
        let mut prev: Option<Prev> = None;
        for c in comments {
            let own_line = self.own_line(c, prev);
            prev = Some(Prev {
                end: c.span.end,
                own_line,
            });
            let how = How {
                own_line,
                // Without source the braces are unknown: a block is taken to
                // span its whole item.
                blocks_by_item: self.src.is_none(),
                blank_before: self.blank_before,
            };
            place(root, c.clone(), &how);
        }
    }

    /// Whether nothing but white space precedes the comment on its line
    /// (a comment right after a comment inherits that one's placement).
    /// Doc comments always count as own-line: they document what follows.
    fn own_line(&self, c: &Comment, prev: Option<Prev>) -> bool {
        if c.kind == CommentKind::Doc {
            return true;
        }
        let Some(src) = self.src else { return true };
        let b = src.as_bytes();
        let mut i = (c.span.start as usize).min(b.len());
        while i > 0 && matches!(b[i - 1], b' ' | b'\t') {
            i -= 1;
        }
        if i == 0 || matches!(b[i - 1], b'\n' | b'\r') {
            return true;
        }
        match prev {
            Some(p) if p.end as usize == i => p.own_line,
            _ => false,
        }
    }
}

struct How<'a> {
    own_line: bool,
    blocks_by_item: bool,
    blank_before: &'a dyn Fn(u32) -> bool,
}

/// Orders spans of several files (an importer's) file by file.
fn key(s: Span) -> (FileId, u32) {
    (s.file, s.start)
}

fn place(block: &mut Block, c: Comment, how: &How) {
    let k = block
        .children
        .partition_point(|n| key(n.span) <= key(c.span));
    if k > 0 {
        let n: &mut Node = &mut block.children[k - 1];
        if n.span.contains(c.span) {
            if let Some(b) = n.block.as_mut() {
                let inside = match b.braces {
                    Some(br) => br.start < c.span.start && c.span.end <= br.end,
                    None => how.blocks_by_item,
                };
                if inside {
                    return place(b, c, how);
                }
            }
            n.inner.push(c);
            return;
        }
    }
    if !how.own_line {
        match k.checked_sub(1) {
            Some(i) => block.children[i].trailing.push(c),
            None => block.open_trailing.push(c),
        }
        return;
    }
    let placed = Placed {
        blank_before: (how.blank_before)(c.span.start),
        comment: c,
    };
    match block.children.get_mut(k) {
        Some(next) => next.leading.push(placed),
        None => block.dangling.push(placed),
    }
}
