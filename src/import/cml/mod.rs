//! `ddgen import cml`: Context Mapper models → `.ddd` syntax trees.
//!
//! `parse` reads each CML file (grammar in `grammar/cml.pest`) into the
//! importer's own view (`cst`); `lower` maps every file's view to an
//! `ast::File` whose spans point into the CML text; the trees then go through
//! the same `model::resolve` and `validate` as `.ddd` files
//! (`check::check_parsed`), so what `check` would say about the imported model
//! is said about the CML lines it came from. The `.ddd` text is printed by
//! `fmt`. The mapping, construct by construct, is in `docs/import-cml.md`.

mod comments;
mod context;
pub mod cst;
mod cycles;
mod errors;
mod lower;
mod messages;
pub mod parse;
mod plan;
mod refs;
pub mod relations;
mod report;
mod types;

use crate::check::{check_parsed, Checked, Options};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::{FileId, SourceMap};
use crate::syntax::ast;
use cst::{CmlFile, Skipped};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cml.pest"]
pub(crate) struct CmlParser;

/// The reason written into an imported map that declares relationships
/// without the messages behind them.
pub const W106_REASON: &str = "imported from Context Mapper, whose relationships carry no messages; add the subscribe/calls/sends each stands for, then remove this allow";

/// The result of importing a set of CML files.
pub struct Import {
    /// The importer's view of each file, in `checked.sources` order.
    pub cml: Vec<CmlFile>,
    /// The lowered tree of each file (empty when a file has syntax errors).
    pub trees: Vec<ast::File>,
    /// The CML sources, the resolved model and every diagnostic: the
    /// import's own (I2xx) and the model's (E/W).
    pub checked: Checked,
    /// Whether a file could not be read as CML (I201): nothing is written.
    pub syntax_errors: bool,
}

/// Imports CML files already in memory. `load_diags` are problems found
/// while reading them (a file that is not UTF-8).
pub fn import(sources: SourceMap, load_diags: Vec<Diagnostic>) -> Import {
    let mut diags: Vec<Diagnostic> = load_diags
        .into_iter()
        .map(|mut d| {
            if d.code == Code::E001 {
                d.code = Code::I201;
                d.severity = Severity::Error;
            }
            d
        })
        .collect();
    let mut parsed: Vec<(FileId, CmlFile)> = Vec::new();
    for (id, file) in sources.files() {
        let cml = if diags.iter().any(|d| d.span.file == id) {
            CmlFile::default()
        } else {
            parse::parse(id, &file.text, &mut diags)
        };
        skipped(&cml, &mut diags);
        parsed.push((id, cml));
    }
    imports(&sources, &parsed, &mut diags);
    let syntax_errors = diags.iter().any(|d| d.code == Code::I201);
    let mut trees = if syntax_errors {
        parsed.iter().map(|_| ast::File::default()).collect()
    } else {
        lower::lower(&parsed, &mut diags)
    };
    let options = Options::default();
    let first = check_parsed(copy(&sources), &trees, diags.clone(), &options);
    if !syntax_errors
        && first
            .outcome
            .diagnostics
            .iter()
            .any(|d| d.code == Code::W106)
    {
        allow_w106(&mut trees);
    }
    let checked = check_parsed(sources, &trees, diags, &options);
    Import {
        cml: parsed.into_iter().map(|(_, c)| c).collect(),
        trees,
        checked,
        syntax_errors,
    }
}

fn copy(sources: &SourceMap) -> SourceMap {
    let mut out = SourceMap::default();
    for (_, f) in sources.files() {
        out.add(f.path.clone(), f.text.clone());
    }
    out
}

/// Silences W106 in the map with a reason that says why (docs/import-cml.md).
fn allow_w106(trees: &mut [ast::File]) {
    for t in trees.iter_mut() {
        let Some(map) = t.maps.first() else { continue };
        let span = map.name.span;
        let scope = map.span;
        t.allows.push(ast::Allow {
            code: ast::Ident {
                name: "W106".into(),
                span,
            },
            reason: ast::Str {
                value: W106_REASON.into(),
                span,
            },
            span,
            scope,
        });
        return;
    }
}

/// `import "other.cml"`: reported unless the file is imported in the same run.
fn imports(sources: &SourceMap, parsed: &[(FileId, CmlFile)], diags: &mut Vec<Diagnostic>) {
    let names: Vec<String> = sources
        .files()
        .filter_map(|(_, f)| f.path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    for (_, cml) in parsed {
        for i in &cml.imports {
            let file = i.text.rsplit(['/', '\\']).next().unwrap_or(&i.text);
            if !names.iter().any(|n| n == file) {
                diags.push(report::not_carried_because(
                    i.span,
                    &format!("`import \"{}\"`", i.text),
                    "imports are not followed: name the imported file on the command line too",
                ));
            }
        }
    }
}

/// Every construct the parser kept without taking it apart: I201 when it
/// cannot be CML, else I202.
fn skipped(cml: &CmlFile, diags: &mut Vec<Diagnostic>) {
    let mut all: Vec<(&Skipped, bool)> = cml.skipped.iter().map(|s| (s, false)).collect();
    for m in &cml.maps {
        for r in &m.relationships {
            all.extend(r.skipped.iter().map(|s| (s, r.is_broken())));
        }
    }
    for d in &cml.domains {
        all.extend(d.skipped.iter().map(|s| (s, false)));
        for s in &d.subdomains {
            all.extend(s.skipped.iter().map(|x| (x, false)));
        }
    }
    for bc in &cml.contexts {
        all.extend(bc.skipped.iter().map(|s| (s, false)));
        for agg in bc.aggregates.iter().chain(std::iter::once(&bc.loose)) {
            all.extend(agg.skipped.iter().map(|s| (s, false)));
            for o in &agg.objects {
                all.extend(o.skipped.iter().map(|s| (s, false)));
            }
            for s in &agg.services {
                all.extend(s.skipped.iter().map(|x| (x, false)));
            }
        }
        for f in &bc.flows {
            all.extend(f.skipped.iter().map(|s| (s, false)));
        }
    }
    for (s, in_map) in all {
        diags.push(if s.syntax_error {
            errors::syntax_error(s.span, &s.what, in_map)
        } else {
            report::not_carried(s.span, &describe(&s.what))
        });
    }
}

/// How a skipped construct is named in its note.
fn describe(what: &str) -> String {
    let word: String = what
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    match word.as_str() {
        "" => format!("`{}`", what.chars().take(40).collect::<String>()),
        w => format!("`{w}`"),
    }
}

/// The `.ddd` text of each imported file, in `checked.sources` order:
/// printed by the formatter, with the CML file's comments.
pub fn print(import: &Import) -> Vec<String> {
    import
        .checked
        .sources
        .files()
        .zip(&import.trees)
        .map(|((id, f), tree)| crate::fmt::print_file(tree, &comments::collect(id, &f.text)))
        .collect()
}

/// All imported files as one `.ddd` text (`-o FILE.ddd`); takes the trees.
pub fn print_combined(trees: Vec<ast::File>, sources: &SourceMap) -> String {
    let mut all = ast::File::default();
    let mut notes = Vec::new();
    for ((id, f), tree) in sources.files().zip(trees) {
        all.systems.extend(tree.systems);
        all.domains.extend(tree.domains);
        all.teams.extend(tree.teams);
        all.contexts.extend(tree.contexts);
        all.maps.extend(tree.maps);
        all.allows.extend(tree.allows);
        notes.extend(comments::collect(id, &f.text));
    }
    crate::fmt::print_file(&all, &notes)
}

/// What an import produced, counted for the summary line.
pub fn summary(import: &Import) -> String {
    let (mut contexts, mut rels, mut teams, mut domains) = (0, 0, 0, 0);
    for t in &import.trees {
        contexts += t.contexts.len();
        teams += t.teams.len();
        domains += t.domains.len();
        rels += t.maps.iter().map(|m| m.relationships.len()).sum::<usize>();
    }
    let notes = import
        .checked
        .outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::I202)
        .count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "imported {}: {}, {}, {}, {}; {}",
        plural(import.cml.len(), "file", "files"),
        plural(contexts, "context", "contexts"),
        plural(rels, "relationship", "relationships"),
        plural(teams, "team", "teams"),
        plural(domains, "domain", "domains"),
        plural(
            notes,
            "construct not carried over",
            "constructs not carried over"
        ),
    )
}

#[cfg(test)]
mod tests;
