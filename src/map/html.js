// The HTML map's behaviour: fit, zoom, pan, minimap, focus, filters, edge hover, panel and
// search. Embedded by src/map/html.rs; no network, no library.
(function () {
  const data = JSON.parse(document.getElementById('ddgen-data').textContent);
  const byName = new Map(data.contexts.map(c => [c.name, c]));
  const panel = document.getElementById('panel');
  const map = document.getElementById('map');
  const svg = map.querySelector('svg');
  const tip = document.getElementById('tip');
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; };
  const ctxs = Array.from(svg.querySelectorAll('.ctx'));
  const rels = Array.from(svg.querySelectorAll('.rel'));
  const ctxByName = new Map(ctxs.map(n => [n.dataset.context, n]));

  // --- View: the SVG's viewBox is the window onto the drawing.
  const full = svg.viewBox.baseVal;
  const W = full.width, H = full.height;
  svg.removeAttribute('width'); svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  let view = { x: 0, y: 0, w: W, h: H };
  function aspect() { const r = map.getBoundingClientRect(); return (r.width || 1) / (r.height || 1); }
  function apply() {
    // Keep the box's shape the window's, so 1 unit is 1 unit both ways.
    const a = aspect();
    if (view.w / view.h > a) { const h = view.w / a; view.y -= (h - view.h) / 2; view.h = h; }
    else { const w = view.h * a; view.x -= (w - view.w) / 2; view.w = w; }
    svg.setAttribute('viewBox', `${view.x} ${view.y} ${view.w} ${view.h}`);
    const fitw = fitBox().w;
    const zoom = fitw / view.w;
    map.dataset.zoom = zoom.toFixed(3);
    document.getElementById('zoom').textContent = Math.round(zoom * 100) + '%';
    minimap();
  }
  function fitBox() {
    const a = aspect();
    let w = W, h = H;
    if (w / h > a) h = w / a; else w = h * a;
    return { x: (W - w) / 2, y: (H - h) / 2, w, h };
  }
  function fit() { view = fitBox(); apply(); }
  function toDrawing(cx, cy) {
    const r = map.getBoundingClientRect();
    return { x: view.x + (cx - r.left) / r.width * view.w, y: view.y + (cy - r.top) / r.height * view.h };
  }
  function zoomAt(factor, cx, cy) {
    const r = map.getBoundingClientRect();
    if (cx === undefined) { cx = r.left + r.width / 2; cy = r.top + r.height / 2; }
    const p = toDrawing(cx, cy);
    const max = fitBox().w, min = Math.min(600, max);
    const w = Math.min(max * 1.5, Math.max(min, view.w / factor));
    const k = w / view.w;
    view = { x: p.x - (p.x - view.x) * k, y: p.y - (p.y - view.y) * k, w, h: view.h * k };
    apply();
  }
  function panBy(dx, dy) {
    const r = map.getBoundingClientRect();
    view.x -= dx / r.width * view.w; view.y -= dy / r.height * view.h; apply();
  }
  function centreOn(name) {
    const n = ctxByName.get(name); if (!n) return;
    const b = n.getBBox();
    view.x = b.x + b.width / 2 - view.w / 2; view.y = b.y + b.height / 2 - view.h / 2; apply();
  }
  map.addEventListener('wheel', e => { e.preventDefault(); zoomAt(Math.exp(-e.deltaY * 0.0015), e.clientX, e.clientY); }, { passive: false });
  const pointers = new Map();
  let pinch = 0, moved = false;
  map.addEventListener('pointerdown', e => {
    if (e.target.closest('#minimap')) return;
    pointers.set(e.pointerId, { x: e.clientX, y: e.clientY }); moved = false;
    if (pointers.size === 2) { const [a, b] = [...pointers.values()]; pinch = Math.hypot(a.x - b.x, a.y - b.y); }
  });
  map.addEventListener('pointermove', e => {
    const p = pointers.get(e.pointerId); if (!p) return;
    if (pointers.size === 2) {
      p.x = e.clientX; p.y = e.clientY;
      const [a, b] = [...pointers.values()]; const d = Math.hypot(a.x - b.x, a.y - b.y);
      if (pinch > 0) zoomAt(d / pinch, (a.x + b.x) / 2, (a.y + b.y) / 2);
      pinch = d; moved = true; return;
    }
    const dx = e.clientX - p.x, dy = e.clientY - p.y;
    if (!moved && Math.hypot(dx, dy) < 4) return;
    if (!moved) { try { map.setPointerCapture(e.pointerId); } catch (_) {} }
    moved = true; map.classList.add('dragging');
    p.x = e.clientX; p.y = e.clientY; panBy(dx, dy);
  });
  const up = e => { pointers.delete(e.pointerId); if (pointers.size < 2) pinch = 0; map.classList.remove('dragging'); };
  map.addEventListener('pointerup', up); map.addEventListener('pointercancel', up);
  document.addEventListener('keydown', e => {
    if (e.target.matches && e.target.matches('input, select, textarea')) return;
    const step = 60;
    switch (e.key) {
      case '+': case '=': zoomAt(1.25); break;
      case '-': case '_': zoomAt(0.8); break;
      case '0': fit(); break;
      case 'ArrowLeft': panBy(step, 0); break;
      case 'ArrowRight': panBy(-step, 0); break;
      case 'ArrowUp': panBy(0, step); break;
      case 'ArrowDown': panBy(0, -step); break;
      case 'Escape': select(null); break;
      default: return;
    }
    e.preventDefault();
  });
  window.addEventListener('resize', () => apply());
  document.getElementById('fit').addEventListener('click', fit);

  // --- Minimap: lanes and boxes, and the window's place, when the window
  // does not show the whole drawing.
  const mm = document.getElementById('minimap');
  const NS = 'http://www.w3.org/2000/svg';
  const mmSvg = document.createElementNS(NS, 'svg');
  mmSvg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  for (const r of svg.querySelectorAll('rect.lane, .ctx > rect')) {
    const c = document.createElementNS(NS, 'rect');
    for (const k of ['x', 'y', 'width', 'height', 'fill']) if (r.getAttribute(k)) c.setAttribute(k, r.getAttribute(k));
    c.setAttribute('fill', r.classList.contains('lane') ? '#f1f5f9' : (r.getAttribute('fill') || '#fff'));
    c.setAttribute('stroke', '#94a3b8');
    mmSvg.appendChild(c);
  }
  const mmView = document.createElementNS(NS, 'rect'); mmView.id = 'mm-view'; mmSvg.appendChild(mmView);
  mm.appendChild(mmSvg);
  function minimap() {
    const whole = view.x <= 0.5 && view.y <= 0.5 && view.x + view.w >= W - 0.5 && view.y + view.h >= H - 0.5;
    mm.style.display = whole ? 'none' : 'block';
    mmView.setAttribute('x', Math.max(0, view.x)); mmView.setAttribute('y', Math.max(0, view.y));
    mmView.setAttribute('width', Math.min(W, view.x + view.w) - Math.max(0, view.x));
    mmView.setAttribute('height', Math.min(H, view.y + view.h) - Math.max(0, view.y));
  }
  mm.addEventListener('pointerdown', e => {
    e.stopPropagation();
    const r = mmSvg.getBoundingClientRect();
    const x = (e.clientX - r.left) / r.width * W, y = (e.clientY - r.top) / r.height * H;
    view.x = x - view.w / 2; view.y = y - view.h / 2; apply();
  });

  // --- Panel.
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

  // --- Focus: a clicked context, its relationships and neighbours stay;
  // the rest fades.
  function select(name) {
    ctxs.forEach(n => n.classList.remove('selected', 'faded'));
    rels.forEach(r => r.classList.remove('hl', 'faded'));
    map.dataset.selected = name || '';
    if (!name) return;
    const keep = new Set([name]);
    for (const r of rels) {
      if (r.dataset.from === name || r.dataset.to === name) { r.classList.add('hl'); keep.add(r.dataset.from); keep.add(r.dataset.to); }
      else r.classList.add('faded');
    }
    ctxs.forEach(n => { if (!keep.has(n.dataset.context)) n.classList.add('faded'); });
    ctxByName.get(name).classList.add('selected');
    show(name);
  }
  ctxs.forEach(n => {
    n.setAttribute('tabindex', '0');
    n.setAttribute('role', 'button');
    n.addEventListener('click', e => { if (moved) return; e.stopPropagation(); select(n.dataset.context); });
    n.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); e.stopPropagation(); select(n.dataset.context); } });
  });
  svg.addEventListener('click', e => { if (!moved && !e.target.closest('.ctx')) select(null); });

  // --- The messages behind an edge, on hover.
  for (const r of rels) {
    const e = data.edges[+r.dataset.edge];
    r.addEventListener('pointerenter', ev => {
      tip.replaceChildren(el('b', `${e.from} → ${e.to}`));
      if (e.pattern) tip.appendChild(el('div', e.pattern));
      tip.appendChild(el('div', e.flows.length ? e.flows.join(', ') : 'no messages'));
      tip.style.display = 'block';
      const m = map.getBoundingClientRect();
      tip.style.left = (ev.clientX - m.left + 14) + 'px'; tip.style.top = (ev.clientY - m.top + 14) + 'px';
    });
    r.addEventListener('pointerleave', () => { tip.style.display = 'none'; });
  }

  // --- Filters: domain, team, pattern, subdomain type.
  const filters = ['domain', 'team', 'pattern', 'class'].map(k => document.getElementById('f-' + k));
  function filter() {
    const [d, t, p, k] = filters.map(f => f.value);
    const on = d || t || p || k;
    const keep = new Set();
    for (const c of data.contexts) {
      if ((!d || c.domain === d) && (!t || c.owner === t) && (!k || c.classes.includes(k))) keep.add(c.name);
    }
    const relKeep = new Set();
    for (const r of rels) {
      const e = data.edges[+r.dataset.edge];
      if (keep.has(e.from) && keep.has(e.to) && (!p || e.pattern_key === p)) relKeep.add(r);
    }
    if (p) { keep.clear(); for (const r of relKeep) { keep.add(r.dataset.from); keep.add(r.dataset.to); } }
    ctxs.forEach(n => n.classList.toggle('filtered', !!on && !keep.has(n.dataset.context)));
    rels.forEach(r => r.classList.toggle('filtered', !!on && !relKeep.has(r)));
    map.dataset.shown = on ? keep.size : ctxs.length;
  }
  filters.forEach(f => f.addEventListener('change', filter));

  // --- Search.
  const search = document.getElementById('search');
  function matches(c, q) {
    const hay = [c.name, c.owner || '', ...c.implements, ...c.publishes, ...c.consumes, ...c.exposes, ...c.terms.map(t => t[0])].join(' ').toLowerCase();
    return hay.includes(q);
  }
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    ctxs.forEach(n => {
      const hit = q !== '' && matches(byName.get(n.dataset.context), q);
      n.classList.toggle('match', hit);
      n.classList.toggle('dim', q !== '' && !hit);
    });
  });
  search.addEventListener('keydown', e => {
    if (e.key !== 'Enter') return;
    const first = svg.querySelector('.ctx.match');
    if (first) { select(first.dataset.context); centreOn(first.dataset.context); }
  });
  map.setAttribute('tabindex', '0');
  fit();
})();
