//! `--format svg`: the context map drawn from [`layout`](super::layout), with
//! no external program. All text is escaped.

use super::layout::{fmt, layout, Layout, Rect, LEGEND_HEIGHT, NAME_CHAR, SMALL_CHAR};
use super::view::{class_colour, MapView, Node};
use crate::model::{Classification, Pattern};
use std::fmt::Write;

/// XML text and attribute escaping.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Shortens `s` to fit `width` pixels at `per_char`, with an ellipsis.
fn fit(s: &str, width: f64, per_char: f64) -> String {
    let max = (width / per_char).floor() as usize;
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

const STYLE: &str = "
.lane{fill:#f8fafc;stroke:#cbd5e1;stroke-width:1}
.lane-title{font-size:14px;font-weight:700;fill:#334155}
.lane-kind{font-size:11px;fill:#64748b}
.ctx rect{stroke-width:1.5}
.ctx.focused rect{stroke-width:3.5}
.ctx-name{font-size:14px;font-weight:700;fill:#0f172a}
.ctx-sub{font-size:11px;fill:#334155}
.edge{fill:none;stroke:#475569;stroke-width:1.6}
.edge.implied{stroke:#9333ea;stroke-dasharray:6 4}
.edge.separate{stroke:#94a3b8;stroke-dasharray:2 4}
.edge.symmetric{stroke:#0f766e;stroke-width:2.2}
.badge rect{fill:#ffffff;stroke:#475569;stroke-width:1}
.elabel rect{fill:#ffffff;fill-opacity:0.9;stroke:none}
.badge text,.elabel text{font-size:11px;fill:#1e293b}
.implied-label text{fill:#7e22ce}
.legend text{font-size:11px;fill:#334155}
";

pub fn render(view: &MapView) -> String {
    let l = layout(view);
    render_with(view, &l)
}

/// Renders a computed layout (tests inspect the same layout).
pub fn render_with(view: &MapView, l: &Layout) -> String {
    let mut s = String::with_capacity(4096 + view.nodes.len() * 800);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif" role="img" aria-label="{title}">"#,
        w = fmt(l.width),
        h = fmt(l.height),
        title = esc(&view.title)
    );
    let _ = write!(
        s,
        "\n<title>{}</title>\n<style>{STYLE}</style>\n",
        esc(&view.title)
    );
    s.push_str(concat!(
        "<defs>",
        r##"<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#475569"/></marker>"##,
        r##"<marker id="arrow-implied" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#9333ea"/></marker>"##,
        "</defs>\n"
    ));
    s.push_str(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    s.push('\n');
    for (g, r) in view.groups.iter().zip(&l.lanes) {
        let _ = writeln!(
            s,
            r#"<g class="group" data-group="{key}"><rect class="lane" x="{x}" y="{y}" width="{w}" height="{h}" rx="10"/><text class="lane-title" x="{tx}" y="{ty}">{name}</text></g>"#,
            key = esc(&g.key),
            x = fmt(r.x),
            y = fmt(r.y),
            w = fmt(r.w),
            h = fmt(r.h),
            tx = fmt(r.x + 12.0),
            ty = fmt(r.y + 22.0),
            name = esc(&g.name)
        );
    }
    for eg in &l.edges {
        let e = &view.edges[eg.edge];
        let implied = e.implied(view);
        let separate = e.declared.and_then(|d| d.pattern) == Some(Pattern::SeparateWays);
        let class = if implied {
            "edge implied"
        } else if separate {
            "edge separate"
        } else if e.symmetric() {
            "edge symmetric"
        } else {
            "edge"
        };
        let marker = if implied {
            "url(#arrow-implied)"
        } else {
            "url(#arrow)"
        };
        // Arrows point downstream; symmetric relationships have none.
        let arrow = match (e.symmetric(), eg.reversed) {
            (true, _) => String::new(),
            (false, false) => format!(r#" marker-end="{marker}""#),
            (false, true) => format!(r#" marker-start="{marker}""#),
        };
        let from = &view.nodes[e.from].name;
        let to = &view.nodes[e.to].name;
        let _ = write!(
            s,
            r#"<g class="rel" data-edge="{index}" data-from="{f}" data-to="{t}"><title>{f} → {t}{flows}</title><path class="{class}" d="{d}"{arrow}/>"#,
            index = eg.edge,
            f = esc(from),
            t = esc(to),
            flows = if e.flows.is_empty() {
                String::new()
            } else {
                esc(&format!(": {}", e.flows.join(", ")))
            },
            d = eg.path,
        );
        for lab in &eg.labels {
            let kind = if lab.badge {
                "badge"
            } else if implied {
                "elabel implied-label"
            } else {
                "elabel"
            };
            let tip = if lab.lines.len() == 1 && lab.lines[0] == lab.full {
                String::new()
            } else {
                format!("<title>{}</title>", esc(&lab.full))
            };
            let _ = write!(
                s,
                r#"<g class="{kind}">{tip}<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3"/><text text-anchor="{anchor}">"#,
                x = fmt(lab.rect.x),
                y = fmt(lab.rect.y),
                w = fmt(lab.rect.w),
                h = fmt(lab.rect.h),
                anchor = if lab.badge { "middle" } else { "start" },
            );
            let tx = if lab.badge {
                lab.rect.x + lab.rect.w / 2.0
            } else {
                lab.rect.x + 4.0
            };
            for (i, line) in lab.lines.iter().enumerate() {
                let _ = write!(
                    s,
                    r#"<tspan x="{}" y="{}">{}</tspan>"#,
                    fmt(tx),
                    fmt(lab.rect.y + 11.0 + i as f64 * 13.0),
                    esc(line)
                );
            }
            s.push_str("</text></g>");
        }
        s.push_str("</g>\n");
    }
    for (node, r) in view.nodes.iter().zip(&l.nodes) {
        node_svg(&mut s, node, r);
    }
    legend(&mut s, l);
    s.push_str("</svg>\n");
    s
}

fn node_svg(s: &mut String, node: &Node, r: &Rect) {
    let (fill, stroke) = class_colour(node.class);
    let mut tip = node.name.clone();
    if !node.contexts.is_empty() {
        tip.push_str(&format!("\ncontexts: {}", node.contexts.join(", ")));
    }
    for part in &node.implements {
        tip.push_str(&format!("\nimplements {}", part.describe()));
    }
    if let Some(o) = &node.owner {
        tip.push_str(&format!("\nowner: {o}"));
    }
    if let Some(v) = &node.vision {
        tip.push_str(&format!("\n{v}"));
    }
    let sub = match node.class {
        Some(c) if !node.contexts.is_empty() => {
            let n = node.contexts.len();
            let s = if n == 1 { "" } else { "s" };
            format!("{n} context{s} · {}", c.as_str())
        }
        Some(c) => format!("{} · {}", node.subtitle(), c.as_str()),
        None => "implements nothing".to_string(),
    };
    let owner = node
        .owner
        .as_deref()
        .map(|o| format!("owner: {o}"))
        .unwrap_or_else(|| "no owner".into());
    let _ = writeln!(
        s,
        r#"<g class="ctx{focused}" id="ctx-{key}" data-context="{name}"><title>{tip}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="{fill}" stroke="{stroke}"/><text class="ctx-name" x="{cx}" y="{y1}" text-anchor="middle">{name_fit}</text><text class="ctx-sub" x="{cx}" y="{y2}" text-anchor="middle">{sub}</text><text class="ctx-sub" x="{cx}" y="{y3}" text-anchor="middle">{owner}</text></g>"#,
        focused = if node.focused { " focused" } else { "" },
        key = esc(&super::view::key(&node.name)),
        name = esc(&node.name),
        tip = esc(&tip),
        x = fmt(r.x),
        y = fmt(r.y),
        w = fmt(r.w),
        h = fmt(r.h),
        cx = fmt(r.x + r.w / 2.0),
        y1 = fmt(r.y + 22.0),
        y2 = fmt(r.y + 39.0),
        y3 = fmt(r.y + 54.0),
        name_fit = esc(&fit(&node.name, r.w - 12.0, NAME_CHAR)),
        sub = esc(&fit(&sub, r.w - 12.0, SMALL_CHAR)),
        owner = esc(&fit(&owner, r.w - 12.0, SMALL_CHAR)),
    );
}

fn legend(s: &mut String, l: &Layout) {
    let (x, y) = (l.legend.x, l.legend.y);
    let _ = write!(
        s,
        r#"<g class="legend" transform="translate({} {})">"#,
        fmt(x),
        fmt(y)
    );
    let _ = write!(
        s,
        r##"<rect width="{}" height="{}" rx="6" fill="#ffffff" stroke="#cbd5e1"/>"##,
        fmt(l.legend.w),
        fmt(LEGEND_HEIGHT)
    );
    let classes = [
        (Some(Classification::Core), "core"),
        (Some(Classification::Supporting), "supporting"),
        (Some(Classification::Generic), "generic"),
        (None, "implements nothing"),
    ];
    for (i, (c, name)) in classes.iter().enumerate() {
        let (fill, stroke) = class_colour(*c);
        let lx = 12.0 + i as f64 * 130.0;
        let _ = write!(
            s,
            r#"<rect x="{}" y="10" width="18" height="12" rx="2" fill="{fill}" stroke="{stroke}"/><text x="{}" y="20">{name}</text>"#,
            fmt(lx),
            fmt(lx + 24.0)
        );
    }
    let lines = [
        ("edge", "declared upstream → downstream (U/D, roles)"),
        ("edge symmetric", "partnership / shared kernel"),
        ("edge implied", "implied by messages, not in the map"),
    ];
    let mut lx = 12.0;
    for (class, text) in lines {
        let _ = write!(
            s,
            r#"<path class="{class}" d="M{} 40H{}"/><text x="{}" y="44">{text}</text>"#,
            fmt(lx),
            fmt(lx + 30.0),
            fmt(lx + 36.0)
        );
        lx += 36.0 + text.chars().count() as f64 * SMALL_CHAR + 24.0;
    }
    s.push_str("</g>\n");
}
