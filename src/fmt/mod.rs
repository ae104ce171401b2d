//! `ddgen fmt`: one canonical layout for every model, every comment kept.
//!
//! The printer works on the AST plus the comments of the syntax stage's
//! trivia (`syntax::trivia`): `build` turns the `ast::File` into a layout
//! tree of nodes, `attach` hangs every comment on a node by its span
//! (leading, trailing, dangling or inner), `print` writes the tree out. The
//! layout rules are documented in `docs/language.md` ("Formatting").
//!
//! Two entry points, both stable:
//! - [`format_source`]: a file's text → its formatted text, or the syntax
//!   diagnostics that keep it from being formatted (the CLI and the language
//!   server's whole-document formatting);
//! - [`print_file`]: an `ast::File` with no source text behind it (an
//!   imported model) → text; docs come from the AST's `docs` fields and
//!   literals are spelled canonically.

mod allows;
mod attach;
mod build;
mod print;
mod source_text;
mod tree;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::FileId;
use crate::syntax::ast;
use crate::syntax::trivia::{self, Comment, CommentKind, Trivia};

pub use print::WIDTH;

/// Formats the text of one `.ddd` file. `Err` holds the diagnostics of the
/// syntax stage (as `check` reports them, spans in [`FileId`] 0) when the
/// file does not parse cleanly: such a file must be left as it is.
pub fn format_source(text: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(FileId(0), text)
}

/// [`format_source`] with the diagnostics' spans in file `file`.
pub fn format_file(file: FileId, text: &str) -> Result<String, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let (tree, trivia) = crate::syntax::parse_file_with_trivia(file, text, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    let out = print_with_source(&tree, text, &trivia);
    // The guarantee, checked on every run: the output holds the same
    // comments, so a bug in placement can only ever refuse, never lose.
    // (That the output parses to the same model is checked by the tests over
    // examples, random and damaged models: a second parse here would double
    // the cost of formatting.)
    if let Some(lost) = lost_comment(&trivia.comments, &trivia::collect(file, &out).comments) {
        return Err(vec![Diagnostic::new(
            Code::E001,
            lost.span,
            "ddgen fmt could not keep this comment in place, so it left the file as it is",
        )
        .with_label("not kept")
        .help("this is a bug in ddgen fmt; please report it with the file")]);
    }
    Ok(out)
}

/// Prints an AST that has no source text behind it (spans may point
/// anywhere, e.g. into imported files). `comments` are placed by their
/// spans like a source file's; pass `&[]` when there are none. Doc comments
/// are printed from the AST's `docs` fields.
pub fn print_file(file: &ast::File, comments: &[Comment]) -> String {
    let b = build::Build {
        src: None,
        trivia: None,
    };
    let mut root = b.file(file);
    let attach = attach::Attach {
        src: None,
        blank_before: &|_| false,
    };
    attach.all(&mut root, comments);
    finish(&root, 4096)
}

/// Prints a tree parsed from `text`, with its trivia.
fn print_with_source(file: &ast::File, text: &str, trivia: &Trivia) -> String {
    let b = build::Build {
        src: Some(text),
        trivia: Some(trivia),
    };
    let mut root = b.file(file);
    let blank = |pos: u32| b.blank_before(pos);
    let attach = attach::Attach {
        src: Some(text),
        blank_before: &blank,
    };
    attach.all(&mut root, &trivia.comments);
    finish(&root, text.len() + text.len() / 8)
}

fn finish(root: &tree::Block, capacity: usize) -> String {
    let mut p = print::Printer::new(capacity);
    p.root(root);
    p.finish()
}

/// The comment texts of a file, line ends normalised, sorted: the multiset
/// the formatter must keep.
pub fn comment_texts(comments: &[Comment]) -> Vec<(CommentKind, String)> {
    let mut v: Vec<(CommentKind, String)> =
        comments.iter().map(|c| (c.kind, print::text(c))).collect();
    v.sort();
    v
}

/// A comment of `before` that `after` lacks (by text, counting repeats).
fn lost_comment<'c>(before: &'c [Comment], after: &[Comment]) -> Option<&'c Comment> {
    let mut left: std::collections::HashMap<(CommentKind, String), usize> = Default::default();
    for c in after {
        *left.entry((c.kind, print::text(c))).or_default() += 1;
    }
    for c in before {
        match left.get_mut(&(c.kind, print::text(c))) {
            Some(n) if *n > 0 => *n -= 1,
            _ => return Some(c),
        }
    }
    None
}

#[cfg(test)]
mod tests;
