//! The lexical side of the layout pass: display widths, where strings and
//! comments are, bracket pairs, items of a bracket, the start of a
//! right-hand side.

pub(super) fn primary_prefix(s: &str) -> bool {
    let t = tokens(s);
    s.bytes().enumerate().all(|(i, c)| {
        !t.code[i] || t.depth[i] > 0 || c.is_ascii_alphanumeric() || b"_.()[]{}\"'".contains(&c)
    })
}

/// Display width as ruff counts it: East Asian wide characters and emoji
/// take two columns.
pub(super) fn width(s: &str) -> usize {
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
pub(super) struct Scan {
    pub(super) depth: i32,
    pub(super) triple: Option<u8>,
}

impl Scan {
    pub(super) fn feed(&mut self, line: &str) {
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
pub(super) fn string_end(b: &[u8], i: usize) -> usize {
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
pub(super) struct Tokens {
    pub(super) depth: Vec<i32>,
    pub(super) code: Vec<bool>,
}

pub(super) fn tokens(s: &str) -> Tokens {
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

pub(super) fn has_comment(s: &str) -> bool {
    let t = tokens(s);
    s.bytes().enumerate().any(|(i, c)| c == b'#' && t.code[i])
}

/// The line's own brackets close within it, and never below its start.
pub(super) fn balanced(s: &str) -> bool {
    let t = tokens(s);
    t.depth[s.len()] == 0 && t.depth.iter().all(|d| *d >= 0)
}

pub(super) fn pad(n: usize) -> String {
    " ".repeat(n)
}

/// `content` at `indent`, split into lines; `stmt`: it is a whole statement.
pub(super) fn rhs_start(s: &str) -> Option<usize> {
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
pub(super) fn primary(s: &str) -> bool {
    let t = tokens(s);
    s.bytes().enumerate().all(|(i, c)| {
        !t.code[i] || t.depth[i] > 0 || c.is_ascii_alphanumeric() || b"_.()[]{}\"'".contains(&c)
    })
}

/// The last bracket pair of `s` that holds something, at the line's own
/// level: (open, close). Empty pairs (`[]`, `()`) are passed over.
pub(super) fn last_pair(s: &str) -> Option<(usize, usize)> {
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
pub(super) fn first_pair(s: &str) -> Option<(usize, usize)> {
    let t = tokens(s);
    let b = s.as_bytes();
    let open = (0..b.len()).find(|&i| t.code[i] && matches!(b[i], b'(' | b'[' | b'{'))?;
    let level = t.depth[open];
    let close = (open + 1..b.len())
        .find(|&i| t.code[i] && matches!(b[i], b')' | b']' | b'}') && t.depth[i + 1] == level)?;
    (open + 1 < close).then_some((open, close))
}

/// The items of `body` split at its top-level commas (no trailing empty item).
pub(super) fn items(body: &str) -> Vec<&str> {
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
