// Tokenises .ddd files with the VS Code extension's TextMate grammar, using
// the engine VS Code itself uses (vscode-textmate + vscode-oniguruma), and
// checks the scopes of keywords, declared names, strings, comments and docs.
//
// usage: node grammar.mjs GRAMMAR FILE...   prints a JSON summary; exit 1 on
// any failed check (each printed on stderr).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import vsctm from "vscode-textmate";
import oniguruma from "vscode-oniguruma";

const require = createRequire(import.meta.url);
const [grammarPath, ...files] = process.argv.slice(2);
const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
const onigLib = oniguruma.loadWASM(wasm.buffer).then(() => ({
  createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
  createOnigString: (s) => new oniguruma.OnigString(s),
}));
const registry = new vsctm.Registry({
  onigLib,
  loadGrammar: async (scope) =>
    scope === "source.ddd" ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, "utf8"), grammarPath) : null,
});
const grammar = await registry.loadGrammar("source.ddd");

const failures = [];
const counts = { files: 0, lines: 0, keywords: 0, names: 0, strings: 0, comments: 0, docs: 0 };
const fail = (where, msg) => failures.push(`${where}: ${msg}`);

/** Tokens of each line: [{text, start, scopes}] */
function tokenize(text) {
  let stack = vsctm.INITIAL;
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    const r = grammar.tokenizeLine(line, stack);
    out.push({ line, tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, scopes: t.scopes })) });
    stack = r.ruleStack;
  }
  return { lines: out, endStack: stack };
}

const scopeAt = (toks, col) => {
  const t = toks.find((t) => t.start <= col && col < t.start + t.text.length);
  return t ? t.scopes.join(" ") : "";
};

const DECL = /^\s*(?:internal\s+)?(system|domain|subdomain|capability|team|context|map|id|enum|value|entity|aggregate|command|query|event)\s+([A-Za-z_]\w*)/;
const KEYWORD = /^\s*(implements|owner|vision|store|language|subscribe|calls|sends|deploy|allow|returns|via|emits|internal)\b/;

function check(file, text) {
  counts.files++;
  const { lines, endStack } = tokenize(text);
  if (endStack.depth !== 1) fail(file, `the rule stack is not back at the root at the end (depth ${endStack.depth})`);
  lines.forEach(({ line, tokens }, i) => {
    counts.lines++;
    const where = `${file}:${i + 1}`;
    const first = tokens.find((t) => t.text.trim() !== "");
    if (!first) return;
    const inComment = first.scopes.some((s) => s.startsWith("comment.block") || s.startsWith("string"));
    const trimmed = line.trimStart();
    if (trimmed.startsWith("///")) {
      counts.docs++;
      for (const t of tokens.filter((t) => t.start >= line.indexOf("///"))) {
        if (!t.scopes.some((s) => s.startsWith("comment.line.documentation"))) fail(where, `doc token \`${t.text}\` has ${t.scopes}`);
      }
      return;
    }
    if (trimmed.startsWith("//") && !inComment) {
      counts.comments++;
      if (!scopeAt(tokens, line.indexOf("//")).includes("comment.line.double-slash")) fail(where, "comment not scoped");
      return;
    }
    if (inComment) return;
    let m = DECL.exec(line);
    if (m) {
      const kw = line.indexOf(m[1], line.indexOf(m[0].trimStart()[0]));
      const kwScope = scopeAt(tokens, kw);
      if (!kwScope.includes("keyword.declaration")) fail(where, `\`${m[1]}\` has ${kwScope}`);
      const nameAt = line.indexOf(m[2], kw + m[1].length);
      const nameScope = scopeAt(tokens, nameAt);
      if (!nameScope.includes("entity.name")) fail(where, `name \`${m[2]}\` has ${nameScope}`);
      counts.keywords++;
      counts.names++;
    } else if ((m = KEYWORD.exec(line))) {
      const s = scopeAt(tokens, line.indexOf(m[1]));
      if (!/(keyword|storage\.modifier)\./.test(s)) fail(where, `\`${m[1]}\` has ${s}`);
      counts.keywords++;
    }
    // Every string that opens on this line is a string (from quote to quote).
    for (const t of tokens) {
      if (t.text === '"' && t.scopes.some((s) => s.startsWith("punctuation.definition.string.begin"))) counts.strings++;
    }
    const q = line.indexOf('"');
    if (q >= 0 && !scopeAt(tokens, q).includes("string.quoted.double")) {
      // A quote inside a comment on the same line is fine.
      if (!scopeAt(tokens, q).includes("comment")) fail(where, `quote not a string: ${scopeAt(tokens, q)}`);
    }
    // A trailing `// ...` comment after code.
    const c = line.indexOf("//");
    if (c > 0 && !line.slice(0, c).includes('"') && !scopeAt(tokens, c).includes("comment")) fail(where, "trailing comment not scoped");
  });
}

// Exact expectations on a small snippet.
function exact() {
  const src = [
    "/// Docs.",
    'context Orders { // c',
    '  allow W101 "why"',
    "  internal event Paid { total: Catalog.Money, lines: list<Line>? }",
    '  command Go {} via http POST "/go/{id}" emits Paid',
    "  subscribe Payments.Captured { batch 10, window 5s }",
    "}",
    "map M { Payments [OHS, PL] -> [ACL] Orders : customer-supplier }",
    "/* block",
    "   comment */ team T",
  ].join("\n");
  const { lines } = tokenize(src);
  const expect = (row, text, scope) => {
    const { line, tokens } = lines[row];
    const col = line.indexOf(text);
    const s = scopeAt(tokens, col);
    if (col < 0 || !s.includes(scope)) fail(`snippet:${row + 1}`, `\`${text}\` should have ${scope}, has ${s}`);
  };
  expect(0, "Docs", "comment.line.documentation.ddd");
  expect(1, "context", "keyword.declaration.ddd");
  expect(1, "Orders", "entity.name.namespace.ddd");
  expect(1, "// c", "comment.line.double-slash.ddd");
  expect(2, "allow", "keyword.other.allow.ddd");
  expect(2, "W101", "constant.other.diagnostic-code.ddd");
  expect(2, "why", "string.quoted.double.ddd");
  expect(3, "internal", "storage.modifier.internal.ddd");
  expect(3, "event", "keyword.declaration.message.ddd");
  expect(3, "Paid", "entity.name.type.message.ddd");
  expect(3, "total", "variable.other.member.ddd");
  expect(3, "Catalog", "entity.name.type.reference.ddd");
  expect(3, "list", "support.type.collection.ddd");
  expect(4, "via", "keyword.other.ddd");
  expect(4, "http", "keyword.other.transport.ddd");
  expect(4, "POST", "constant.language.http-method.ddd");
  expect(4, "/go/{id}", "string.quoted.double.ddd");
  expect(4, "emits", "keyword.other.ddd");
  expect(5, "batch", "variable.other.setting.ddd");
  expect(5, "5s", "constant.numeric.ddd");
  expect(7, "OHS", "constant.language.role.ddd");
  expect(7, "->", "keyword.operator.arrow.ddd");
  expect(7, "customer-supplier", "constant.language.pattern.ddd");
  expect(8, "block", "comment.block.ddd");
  expect(9, "comment", "comment.block.ddd");
  expect(9, "team", "keyword.declaration.ddd");
}

exact();
for (const f of files) check(f, fs.readFileSync(f, "utf8"));
for (const f of failures) console.error(f);
console.log(JSON.stringify({ ...counts, failures: failures.length }));
process.exit(failures.length ? 1 : 0);
