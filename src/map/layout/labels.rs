//! Label text and sizes. An edge's own label (its pattern, then its flows)
//! is wrapped into at most [`MAX_LINES`] lines of at most [`LINE_CHARS`]
//! characters; what does not fit becomes "+N more" and the full text goes
//! into the label's tooltip. Role badges are one line.
//!
//! Labels never collide because they live in slots: a badge in its box's
//! port strip, to the right of its own edge's port, an edge label in a
//! label slot of its own in a rank the edge passes through. Slots never
//! overlap and edges only run through the gaps between ranks and their own
//! slots, so no edge and no other label can reach a label.

use super::SMALL_CHAR;
use crate::map::view::{pattern_title, Edge};

pub const LINE_CHARS: usize = 32;
pub const MAX_LINES: usize = 4;
pub const LINE_HEIGHT: f64 = 13.0;

/// Width of one line of small text, with padding.
pub fn width(text: &str) -> f64 {
    text.chars().count() as f64 * SMALL_CHAR + 8.0
}

/// Height of a label of `lines` lines.
pub fn height(lines: usize) -> f64 {
    lines as f64 * LINE_HEIGHT + 3.0
}

/// The edge's own label as lines, and its full text; `None` when it has none.
pub fn mid_label(e: &Edge) -> Option<(Vec<String>, String)> {
    let mut lines = Vec::new();
    let mut full = Vec::new();
    if let Some(p) = e.declared.and_then(|d| d.pattern) {
        lines.push(pattern_title(p).to_string());
        full.push(pattern_title(p).to_string());
    }
    if e.show_flows && !e.flows.is_empty() {
        full.push(e.flows.join(", "));
        let room = MAX_LINES - lines.len();
        let mut flow_lines: Vec<String> = Vec::new();
        let mut shown = 0;
        for (i, f) in e.flows.iter().enumerate() {
            let name = abbreviate(f, LINE_CHARS - 1);
            let last_line = flow_lines.len() == room;
            match flow_lines.last_mut() {
                Some(line) if line.chars().count() + 2 + name.chars().count() < LINE_CHARS => {
                    line.push_str(", ");
                    line.push_str(&name);
                }
                _ if last_line => break,
                _ => flow_lines.push(name),
            }
            shown = i + 1;
        }
        if shown < e.flows.len() {
            // Make room for "+N more" on the last line.
            let more = |n: usize| format!("+{n} more");
            while !flow_lines.is_empty() {
                let rest = e.flows.len() - shown;
                if flow_lines.len() < room {
                    flow_lines.push(more(rest));
                    break;
                }
                let last = flow_lines.last_mut().unwrap();
                if last.chars().count() + 2 + more(rest).len() <= LINE_CHARS {
                    last.push_str(", ");
                    last.push_str(&more(rest));
                    break;
                }
                // Drop the last name of the last line.
                match last.rfind(", ") {
                    Some(k) => last.truncate(k),
                    None => {
                        flow_lines.pop();
                    }
                }
                shown -= 1;
            }
            if flow_lines.is_empty() {
                flow_lines.push(more(e.flows.len()));
            }
        }
        lines.extend(flow_lines);
    }
    if lines.is_empty() {
        None
    } else {
        Some((lines, full.join(": ")))
    }
}

fn abbreviate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::view::Edge;

    fn edge(flows: &[&str]) -> Edge {
        Edge {
            from: 0,
            to: 1,
            declared: None,
            from_roles: Vec::new(),
            to_roles: Vec::new(),
            flows: flows.iter().map(|s| s.to_string()).collect(),
            show_flows: true,
        }
    }

    #[test]
    fn long_flow_lists_wrap_and_count_the_rest() {
        let names: Vec<String> = (0..40).map(|i| format!("SomethingHappened{i}")).collect();
        let refs: Vec<&str> = names.iter().map(|s| s.as_str()).collect();
        let (lines, full) = mid_label(&edge(&refs)).unwrap();
        assert!(lines.len() <= MAX_LINES, "{lines:?}");
        assert!(
            lines.iter().all(|l| l.chars().count() <= LINE_CHARS),
            "{lines:?}"
        );
        let last = lines.last().unwrap();
        let shown: usize = lines
            .iter()
            .map(|l| l.matches("SomethingHappened").count())
            .sum();
        assert!(
            last.ends_with(&format!("+{} more", 40 - shown)),
            "{lines:?}"
        );
        assert!(full.contains("SomethingHappened39"));
    }

    #[test]
    fn short_lists_fit_on_one_line() {
        let (lines, _) = mid_label(&edge(&["A", "B"])).unwrap();
        assert_eq!(lines, vec!["A, B".to_string()]);
        assert!(mid_label(&edge(&[])).is_none());
        let long = "X".repeat(80);
        let (lines, _) = mid_label(&edge(&[&long])).unwrap();
        assert_eq!(lines[0].chars().count(), LINE_CHARS - 1);
    }
}
