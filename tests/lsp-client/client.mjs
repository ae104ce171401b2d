// A real LSP client (Microsoft's vscode-languageserver-protocol, the library
// under VS Code's own client) drives the built `ddgen lsp` over stdio:
// open a file, introduce an error, see the diagnostic, fix it, see it
// cleared, go to a definition in another file, rename across files, format.
//
// usage: node client.mjs DDGEN_BINARY WORKSPACE_FOLDER   (a copy of
// examples/retail; files are not written). Prints a JSON summary; exit 1 on
// the first failed step.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as lsp from "vscode-languageserver-protocol/node.js";

const [bin, root] = process.argv.slice(2);
const server = spawn(bin, ["lsp", "--stdio"], { stdio: ["pipe", "pipe", "inherit"] });
const conn = lsp.createProtocolConnection(
  new lsp.StreamMessageReader(server.stdout),
  new lsp.StreamMessageWriter(server.stdin),
);
const uri = (rel) => pathToFileURL(path.join(root, rel)).href;
const summary = {};
const fail = (msg) => {
  console.error(`lsp client: ${msg}`);
  server.kill();
  process.exit(1);
};
const timer = setTimeout(() => fail("timed out"), 60_000);

// Diagnostics as published, and waiters for a condition on them.
const published = new Map();
let waiters = [];
conn.onNotification(lsp.PublishDiagnosticsNotification.type, (p) => {
  published.set(p.uri, p.diagnostics);
  waiters = waiters.filter((w) => !w());
});
conn.onRequest(lsp.RegistrationRequest.type, () => null);
const until = (file, pred) =>
  new Promise((resolve) => {
    const w = () => {
      const d = published.get(uri(file));
      if (d && pred(d)) {
        resolve(d);
        return true;
      }
      return false;
    };
    if (!w()) waiters.push(w);
  });
conn.listen();

const init = await conn.sendRequest(lsp.InitializeRequest.type, {
  processId: process.pid,
  rootUri: pathToFileURL(root).href,
  workspaceFolders: [{ uri: pathToFileURL(root).href, name: "retail" }],
  capabilities: {
    general: { positionEncodings: ["utf-16"] },
    workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
    textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
  },
});
await conn.sendNotification(lsp.InitializedNotification.type, {});
const caps = init.capabilities;
if (!caps.documentFormattingProvider) fail("no formatting");
if (caps.textDocumentSync?.change !== lsp.TextDocumentSyncKind.Incremental) fail("no incremental sync");
summary.server = init.serverInfo?.name;

// Open orders.ddd and misspell a type, as one incremental edit.
const ORDERS = "contexts/orders.ddd";
const text = fs.readFileSync(path.join(root, ORDERS), "utf8");
const posOf = (needle, delta = 0) => {
  const i = text.indexOf(needle) + delta;
  const before = text.slice(0, i).split("\n");
  return { line: before.length - 1, character: before[before.length - 1].length };
};
await conn.sendNotification(lsp.DidOpenTextDocumentNotification.type, {
  textDocument: { uri: uri(ORDERS), languageId: "ddd", version: 1, text },
});
const e = posOf("unit_price: Catalog.Money", "unit_price: Catalog.Mon".length);
await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
  textDocument: { uri: uri(ORDERS), version: 2 },
  contentChanges: [{ range: { start: e, end: { line: e.line, character: e.character + 1 } }, text: "" }],
});
const broken = await until(ORDERS, (d) => d.length > 0);
if (broken[0].code !== "E003" || !broken[0].message.includes("Money")) fail(`unexpected ${JSON.stringify(broken)}`);
summary.error = `${broken[0].code} at ${broken[0].range.start.line + 1}:${broken[0].range.start.character + 1}`;

// Fix it: the diagnostics are cleared.
await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
  textDocument: { uri: uri(ORDERS), version: 3 },
  contentChanges: [{ range: { start: e, end: e }, text: "e" }],
});
await until(ORDERS, (d) => d.length === 0);
summary.cleared = true;

// Go to a definition in another file.
const def = await conn.sendRequest(lsp.DefinitionRequest.type, {
  textDocument: { uri: uri(ORDERS) },
  position: posOf("Catalog.Sku", 9),
});
if (def?.uri !== uri("contexts/catalog.ddd")) fail(`definition went to ${JSON.stringify(def)}`);
summary.definition = path.relative(root, new URL(def.uri).pathname) + `:${def.range.start.line + 1}`;

// Rename a type used in several files.
const edit = await conn.sendRequest(lsp.RenameRequest.type, {
  textDocument: { uri: uri(ORDERS) },
  position: posOf("id OrderId", 4),
  newName: "OrderNumber",
});
const files = Object.keys(edit?.changes ?? {});
const edits = Object.values(edit?.changes ?? {}).reduce((n, l) => n + l.length, 0);
if (files.length < 3 || !files.includes(uri("contexts/shipping.ddd"))) fail(`rename: ${JSON.stringify(edit)}`);
summary.rename = { files: files.length, edits };

// Format the document.
{
  const messy = text.replace("  store dynamodb", "      store    dynamodb");
  await conn.sendNotification(lsp.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: uri(ORDERS), version: 4 },
    contentChanges: [{ text: messy }],
  });
  const out = await conn.sendRequest(lsp.DocumentFormattingRequest.type, {
    textDocument: { uri: uri(ORDERS) },
    options: { tabSize: 2, insertSpaces: true },
  });
  if (!out || out.length === 0) fail("formatting returned no edit");
  const formatted = out[out.length - 1].newText;
  if (!formatted.includes("\n  store dynamodb\n")) fail(`formatting did not fix the indentation`);
  summary.format = { edits: out.length };
}

await conn.sendRequest(lsp.ShutdownRequest.type);
await conn.sendNotification(lsp.ExitNotification.type);
const code = await new Promise((resolve) => server.on("exit", resolve));
clearTimeout(timer);
if (code !== 0) fail(`server exited with ${code}`);
summary.exit = code;
console.log(JSON.stringify(summary));
conn.dispose();
