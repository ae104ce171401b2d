// Opens a map written by `ddgen map --format html` in headless Chromium, as a
// reviewer would: the page loads with no console error and no network
// request and fits the drawing to the window; wheel, keys and drag zoom and
// pan (what is visible changes, the minimap appears); clicking a context
// fills the side panel and fades all but its relationships and neighbours;
// a domain filter fades the other domains; hovering an edge shows its
// messages; the search box marks matches. Writes a screenshot at fit and,
// if asked, one zoomed in.
//
// usage: node html-check.mjs PAGE.html CONTEXT SEARCH SCREENSHOT.png [ZOOMED.png]
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [page_path, context, query, screenshot, zoomed] = process.argv.slice(2);
const fail = (msg) => { console.error(`html-check: ${msg}`); process.exitCode = 1; };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) problems.push(`network request: ${r.url()}`); });
  await page.goto(pathToFileURL(page_path).href);

  const mapBox = await page.locator('#map').boundingBox();
  // Contexts whose box lies wholly inside the map's window.
  const visible = () => page.evaluate(() => {
    const m = document.getElementById('map').getBoundingClientRect();
    return [...document.querySelectorAll('.ctx > rect')].filter(r => {
      const b = r.getBoundingClientRect();
      return b.left >= m.left - 1 && b.right <= m.right + 1 && b.top >= m.top - 1 && b.bottom <= m.bottom + 1;
    }).length;
  });
  const zoom = async () => parseFloat(await page.locator('#map').getAttribute('data-zoom'));
  const viewBox = () => page.locator('#map > svg').getAttribute('viewBox');
  const minimapShown = () => page.evaluate(() => getComputedStyle(document.getElementById('minimap')).display !== 'none');
  const total = await page.locator('.ctx').count();

  // Fit: everything in the window, no minimap.
  if (Math.abs(await zoom() - 1) > 0.01) fail(`not fitted on load: zoom ${await zoom()}`);
  if (await visible() !== total) fail(`fit shows ${await visible()} of ${total} contexts`);
  if (await minimapShown()) fail('minimap shown although the whole drawing is visible');
  await page.screenshot({ path: screenshot, fullPage: false });

  // Wheel zoom at the centre: fewer contexts wholly visible, minimap appears.
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -300);
  await page.waitForTimeout(50);
  if (!(await zoom() > 1.2)) fail(`wheel did not zoom in: ${await zoom()}`);
  const zoomedVisible = await visible();
  if (total > 1 && zoomedVisible >= total) fail(`zooming in still shows all ${total} contexts`);
  if (!(await minimapShown())) fail('no minimap while zoomed in');
  if (zoomed) await page.screenshot({ path: zoomed, fullPage: false });

  // Drag pans: the window moves.
  const before = await viewBox();
  await page.mouse.move(mapBox.x + mapBox.width / 2, mapBox.y + mapBox.height / 2);
  await page.mouse.down();
  await page.mouse.move(mapBox.x + mapBox.width / 2 + 150, mapBox.y + mapBox.height / 2 + 80, { steps: 5 });
  await page.mouse.up();
  const after = await viewBox();
  if (before === after) fail('dragging did not pan');
  const [bx, by] = before.split(' ').map(Number), [ax, ay] = after.split(' ').map(Number);
  if (!(ax < bx && ay < by)) fail(`drag right-down should move the window left-up: ${before} -> ${after}`);

  // Keys: 0 fits, + zooms, arrows pan.
  await page.locator('#map').focus();
  await page.keyboard.press('0');
  if (Math.abs(await zoom() - 1) > 0.01) fail(`0 does not fit: ${await zoom()}`);
  await page.keyboard.press('+');
  if (!(await zoom() > 1.1)) fail('+ does not zoom in');
  const k0 = await viewBox();
  await page.keyboard.press('ArrowRight');
  if (await viewBox() === k0) fail('arrow key does not pan');
  await page.keyboard.press('0');

  // Focus: click a context; its relationships are highlighted, the rest fades.
  const node = page.locator(`.ctx[data-context="${context}"]`);
  if (await node.count() !== 1) fail(`context ${context} is not drawn once`);
  await node.click();
  const heading = await page.locator('#panel h2').textContent();
  if (heading !== context) fail(`panel shows ${heading}, expected ${context}`);
  const panel = await page.locator('#panel').textContent();
  for (const part of ['owner', 'Relationships']) {
    if (!panel.includes(part)) fail(`panel lacks "${part}": ${panel}`);
  }
  if (await page.locator('.ctx.selected').count() !== 1) fail('clicked context is not marked selected');
  const expect = await page.evaluate((name) => {
    const keep = new Set([name]); let rels = 0;
    for (const r of document.querySelectorAll('.rel')) {
      if (r.dataset.from === name || r.dataset.to === name) { keep.add(r.dataset.from); keep.add(r.dataset.to); rels++; }
    }
    return { keep: [...keep], rels };
  }, context);
  if (await page.locator('.rel.hl').count() !== expect.rels) fail('not every relationship of the clicked context is highlighted');
  const faded = await page.locator('.ctx.faded').count();
  if (faded !== total - expect.keep.length) fail(`${faded} contexts faded, expected ${total - expect.keep.length}`);
  for (const k of expect.keep) {
    if (await page.locator(`.ctx.faded[data-context="${k}"]`).count()) fail(`neighbour ${k} is faded`);
  }
  await page.keyboard.press('Escape');
  if (await page.locator('.ctx.faded').count() !== 0) fail('Escape leaves contexts faded');

  // Filter by the first domain: the other domains' contexts fade.
  const domain = await page.locator('#f-domain option').nth(1).getAttribute('value');
  await page.selectOption('#f-domain', domain);
  const outside = await page.evaluate((d) => JSON.parse(document.getElementById('ddgen-data').textContent).contexts.filter(c => c.domain !== d).length, domain);
  if (await page.locator('.ctx.filtered').count() !== outside) fail(`domain filter fades ${await page.locator('.ctx.filtered').count()}, expected ${outside}`);
  await page.selectOption('#f-domain', '');
  if (await page.locator('.ctx.filtered').count() !== 0) fail('clearing the filter leaves contexts faded');

  // Hover an edge: its messages show.
  const point = await page.evaluate(() => {
    const p = document.querySelector('.rel path'); if (!p) return null;
    const at = p.getPointAtLength(p.getTotalLength() / 2);
    const m = p.getScreenCTM(); return { x: at.x * m.a + at.y * m.c + m.e, y: at.x * m.b + at.y * m.d + m.f };
  });
  if (point) {
    await page.mouse.move(point.x, point.y);
    await page.waitForTimeout(50);
    const tipShown = await page.evaluate(() => getComputedStyle(document.getElementById('tip')).display !== 'none');
    const tipText = await page.locator('#tip').textContent();
    if (!tipShown || !tipText.includes('→')) fail(`hovering an edge shows no messages: "${tipText}"`);
  }

  await page.fill('#search', query);
  const matches = await page.locator('.ctx.match').count();
  const dimmed = await page.locator('.ctx.dim').count();
  if (matches < 1) fail(`search "${query}" marks nothing`);
  if (dimmed < 1) fail(`search "${query}" dims nothing`);
  await page.press('#search', 'Enter');
  await page.fill('#search', '');
  if (await page.locator('.ctx.dim').count() !== 0) fail('clearing the search leaves contexts dimmed');

  for (const p of problems) fail(p);
  if (!process.exitCode) console.log(`html-check: ok (${total} contexts, ${zoomedVisible} wholly visible zoomed in, ${matches} match(es) for "${query}")`);
} finally {
  await browser.close();
}
