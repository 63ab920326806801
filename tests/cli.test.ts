// The built command line, run as a user runs it, on workspaces written into a temporary folder.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import packageJson from '../package.json';
import { temporaryFolder, writeWorkspace } from './helpers/workspace';

const CLI = join(__dirname, '..', 'dist', 'cli.js');

/** The CLI's cache for these tests: never the user's own. */
const CACHE = temporaryFolder('dated-notes-cli-cache-');

function run(args: string[], cwd: string, cache = CACHE) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', DATED_NOTES_CACHE_DIR: cache } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const frontMatter = (extra = '') => `---\nlayout: post\ntitle: T\ndate: 2023-01-02 10:00:00\ncategories: c\ntags: GPT\n${extra}---\n`;

describe('dated-notes', () => {
  test('--version and --help', () => {
    const root = writeWorkspace({});
    assert.deepEqual(run(['--version'], root), { status: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    const help = run(['--help'], root);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /Usage: dated-notes <command>/);
  });

  test('usage errors exit 2 with a message', () => {
    const root = writeWorkspace({});
    for (const args of [['frobnicate'], ['lint', '--bogus'], ['lint', '--format', 'xml'], ['lint', 'missing-folder'], []]) {
      const result = run(args, root);
      assert.equal(result.status, 2, args.join(' '));
    }
    assert.match(run(['lint', '--format', 'xml'], root).stderr, /unknown format 'xml' for lint/);
    assert.match(run(['lint', 'missing-folder'], root).stderr, /no such file or folder: missing-folder/);
  });

  test('a configuration error names the file and the key, and exits 2', () => {
    const root = writeWorkspace({ '.dated-notes.json': '{ "rules": { "date-futur": "off" } }', 'a.md': frontMatter() });
    const result = run(['lint'], root);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /\.dated-notes\.json: unknown rule "date-futur" in "rules"/);
    const badValue = writeWorkspace({ '.dated-notes.json': '{ "dateTag": { "style": "zero" } }' });
    assert.match(run(['lint'], badValue).stderr, /unexpected value "zero" for "dateTag.style"/);
    const badJson = writeWorkspace({ '.dated-notes.json': '{ rules: }' });
    assert.match(run(['lint'], badJson).stderr, /\.dated-notes\.json: not valid JSON/);
    const unknownTop = writeWorkspace({ '.dated-notes.json': '{ "rule": {} }' });
    assert.match(run(['lint'], unknownTop).stderr, /unknown key "rule"/);
  });

  test('configured severities apply, and exit 1 only when an error is found', () => {
    const files = { '_config.yml': '', '_posts/2023-01-02-a.md': `${frontMatter()}\n【2024-20-26】 typo\n` };
    const root = writeWorkspace(files);
    assert.equal(run(['lint'], root).status, 1);
    writeFileSync(join(root, '.dated-notes.json'), '{ "rules": { "date-invalid": "warning" } }');
    const result = run(['lint'], root);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /warning +Unexpected `【2024-20-26】`/);
    writeFileSync(join(root, '.dated-notes.json'), '{ "rules": { "date-invalid": "off" } }');
    assert.deepEqual(run(['lint'], root), { status: 0, stdout: '', stderr: '' });
  });

  test('--format json gives 1-based positions, paths relative to the current folder, and fixes where they exist', () => {
    const root = writeWorkspace({ '_config.yml': '', '_posts/2023-01-02-a.md': `${frontMatter()}\n【2023-07-03】 padded\n\n【2206-1-1】 future\n` });
    const result = run(['lint', '--format', 'json', '.'], join(root, '_posts'));
    assert.equal(result.status, 0);
    const findings = JSON.parse(result.stdout);
    assert.deepEqual(findings, [
      {
        file: '2023-01-02-a.md',
        line: 9,
        column: 1,
        endLine: 9,
        endColumn: 13,
        rule: 'date-format',
        severity: 'warning',
        message: 'Unexpected `【2023-07-03】`, expected `【2023-7-3】`',
        fix: { title: 'Replace with `【2023-7-3】`', edits: [{ line: 9, column: 1, endLine: 9, endColumn: 13, text: '【2023-7-3】' }] },
      },
      {
        file: '2023-01-02-a.md',
        line: 11,
        column: 1,
        endLine: 11,
        endColumn: 11,
        rule: 'date-future',
        severity: 'warning',
        message: findings[1].message,
      },
    ]);
    assert.match(findings[1].message, /^Unexpected `【2206-1-1】` after today \(\d{4}-\d{2}-\d{2}\)$/);
  });

  test('link findings in JSON carry the destination as written', () => {
    const root = writeWorkspace({ '_config.yml': '', 'a.md': `${frontMatter('permalink: /a\n')}\n[x](/missing-page#frag) [y](github.com/x)\n` });
    const findings = JSON.parse(run(['lint', '--format', 'json'], root).stdout) as { rule: string; target?: string }[];
    assert.deepEqual(findings.map((f) => [f.rule, f.target]), [['link-broken-internal', '/missing-page#frag'], ['link-no-scheme', 'github.com/x']]);
  });

  test('stylish output groups by file and sums up; --quiet keeps errors only', () => {
    const root = writeWorkspace({ '_config.yml': '', 'n.md': `${frontMatter()}\n【2023-07-03】 a\n\n【2023-2-30】 b\n` });
    const result = run(['lint'], root);
    assert.equal(result.status, 1);
    assert.equal(
      result.stdout,
      'n.md\n' +
        '   9:1  warning  Unexpected `【2023-07-03】`, expected `【2023-7-3】`  date-format\n' +
        '  11:1  error    Unexpected `【2023-2-30】`: 2023-2 has no day 30, expected 1 to 28  date-invalid\n' +
        '\n✖ 2 problems (1 error, 1 warning)\n  1 of them fixable with the `--fix` option.\n',
    );
    const quiet = run(['lint', '--quiet'], root);
    assert.doesNotMatch(quiet.stdout, /date-format/);
    assert.match(quiet.stdout, /date-invalid/);
  });

  test('a single path is checked against its whole workspace, and only it is reported', () => {
    const root = writeWorkspace({
      '_config.yml': '',
      '_posts/2023-01-02-a.md': frontMatter('permalink: /same\n'),
      '_posts/2023-01-03-b.md': frontMatter('permalink: /same\n').replace('2023-01-02', '2023-01-03'),
    });
    const result = run(['lint', '--format', 'json', '_posts/2023-01-02-a.md'], root);
    const findings = JSON.parse(result.stdout);
    assert.deepEqual(findings.map((f: { file: string; rule: string; message: string }) => [f.file, f.rule, f.message]), [
      ['_posts/2023-01-02-a.md', 'permalink-duplicate', 'Unexpected URL `/same`, already used by `_posts/2023-01-03-b.md`'],
    ]);
  });

  test('--fix rewrites what it can, keeps CRLF and the BOM, and touches nothing else', () => {
    const crlf = '\ufeff' + `${frontMatter()}\n【2023-07-03】 a\n\n- [2023-5-6] b\n`.replace(/\n/g, '\r\n');
    const latin1 = Buffer.concat([Buffer.from(`${frontMatter()}\n【2023-07-03】 caf`), Buffer.from([0xe9]), Buffer.from('\n')]);
    const clean = `${frontMatter()}\n【2023-7-3】 fine\n`;
    const root = writeWorkspace({ '_config.yml': '', 'crlf.md': crlf, 'latin1.md': latin1, 'clean.md': clean });
    const cleanBefore = statSync(join(root, 'clean.md')).mtimeMs;
    const result = run(['lint', '--fix', '--format', 'json'], root);
    assert.equal(result.status, 0);
    assert.equal(readFileSync(join(root, 'crlf.md'), 'utf8'), crlf.replace('【2023-07-03】', '【2023-7-3】').replace('[2023-5-6]', '【2023-5-6】'));
    assert.deepEqual(readFileSync(join(root, 'latin1.md')), latin1, 'a note that is not UTF-8 is never written');
    assert.equal(statSync(join(root, 'clean.md')).mtimeMs, cleanBefore);
    assert.deepEqual(readdirSync(root).sort(), ['_config.yml', 'clean.md', 'crlf.md', 'latin1.md'], 'no temporary file is left');
    const remaining = JSON.parse(result.stdout) as { file: string; rule: string }[];
    assert.deepEqual(remaining.map((f) => `${f.file} ${f.rule}`), ['latin1.md date-format', 'latin1.md file-encoding']);
    const again = JSON.parse(run(['lint', '--format', 'json'], root).stdout) as { file: string; fix?: unknown }[];
    assert.deepEqual(again.filter((f) => f.fix && f.file !== 'latin1.md'), []);
  });

  test('user dictionaries add names, and their problems are findings on the file', () => {
    const root = writeWorkspace({
      '_config.yml': '',
      'a.md': `${frontMatter()}\nWe tried Frobnicatr and Frobnicator.\n`,
      '.dated-notes/entities.yaml': 'entities:\n- { name: Frobnicator, kind: product }\n- { name: Broken, kind: robot }\n',
    });
    const result = run(['lint', '--format', 'json'], root);
    assert.equal(result.status, 1);
    assert.deepEqual((JSON.parse(result.stdout) as { file: string; line: number; rule: string; message: string }[]).map((f) => [f.file, f.line, f.rule, f.message]), [
      ['.dated-notes/entities.yaml', 3, 'entity-dictionary', 'Unexpected kind "robot" for `Broken`, expected one of model, company, lab, product, person, dataset, paper, framework'],
      ['a.md', 9, 'entity-spelling', 'Unexpected `Frobnicatr`, expected `Frobnicator` (product)'],
    ]);
    writeFileSync(join(root, '.dated-notes.json'), '{ "entities": { "files": ["names/missing.yaml"] } }');
    const missing = JSON.parse(run(['lint', '--format', 'json'], root).stdout) as { file: string; rule: string; message: string }[];
    assert.deepEqual(missing.map((f) => [f.file, f.rule, f.message]), [['names/missing.yaml', 'entity-dictionary', 'Unexpected dictionary `names/missing.yaml`: no such file in the workspace']]);
  });

  test('--fix of a tag variant sees the whole workspace', () => {
    const note = (tags: string) => `${frontMatter().replace('tags: GPT', `tags: ${tags}`)}`;
    const root = writeWorkspace({ '_config.yml': '', 'a.md': note('GPT'), 'b.md': note('GPT'), 'c.md': note('gpt LLM') });
    run(['lint', '--fix', 'c.md'], root);
    assert.match(readFileSync(join(root, 'c.md'), 'utf8'), /^tags: GPT LLM$/m);
  });

  test('timeline lists entries newest first, as text and JSON', () => {
    const root = writeWorkspace({
      '_config.yml': '',
      'a.md': `${frontMatter()}\n## Models\n\n【2023-7-3】[Older](https://a.b)\n\n【2024-1-5】 Newer, no link\n`,
      'b.md': `${frontMatter()}\n【2023-7】 A month\n\n\`【2030-1-1】\` code\n`,
    });
    const text = run(['timeline'], root);
    assert.equal(text.status, 0);
    assert.equal(text.stdout, '2024-01-05  Newer, no link  a.md:13  Models\n2023-07-03  Older  a.md:11  Models\n2023-07     A month  b.md:9\n');
    const json = JSON.parse(run(['timeline', '--format', 'json'], root).stdout);
    assert.deepEqual(json[0], { date: '2024-01-05', precision: 'day', title: 'Newer, no link', file: 'a.md', line: 13, section: ['Models'], noteTitle: 'T' });
  });

  test('the cache: an unchanged run is answered from it, a changed byte runs afresh, --no-cache leaves it alone', () => {
    const root = writeWorkspace({ '_config.yml': '', '_posts/2023-01-02-a.md': `${frontMatter()}\n【2023-02-30】 bad date\n` });
    const cache = temporaryFolder('dated-notes-cache-test-');
    const listing = () => readdirSync(root, { recursive: true }).sort();
    const before = listing();

    assert.deepEqual(run(['lint', '--no-cache', '--format', 'json'], root, cache).status, 1);
    assert.deepEqual(readdirSync(cache), [], '--no-cache writes no cache entry');

    const first = run(['lint', '--format', 'json'], root, cache);
    assert.equal(first.status, 1);
    assert.match(first.stdout, /date-invalid/);
    const entries = readdirSync(cache);
    assert.equal(entries.length, 1, 'one cache entry per command line');
    assert.deepEqual(listing(), before, 'nothing is written into the workspace');

    // Served from the cache: an entry edited by hand (same key) is what the next run prints.
    const entryFile = join(cache, entries[0]!);
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as { key: string; status: number; stdout: string };
    writeFileSync(entryFile, JSON.stringify({ ...entry, stdout: 'FROM THE CACHE\n' }));
    assert.deepEqual(run(['lint', '--format', 'json'], root, cache), { status: 1, stdout: 'FROM THE CACHE\n', stderr: '' });

    // One changed byte in a note: a fresh run, which sees the change.
    writeFileSync(join(root, '_posts/2023-01-02-a.md'), `${frontMatter()}\n【2023-02-28】 good date\n`);
    const fresh = run(['lint', '--format', 'json'], root, cache);
    assert.equal(fresh.status, 0);
    assert.doesNotMatch(fresh.stdout, /date-invalid|FROM THE CACHE/);
  });

  test('the cache sees one changed byte at the end of a note over a megabyte, and in a small note read after it', () => {
    // Notes are read into one buffer reused from file to file, grown for a long note: a byte past the
    // first megabyte, and a note shorter than the one before it, must both change the key.
    const long = `${frontMatter()}\n${'Plain prose without anything to report.\n'.repeat(30_000)}`;
    const small = `${frontMatter()}\nShort.\n`;
    const root = writeWorkspace({ '_config.yml': '', '_posts/2023-01-01-long.md': `${long}end\n`, '_posts/2023-01-02-small.md': small });
    const cache = temporaryFolder('dated-notes-cache-test-');
    const first = run(['lint', '--format', 'json'], root, cache);
    assert.equal(first.status, 0, first.stderr);
    const entryFile = join(cache, readdirSync(cache)[0]!);
    const mark = () => writeFileSync(entryFile, JSON.stringify({ ...JSON.parse(readFileSync(entryFile, 'utf8')), stdout: 'FROM THE CACHE\n' }));
    mark();
    assert.equal(run(['lint', '--format', 'json'], root, cache).stdout, 'FROM THE CACHE\n', 'unchanged: served from the cache');
    writeFileSync(join(root, '_posts/2023-01-01-long.md'), `${long}End\n`);
    assert.notEqual(run(['lint', '--format', 'json'], root, cache).stdout, 'FROM THE CACHE\n', 'a byte changed past the first megabyte');
    mark();
    assert.equal(run(['lint', '--format', 'json'], root, cache).stdout, 'FROM THE CACHE\n', 'unchanged again: served from the cache');
    writeFileSync(join(root, '_posts/2023-01-02-small.md'), small.replace('Short.', 'short.'));
    assert.notEqual(run(['lint', '--format', 'json'], root, cache).stdout, 'FROM THE CACHE\n', 'a byte changed in the note read after the long one');
  });
});

