//! The last step of every generated Python module: a line longer than the
//! limit is split the way `ruff format` splits it, so the tree passes
//! `ruff format --check` whatever the length of the model's names.
//!
//! The views lay their code out for names of ordinary length; a long name
//! pushes a line over the limit in places no view can foresee. This pass
//! applies ruff's (black's) rules for the shapes the generator writes:
//! - a `def` or `class` line splits at its first bracket (left-hand split); a
//!   split `def` has one parameter per line and a trailing comma;
//! - any other line splits at its last bracket pair (right-hand split): the
//!   head up to the bracket, the contents indented one level, the closing
//!   bracket and what follows it;
//! - the contents stay on one line when they fit, unless the bracket is a
//!   collection literal (list, dict, set, tuple) holding commas, which is
//!   exploded one item per line with a trailing comma (as is anything with
//!   commas that does not fit); an item still too long splits again;
//! - the right-hand side of `=`, `return` and `assert` is wrapped in
//!   parentheses when it is not a plain chain of names, calls and
//!   subscripts, or when splitting its last bracket would leave the head too
//!   long; a plain atom (a string, a name) gets parentheses only when that
//!   makes it fit.
//!
//! Lines inside strings, comment lines and lines with a trailing comment are
//! never touched, and a line that fits is left exactly as it is. The random
//! model gate (`tests/generate_random.rs`) checks the result against ruff.

use super::imports::LINE_LENGTH;

/// `text` with every over-long code line split as `ruff format` would.
pub fn wrap_long_lines(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 64);
    let mut state = Scan::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let body = line.strip_suffix('\n').unwrap_or(line);
        let at_start = state.clone();
        state.feed(body);
        i += 1;
        let long = at_start.triple.is_none()
            && state.triple.is_none()
            && width(body) > LINE_LENGTH
            && !body.trim_start().starts_with('#')
            && !has_comment(body);
        if !long {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        if balanced(body) {
            for l in wrap(indent, body.trim_start(), at_start.depth == 0) {
                out.push_str(&l);
                out.push('\n');
            }
            if !line.ends_with('\n') {
                out.pop();
            }
            continue;
        }
        // The first line of an exploded statement, too long: ruff puts the
        // right-hand side in parentheses and indents the rest of it.
        let content = body.trim_start();
        let opens = state.depth > at_start.depth && content.ends_with(['(', '[', '{']);
        let rhs = (at_start.depth == 0 && opens)
            .then(|| rhs_start(content))
            .flatten()
            .filter(|at| {
                // Only a call: a collection has brackets of its own, and
                // parentheses that do not make the head fit are not added.
                let first = &content[*at..];
                !first.starts_with(['(', '[', '{'])
                    && primary_prefix(first)
                    && indent + 4 + width(first) <= LINE_LENGTH
            });
        let Some(at) = rhs else {
            out.push_str(line);
            continue;
        };
        let (head, first) = content.split_at(at);
        out.push_str(&format!(
            "{}{head}(\n{}{first}\n",
            pad(indent),
            pad(indent + 4)
        ));
        while i < lines.len() && state.depth > 0 {
            let next = lines[i];
            state.feed(next.strip_suffix('\n').unwrap_or(next));
            i += 1;
            if next.trim().is_empty() {
                out.push_str(next);
            } else {
                out.push_str("    ");
                out.push_str(next);
            }
            if !next.ends_with('\n') {
                out.push('\n');
            }
        }
        out.push_str(&format!("{})\n", pad(indent)));
    }
    out
}

/// A chain of names, attributes and calls up to the bracket that ends the
/// line (the start of an exploded call or collection).
mod scan;
#[cfg(test)]
mod tests;

use scan::*;

fn wrap(indent: usize, content: &str, stmt: bool) -> Vec<String> {
    if indent + width(content) <= LINE_LENGTH {
        return vec![format!("{}{content}", pad(indent))];
    }
    if stmt {
        if content.starts_with("def ") || content.starts_with("async def ") {
            if let Some(lines) = empty_def_split(indent, content) {
                return lines;
            }
            return left_split(indent, content, true);
        }
        if content.starts_with("class ") {
            return left_split(indent, content, false);
        }
        if let Some(at) = rhs_start(content) {
            return assignment(indent, content, at);
        }
    }
    // Inside brackets only: a line break between operands is a syntax error
    // anywhere else.
    if !stmt {
        if let Some(lines) = comprehension_split(indent, content) {
            return lines;
        }
        if let Some(lines) = operator_split(indent, content) {
            return lines;
        }
    }
    right_split(indent, content)
}

/// `def f() -> Long:` with nothing to split in its parameters: ruff puts the
/// return annotation in parentheses (`def f() -> (` / `    Long` / `):`).
fn empty_def_split(indent: usize, content: &str) -> Option<Vec<String>> {
    let (head, ret) = content.split_once("() -> ")?;
    let ret = ret.strip_suffix(':')?;
    if head.contains(['(', ')']) || ret.contains(['(', '[', ',']) {
        return None;
    }
    Some(vec![
        format!("{}{head}() -> (", pad(indent)),
        format!("{}{ret}", pad(indent + 4)),
        format!("{}):", pad(indent)),
    ])
}

/// A statement whose right-hand side starts at `at` (after `=`, `return`,
/// `assert`). Ruff keeps the right-hand side unparenthesized and splits its
/// last bracket when that bracket closes the line, the line up to the bracket
/// fits, and the right-hand side has at most one operator at its loosest
/// level. A plain atom goes in parentheses when the target and ` = (` fit on
/// the line and the atom fits below (ruff prefers splitting the right-hand
/// side); failing that, a target with brackets splits its last bracket
/// (`out["k"][\n    "long"\n] = url`). Anything else puts the right-hand
/// side in parentheses.
fn assignment(indent: usize, content: &str, at: usize) -> Vec<String> {
    let (head, rhs) = content.split_at(at);
    let ends_in_bracket = matches!(last_pair(content), Some((open, close)) if open >= at && content[close + 1..].trim().is_empty());
    let loosest = loosest_operators(rhs);
    if ends_in_bracket && loosest <= 1 {
        let (open, _) = last_pair(content).expect("a last bracket pair");
        if indent + width(&content[..=open]) <= LINE_LENGTH {
            return right_split(indent, content);
        }
    }
    let atom = loosest == 0 && last_pair(rhs).is_none();
    if atom {
        // `head` ends with `= `; the `(` after it must fit too.
        let parenthesized_fits =
            indent + width(head) < LINE_LENGTH && indent + 4 + width(rhs) <= LINE_LENGTH;
        if last_pair(head).is_some() && !parenthesized_fits {
            return right_split(indent, content);
        }
        if parenthesized_fits {
            return vec![
                format!("{}{head}(", pad(indent)),
                format!("{}{rhs}", pad(indent + 4)),
                format!("{})", pad(indent)),
            ];
        }
        return vec![format!("{}{content}", pad(indent))];
    }
    let mut lines = vec![format!("{}{head}(", pad(indent))];
    lines.extend(wrap(indent + 4, rhs, false));
    lines.push(format!("{})", pad(indent)));
    lines
}

/// How many operators `s` has at its loosest level outside brackets (0 for
/// a chain of names, calls and subscripts).
fn loosest_operators(s: &str) -> usize {
    let t = tokens(s);
    for level in OPERATORS {
        let n = (0..s.len())
            .filter(|&i| {
                t.code[i] && t.depth[i] == 0 && level.iter().any(|op| s[i..].starts_with(*op))
            })
            .count();
        if n > 0 {
            return n;
        }
    }
    usize::from(!primary(s))
}

/// `x for y in z if c` at the top level: the element, each `for` and each
/// `if` on a line of its own, as ruff splits a comprehension.
fn comprehension_split(indent: usize, content: &str) -> Option<Vec<String>> {
    let t = tokens(content);
    let cuts: Vec<usize> = (0..content.len())
        .filter(|&i| {
            t.code[i]
                && t.depth[i] == 0
                && (content[i..].starts_with(" for ") || content[i..].starts_with(" async for "))
        })
        .collect();
    let first = *cuts.first()?;
    let mut all = cuts.clone();
    all.extend(
        (first..content.len())
            .filter(|&i| t.code[i] && t.depth[i] == 0 && content[i..].starts_with(" if ")),
    );
    all.sort_unstable();
    let mut lines = Vec::new();
    let mut start = 0;
    for cut in all.into_iter().chain([content.len()]) {
        lines.extend(wrap(indent, content[start..cut].trim(), false));
        start = cut;
    }
    Some(lines)
}

/// Binary operators from the loosest to the tightest binding, as black's
/// delimiter priorities rank them.
const OPERATORS: &[&[&str]] = &[
    &[" or "],
    &[" and "],
    &[
        " == ", " != ", " is not ", " is ", " not in ", " in ", " <= ", " >= ", " < ", " > ",
    ],
    &[" | "],
    &[" + ", " - "],
];

/// `a == b` that does not fit: one operand per line, each line after the
/// first starting with the operator.
fn operator_split(indent: usize, content: &str) -> Option<Vec<String>> {
    let t = tokens(content);
    for level in OPERATORS {
        let mut cuts = Vec::new();
        let mut i = 0;
        while i < content.len() {
            if t.code[i] && t.depth[i] == 0 {
                if let Some(op) = level.iter().find(|op| content[i..].starts_with(**op)) {
                    cuts.push(i);
                    i += op.len();
                    continue;
                }
            }
            i += 1;
        }
        if cuts.is_empty() {
            continue;
        }
        let mut lines = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain([content.len()]) {
            let part = content[start..cut].trim();
            lines.extend(wrap(indent, part, false));
            start = cut;
        }
        return Some(lines);
    }
    None
}

/// Where the right-hand side of `x = ...`, `x: T = ...`, `return ...` or
/// `assert ...` starts.
fn right_split(indent: usize, content: &str) -> Vec<String> {
    match last_pair(content) {
        Some((open, close)) => split_at(indent, content, open, close, false),
        None => vec![format!("{}{content}", pad(indent))],
    }
}

fn left_split(indent: usize, content: &str, def: bool) -> Vec<String> {
    match first_pair(content) {
        Some((open, close)) => split_at(indent, content, open, close, def),
        None => vec![format!("{}{content}", pad(indent))],
    }
}

fn split_at(indent: usize, content: &str, open: usize, close: usize, def: bool) -> Vec<String> {
    let head = &content[..=open];
    let body = content[open + 1..close].trim();
    let tail = &content[close..];
    let before = content[..open].bytes().last();
    let call = before.is_some_and(|c| c.is_ascii_alphanumeric() || b"_)]\"'".contains(&c));
    let collection = !def && !call;
    let list = items(body);
    let commas = list.len() > 1 || body.trim_end().ends_with(',');
    let fits = indent + 4 + width(body) <= LINE_LENGTH;
    let mut lines = vec![format!("{}{head}", pad(indent))];
    // A split `def` always gets a trailing comma, so one parameter per line.
    if def || (commas && (collection || !fits || body.trim_end().ends_with(','))) {
        for item in list {
            lines.extend(wrap(indent + 4, &format!("{item},"), false));
        }
    } else {
        lines.extend(wrap(indent + 4, body, false));
    }
    lines.push(format!("{}{tail}", pad(indent)));
    lines
}
