// Parses every AsyncAPI file given on the command line with the official
// `@asyncapi/parser` (the same parser AsyncAPI Studio and the generator use)
// and fails if any has an error-level diagnostic.
//
//   npm ci --prefix tests/browser
//   node tests/browser/asyncapi-check.mjs a/asyncapi.yaml b/asyncapi.yaml ...
//
// Every diagnostic is printed as `FILE: severity code message (at path)`.
// Warnings and hints are printed but do not fail the check. No network:
// documents only reference themselves. Exit codes: 0 all parsed without
// errors; 1 a document has an error; 2 usage or setup failure.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, 'package.json'));

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node asyncapi-check.mjs FILE.yaml...');
  process.exit(2);
}

let Parser;
let version;
try {
  ({ Parser } = require('@asyncapi/parser'));
  version = require('@asyncapi/parser/package.json').version;
} catch (e) {
  console.error(`cannot load @asyncapi/parser (run \`npm ci --prefix tests/browser\`): ${e.message}`);
  process.exit(2);
}

// @stoplight/types DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint.
const SEVERITY = ['error', 'warning', 'info', 'hint'];

const parser = new Parser();
let failed = false;
for (const file of files) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    console.error(`${file}: cannot read: ${e.message}`);
    process.exit(2);
  }
  const { document, diagnostics } = await parser.parse(text, { source: path.resolve(file) });
  const errors = diagnostics.filter((d) => d.severity === 0);
  for (const d of diagnostics) {
    const where = d.path && d.path.length ? ` (at ${d.path.join('.')})` : '';
    console.log(`${file}: ${SEVERITY[d.severity] ?? d.severity} ${d.code}: ${d.message}${where}`);
  }
  if (errors.length > 0 || !document) {
    failed = true;
    console.log(`${file}: FAILED (${errors.length} error(s))`);
  } else {
    console.log(`${file}: ok (AsyncAPI ${document.version()}, @asyncapi/parser ${version})`);
  }
}
process.exit(failed ? 1 : 0);
