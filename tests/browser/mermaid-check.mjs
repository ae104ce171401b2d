// Renders every Mermaid file given on the command line with the real
// `mermaid` package in headless Chromium, and fails if any does not render.
//
//   npm ci --prefix tests/browser
//   node tests/browser/mermaid-check.mjs a.mmd b.mmd ...
//
// No network: the page is set from a string and mermaid is loaded from
// node_modules. Chromium defaults to /usr/bin/chromium (override with
// DDGEN_CHROMIUM). Exit codes: 0 all rendered; 1 a diagram failed or the page
// logged an error; 2 usage or setup failure.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node mermaid-check.mjs FILE.mmd...');
  process.exit(2);
}

let chromium;
let mermaidJs;
let version;
try {
  ({ chromium } = require('playwright-core'));
  const pkg = require.resolve('mermaid/package.json');
  version = require(pkg).version;
  mermaidJs = path.join(path.dirname(pkg), 'dist', 'mermaid.min.js');
} catch (e) {
  console.error(`cannot load playwright-core or mermaid (run \`npm ci --prefix tests/browser\`): ${e.message}`);
  process.exit(2);
}

const executablePath = process.env.DDGEN_CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

let failed = false;
try {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') pageErrors.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => pageErrors.push(`page error: ${err.message}`));
  // Nothing may leave the machine.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('about:')) return route.continue();
    pageErrors.push(`blocked network request: ${url}`);
    return route.abort();
  });

  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
  await page.addScriptTag({ path: mermaidJs });
  await page.evaluate(() => {
    // eslint-disable-next-line no-undef
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  });

  for (const [i, file] of files.entries()) {
    const text = await readFile(file, 'utf8');
    const before = pageErrors.length;
    const result = await page.evaluate(
      async ({ id, text }) => {
        try {
          // eslint-disable-next-line no-undef
          const { svg } = await mermaid.render(id, text);
          return { ok: true, svg };
        } catch (e) {
          return { ok: false, error: String((e && (e.message || e.str)) || e) };
        }
      },
      { id: `m${i}`, text },
    );
    if (!result.ok) {
      failed = true;
      console.error(`${file}: mermaid ${version} failed to render:\n${result.error}`);
    } else if (!result.svg.includes('<svg')) {
      failed = true;
      console.error(`${file}: mermaid ${version} returned no SVG`);
    } else if (pageErrors.length > before) {
      failed = true;
      console.error(`${file}:\n${pageErrors.slice(before).join('\n')}`);
    } else {
      console.log(`${file}: ok (mermaid ${version}, ${result.svg.length} bytes of SVG)`);
    }
  }
  if (pageErrors.length > 0 && !failed) {
    failed = true;
    console.error(pageErrors.join('\n'));
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
