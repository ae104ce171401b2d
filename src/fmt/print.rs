//! Layout tree → text: two spaces per level, one item per line, short bodies
//! written on one line kept there, blank lines the user left kept (one at
//! most), `\n` line ends and a final newline.

use super::tree::{Block, Node, Placed};
use crate::syntax::trivia::{Comment, CommentKind};

/// Longest line an inline body may make, indentation included.
pub const WIDTH: usize = 100;

pub struct Printer {
    out: String,
}

/// Comment text as printed: line ends normalised to `\n`, no white space
/// after a line comment.
pub fn text(c: &Comment) -> String {
    match c.kind {
        CommentKind::Block => c.text.replace("\r\n", "\n").replace('\r', "\n"),
        _ => c.text.trim_end().to_string(),
    }
}

impl Printer {
    pub fn new(capacity: usize) -> Self {
        Printer {
            out: String::with_capacity(capacity),
        }
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    fn line(&mut self, level: usize, s: &str) {
        self.indent(level);
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// `s` and the comments that trail it. Nothing may follow a line
    /// comment on its line, so comments after one go on their own lines.
    fn line_with(&mut self, level: usize, s: &str, trailing: &[Comment]) {
        self.line_then(level, s, trailing, level);
    }

    /// [`Self::line_with`], with comments that cannot stay on the line put
    /// at level `rest_level`.
    fn line_then(&mut self, level: usize, s: &str, trailing: &[Comment], rest_level: usize) {
        self.indent(level);
        self.out.push_str(s);
        let mut rest = trailing.iter();
        for c in rest.by_ref() {
            self.out.push(' ');
            self.out.push_str(&text(c));
            if c.kind != CommentKind::Block {
                break;
            }
        }
        self.out.push('\n');
        for c in rest {
            self.line(rest_level, &text(c));
        }
    }

    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    pub fn root(&mut self, root: &Block) {
        for c in &root.open_trailing {
            self.line(0, &text(c));
        }
        self.children(root, 0);
    }

    fn placed(&mut self, p: &Placed, level: usize, first: bool) {
        if p.blank_before && !first {
            self.blank();
        }
        self.line(level, &text(&p.comment));
    }

    fn children(&mut self, block: &Block, level: usize) {
        let mut first = true;
        for n in &block.children {
            for p in &n.leading {
                self.placed(p, level, first);
                first = false;
            }
            if n.blank_before && !first {
                self.blank();
            }
            self.node(n, level);
            first = false;
        }
        for p in &block.dangling {
            self.placed(p, level, first);
            first = false;
        }
    }

    fn node(&mut self, n: &Node, level: usize) {
        for c in &n.inner {
            self.line(level, &text(c));
        }
        for d in &n.docs {
            if d.is_empty() {
                self.line(level, "///");
            } else {
                self.line(level, &format!("/// {d}"));
            }
        }
        let last = match &n.block {
            None => n.head.clone(),
            Some(b) if b.is_empty() && b.required => format!("{} {{}}", n.head),
            Some(b) if b.is_empty() => n.head.clone(),
            Some(b) => match inline(n, b, level) {
                Some(s) => s,
                None => {
                    self.line_then(
                        level,
                        &format!("{} {{", n.head),
                        &b.open_trailing,
                        level + 1,
                    );
                    self.children(b, level + 1);
                    "}".to_string()
                }
            },
        };
        self.clauses(level, last, &n.clauses, &n.trailing);
    }

    /// The item's last line, then its clauses: on that line when it all fits
    /// in [`WIDTH`], otherwise one per line, one level deeper.
    fn clauses(&mut self, level: usize, last: String, clauses: &[String], trailing: &[Comment]) {
        let mut joined = last.clone();
        for c in clauses {
            joined.push(' ');
            joined.push_str(c);
        }
        if clauses.is_empty() || level * 2 + joined.chars().count() <= WIDTH {
            self.line_with(level, &joined, trailing);
            return;
        }
        self.line(level, &last);
        for (i, c) in clauses.iter().enumerate() {
            let t: &[Comment] = if i + 1 == clauses.len() {
                trailing
            } else {
                &[]
            };
            self.line_with(level + 1, c, t);
        }
    }
}

/// The one-line form `head { a, b }`, when the block may take it.
fn inline(n: &Node, b: &Block, level: usize) -> Option<String> {
    if !b.inline_ok || !b.written_inline || b.has_comments() {
        return None;
    }
    if b.children.iter().any(|c| !c.is_bare() || c.block.is_some()) {
        return None;
    }
    let items: Vec<String> = b.children.iter().map(|c| c.head.clone()).collect();
    let s = format!("{} {{ {} }}", n.head, items.join(", "));
    (level * 2 + s.chars().count() <= WIDTH && !s.contains('\n')).then_some(s)
}
