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
fn primary_prefix(s: &str) -> bool {
    let t = tokens(s);
    s.bytes().enumerate().all(|(i, c)| {
        !t.code[i] || t.depth[i] > 0 || c.is_ascii_alphanumeric() || b"_.()[]{}\"'".contains(&c)
    })
}

/// Display width as ruff counts it: East Asian wide characters and emoji
/// take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = c as u32;
            let wide = matches!(u,
                0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
                | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Bracket depth and open triple-quoted string across lines.
#[derive(Clone, Default)]
struct Scan {
    depth: i32,
    triple: Option<u8>,
}

impl Scan {
    fn feed(&mut self, line: &str) {
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if let Some(q) = self.triple {
                if b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == q && b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                    self.triple = None;
                    i += 3;
                } else {
                    i += 1;
                }
                continue;
            }
            match b[i] {
                b'#' => return,
                q @ (b'"' | b'\'') => {
                    if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                        self.triple = Some(q);
                        i += 3;
                    } else {
                        i = string_end(b, i) + 1;
                    }
                }
                b'(' | b'[' | b'{' => {
                    self.depth += 1;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    self.depth -= 1;
                    i += 1;
                }
                _ => i += 1,
            }
        }
    }
}

/// The index of the closing quote of the one-line string opening at `i`.
fn string_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            c if c == q => return j,
            _ => j += 1,
        }
    }
    b.len() - 1
}

/// What each byte of a one-line piece of code is: `depth[i]` is the
/// bracket depth before byte `i`, `code[i]` false inside strings.
struct Tokens {
    depth: Vec<i32>,
    code: Vec<bool>,
}

fn tokens(s: &str) -> Tokens {
    let b = s.as_bytes();
    let mut depth = vec![0; b.len() + 1];
    let mut code = vec![true; b.len()];
    let mut d = 0;
    let mut i = 0;
    while i < b.len() {
        depth[i] = d;
        match b[i] {
            b'"' | b'\'' => {
                let end = string_end(b, i).min(b.len() - 1);
                for k in i..=end {
                    depth[k] = d;
                    code[k] = false;
                }
                i = end + 1;
                continue;
            }
            b'(' | b'[' | b'{' => d += 1,
            b')' | b']' | b'}' => d -= 1,
            _ => {}
        }
        i += 1;
    }
    depth[b.len()] = d;
    Tokens { depth, code }
}

fn has_comment(s: &str) -> bool {
    let t = tokens(s);
    s.bytes().enumerate().any(|(i, c)| c == b'#' && t.code[i])
}

/// The line's own brackets close within it, and never below its start.
fn balanced(s: &str) -> bool {
    let t = tokens(s);
    t.depth[s.len()] == 0 && t.depth.iter().all(|d| *d >= 0)
}

fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// `content` at `indent`, split into lines; `stmt`: it is a whole statement.
fn wrap(indent: usize, content: &str, stmt: bool) -> Vec<String> {
    if indent + width(content) <= LINE_LENGTH {
        return vec![format!("{}{content}", pad(indent))];
    }
    if stmt {
        if content.starts_with("def ") || content.starts_with("async def ") {
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

/// A statement whose right-hand side starts at `at` (after `=`, `return`,
/// `assert`). Ruff keeps the right-hand side unparenthesized and splits its
/// last bracket when that bracket closes the line, the line up to the bracket
/// fits, and the right-hand side has at most one operator at its loosest
/// level; a plain atom after a target with brackets splits the target's last
/// bracket (`out["k"][\n    "long"\n] = url`); otherwise the right-hand side
/// goes in parentheses (an atom only when that makes it fit).
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
        if last_pair(head).is_some() {
            return right_split(indent, content);
        }
        if indent + 4 + width(rhs) <= LINE_LENGTH {
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
fn rhs_start(s: &str) -> Option<usize> {
    for kw in ["return ", "assert "] {
        if s.starts_with(kw) {
            return Some(kw.len());
        }
    }
    let t = tokens(s);
    let b = s.as_bytes();
    for i in 0..b.len() {
        if b[i] != b'=' || !t.code[i] || t.depth[i] != 0 {
            continue;
        }
        let prev = if i > 0 { b[i - 1] } else { b' ' };
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        if next == b'=' || b"=!<>+-*/%&|^@:".contains(&prev) {
            return None;
        }
        if prev == b' ' && next == b' ' {
            return Some(i + 2);
        }
        return None;
    }
    None
}

/// A chain of names, attributes, calls and subscripts (or one atom): no
/// operator or space outside brackets and strings.
fn primary(s: &str) -> bool {
    let t = tokens(s);
    s.bytes().enumerate().all(|(i, c)| {
        !t.code[i] || t.depth[i] > 0 || c.is_ascii_alphanumeric() || b"_.()[]{}\"'".contains(&c)
    })
}

/// The last bracket pair of `s` that holds something, at the line's own
/// level: (open, close). Empty pairs (`[]`, `()`) are passed over.
fn last_pair(s: &str) -> Option<(usize, usize)> {
    let t = tokens(s);
    let b = s.as_bytes();
    let end = t.depth[s.len()];
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if !(t.code[i] && matches!(b[i], b')' | b']' | b'}') && t.depth[i + 1] == end) {
            continue;
        }
        let open = (0..i)
            .rev()
            .find(|&j| t.code[j] && matches!(b[j], b'(' | b'[' | b'{') && t.depth[j] == end)?;
        if open + 1 < i {
            return Some((open, i));
        }
        i = open;
    }
    None
}

/// The first bracket pair of `s` that holds something: (open, close).
fn first_pair(s: &str) -> Option<(usize, usize)> {
    let t = tokens(s);
    let b = s.as_bytes();
    let open = (0..b.len()).find(|&i| t.code[i] && matches!(b[i], b'(' | b'[' | b'{'))?;
    let level = t.depth[open];
    let close = (open + 1..b.len())
        .find(|&i| t.code[i] && matches!(b[i], b')' | b']' | b'}') && t.depth[i + 1] == level)?;
    (open + 1 < close).then_some((open, close))
}

/// The items of `body` split at its top-level commas (no trailing empty item).
fn items(body: &str) -> Vec<&str> {
    let t = tokens(body);
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in body.bytes().enumerate() {
        if c == b',' && t.code[i] && t.depth[i] == 0 {
            out.push(body[start..i].trim());
            start = i + 1;
        }
    }
    let last = body[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn long(n: usize) -> String {
        "a".repeat(n)
    }

    #[test]
    fn short_lines_and_strings_stay() {
        let text = "x = 1\n\"\"\"\nA docstring line that is long, long, long, long, long, long, long, long, long, long, long.\n\"\"\"\n";
        assert_eq!(wrap_long_lines(text), text);
    }

    #[test]
    fn calls_split_at_their_last_bracket() {
        let n = long(60);
        let text = format!("    monkeypatch.setattr(service, \"{n}\", spy)\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("    monkeypatch.setattr(\n        service, \"{n}\", spy\n    )\n")
        );
    }

    #[test]
    fn collections_explode_with_a_trailing_comma() {
        let n = long(40);
        let text = format!("    value = {{\"{n}\": 1, \"{n}\": 2}}\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("    value = {{\n        \"{n}\": 1,\n        \"{n}\": 2,\n    }}\n")
        );
    }

    #[test]
    fn comparisons_get_parentheses_and_atoms_only_when_they_fit() {
        let n = long(30);
        let text = format!("    assert {n}.model_validate_json(text) == {n}\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("    assert (\n        {n}.model_validate_json(text) == {n}\n    )\n")
        );
        let text = format!("    some_variable = \"{}\"\n", long(85));
        assert_eq!(
            wrap_long_lines(&text),
            format!("    some_variable = (\n        \"{}\"\n    )\n", long(85))
        );
        let text = format!("    x = \"{}\"\n", long(100));
        assert_eq!(wrap_long_lines(&text), text);
    }

    #[test]
    fn long_comparisons_split_at_the_operator() {
        let n = long(45);
        let text = format!("    assert {n}.model_validate_json(text) == {n}\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("    assert (\n        {n}.model_validate_json(text)\n        == {n}\n    )\n")
        );
    }

    #[test]
    fn a_short_value_after_a_long_target_splits_the_target() {
        let n = long(90);
        let text = format!("        out[\"queues\"][\"{n}\"] = url\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("        out[\"queues\"][\n            \"{n}\"\n        ] = url\n")
        );
    }

    #[test]
    fn one_operator_before_a_closing_call_keeps_no_parentheses() {
        let n = long(60);
        let text = format!("        self.http = http or HttpClient(os.environ[\"{n}\"])\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("        self.http = http or HttpClient(\n            os.environ[\"{n}\"]\n        )\n")
        );
    }

    #[test]
    fn an_empty_value_after_a_long_annotation_splits_the_annotation() {
        let n = long(90);
        let text = format!("    seen: list[pkg.contracts.{n}] = []\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("    seen: list[\n        pkg.contracts.{n}\n    ] = []\n")
        );
    }

    #[test]
    fn an_exploded_call_with_a_long_head_gets_parentheses() {
        let n = long(76);
        let text = format!(
            "    response = pkg.{n}.handler(\n        event,\n        context,\n    )\n    x = 1\n"
        );
        assert_eq!(
            wrap_long_lines(&text),
            format!("    response = (\n        pkg.{n}.handler(\n            event,\n            context,\n        )\n    )\n    x = 1\n")
        );
        // When the parentheses would not make it fit, ruff leaves it.
        let text = text.replace(&n, &long(90));
        assert_eq!(wrap_long_lines(&text), text);
    }

    #[test]
    fn comprehensions_split_before_for() {
        let n = long(60);
        let text = format!(
            "    seen = [\n        {n}.model_validate_json(m[\"Body\"]) for m in messages\n    ]\n"
        );
        assert_eq!(
            wrap_long_lines(&text),
            format!("    seen = [\n        {n}.model_validate_json(m[\"Body\"])\n        for m in messages\n    ]\n")
        );
    }

    #[test]
    fn defs_split_at_their_parameters() {
        let n = long(50);
        let text = format!("def {n}(envelope: Envelope, event: {n}) -> None:\n");
        assert_eq!(
            wrap_long_lines(&text),
            format!("def {n}(\n    envelope: Envelope,\n    event: {n},\n) -> None:\n")
        );
    }
}
