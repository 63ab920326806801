// A preload for the bundled CLI and server (`node --require tests/helpers/sandbox.cjs dist/cli.js`),
// used by the security and containment tests. It changes nothing in the product; it watches it:
//
// - every attempt at the network (sockets, HTTP, DNS, fetch, UDP, TLS) is recorded and refused;
// - every file the process opens or lists for reading is recorded with its absolute path;
// - every child process it tries to start is recorded;
// - with DATED_NOTES_SANDBOX_BOMB set, `String.prototype.normalize` throws on a string containing that
//   marker: a fault injected from outside, to see one rule fail while the others go on.
//
// Events are appended as JSON lines to $DATED_NOTES_SANDBOX_LOG.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const logFile = process.env.DATED_NOTES_SANDBOX_LOG;
const append = fs.appendFileSync;
function record(kind, detail) {
  if (!logFile) return;
  append(logFile, `${JSON.stringify({ kind, detail, pid: process.pid })}\n`);
}

// Network: refuse and record.
function refuse(name, original) {
  return function refused(...args) {
    record('network', `${name} ${describe(args[0])}`);
    throw new Error(`sandbox: network access refused (${name})`);
  };
}
function describe(value) {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value instanceof URL) return value.href;
  if (value && typeof value === 'object') return JSON.stringify({ host: value.host, hostname: value.hostname, port: value.port, path: value.path });
  return typeof value;
}
const net = require('node:net');
for (const name of ['connect', 'createConnection', 'createServer']) net[name] = refuse(`net.${name}`);
net.Socket.prototype.connect = refuse('net.Socket.connect');
const tls = require('node:tls');
tls.connect = refuse('tls.connect');
for (const module of ['node:http', 'node:https', 'node:http2']) {
  const loaded = require(module);
  for (const name of ['request', 'get', 'connect', 'createServer']) if (typeof loaded[name] === 'function') loaded[name] = refuse(`${module}.${name}`);
}
const dns = require('node:dns');
for (const name of Object.keys(dns)) if (/^(lookup|resolve)/.test(name) && typeof dns[name] === 'function') dns[name] = refuse(`dns.${name}`);
for (const name of Object.keys(dns.promises)) if (/^(lookup|resolve)/.test(name)) dns.promises[name] = refuse(`dns.promises.${name}`);
require('node:dgram').createSocket = refuse('dgram.createSocket');
globalThis.fetch = refuse('fetch');
if (globalThis.WebSocket) globalThis.WebSocket = refuse('WebSocket');

// Child processes: record (a linter has no reason to start one).
const childProcess = require('node:child_process');
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = childProcess[name];
  childProcess[name] = function (...args) {
    record('process', `${name} ${String(args[0])}`);
    return original.apply(this, args);
  };
}

// Reads: record the absolute path of every file opened or folder listed.
function watchReads(target, names, prefix) {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    target[name] = function (file, ...rest) {
      if (typeof file === 'string' || file instanceof URL || Buffer.isBuffer(file)) {
        const absolute = path.resolve(file instanceof URL ? require('node:url').fileURLToPath(file) : String(file));
        if (absolute !== logFile) record('read', absolute);
      }
      return original.call(this, file, ...rest);
    };
    Object.defineProperty(target[name], 'name', { value: `${prefix}${name}` });
  }
}
watchReads(fs, ['readFileSync', 'readFile', 'openSync', 'open', 'readdirSync', 'readdir', 'opendirSync', 'opendir', 'createReadStream'], 'fs.');
watchReads(fs.promises, ['readFile', 'open', 'readdir', 'opendir'], 'fs.promises.');

// Fault injection for the containment tests.
const bomb = process.env.DATED_NOTES_SANDBOX_BOMB;
if (bomb) {
  const normalize = String.prototype.normalize;
  String.prototype.normalize = function (...args) {
    if (String(this).includes(bomb)) throw new Error(`sandbox: injected failure on ${bomb}`);
    return normalize.apply(this, args);
  };
}
