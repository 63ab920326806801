// Security: the bundled CLI and server make no network connection and start no process; links and
// configuration never make them read outside the workspace; configuration and dictionaries are data.
// The bundles run under tests/helpers/sandbox.cjs, a preload that refuses and records every network
// attempt and records every file opened or folder listed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, symlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, test } from 'node:test';
import { parseConfig } from '../server/src/config';
import { parseDictionary } from '../server/src/entities/dictionary';
import { noteFromText } from '../server/src/model/note';
import { ruleIds } from '../server/src/rules/index';
import { startServer } from './helpers/lsp-client';
import { writeWorkspace } from './helpers/workspace';

const SANDBOX = join(__dirname, 'helpers', 'sandbox.cjs');
const DIST = join(__dirname, '..', 'dist');
const CLI = join(DIST, 'cli.js');

type Event = { kind: 'network' | 'read' | 'process'; detail: string };

/** A folder holding `ws/` (the workspace) and `outside/`, files beside it that nothing may read. */
function layout(files: Record<string, string>, outside: Record<string, string> = {}): { base: string; root: string; log: string; cache: string } {
  const prefixed = (folder: string, entries: Record<string, string>) => Object.entries(entries).map(([path, content]) => [`${folder}/${path}`, content]);
  const base = writeWorkspace(Object.fromEntries([...prefixed('ws', files), ...prefixed('outside', outside)]), 'dated-notes-security-');
  mkdirSync(join(base, 'ws'), { recursive: true });
  mkdirSync(join(base, 'cache'));
  return { base, root: join(base, 'ws'), log: join(base, 'sandbox.log'), cache: join(base, 'cache') };
}

function events(log: string): Event[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Event) : [];
}

/** Reads outside the workspace, the bundles' folder and the CLI's cache folder. */
function readsOutside(all: Event[], allowed: string[]): string[] {
  return all.filter((event) => event.kind === 'read' && !allowed.some((folder) => event.detail === folder || event.detail.startsWith(folder + sep))).map((event) => event.detail);
}

function sandboxedCli(args: string[], where: ReturnType<typeof layout>, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, ['--require', SANDBOX, CLI, ...args], {
    cwd: where.root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DATED_NOTES_CACHE_DIR: where.cache, DATED_NOTES_SANDBOX_LOG: where.log, ...env },
  });
}

const FRONT = (permalink: string) => `---\nlayout: post\ntitle: T\ndate: 2023-01-02 10:00:00\ncategories: c\ntags: GPT\npermalink: ${permalink}\n---\n`;

describe('no network', () => {
  test('the sandbox notices a connection attempt (so that its silence below means something)', () => {
    const where = layout({});
    const result = spawnSync(process.execPath, ['--require', SANDBOX, '-e', "try { require('node:https').get('https://example.com') } catch {} ; try { require('node:dns').lookup('example.com', () => {}) } catch {}"], {
      encoding: 'utf8',
      env: { ...process.env, DATED_NOTES_SANDBOX_LOG: where.log },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(events(where.log).filter((event) => event.kind === 'network').map((event) => event.detail.split(' ')[0]), ['node:https.get', 'dns.lookup']);
  });

  const notes = {
    '_config.yml': 'url: https://example.com\n',
    'a.md': `${FRONT('/a')}\n【2023-7-3】[x](https://example.com/page) <https://example.org> [y](//cdn.example.net/x.js) ![z](http://127.0.0.1:9/z.png) \`OpenAI\`\n\n[b](/b#h) [none](/none)\n`,
    'b.md': `${FRONT('/b')}\n## h\n`,
  };

  test('the CLI: lint, lint --fix and timeline', () => {
    const where = layout(notes);
    for (const args of [['lint'], ['lint', '--format', 'json'], ['lint', '--fix'], ['timeline']]) {
      const result = sandboxedCli(args, where);
      assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')}: ${result.stderr}`);
    }
    const all = events(where.log);
    assert.ok(all.some((event) => event.kind === 'read' && event.detail.endsWith(`${sep}a.md`)), 'the sandbox saw the notes read');
    assert.deepEqual(all.filter((event) => event.kind !== 'read'), [], 'no network, no child process');
  });

  test('the server: a whole session', async () => {
    const where = layout(notes);
    const client = await startServer(where.root, { execArgv: ['--require', SANDBOX], env: { DATED_NOTES_SANDBOX_LOG: where.log } });
    try {
      const uri = client.uri('a.md');
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: notes['a.md'] } });
      const items = ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: { code: string }[] }).items;
      assert.deepEqual(items.map((item) => item.code), ['link-broken-internal']);
      await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } });
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 20 } });
      await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 12, character: 5 } });
      await client.connection.sendRequest('datedNotes/timeline', {});
      await client.connection.sendRequest('datedNotes/lintWorkspace', {});
    } finally {
      await client.stop();
    }
    const all = events(where.log);
    assert.ok(all.some((event) => event.kind === 'read' && event.detail.endsWith(`${sep}b.md`)), 'the sandbox saw the notes read');
    assert.deepEqual(all.filter((event) => event.kind !== 'read'), [], 'no network, no child process');
  });
});

describe('nothing outside the workspace is read', () => {
  // Each link below would resolve if the file beside the workspace were read: outside/secret.md is a
  // note with the permalink /secret and a heading `#found`, outside/pic.png an image.
  const outside = { 'secret.md': `${FRONT('/secret')}\n## found\n`, 'pic.png': 'PNG', 'names.yaml': 'entities:\n- { name: Outsider, kind: product }\n' };
  const links = [
    '../outside/secret.md',
    '../../outside/secret',
    '../../../../../../../../etc/passwd',
    '/etc/passwd',
    '/secret#found',
    '../outside/pic.png',
    '{% link ../outside/secret.md %}',
    '{% post_url ../outside/secret %}',
  ];
  const note = `${FRONT('/a')}\n${links.map((link, i) => `[l${i}](${link})`).join('\n\n')}\n\n<img src="../outside/pic.png">\n\nOutsider and Outsidr.\n`;

  function prepare() {
    const where = layout({ '_config.yml': '', 'a.md': note }, outside);
    // Symbolic links inside the workspace that lead out of it: a note and the default dictionary.
    symlinkSync(join(where.base, 'outside', 'secret.md'), join(where.root, 'evil.md'));
    mkdirSync(join(where.root, '.dated-notes'));
    symlinkSync(join(where.base, 'outside', 'names.yaml'), join(where.root, '.dated-notes', 'entities.yaml'));
    for (const link of links) assert.ok(note.includes(link));
    return where;
  }
  const allowedFor = (where: ReturnType<typeof layout>) => [where.root, DIST, where.cache];

  test('the CLI: every such link is broken, the links out are never followed, and nothing outside is read', () => {
    const where = prepare();
    const result = sandboxedCli(['lint', '--format', 'json'], where);
    assert.equal(result.status, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as { file: string; rule: string; target?: string; message: string }[];
    assert.deepEqual(findings.filter((f) => f.target !== undefined).map((f) => f.target), [...links, '../outside/pic.png']);
    assert.ok(findings.filter((f) => f.target !== undefined).every((f) => /^link-(broken-internal|missing-file)$/.test(f.rule)), JSON.stringify(findings));
    assert.ok(!findings.some((f) => f.file === 'evil.md'), 'a note that is a link out of the workspace is not read');
    assert.deepEqual(findings.filter((f) => f.rule === 'entity-dictionary').map((f) => [f.file, f.message]), [
      ['.dated-notes/entities.yaml', 'Unexpected dictionary `.dated-notes/entities.yaml`: it leads outside the workspace (a symbolic link), and is not read'],
    ]);
    assert.ok(!findings.some((f) => f.rule === 'entity-spelling'), 'the names of the dictionary outside are not known');
    assert.deepEqual(readsOutside(events(where.log), allowedFor(where)), []);
  });

  test('the server: the same verdicts, a watched-file event for the link out is not followed, nothing outside is read', async () => {
    const where = prepare();
    const client = await startServer(where.root, { execArgv: ['--require', SANDBOX], env: { DATED_NOTES_SANDBOX_LOG: where.log } });
    try {
      const uri = client.uri('a.md');
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: note } });
      const items = ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: { code: string }[] }).items;
      assert.equal(items.length, links.length + 1);
      assert.ok(items.every((item) => /^link-(broken-internal|missing-file)$/.test(item.code)));
      // The client says the link out was created, and asks for definitions and links.
      const refreshed = client.next('workspace/diagnostic/refresh');
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('evil.md'), type: 1 }, { uri: client.uri('../outside/secret.md'), type: 2 }] });
      await refreshed;
      const notes = ((await client.connection.sendRequest('datedNotes/lintWorkspace', {})) as { notes: { uri: string }[] }).notes.map((n) => n.uri.slice(n.uri.lastIndexOf('/') + 1));
      assert.deepEqual(notes, ['a.md']);
      for (let line = 9; line < 9 + 2 * links.length; line += 2) await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line, character: 6 } });
      const targets = ((await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as { target?: string }[]).map((link) => link.target);
      assert.ok(targets.every((target) => target === undefined || !target.includes('/outside/')), JSON.stringify(targets));
    } finally {
      await client.stop();
    }
    assert.deepEqual(readsOutside(events(where.log), allowedFor(where)), []);
  });
});

describe('configuration never reaches out of the workspace, and is data', () => {
  test('an entities.files entry outside the root is refused with an error that names the key (CLI)', () => {
    for (const entry of ['../outside/names.yaml', '/etc/passwd', 'names/../../outside/names.yaml', 'C:\\\\names.yaml', '..']) {
      const where = layout({ '_config.yml': '', 'a.md': FRONT('/a'), '.dated-notes.json': JSON.stringify({ entities: { files: [entry] } }) }, { 'names.yaml': 'entities: []\n' });
      const result = sandboxedCli(['lint'], where);
      assert.equal(result.status, 2, `${entry}: ${result.stdout}`);
      assert.equal(result.stderr, `dated-notes: .dated-notes.json: unexpected "entities.files" entry ${JSON.stringify(entry)}: it is outside the workspace root (expected a path relative to the root, inside it)\n`);
      assert.deepEqual(readsOutside(events(where.log), [where.root, DIST, where.cache]), []);
    }
    // Inside the root, however written, is fine.
    const inside = layout({ '_config.yml': '', 'a.md': FRONT('/a'), 'names/../n.yaml': 'entities:\n- { name: Frobnicator, kind: product }\n', '.dated-notes.json': '{ "entities": { "files": ["names/../n.yaml", "./n.yaml"] } }' });
    assert.equal(sandboxedCli(['lint'], inside).status, 0);
  });

  test('the server shows that configuration error, names the key, and goes on with the defaults', async () => {
    const where = layout({ '_config.yml': '', 'a.md': `${FRONT('/a')}\n【2023-07-03】 x\n`, '.dated-notes.json': '{ "entities": { "files": ["../outside/names.yaml"] } }' }, { 'names.yaml': 'entities: []\n' });
    const shown: string[] = [];
    const client = await startServer(where.root, { execArgv: ['--require', SANDBOX], env: { DATED_NOTES_SANDBOX_LOG: where.log } }, (method, params) => {
      if (method === 'window/showMessageRequest') shown.push((params as { message: string }).message);
    });
    try {
      assert.equal(shown.length, 1);
      assert.match(shown[0]!, /^Dated Notes: \S*\.dated-notes\.json: unexpected "entities\.files" entry "\.\.\/outside\/names\.yaml": it is outside the workspace root/);
      const uri = client.uri('a.md');
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: `${FRONT('/a')}\n【2023-07-03】 x\n` } });
      const items = ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: { code: string }[] }).items;
      assert.deepEqual(items.map((item) => item.code), ['date-format']);
    } finally {
      await client.stop();
    }
    assert.deepEqual(readsOutside(events(where.log), [where.root, DIST]), []);
  });

  test('__proto__ in .dated-notes.json is an unknown key, refused by name', () => {
    for (const [json, message] of [
      ['{ "__proto__": { "rules": { "date-format": "off" } } }', 'unknown key "__proto__"'],
      ['{ "rules": { "__proto__": "off" } }', 'unknown rule "__proto__" in "rules"'],
      ['{ "rules": { "constructor": "off" } }', 'unknown rule "constructor" in "rules"'],
      ['{ "dateTag": { "__proto__": { "style": "padded" } } }', 'unknown key "dateTag.__proto__"'],
    ]) {
      const where = layout({ '_config.yml': '', 'a.md': `${FRONT('/a')}\n【2023-07-03】 x\n`, '.dated-notes.json': json! });
      const result = sandboxedCli(['lint'], where);
      assert.equal(result.status, 2, json);
      assert.ok(result.stderr.includes(message!), result.stderr);
      assert.throws(() => parseConfig(JSON.parse(json!), 'c.json', ruleIds), new RegExp(message!.replace(/[."]/g, '.')));
    }
    assert.equal(({} as Record<string, unknown>).rules, undefined, 'Object.prototype is untouched');
  });

  test('YAML tags such as !!js/function and __proto__ keys in dictionaries and front matter stay data', () => {
    const dictionary = [
      'entities:',
      '- name: !!js/function "function () { globalThis.pwned = true }"',
      '  kind: product',
      '- { name: Polluter, kind: model, __proto__: { polluted: true } }',
      '- { name: !!js/regexp /x/, kind: !!js/undefined "" }',
      '',
    ].join('\n');
    const parsed = parseDictionary(dictionary, 'd.yaml');
    assert.deepEqual(parsed.entities.map((entity) => entity.name), ['function () { globalThis.pwned = true }', 'Polluter']);
    assert.deepEqual(parsed.problems.map((problem) => problem.message), [
      'Unexpected field `__proto__`, expected `name`, `kind`, `aliases`, `organization`, `year`, `homepage`',
      'Unexpected kind "" for `/x/`, expected one of model, company, lab, product, person, dataset, paper, framework',
    ]);
    const note = noteFromText('a.md', '---\ntitle: !!js/function "function () { globalThis.pwned = true }"\n__proto__: { polluted: true }\ntags: !!python/object/apply:os.system ["x"]\n---\n');
    assert.equal(note.frontMatter?.fields.get('title')?.value, 'function () { globalThis.pwned = true }');
    assert.equal((globalThis as Record<string, unknown>).pwned, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);

    // The same dictionary through the CLI: findings on the file, nothing run.
    const where = layout({ '_config.yml': '', 'a.md': FRONT('/a'), '.dated-notes/entities.yaml': dictionary });
    const result = sandboxedCli(['lint', '--format', 'json'], where);
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual((JSON.parse(result.stdout) as { rule: string }[]).map((f) => f.rule), ['entity-dictionary', 'entity-dictionary']);
    assert.deepEqual(events(where.log).filter((event) => event.kind !== 'read'), []);
  });
});
