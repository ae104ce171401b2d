//! The layout tree the printer prints: one `Node` per line-level item of the
//! language (a declaration, a member, a field, a setting, an `allow`), each
//! with the text before its block (`head`), its block of child nodes, and the
//! clauses after it (a command's `returns`, `via`, `emits`). Comments are attached to
//! nodes afterwards (`attach`).

use crate::source::Span;
use crate::syntax::trivia::Comment;

/// A comment on its own line, and whether a blank line preceded it.
#[derive(Debug, Clone)]
pub struct Placed {
    pub comment: Comment,
    pub blank_before: bool,
}

#[derive(Debug)]
pub struct Node {
    /// Where the item was written: orders siblings, decides which comments
    /// fall inside it.
    pub span: Span,
    pub head: String,
    pub block: Option<Block>,
    /// A command's or query's trailing clauses (`returns`, `via`, `emits`),
    /// in that order.
    pub clauses: Vec<String>,
    /// Doc lines from the AST, printed only when there is no source text
    /// (with source text, doc comments are trivia like any comment).
    pub docs: Vec<String>,
    /// Own-line comments above the item.
    pub leading: Vec<Placed>,
    /// Comments written inside the item but outside its block (between its
    /// tokens or clauses): kept just above it.
    pub inner: Vec<Comment>,
    /// Comments after the item on its last line.
    pub trailing: Vec<Comment>,
    pub blank_before: bool,
}

impl Node {
    pub fn new(span: Span, head: String) -> Self {
        Node {
            span,
            head,
            block: None,
            clauses: Vec::new(),
            docs: Vec::new(),
            leading: Vec::new(),
            inner: Vec::new(),
            trailing: Vec::new(),
            blank_before: false,
        }
    }

    /// No comments or docs of its own anywhere.
    pub fn is_bare(&self) -> bool {
        self.docs.is_empty()
            && self.leading.is_empty()
            && self.inner.is_empty()
            && self.trailing.is_empty()
    }
}

#[derive(Debug, Default)]
pub struct Block {
    /// From `{` to past `}`, when the source is known.
    pub braces: Option<Span>,
    /// The grammar requires the braces even when empty (`context C {}`).
    pub required: bool,
    /// Short bodies of this kind may stay on one line.
    pub inline_ok: bool,
    /// The block was written on one line (always true without source).
    pub written_inline: bool,
    pub children: Vec<Node>,
    /// Comments after `{` on its line.
    pub open_trailing: Vec<Comment>,
    /// Own-line comments after the last child.
    pub dangling: Vec<Placed>,
}

impl Block {
    pub fn has_comments(&self) -> bool {
        !self.open_trailing.is_empty() || !self.dangling.is_empty()
    }

    pub fn is_empty(&self) -> bool {
        self.children.is_empty() && !self.has_comments()
    }

    /// Sorts children by where they were written; stable, so nodes without
    /// real spans keep the order they were built in.
    pub fn sort(&mut self) {
        self.children.sort_by_key(|n| (n.span.file, n.span.start));
    }
}
