// The VS Code client of `ddgen lsp`: starts the server over stdio for .ddd
// files and tells it when .ddd files change on disk. Everything else
// (diagnostics, hover, navigation, rename, completion, quick fixes,
// formatting) comes from the server.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("ddgen").get("path") || "ddgen";
  const serverOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "ddd" }],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.ddd"),
    },
  };
  client = new LanguageClient("ddgen", "ddgen", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start().catch((err) => {
    vscode.window.showErrorMessage(
      `ddgen: could not start \`${command} lsp\` (${err.message}). Install ddgen or set "ddgen.path".`,
    );
  });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
