// How the extension turns its settings into the `perfc lsp` process it starts. Nothing here
// requires `vscode`, so test/client.test.js loads this file in plain node and starts the very
// command the extension would start.
'use strict';
const fs = require('fs');
const path = require('path');

const LANGS = ['zh', 'en'];

/** A name without a directory part (`perfc`), which is looked up on PATH. */
function isBareName(command, platform = process.platform) {
  return !command.includes('/') && !(platform === 'win32' && command.includes('\\'));
}

/**
 * The server command and client options for the settings `perfc.path` and `perfc.lang`.
 * Pure: it reads neither the file system nor the environment.
 *
 * - `config.path`: the executable; empty or missing means `perfc`. A bare name stays as it is
 *   (looked up on PATH when started); `~/…` is taken from `context.homedir`; any other relative
 *   path is relative to `context.workspaceFolder` when there is one.
 * - `config.lang`: `zh` or `en` is sent as `initializationOptions.lang`; anything else (`""`)
 *   is left out, and the server follows the editor's locale.
 *
 * Returns `{ command, args, options, initializationOptions }`: `command` and `args` are what is
 * spawned (`<command> lsp`, over stdio), `options` the spawn options (the working directory).
 */
function serverCommand(config = {}, context = {}) {
  const configured = typeof config.path === 'string' ? config.path.trim() : '';
  let command = configured === '' ? 'perfc' : configured;
  if (context.homedir && (command === '~' || command.startsWith('~/') || command.startsWith('~\\'))) {
    command = path.join(context.homedir, command.slice(1));
  } else if (!isBareName(command) && !path.isAbsolute(command) && context.workspaceFolder) {
    command = path.join(context.workspaceFolder, command);
  }
  const options = {};
  if (context.workspaceFolder) {
    options.cwd = context.workspaceFolder;
  }
  const initializationOptions = {};
  if (LANGS.includes(config.lang)) {
    initializationOptions.lang = config.lang;
  }
  return { command, args: ['lsp'], options, initializationOptions };
}

function isExecutableFile(file, platform) {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The file `command` names, as the system would find it when spawning: itself when it has a
 * directory part, else the first match on PATH (with PATHEXT's extensions on Windows).
 * Undefined when there is none.
 */
function findExecutable(command, env = process.env, platform = process.platform) {
  const exts = platform === 'win32'
    ? ['', ...(env.PATHEXT || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
    : [''];
  const dirs = isBareName(command, platform)
    ? (env.PATH || env.Path || '').split(path.delimiter).filter(Boolean)
    : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const file = dir === '' ? command + ext : path.join(dir, command + ext);
      if (isExecutableFile(file, platform)) {
        return file;
      }
    }
  }
  return undefined;
}

/** The message shown when `perfc lsp` cannot be started, in Chinese and in English. */
function notFoundMessage(command, reason) {
  const why = reason ? `（${reason}）` : '';
  const whyEn = reason ? ` (${reason})` : '';
  return (
    `无法启动 perfc 语言服务器：找不到或不能运行“${command}”${why}。` +
    '请安装 perfc（在 perfc 仓库中运行 cargo install --path .）并确保它在 PATH 中，' +
    '或在设置中把 perfc.path 设为它的完整路径。 / ' +
    `Cannot start the perfc language server: "${command}" was not found or cannot be run${whyEn}. ` +
    'Install perfc (cargo install --path . in the perfc repository) and make sure it is on PATH, ' +
    'or set perfc.path to its full path.'
  );
}

module.exports = { serverCommand, findExecutable, notFoundMessage, isBareName };
