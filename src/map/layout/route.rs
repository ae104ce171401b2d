//! Ports and paths.
//!
//! Edges leave a box through ports spread along its bottom side and enter
//! through ports along its top, ordered by where their other end sits (so
//! a box's own edges never cross at the box). Consecutive ports with the
//! same role badge share one badge, drawn right of the last of them in the
//! box's port strip; a box grows wider when its ports and badges need it.
//! A path runs down its port strip, crosses each gap between ranks as a
//! cubic with vertical tangents, and runs straight down each dummy or label
//! slot it passes through.

use super::labels;
use super::Rect;

pub const PORT_GAP: f64 = 11.0;
pub const PORT_MARGIN: f64 = 10.0;

/// Ports along one side of a box.
#[derive(Debug, Default)]
pub struct Plan {
    /// Port x from the start of the run.
    pub offsets: Vec<f64>,
    /// (index of the port it follows, x from the start, text).
    pub badges: Vec<(usize, f64, String)>,
    pub length: f64,
}

/// Plans ports for badge texts in port order.
pub fn plan(texts: &[&str]) -> Plan {
    let mut p = Plan::default();
    let mut x = 0.0;
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            x += PORT_GAP;
        }
        p.offsets.push(x);
        let last_of_run = texts.get(i + 1) != Some(t);
        if last_of_run && !t.is_empty() {
            p.badges.push((i, x + 3.0, t.to_string()));
            x += 3.0 + labels::width(t);
        }
    }
    p.length = x;
    p
}

/// A badge's rectangle in a strip from `y` of height `h`.
pub fn badge_rect(x: f64, y: f64, h: f64, text: &str) -> Rect {
    Rect {
        x,
        y: y + 1.0,
        w: labels::width(text),
        h: h - 2.0,
    }
}

/// Appends a command and its numbers to SVG path data.
pub fn points(d: &mut String, command: char, values: &[f64]) {
    if !d.is_empty() {
        d.push(' ');
    }
    d.push(command);
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            d.push(' ');
        }
        super::fmt_into(d, *v);
    }
}

/// A cubic with vertical tangents from (x0, y0) to (x1, y1).
pub fn curve(d: &mut String, x0: f64, y0: f64, x1: f64, y1: f64) {
    let my = (y0 + y1) / 2.0;
    if x0 == x1 {
        points(d, 'L', &[x1, y1]);
    } else {
        points(d, 'C', &[x0, my, x1, my, x1, y1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_one_badge_share_it() {
        let p = plan(&["U", "U", "D", ""]);
        assert_eq!(p.badges.len(), 2);
        assert_eq!(p.badges[0].0, 1);
        assert_eq!(p.badges[1].0, 2);
        assert!(p.offsets.windows(2).all(|w| w[1] >= w[0] + PORT_GAP));
        // A badge never reaches the next port.
        for (i, x, t) in &p.badges {
            if let Some(next) = p.offsets.get(i + 1) {
                assert!(x + labels::width(t) < *next);
            }
        }
    }
}
