//! Stage 1: text → owned AST plus diagnostics. Parsing never fails outright.
//!
//! `scan` guards the recursive parser, pest (grammar in `grammar/ddd.pest`)
//! builds the pair tree, `lower` turns pairs into the `ast`, and `errors`
//! explains in words what a bad line should have looked like.

pub mod ast;
pub(crate) mod errors;
mod lower;
mod scan;
pub mod trivia;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/ddd.pest"]
pub(crate) struct DddParser;

/// After this many syntax errors in one file the rest are not reported.
pub const MAX_SYNTAX_ERRORS: usize = 50;

/// Parses one file. Always returns a tree: the parts that parsed, with every
/// problem found appended to `diags`.
pub fn parse_file(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> ast::File {
    if let Some(d) = scan::scan(file, text) {
        diags.push(d);
        return ast::File::default();
    }
    lower::lower_file(file, text, diags)
}

/// Parses one file and collects its trivia (comments, brace pairs) beside
/// the tree, for the formatter and the language server.
pub fn parse_file_with_trivia(
    file: FileId,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> (ast::File, trivia::Trivia) {
    let tree = parse_file(file, text, diags);
    (tree, trivia::collect(file, text))
}

/// Bounds pest's work on `len` bytes of input. The grammar is linear once
/// `scan` has passed the file; this limit turns any backtracking blow-up that
/// slipped through into a syntax error instead of a hang.
pub(crate) fn limit_calls(len: usize) {
    let limit = len.saturating_mul(2_000).saturating_add(1_000_000);
    pest::set_call_limit(std::num::NonZeroUsize::new(limit));
}

/// The keywords that start a declaration at the top level of a file.
pub const TOP_KEYWORDS: &[&str] = &["system", "domain", "team", "context", "map"];
/// Keywords an item of a context starts with.
pub const CONTEXT_KEYWORDS: &[&str] = &[
    "implements",
    "owner",
    "vision",
    "store",
    "language",
    "id",
    "enum",
    "value",
    "entity",
    "aggregate",
    "command",
    "query",
    "event",
    "internal",
    "subscribe",
    "calls",
    "sends",
    "deploy",
    "allow",
];
/// Keywords an item of a domain starts with.
pub const DOMAIN_KEYWORDS: &[&str] = &["vision", "subdomain", "capability", "allow"];
/// Keywords an item of a subdomain's or capability's block starts with.
pub const SUBDOMAIN_KEYWORDS: &[&str] = &["vision", "allow"];
/// The settings each settings block takes (besides `allow`).
pub const SYSTEM_SETTINGS: &[&str] = &["broker", "python", "architecture"];
pub const TEAM_SETTINGS: &[&str] = &["contact"];
pub const SUBSCRIBE_SETTINGS: &[&str] = &["batch", "window", "retries"];
pub const DEPLOY_SETTINGS: &[&str] = &["memory", "timeout", "concurrency", "throttle", "burst"];
