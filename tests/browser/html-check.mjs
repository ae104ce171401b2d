// Opens a map written by `ddgen map --format html` in headless Chromium, as a
// reviewer would: the page loads with no console error and no network
// request, clicking a context fills the side panel, the search box marks
// matches. Writes a screenshot.
//
// usage: node html-check.mjs PAGE.html CONTEXT SEARCH SCREENSHOT.png
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';

const [page_path, context, query, screenshot] = process.argv.slice(2);
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

  await page.fill('#search', query);
  const matches = await page.locator('.ctx.match').count();
  const dimmed = await page.locator('.ctx.dim').count();
  if (matches < 1) fail(`search "${query}" marks nothing`);
  if (dimmed < 1) fail(`search "${query}" dims nothing`);
  await page.press('#search', 'Enter');
  await page.fill('#search', '');
  if (await page.locator('.ctx.dim').count() !== 0) fail('clearing the search leaves contexts dimmed');

  await node.click();
  await page.screenshot({ path: screenshot, fullPage: false });
  for (const p of problems) fail(p);
  if (!process.exitCode) console.log(`html-check: ok (${matches} match(es) for "${query}")`);
} finally {
  await browser.close();
}
