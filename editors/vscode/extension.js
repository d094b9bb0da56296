// The language client: starts `perfc lsp` for `.perf` files (docs/lsp.md). Settings:
// perfc.path (the executable), perfc.lang (initializationOptions.lang) and perfc.trace.server
// (read by vscode-languageclient itself, from the client id `perfc`).
'use strict';
const os = require('os');
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');
const { serverCommand, findExecutable, notFoundMessage } = require('./server');

const OPEN_SETTINGS = '打开设置 / Open Settings';

let client;
let output;
let starting = Promise.resolve();

function settings() {
  const config = vscode.workspace.getConfiguration('perfc');
  return { path: config.get('path'), lang: config.get('lang') };
}

function workspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 && folders[0].uri.scheme === 'file'
    ? folders[0].uri.fsPath
    : undefined;
}

async function reportStartFailure(command, reason) {
  const message = notFoundMessage(command, reason);
  output.appendLine(message);
  const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS);
  if (choice === OPEN_SETTINGS) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'perfc.path');
  }
}

async function start() {
  const server = serverCommand(settings(), {
    workspaceFolder: workspaceFolder(),
    homedir: os.homedir(),
  });
  const executable = findExecutable(server.command);
  if (executable === undefined) {
    void reportStartFailure(server.command);
    return;
  }
  const serverOptions = {
    // No `transport`: vscode-languageclient would add `--stdio`; `perfc lsp` speaks stdio anyway.
    command: executable,
    args: server.args,
    options: server.options,
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'perf' },
      { scheme: 'untitled', language: 'perf' },
    ],
    initializationOptions: server.initializationOptions,
    outputChannel: output,
  };
  const next = new LanguageClient('perfc', 'perfc', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (error) {
    if (client === next) {
      client = undefined;
    }
    void reportStartFailure(executable, error && error.message ? error.message : String(error));
  }
}

async function stop() {
  const old = client;
  client = undefined;
  if (old !== undefined) {
    try {
      await old.stop();
    } catch (error) {
      output.appendLine(`perfc: stopping the server failed: ${error}`);
    }
  }
}

/** Stop the running server (if any) and start one from the current settings. */
function restart() {
  starting = starting
    .then(stop)
    .then(start)
    .catch((error) => output.appendLine(`perfc: starting the server failed: ${error}`));
  return starting;
}

function activate(context) {
  output = vscode.window.createOutputChannel('perfc');
  context.subscriptions.push(output);
  context.subscriptions.push(vscode.commands.registerCommand('perfc.restartServer', restart));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('perfc.path') || event.affectsConfiguration('perfc.lang')) {
        void restart();
      }
    }),
  );
  return restart();
}

function deactivate() {
  starting = starting.then(stop);
  return starting;
}

module.exports = { activate, deactivate };
