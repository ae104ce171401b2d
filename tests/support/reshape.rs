//! Text transformations that keep a model's meaning, for `tests/diff.rs`:
//! a reformatted copy (other indentation, CRLF line ends, extra comments)
//! and a reordered copy (top-level declarations and the members of each
//! context in reverse, each top-level declaration in a file of its own).

/// Per line: whether it starts inside a string that an earlier line opened.
fn string_states(text: &str) -> Vec<bool> {
    let mut out = Vec::new();
    let mut in_string = false;
    for line in text.lines() {
        out.push(in_string);
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if in_string => {
                    chars.next();
                }
                '"' => in_string = !in_string,
                '/' if !in_string && chars.peek() == Some(&'/') => break,
                _ => {}
            }
        }
    }
    out
}

/// Brace depth change of one line (outside strings and comments).
fn depth_change(line: &str) -> i32 {
    let mut d = 0;
    let mut in_string = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && chars.peek() == Some(&'/') => break,
            '{' if !in_string => d += 1,
            '}' if !in_string => d -= 1,
            _ => {}
        }
    }
    d
}

/// Tabs for indentation, a comment line before every top-level
/// declaration, CRLF line ends. Lines inside multi-line strings stay.
pub fn reformat(text: &str) -> String {
    let states = string_states(text);
    let mut out = String::new();
    let mut depth = 0i32;
    for (line, in_string) in text.lines().zip(states) {
        let trimmed = line.trim();
        if in_string {
            out.push_str(line);
        } else {
            let change = depth_change(trimmed);
            let indent = if trimmed.starts_with('}') {
                depth - 1
            } else {
                depth
            };
            if depth == 0 && !trimmed.is_empty() && !trimmed.starts_with("//") {
                out.push_str("// reformatted\r\n");
            }
            out.push_str(&"\t".repeat(indent.max(0) as usize));
            out.push_str(trimmed);
            depth += change;
        }
        out.push_str("\r\n");
    }
    out
}

/// The top-level declarations of `text`, each with its doc lines.
fn chunks(text: &str) -> Vec<Vec<&str>> {
    let states = string_states(text);
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut depth = 0;
    for (line, in_string) in text.lines().zip(states) {
        let t = line.trim();
        if !in_string {
            depth += depth_change(t);
        }
        if current.is_empty() && (t.is_empty() || (t.starts_with("//") && !t.starts_with("///"))) {
            continue;
        }
        current.push(line);
        if depth == 0 && !in_string && !t.starts_with("///") && !t.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The keywords a context member starts with: the parser's own list.
const MEMBER: &[&str] = ddgen::syntax::CONTEXT_KEYWORDS;

/// A context's members in reverse (a member runs from its doc lines to the
/// line before the next member at depth 1).
fn reverse_members(chunk: &[&str]) -> Vec<String> {
    let first = chunk
        .iter()
        .position(|l| l.trim_start().starts_with("context "));
    let (Some(first), Some(last)) = (first, chunk.len().checked_sub(1)) else {
        return chunk.iter().map(|s| s.to_string()).collect();
    };
    if !chunk[first].trim_end().ends_with('{') || chunk[last].trim() != "}" || first >= last {
        return chunk.iter().map(|s| s.to_string()).collect();
    }
    let states = string_states(&chunk.join("\n"));
    let mut members: Vec<Vec<&str>> = Vec::new();
    let mut docs: Vec<&str> = Vec::new();
    let mut depth = 0;
    for (i, line) in chunk.iter().enumerate().take(last).skip(first + 1) {
        let t = line.trim();
        let word = t.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
        let starts = depth == 0 && !states[i] && MEMBER.contains(&word);
        if depth == 0 && !states[i] && t.starts_with("///") {
            docs.push(line);
        } else if starts || members.is_empty() {
            let mut m = std::mem::take(&mut docs);
            m.push(line);
            members.push(m);
        } else {
            let m = members.last_mut().unwrap();
            m.append(&mut docs);
            m.push(line);
        }
        if !states[i] {
            depth += depth_change(t);
        }
    }
    let mut out: Vec<String> = chunk[..=first].iter().map(|s| s.to_string()).collect();
    for m in members.iter().rev() {
        out.extend(m.iter().map(|s| s.to_string()));
    }
    out.extend(docs.iter().map(|s| s.to_string()));
    out.push(chunk[last].to_string());
    out
}

/// The declarations of `text` in reverse order, one file each (named so
/// that sorting the names reverses them again), each context's members
/// reversed too.
pub fn reorder(text: &str) -> Vec<(String, String)> {
    let chunks = chunks(text);
    let n = chunks.len();
    chunks
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut body = reverse_members(c).join("\n");
            body.push('\n');
            (format!("part{:04}.ddd", n - i), body)
        })
        .collect()
}
