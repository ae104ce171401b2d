//! `--format html`: one self-contained page — the SVG map inline, a side panel
//! that shows a clicked context's vision, owner, language, messages and
//! relationships, and a search box. No network access: no external script,
//! style or font.

use super::svg::esc;
use super::view::{pattern_title, MapView};
use serde_json::{json, Value};

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:Helvetica,Arial,sans-serif;color:#0f172a;display:flex;flex-direction:column;height:100vh}
header{display:flex;gap:16px;align-items:center;padding:10px 16px;border-bottom:1px solid #e2e8f0;background:#f8fafc}
header h1{font-size:17px;margin:0;flex:1}
#search{font-size:14px;padding:6px 10px;width:280px;border:1px solid #94a3b8;border-radius:6px}
main{flex:1;display:flex;min-height:0}
#map{flex:1;overflow:auto;background:#fff}
#panel{width:360px;overflow:auto;border-left:1px solid #e2e8f0;padding:14px 18px;font-size:13px;line-height:1.45}
#panel h2{margin:0 0 4px;font-size:18px}
#panel h3{margin:14px 0 4px;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:#475569}
#panel ul{margin:0;padding-left:18px}
#panel .muted{color:#64748b}
#panel dt{font-weight:700}
#panel dd{margin:0 0 6px 0}
.ctx{cursor:pointer}
.ctx:focus{outline:none}
.ctx:focus rect,.ctx.selected rect{stroke-width:4}
.dim{opacity:.25}
.match rect{stroke:#dc2626 !important;stroke-width:3.5}
"#;

const SCRIPT: &str = r#"
(function () {
  const data = JSON.parse(document.getElementById('ddgen-data').textContent);
  const byName = new Map(data.contexts.map(c => [c.name, c]));
  const panel = document.getElementById('panel');
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  function section(title, items) {
    if (!items || items.length === 0) return;
    panel.appendChild(el('h3', title));
    const ul = el('ul');
    for (const i of items) ul.appendChild(el('li', i));
    panel.appendChild(ul);
  }
  function show(name) {
    const c = byName.get(name);
    if (!c) return;
    document.querySelectorAll('.ctx.selected').forEach(n => n.classList.remove('selected'));
    document.querySelectorAll('.ctx').forEach(n => { if (n.dataset.context === name) n.classList.add('selected'); });
    panel.replaceChildren();
    panel.appendChild(el('h2', c.name));
    panel.appendChild(el('div', c.implements.length ? 'implements ' + c.implements.join(', ') : 'implements nothing', 'muted'));
    panel.appendChild(el('div', c.owner ? 'owner: ' + c.owner : 'no owner team', 'muted'));
    if (c.vision) { panel.appendChild(el('h3', 'Vision')); panel.appendChild(el('p', c.vision)); }
    if (c.docs) { panel.appendChild(el('h3', 'About')); panel.appendChild(el('p', c.docs)); }
    if (c.terms.length) {
      panel.appendChild(el('h3', 'Ubiquitous language'));
      const dl = el('dl');
      for (const [t, d] of c.terms) { dl.appendChild(el('dt', t)); dl.appendChild(el('dd', d)); }
      panel.appendChild(dl);
    }
    section('Publishes', c.publishes);
    section('Consumes', c.consumes);
    section('Exposes', c.exposes);
    section('Calls', c.calls);
    section('Sends', c.sends);
    section('Relationships', c.relationships);
  }
  document.querySelectorAll('.ctx').forEach(n => {
    n.setAttribute('tabindex', '0');
    n.setAttribute('role', 'button');
    n.addEventListener('click', () => show(n.dataset.context));
    n.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); show(n.dataset.context); } });
  });
  const search = document.getElementById('search');
  function matches(c, q) {
    const hay = [c.name, c.owner || '', ...c.implements, ...c.publishes, ...c.consumes, ...c.exposes, ...c.terms.map(t => t[0])].join(' ').toLowerCase();
    return hay.includes(q);
  }
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    document.querySelectorAll('.ctx').forEach(n => {
      const hit = q !== '' && matches(byName.get(n.dataset.context), q);
      n.classList.toggle('match', hit);
      n.classList.toggle('dim', q !== '' && !hit);
    });
  });
  search.addEventListener('keydown', e => {
    if (e.key !== 'Enter') return;
    const first = document.querySelector('.ctx.match');
    if (first) { show(first.dataset.context); first.scrollIntoView({ block: 'center', inline: 'center' }); }
  });
})();
"#;

/// The data the panel shows, one entry per context.
fn data(view: &MapView) -> Value {
    let contexts: Vec<Value> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let relationships: Vec<String> = view
                .edges
                .iter()
                .filter(|e| e.from == i || e.to == i)
                .map(|e| {
                    let (other, upstream) = if e.from == i {
                        (e.to, true)
                    } else {
                        (e.from, false)
                    };
                    let other = &view.nodes[other].name;
                    let what = match e.declared {
                        Some(d) if e.symmetric() => d
                            .pattern
                            .map(pattern_title)
                            .unwrap_or("symmetric")
                            .to_string(),
                        Some(_) if upstream => format!(
                            "upstream of {other} ({} → {})",
                            e.from_badge(),
                            e.to_badge()
                        ),
                        Some(_) => format!(
                            "downstream of {other} ({} → {})",
                            e.from_badge(),
                            e.to_badge()
                        ),
                        None if upstream => format!("upstream of {other}, implied by the messages"),
                        None => format!("downstream of {other}, implied by the messages"),
                    };
                    let what = if e.symmetric() {
                        format!("{what} with {other}")
                    } else {
                        what
                    };
                    if e.flows.is_empty() {
                        what
                    } else {
                        format!("{what}: {}", e.flows.join(", "))
                    }
                })
                .collect();
            json!({
                "name": n.name,
                "implements": n.implements.iter().map(|p| p.describe()).collect::<Vec<_>>(),
                "owner": n.owner,
                "vision": n.vision,
                "docs": n.docs,
                "terms": n.terms,
                "publishes": n.publishes,
                "consumes": n.consumes,
                "exposes": n.exposes,
                "calls": n.calls,
                "sends": n.sends,
                "relationships": relationships,
            })
        })
        .collect();
    json!({ "title": view.title, "contexts": contexts })
}

/// JSON that is safe inside a `<script>` element: `<` only occurs inside
/// JSON strings, where `\u003c` means the same.
fn script_json(v: &Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

pub fn render(view: &MapView) -> String {
    let svg = super::svg::render(view);
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>{title}</title>
<style>{STYLE}</style>
</head>
<body>
<header><h1>{title}</h1><input id="search" type="search" placeholder="Search contexts, messages, terms…" aria-label="Search the map"></header>
<main>
<div id="map">
{svg}</div>
<aside id="panel" aria-live="polite"><p class="muted">Click a context to see its vision, owner, language, messages and relationships.</p></aside>
</main>
<script type="application/json" id="ddgen-data">{data}</script>
<script>{SCRIPT}</script>
</body>
</html>
"#,
        title = esc(&view.title),
        data = script_json(&data(view)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let v = json!({ "vision": "</script><script>alert(1)</script> <!--" });
        let s = script_json(&v);
        assert!(!s.contains("</script>") && !s.contains("<!--"));
        let back: Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
