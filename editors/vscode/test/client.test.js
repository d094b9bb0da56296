// The language client without VS Code: the settings → command function the extension uses
// (server.js), and the command it yields started for real and driven over stdio with
// vscode-jsonrpc, the JSON-RPC library vscode-languageclient itself speaks through.
// The server is `$PERFC` if set, else ../../target/debug/perfc (test.sh builds it if missing).
// Every wait has a deadline and the server is killed after each test, so nothing can hang.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { pathToFileURL } = require('url');
const rpc = require('vscode-jsonrpc/node');
const { serverCommand, findExecutable, notFoundMessage } = require('../server');

const EXTENSION = path.join(__dirname, '..');
const PERFC = process.env.PERFC
  ? path.resolve(process.env.PERFC)
  : path.join(EXTENSION, '../../target/debug/perfc');
const TIMEOUT_MS = 15000;

test('default settings start `perfc lsp` from PATH, without a language', () => {
  assert.deepEqual(serverCommand({ path: 'perfc', lang: '' }), {
    command: 'perfc',
    args: ['lsp'],
    options: {},
    initializationOptions: {},
  });
  // Missing or blank settings are the defaults too.
  assert.equal(serverCommand({}).command, 'perfc');
  assert.equal(serverCommand({ path: '  ' }).command, 'perfc');
  assert.equal(serverCommand().command, 'perfc');
  // A bare name is not made relative to the workspace: it is looked up on PATH.
  const cmd = serverCommand({ path: 'perfc' }, { workspaceFolder: '/home/u/filings' });
  assert.equal(cmd.command, 'perfc');
  assert.deepEqual(cmd.options, { cwd: '/home/u/filings' });
});

test('a custom path: absolute as is, relative to the workspace, ~ to the home folder', () => {
  const ctx = { workspaceFolder: '/home/u/perfc', homedir: '/home/u' };
  assert.equal(serverCommand({ path: '/opt/perfc/bin/perfc' }, ctx).command, '/opt/perfc/bin/perfc');
  assert.equal(serverCommand({ path: 'target/debug/perfc' }, ctx).command, '/home/u/perfc/target/debug/perfc');
  assert.equal(serverCommand({ path: './perfc' }, ctx).command, '/home/u/perfc/perfc');
  assert.equal(serverCommand({ path: '~/.cargo/bin/perfc' }, ctx).command, '/home/u/.cargo/bin/perfc');
  // Without a workspace folder a relative path is left for the process's working directory.
  assert.equal(serverCommand({ path: 'bin/perfc' }).command, 'bin/perfc');
  assert.deepEqual(serverCommand({ path: '/opt/perfc' }, ctx).args, ['lsp']);
});

test('perfc.lang is sent as initializationOptions.lang; empty or unknown is left out', () => {
  assert.deepEqual(serverCommand({ lang: 'zh' }).initializationOptions, { lang: 'zh' });
  assert.deepEqual(serverCommand({ lang: 'en' }).initializationOptions, { lang: 'en' });
  assert.deepEqual(serverCommand({ lang: '' }).initializationOptions, {});
  assert.ok(!('lang' in serverCommand({ lang: '' }).initializationOptions));
  assert.deepEqual(serverCommand({ lang: 'fr' }).initializationOptions, {});
  assert.deepEqual(serverCommand({}).initializationOptions, {});
});

test('a missing executable is reported in Chinese and English', () => {
  assert.equal(findExecutable('perfc-does-not-exist-xyz', { PATH: os.tmpdir() }), undefined);
  assert.equal(findExecutable(path.join(os.tmpdir(), 'no-such-perfc')), undefined);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perfc-path-'));
  try {
    const exe = path.join(dir, 'perfc');
    fs.writeFileSync(exe, '#!/bin/sh\n', { mode: 0o755 });
    assert.equal(findExecutable('perfc', { PATH: `/nonexistent${path.delimiter}${dir}` }), exe);
    assert.equal(findExecutable(exe, {}), exe);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const message = notFoundMessage('perfc');
  assert.match(message, /无法启动 perfc 语言服务器/);
  assert.match(message, /Cannot start the perfc language server/);
  assert.match(message, /perfc\.path/);
});

/** `promise`, or a rejection naming `what` after TIMEOUT_MS. */
function deadline(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Start the server the way the extension does for these settings (the same function, the same
 * `spawn(command, args, options)`, stdio) and connect a JSON-RPC client to it.
 */
function startServer(settings, workspaceFolder) {
  const cmd = serverCommand(settings, { workspaceFolder, homedir: os.homedir() });
  const executable = findExecutable(cmd.command);
  assert.ok(executable, `${cmd.command} not found: build perfc (cargo build) or set PERFC`);
  const child = cp.spawn(executable, cmd.args, { ...cmd.options, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  const diagnostics = [];
  const waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    diagnostics.push(params);
    for (const w of waiters.splice(0)) w();
  });
  connection.listen();
  /** The first publishDiagnostics (received before or later) that `pred` accepts. */
  function published(pred) {
    return deadline(
      new Promise((resolve) => {
        const check = () => {
          const found = diagnostics.find(pred);
          if (found) resolve(found);
          else waiters.push(check);
        };
        check();
      }),
      'publishDiagnostics',
    );
  }
  function kill() {
    connection.dispose();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  return { cmd, child, connection, published, exited, kill, stderr: () => stderr };
}

// A satisfaction target written with `=` where a lower bound (`>=`) is meant: W0312.
const FILING = `// 满意度写成等于 / satisfaction as an exact value
年度 2024
主管部门 "上海市住房和城乡建设管理委员会"
实施单位 "上海市城市管理行政执法局"

项目 "城管执法分赛区立功竞赛活动" {
  项目性质 "其他一次性项目"
  项目类别 "特定目标类"
  实施周期 2024-01-01 .. 2024-12-31
  项目资金 {
    年度资金申请总额 154,000.00 元 {
      当年财政拨款 154,000.00 元
      上年结转资金 0 元
      其他资金 0 元
    }
  }
  年度总体目标 "运用立功竞赛活动平台，完成区级和市级两个层级的年终评选。"
  产出指标 {
    数量指标 { "年终评选层级" = 2 层级 }
  }
  效益指标 {
    可持续影响指标 { "长效管理机制健全性" "形成立功竞赛评选办法" }
  }
  满意度指标 {
    服务对象满意度指标 { "群众满意度" = 85 % }
  }
}
`;
// `    服务对象满意度指标 { "群众满意度" = 85 % }`, counted from 0.
const ERROR_LINE = FILING.split('\n').findIndex((l) => l.includes('"群众满意度" ='));

async function session(lang, check) {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'perfc-vscode-'));
  const file = path.join(workspace, '满意度.perf');
  fs.writeFileSync(file, FILING);
  const uri = pathToFileURL(file).href;
  const server = startServer({ path: PERFC, lang }, workspace);
  try {
    assert.deepEqual(server.cmd.args, ['lsp']);
    // What vscode-languageclient 9 sends, in short.
    const init = await deadline(
      server.connection.sendRequest('initialize', {
        processId: process.pid,
        clientInfo: { name: 'client.test.js' },
        locale: 'zh-cn',
        rootPath: workspace,
        rootUri: pathToFileURL(workspace).href,
        workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'filings' }],
        capabilities: {
          textDocument: {
            publishDiagnostics: { relatedInformation: true },
            completion: { completionItem: { snippetSupport: true } },
          },
        },
        initializationOptions: server.cmd.initializationOptions,
      }),
      'the initialize response',
    );
    assert.equal(init.serverInfo.name, 'perfc');
    assert.ok(init.capabilities.textDocumentSync, 'the server syncs documents');
    await server.connection.sendNotification('initialized', {});
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'perf', version: 1, text: FILING },
    });
    const published = await server.published((p) => p.uri === uri && p.version === 1);
    check(published.diagnostics);
    const shut = await deadline(server.connection.sendRequest('shutdown'), 'the shutdown response');
    assert.equal(shut, null);
    await server.connection.sendNotification('exit');
    const { code, signal } = await deadline(server.exited, 'the server to exit');
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, server.stderr());
  } finally {
    server.kill();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

test('end to end: the configured perfc lsp publishes W0312 for `满意度 = 85 %` (zh)', { timeout: 4 * TIMEOUT_MS }, async () => {
  await session('zh', (diagnostics) => {
    const codes = diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['W0312'], JSON.stringify(diagnostics, null, 2));
    const [d] = diagnostics;
    assert.equal(d.source, 'perfc');
    assert.equal(d.severity, 2); // Warning
    // The `=`, after CJK text: UTF-16 column 24.
    assert.deepEqual(d.range, { start: { line: ERROR_LINE, character: 24 }, end: { line: ERROR_LINE, character: 25 } });
    assert.ok(d.message.startsWith('满意度指标 `群众满意度` 的目标应写成下限'), d.message);
  });
});

test('end to end: perfc.lang = en gives English messages', { timeout: 4 * TIMEOUT_MS }, async () => {
  await session('en', (diagnostics) => {
    assert.deepEqual(diagnostics.map((d) => d.code), ['W0312'], JSON.stringify(diagnostics, null, 2));
    const { message } = diagnostics[0];
    assert.ok(message.startsWith('the satisfaction target of `群众满意度` should be a lower bound'), message);
  });
});

// extension.js itself, with stand-ins for the `vscode` module and vscode-languageclient's
// LanguageClient (neither VS Code nor its API exists outside VS Code): what it hands the
// client, and what it does when the executable is missing, on restart and on a settings change.
function loadExtension(settings) {
  const log = { clients: [], errors: [], commands: {}, configListeners: [], executed: [] };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
      log.clients.push(this);
    }
    async start() {
      this.started += 1;
    }
    async stop() {
      this.stopped += 1;
    }
  }
  const vscode = {
    workspace: {
      workspaceFolders: [{ uri: { scheme: 'file', fsPath: os.tmpdir() } }],
      getConfiguration: (section) => {
        assert.equal(section, 'perfc');
        return { get: (key) => settings[key] };
      },
      onDidChangeConfiguration: (f) => {
        log.configListeners.push(f);
        return { dispose() {} };
      },
    },
    window: {
      createOutputChannel: () => ({ appendLine() {}, dispose() {} }),
      showErrorMessage: async (message, ...buttons) => {
        log.errors.push({ message, buttons });
        return buttons[0];
      },
    },
    commands: {
      registerCommand: (id, f) => {
        log.commands[id] = f;
        return { dispose() {} };
      },
      executeCommand: async (...args) => log.executed.push(args),
    },
  };
  const Module = require('module');
  const load = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return { LanguageClient };
    return load.call(this, request, ...rest);
  };
  try {
    delete require.cache[require.resolve('../extension')];
    return { extension: require('../extension'), log };
  } finally {
    Module._load = load;
  }
}

test('extension.js starts a LanguageClient with the command and options of server.js', async () => {
  const { extension, log } = loadExtension({ path: PERFC, lang: 'en' });
  const context = { subscriptions: [] };
  await extension.activate(context);
  assert.equal(log.errors.length, 0, JSON.stringify(log.errors));
  assert.equal(log.clients.length, 1);
  const [client] = log.clients;
  assert.equal(client.id, 'perfc'); // so vscode-languageclient reads perfc.trace.server
  assert.deepEqual(client.serverOptions, {
    command: PERFC,
    args: ['lsp'],
    options: { cwd: os.tmpdir() },
  });
  assert.deepEqual(client.clientOptions.initializationOptions, { lang: 'en' });
  assert.deepEqual(client.clientOptions.documentSelector.map((s) => s.language), ['perf', 'perf']);
  assert.equal(client.started, 1);
  // The restart command stops this client and starts a new one.
  await log.commands['perfc.restartServer']();
  assert.equal(client.stopped, 1);
  assert.equal(log.clients.length, 2);
  assert.equal(log.clients[1].started, 1);
  // A change of perfc.lang restarts too; a change of another setting does not.
  log.configListeners[0]({ affectsConfiguration: (s) => s === 'editor.fontSize' });
  log.configListeners[0]({ affectsConfiguration: (s) => s === 'perfc.lang' });
  await extension.deactivate(); // after the pending restart
  assert.equal(log.clients.length, 3);
  assert.deepEqual(log.clients.map((c) => [c.started, c.stopped]), [[1, 1], [1, 1], [1, 1]]);
});

test('extension.js reports a missing perfc in Chinese and English and starts nothing', async () => {
  const missing = path.join(os.tmpdir(), 'no-such-dir', 'perfc');
  const { extension, log } = loadExtension({ path: missing, lang: '' });
  await extension.activate({ subscriptions: [] });
  assert.equal(log.clients.length, 0);
  assert.equal(log.errors.length, 1);
  assert.match(log.errors[0].message, /无法启动 perfc 语言服务器/);
  assert.match(log.errors[0].message, /Cannot start the perfc language server/);
  assert.ok(log.errors[0].message.includes(missing));
  // Its button opens the setting.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(log.executed, [['workbench.action.openSettings', 'perfc.path']]);
});
