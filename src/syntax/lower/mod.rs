//! Lowering of pest pairs into the owned AST, checking settings and words:
//! the entry point, the lowering state and its primitives (spans, names,
//! strings, allows, duplicates, the file's top level) here; each part of the
//! language in its own file (`landscape`, `context`, `types`, `messages`,
//! `map`, `schema`, `settings`).

use super::ast::*;
use super::errors::{explain_catch, pest_failure, Block};
use super::{DddParser, Rule, MAX_SYNTAX_ERRORS};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use crate::suggest::did_you_mean;
use pest::iterators::Pair;
use pest::Parser as _;

pub fn lower_file(file: FileId, text: &str, diags: &mut Vec<Diagnostic>) -> File {
    let mut lower = Lower {
        file,
        text,
        diags: Vec::new(),
        out: File::default(),
    };
    super::limit_calls(text.len());
    match DddParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            if let Some(root) = pairs.next() {
                lower.file(root);
            }
        }
        Err(e) => lower.diags.push(pest_failure(file, text, 0, &e)),
    }
    let mut syntax = 0usize;
    let limit_span = lower
        .diags
        .iter()
        .filter(|d| d.code == Code::E001)
        .nth(MAX_SYNTAX_ERRORS)
        .map(|d| d.span);
    for d in lower.diags {
        if d.code == Code::E001 {
            syntax += 1;
            if syntax > MAX_SYNTAX_ERRORS {
                continue;
            }
        }
        diags.push(d);
    }
    if let Some(span) = limit_span {
        diags.push(
            Diagnostic::new(
                Code::E001,
                span,
                format!(
                    "too many syntax errors; {} more not shown",
                    syntax - MAX_SYNTAX_ERRORS
                ),
            )
            .with_label("stopped reporting here")
            .help("fix the errors above first; is this a `.ddd` model?"),
        );
    }
    lower.out
}

struct Lower<'a> {
    file: FileId,
    text: &'a str,
    diags: Vec<Diagnostic>,
    out: File,
}

/// A `name value` setting before interpretation.
enum Value {
    Int(u64),
    DurationMs(u64),
    Rate(u64),
    Str(Str),
    Word(String),
}

struct Setting {
    name: Ident,
    value: Value,
    value_span: Span,
}

/// Joins `///` lines into one doc string.
fn take_docs(lines: &mut Vec<String>) -> Option<String> {
    if lines.is_empty() {
        None
    } else {
        Some(std::mem::take(lines).join("\n"))
    }
}

fn doc_text(p: &Pair<Rule>) -> String {
    let t = p.as_str().trim_start_matches("///");
    t.strip_prefix(' ').unwrap_or(t).trim_end().to_string()
}

impl<'a> Lower<'a> {
    fn span(&self, p: &Pair<Rule>) -> Span {
        let s = p.as_span();
        Span::new(self.file, s.start(), s.end())
    }

    fn ident(&self, p: Pair<Rule>) -> Ident {
        Ident {
            name: p.as_str().to_string(),
            span: self.span(&p),
        }
    }

    fn path(&self, p: Pair<Rule>) -> Path {
        let span = self.span(&p);
        Path {
            segments: p.into_inner().map(|s| self.ident(s)).collect(),
            span,
        }
    }

    fn string(&mut self, p: Pair<Rule>) -> Str {
        let span = self.span(&p);
        let inner = p.into_inner().next();
        let (raw, base) = match &inner {
            Some(i) => (i.as_str(), i.as_span().start()),
            None => ("", span.start as usize),
        };
        let mut value = String::with_capacity(raw.len());
        let mut chars = raw.char_indices();
        while let Some((i, c)) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some((_, '"')) => value.push('"'),
                Some((_, '\\')) => value.push('\\'),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 't')) => value.push('\t'),
                Some((j, other)) => {
                    let at = Span::new(self.file, base + i, base + j + other.len_utf8());
                    self.diags.push(
                        Diagnostic::new(Code::E001, at, format!("unknown escape `\\{other}` in a string"))
                            .with_label("unknown escape")
                            .help("strings know `\\\"`, `\\\\`, `\\n` and `\\t`; write `\\\\` for a backslash"),
                    );
                }
                None => {}
            }
        }
        Str { value, span }
    }

    fn catch(&mut self, p: Pair<Rule>, block: Block) {
        let d = explain_catch(self.file, self.text, self.span(&p), block);
        self.diags.push(d);
    }

    fn allow(&mut self, p: Pair<Rule>, scope: Span) {
        let span = self.span(&p);
        let mut it = p.into_inner().filter(|p| p.as_rule() != Rule::kw_allow);
        let code = it.next().map(|c| self.ident(c));
        let reason = it.next().map(|r| self.string(r));
        if let (Some(code), Some(reason)) = (code, reason) {
            if reason.value.trim().is_empty() {
                self.diags.push(
                    Diagnostic::new(Code::E001, reason.span, "an `allow` needs a reason")
                        .with_label("empty reason")
                        .help("say why the warning is accepted, e.g. `allow W101 \"consumed by the data lake\"`"),
                );
            }
            self.out.allows.push(Allow {
                code,
                reason,
                span,
                scope,
            });
        }
    }

    /// Reports a second occurrence of a single-valued item.
    fn duplicate(&mut self, what: &str, first: Span, again: Span) {
        self.diags.push(
            Diagnostic::new(Code::E002, again, format!("`{what}` is given twice"))
                .with_label("given again here")
                .secondary(first, "first given here")
                .help(format!("keep one `{what}`")),
        );
    }

    fn file(&mut self, root: Pair<Rule>) {
        let mut pending = Vec::new();
        for p in root.into_inner() {
            match p.as_rule() {
                Rule::doc_line => pending.push(doc_text(&p)),
                Rule::catch_all => {
                    pending.clear();
                    self.catch(p, Block::Top);
                }
                Rule::system_decl => {
                    let s = self.system(p, take_docs(&mut pending));
                    self.out.systems.push(s);
                }
                Rule::domain_decl => {
                    let d = self.domain(p, take_docs(&mut pending));
                    self.out.domains.push(d);
                }
                Rule::team_decl => {
                    let t = self.team(p, take_docs(&mut pending));
                    self.out.teams.push(t);
                }
                Rule::context_decl => {
                    let c = self.context(p, take_docs(&mut pending));
                    self.out.contexts.push(c);
                }
                Rule::map_decl => {
                    let m = self.map(p, take_docs(&mut pending));
                    self.out.maps.push(m);
                }
                _ => {}
            }
        }
    }
}

mod context;
mod landscape;
mod map;
mod messages;
mod schema;
mod settings;
mod types;
