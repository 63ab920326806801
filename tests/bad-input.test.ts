// Bad input through the built CLI and the bundled server: bytes that are not UTF-8, a binary file
// named .md, CRLF with a BOM, an empty file, front matter never closed. Each is linted and opened and
// answered with findings (or, for the empty file, with none), and no file changes unless --fix has a
// fix for it, and then only inside the fix. (Bounded time on large inputs is the bench's, not this.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { startServer } from './helpers/lsp-client';
import { temporaryFolder, writeWorkspace } from './helpers/workspace';

const CLI = join(__dirname, '..', 'dist', 'cli.js');
const CACHE = temporaryFolder('dated-notes-bad-input-cache-');
const FRONT = ['---', 'layout: post', 'title: T', 'date: 2023-01-02 10:00:00', 'categories: c', 'tags: GPT', '---', ''];

const FILES: Record<string, Buffer> = {
  '_config.yml': Buffer.from(''),
  // Latin-1 é where UTF-8 was expected.
  'latin1.md': Buffer.concat([Buffer.from(`${FRONT.join('\n')}\n【2023-07-03】 caf`), Buffer.from([0xe9]), Buffer.from(' au lait\n')]),
  // A PNG's first bytes, named .md.
  'binary.md': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00]),
  'empty.md': Buffer.alloc(0),
  'unclosed.md': Buffer.from('---\nlayout: post\ntitle: T\n\n## Heading\n\n【2023-07-03】 x\n'),
  'crlf-bom.md': Buffer.from(`\ufeff${FRONT.join('\r\n')}\r\n【2023-07-03】 大 \`Mircosoft\`\r\n`),
};

/** Every file's bytes and modification time. */
function snapshot(root: string): Record<string, { bytes: Buffer; mtime: number }> {
  return Object.fromEntries(readdirSync(root).map((name) => [name, { bytes: readFileSync(join(root, name)), mtime: statSync(join(root, name)).mtimeMs }]));
}

function cli(args: string[], cwd: string) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DATED_NOTES_CACHE_DIR: CACHE } });
}

type Found = { file: string; line: number; column: number; rule: string; severity: string; message: string };
const brief = (findings: Found[]) => findings.map((f) => `${f.file} ${f.line}:${f.column} ${f.rule}`);

describe('bad input through the CLI', () => {
  test('is linted with findings and a status, and lint writes nothing', () => {
    const root = writeWorkspace(FILES);
    const before = snapshot(root);
    const result = cli(['lint', '--format', 'json'], root);
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stderr, '');
    const findings = JSON.parse(result.stdout) as Found[];
    assert.deepEqual(brief(findings), [
      'binary.md 1:1 file-encoding',
      'crlf-bom.md 9:1 date-format',
      'crlf-bom.md 9:17 entity-spelling',
      'latin1.md 9:1 date-format',
      'latin1.md 9:17 file-encoding',
      'unclosed.md 1:1 frontmatter-invalid-yaml',
      'unclosed.md 7:1 date-format',
    ]);
    assert.match(findings[0]!.message, /^Unexpected binary content \(a NUL byte\), expected a UTF-8 Markdown note/);
    assert.match(findings[4]!.message, /^Unexpected byte 0xE9 at byte \d+, expected UTF-8/);
    assert.match(findings[5]!.message, /expected a closing `---` line after the front matter/);
    assert.equal(findings[5]!.severity, 'error');
    // Stylish output names every file with findings, and the empty note has none.
    const stylish = cli(['lint'], root);
    for (const name of ['binary.md', 'crlf-bom.md', 'latin1.md', 'unclosed.md']) assert.match(stylish.stdout, new RegExp(`^${name.replace('.', '\\.')}$`, 'm'));
    assert.doesNotMatch(stylish.stdout, /empty\.md/);
    assert.deepEqual(snapshot(root), before, 'lint changes no file');
  });

  test('--fix writes only the notes it can fix, only inside the fixes, keeping BOM and CRLF', () => {
    const root = writeWorkspace(FILES);
    const before = snapshot(root);
    const result = cli(['lint', '--fix', '--format', 'json'], root);
    assert.equal(result.status, 1, result.stderr);
    const after = snapshot(root);
    for (const name of ['binary.md', 'latin1.md', 'empty.md', '_config.yml']) assert.deepEqual(after[name], before[name], `${name} is untouched`);
    assert.deepEqual(after['crlf-bom.md']!.bytes, Buffer.from(`\ufeff${FRONT.join('\r\n')}\r\n【2023-7-3】 大 \`Microsoft\`\r\n`));
    assert.deepEqual(after['unclosed.md']!.bytes.toString('utf8'), '---\nlayout: post\ntitle: T\n\n## Heading\n\n【2023-7-3】 x\n', 'a fix in a note whose front matter never closes');
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort(), 'no temporary file is left');
    assert.deepEqual(brief(JSON.parse(result.stdout) as Found[]), ['binary.md 1:1 file-encoding', 'latin1.md 9:1 date-format', 'latin1.md 9:17 file-encoding', 'unclosed.md 1:1 frontmatter-invalid-yaml']);
  });

  test('each file named on its own is linted too', () => {
    const root = writeWorkspace(FILES);
    for (const name of Object.keys(FILES).filter((file) => file.endsWith('.md'))) {
      const result = cli(['lint', '--format', 'json', '--no-cache', name], root);
      assert.ok(result.status === 0 || result.status === 1, `${name}: ${result.stderr}`);
      const findings = JSON.parse(result.stdout) as Found[];
      assert.ok(findings.every((finding) => finding.file === name), name);
      assert.equal(findings.length === 0, name === 'empty.md', name);
    }
    const timeline = cli(['timeline', '--format', 'json'], root);
    assert.equal(timeline.status, 0, timeline.stderr);
    assert.deepEqual((JSON.parse(timeline.stdout) as { file: string }[]).map((entry) => entry.file).sort(), ['crlf-bom.md', 'latin1.md', 'unclosed.md']);
  });
});

describe('bad input through the server', () => {
  test('is read from disk and opened, every request is answered, and no file changes', async () => {
    const root = writeWorkspace(FILES);
    const before = snapshot(root);
    const client = await startServer(root);
    try {
      type Diagnostic = { code: string; range: { start: { line: number; character: number } } };
      const fromDisk = (await client.connection.sendRequest('datedNotes/lintWorkspace', {})) as { notes: { uri: string; diagnostics: Diagnostic[] }[] };
      const byName = Object.fromEntries(fromDisk.notes.map((note) => [note.uri.slice(note.uri.lastIndexOf('/') + 1), note.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`)]));
      assert.deepEqual(byName, {
        'binary.md': ['0:0 file-encoding'],
        'crlf-bom.md': ['8:0 date-format', '8:16 entity-spelling'],
        'empty.md': [],
        'latin1.md': ['8:0 date-format', '8:16 file-encoding'],
        'unclosed.md': ['0:0 frontmatter-invalid-yaml', '6:0 date-format'],
      });
      // Opened as an editor would open them: the text it decoded (U+FFFD for what is not UTF-8, no BOM).
      for (const name of Object.keys(FILES).filter((file) => file.endsWith('.md'))) {
        const uri = client.uri(name);
        const text = FILES[name]!.toString('utf8').replace(/^\ufeff/, '');
        client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
        const items = ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items;
        assert.ok(name === 'empty.md' ? items.length === 0 : items.length > 0, `${name}: ${JSON.stringify(items)}`);
        const lastLine = text.split('\n').length - 1;
        for (const line of [0, lastLine, lastLine + 5]) {
          await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 3 } });
          await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: 3 } });
        }
        assert.ok(Array.isArray(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })));
        assert.ok(Array.isArray(await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })));
        await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll.datedNotes'] } });
        client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
        client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      const crlf = client.uri('crlf-bom.md');
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: crlf, languageId: 'markdown', version: 1, text: FILES['crlf-bom.md']!.toString('utf8').slice(1) } });
      const items = ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: crlf } })) as { items: Diagnostic[] }).items;
      assert.deepEqual(items.map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`), ['8:0 date-format', '8:16 entity-spelling'], 'CRLF counts as one line break, the BOM as no column');
    } finally {
      await client.stop();
    }
    assert.equal(client.process.exitCode, 0, client.stderr());
    assert.deepEqual(snapshot(root), before, 'the server writes nothing');
  });
});
