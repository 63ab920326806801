// `npm run bench [-- --json] [-- --quick] [-- --runs N] [-- --only bad-input] [-- FOLDER]`: the speed and memory goals,
// measured on ../shared/corpus (or a generated corpus of the same shape when it is absent), beside
// baselines measured in the same run: the plain remark parse of the same notes, VS Code's Markdown
// language service, markdownlint-cli2 and `jekyll build` (scripts/bench-baselines.ts).
// Our figures come from the real programs: the CLI as a process, the language server over stdio.
// --quick leaves out the two slowest peers (markdownlint-cli2, jekyll) and runs remark once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { listFiles, loadConfig, loadWorkspace } from '../server/src/files';
import { buildTimeline } from '../server/src/timeline';
import { startServer, type Client } from '../tests/helpers/lsp-client';
import { badInputs } from './bench-bad-input';
import { jekyllBuild, markdownlintCorpus, remarkCorpus, remarkNote, textCopy, vscodeMarkdownServiceCold, vscodeMarkdownServiceKeystroke } from './bench-baselines';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const runsAt = args.indexOf('--runs');
const RUNS = runsAt === -1 ? 5 : Number(args[runsAt + 1]);
const onlyAt = args.indexOf('--only');
/** `--only bad-input`: just the bad inputs (a minute), without the corpus or its baselines. */
const only = onlyAt === -1 ? undefined : args[onlyAt + 1];
const folder = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs' && args[i - 1] !== '--only');
const CLI = join(__dirname, '..', 'dist', 'cli.js');
const log = (text: string) => process.stderr.write(`${text}\n`);

interface Row {
  figure: string;
  median: number;
  min: number;
  max: number;
  p95?: number;
  runs: number;
  unit: string;
  /** The goal: a bound on the median (or on p95 when `p95` is the figure compared). */
  goal?: { limit: number; of: 'median' | 'p95'; text: string };
}
const rows: Row[] = [];

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)!, runs: samples.length };
}

function add(figure: string, samples: number[], unit: string, goal?: Row['goal']): Row {
  const row: Row = { figure, ...stats(samples), unit, goal };
  rows.push(row);
  log(`  ${figure}: median ${row.median.toFixed(2)} ${unit}`);
  return row;
}

const time = (run: () => void) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};
const timeAsync = async (run: () => Promise<unknown>) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

/** A corpus of the real one's shape (long notes of dated entries under headings), for machines without it. */
function generatedCorpus(): string {
  const root = mkdtempSync(join(tmpdir(), 'dated-notes-bench-'));
  mkdirSync(join(root, '_posts'));
  writeFileSync(join(root, '_config.yml'), 'permalink: /:title\n');
  const names = ['GPT-4', 'LLaMA', 'DeepSeek', 'Transformer', 'OpenAI', '通义千问', 'Claude', 'BERT'];
  for (let n = 0; n < 300; n++) {
    const sections: string[] = [];
    // Sizes from about 10 KB to 500 KB, most near 80 KB.
    const size = Math.round(40 * Math.exp(((n * 7919) % 300) / 300 * 2.5 - 0.5));
    for (let s = 0; s < size; s++) {
      const entries = Array.from({ length: 3 }, (_, e) => `- 【20${10 + (s % 15)}-${(e % 12) + 1}-${(s % 27) + 1}】[${names[(s + e) % names.length]} 笔记 ${s}](https://example.com/${n}/${s}/${e}) 说明 \`code\` with **bold** text and a [link](/other-${s % 50}#section-${e}).`);
      sections.push(`## 第 ${s} 节 Section ${s}\n\n${entries.join('\n')}\n\n\`\`\`python\nprint(${s})\n\`\`\`\n`);
    }
    writeFileSync(join(root, '_posts', `2020-01-${String((n % 28) + 1).padStart(2, '0')}-note-${n}.md`), `---\ntitle: Note ${n}\ndate: 2020-01-01\ntags: [ai]\n---\n\n# Note ${n}\n\n${sections.join('\n')}`);
  }
  return root;
}

function cli(corpus: string, extra: string[], env: NodeJS.ProcessEnv): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [CLI, 'lint', corpus, '--format', 'json', ...extra], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  if (result.status !== 0 && result.status !== 1) throw new Error(`dated-notes lint failed (${result.status}): ${result.stderr}`);
  return ms;
}

/** Resident memory of a process now, and at its peak, in MB (Linux). */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Times the pull-diagnostics answer after each one-character edit, typed into the middle of a note. */
async function keystrokes(client: Client, corpus: string, path: string, edits: number): Promise<number[]> {
  const uri = pathToFileURL(join(corpus, path)).href;
  const text = readFileSync(join(corpus, path), 'utf8');
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const pull = () => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  await pull();
  // The middle line of the note, at its end: typing goes on in prose, as it mostly does.
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  const character = lines[line]!.replace(/\r$/, '').length;
  const samples: number[] = [];
  let version = 1;
  for (let i = 0; i < edits; i++) {
    // Type a character, then delete it: the note stays the size it is.
    const typing = i % 2 === 0;
    const range = { start: { line, character }, end: { line, character: typing ? character : character + 1 } };
    samples.push(
      await timeAsync(async () => {
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: typing ? 'x' : '' }] });
        await pull();
      }),
    );
  }
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return samples;
}

async function main(): Promise<void> {
  if (only === 'bad-input') {
    await badInputRows({ ...process.env, NO_COLOR: '1' });
    report('(bad inputs only)', 0);
    return;
  }
  let corpus = resolve(folder ?? join(__dirname, '..', '..', 'shared', 'corpus'));
  let generated = false;
  if (!existsSync(corpus)) {
    log(`${corpus} is absent: measuring a generated corpus of the same shape instead`);
    corpus = generatedCorpus();
    generated = true;
  }
  if (!existsSync(CLI)) throw new Error('dist/ is missing: run `npm run build` first');
  const notes = listFiles(corpus, loadConfig(corpus)).notes;
  const sizes = notes.map((path) => ({ path, bytes: statSync(join(corpus, path)).size }));
  const largest = [...sizes].sort((a, b) => b.bytes - a.bytes)[0]!;
  const middle = [...sizes].sort((a, b) => Math.abs(a.bytes - 115 * 1024) - Math.abs(b.bytes - 115 * 1024))[0]!;
  log(`${notes.length} notes in ${corpus}; largest ${largest.path} (${Math.round(largest.bytes / 1024)} KB), a 115 KB one ${middle.path}`);

  log('baselines: remark');
  const remarkRuns = Array.from({ length: quick ? 1 : 2 }, () => remarkCorpus(corpus).ms);
  const remark = add(`baseline: plain remark parse of the corpus`, remarkRuns, 'ms');
  const middleText = readFileSync(join(corpus, middle.path), 'utf8');
  const remarkLargest = add(`baseline: plain remark parse of the largest note (${Math.round(largest.bytes / 1024)} KB)`, remarkNote(join(corpus, largest.path), RUNS), 'ms');
  add(`baseline: plain remark parse of a 115 KB note`, remarkNote(join(corpus, middle.path), RUNS), 'ms');
  add(`baseline: the largest note's text made anew after a 1-character edit, as every editor's keystroke does`, textCopy(join(corpus, largest.path), 100), 'ms');
  add(`baseline: the 115 KB note's text made anew after a 1-character edit`, textCopy(join(corpus, middle.path), 100), 'ms');

  log('ours: the CLI');
  const cache = mkdtempSync(join(tmpdir(), 'dated-notes-bench-cache-'));
  const env = { ...process.env, DATED_NOTES_CACHE_DIR: cache, NO_COLOR: '1' };
  const coldLimit = 0.06 * remark.median;
  add('cold `dated-notes lint --no-cache` of the corpus', Array.from({ length: RUNS }, () => cli(corpus, ['--no-cache'], env)), 'ms', { limit: coldLimit, of: 'median', text: `≤ 6% of remark (${coldLimit.toFixed(0)} ms)` });
  cli(corpus, [], env);
  add('`dated-notes lint` with the cache, nothing changed', Array.from({ length: RUNS }, () => cli(corpus, [], env)), 'ms', { limit: 500, of: 'median', text: '≤ 500 ms' });
  rmSync(cache, { recursive: true, force: true });

  log('ours: the language server');
  const started = performance.now();
  const client = await startServer(corpus);
  add('server start until the corpus is indexed', [performance.now() - started], 'ms');
  const pid = client.process.pid!;
  const indexed = memory(pid);
  const largestLimit = Math.min(15, 0.02 * remarkLargest.median);
  add(`keystroke in the largest note: pull diagnostics after a 1-character edit`, await keystrokes(client, corpus, largest.path, 60), 'ms', {
    limit: largestLimit,
    of: 'p95',
    text: `p95 ≤ 15 ms and ≤ 2% of remark (${largestLimit.toFixed(1)} ms)`,
  });
  add(`keystroke in a 115 KB note`, await keystrokes(client, corpus, middle.path, 60), 'ms', { limit: 5, of: 'p95', text: 'p95 ≤ 5 ms' });
  const echo = await startServer(corpus, { server: join(__dirname, 'bench-echo-server.ts'), execArgv: ['--import', 'tsx'] });
  add(`baseline: the same 115 KB keystrokes to a server that does nothing (the protocol over stdio, on this machine)`, await keystrokes(echo, corpus, middle.path, 60), 'ms');
  await echo.stop();

  // Completion of a name after a typed prefix, at the end of a note, corpus indexed.
  const uri = pathToFileURL(join(corpus, middle.path)).href;
  const prefixes = ['Op', 'Lla', 'Dee', '通义', 'Tra', 'GP', 'Cla', 'Ber'];
  const completionSamples: number[] = [];
  let version = 1;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text: middleText } });
  const lastLine = middleText.split('\n').length - 1;
  for (let i = 0; i < 100; i++) {
    const prefix = prefixes[i % prefixes.length]!;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: `${middleText}\n\n${prefix}` }] });
    const position = { line: lastLine + 2, character: prefix.length };
    completionSamples.push(await timeAsync(() => client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })));
  }
  add('completion of a name, corpus indexed', completionSamples, 'ms', { limit: 10, of: 'p95', text: 'p95 ≤ 10 ms' });
  const timelineRequests: number[] = [];
  for (let i = 0; i < RUNS; i++) timelineRequests.push(await timeAsync(() => client.connection.sendRequest('datedNotes/timeline', {})));
  const after = memory(pid);
  add('server memory with the corpus indexed (resident)', [indexed.rss], 'MB', { limit: 250, of: 'median', text: '≤ 250 MB' });
  add('server memory after the edits above (resident)', [after.rss], 'MB');
  add('server memory at its peak so far (resident)', [after.peak], 'MB');
  await client.stop();

  // The timeline itself (every entry of the corpus, sorted), and the request that carries it to the editor.
  const { workspace } = loadWorkspace(corpus);
  add('timeline of the corpus (built)', Array.from({ length: RUNS * 2 }, () => time(() => buildTimeline(workspace))), 'ms', { limit: 50, of: 'median', text: '≤ 50 ms' });
  add('timeline of the corpus (`datedNotes/timeline` request, all entries to the editor)', timelineRequests, 'ms');

  log('bad input: each note linted by the CLI and opened in the server');
  await badInputRows(env);

  log('baselines: the peers');
  const vscodeCold = vscodeMarkdownServiceCold(corpus);
  add('peer: VS Code Markdown service, cold diagnostics of every note', [vscodeCold.ms], 'ms');
  add('peer: VS Code Markdown service, resident memory after', [vscodeCold.rssMb], 'MB');
  add('peer: VS Code Markdown service, keystroke in the largest note', vscodeMarkdownServiceKeystroke(corpus, largest.path, 20), 'ms');
  if (!quick) {
    add('peer: markdownlint-cli2 over the corpus', [markdownlintCorpus(corpus).ms], 'ms');
    const jekyll = jekyllBuild(corpus);
    if (jekyll) add('peer: jekyll build of the corpus', [jekyll.ms], 'ms');
    else log('jekyll is not installed: its build is left out');
  }
  if (generated) rmSync(corpus, { recursive: true, force: true });
  report(corpus, notes.length);
}

/**
 * Each bad input alone in a site: the CLI's lint of it (which must end with findings or none, never
 * an internal error, and leave the file as it was), and the server started on it until the note,
 * opened, has its diagnostics.
 */
async function badInputRows(env: NodeJS.ProcessEnv): Promise<void> {
  for (const input of badInputs()) {
    const root = mkdtempSync(join(tmpdir(), 'dated-notes-bad-'));
    writeFileSync(join(root, '_config.yml'), 'permalink: /:title\n');
    const path = join(root, input.file);
    writeFileSync(path, input.bytes);
    const bound = { limit: input.limitMs, of: 'median' as const, text: `≤ ${input.limitMs / 1000} s` };
    add(`bad input, ${input.name}: \`dated-notes lint\``, [cli(root, ['--no-cache'], env)], 'ms', bound);
    if (!readFileSync(path).equals(input.bytes)) throw new Error(`dated-notes lint changed ${input.file}`);
    const opened = await timeAsync(async () => {
      const client = await startServer(root);
      const uri = pathToFileURL(path).href;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: input.bytes.toString('utf8') } });
      await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
      await client.stop();
    });
    add(`bad input, ${input.name}: server start, open, diagnostics`, [opened], 'ms', bound);
    rmSync(root, { recursive: true, force: true });
  }
}

function report(corpus: string, notes: number): void {
  const met = (row: Row) => (row.goal ? (row.goal.of === 'p95' ? row.p95! : row.median) <= row.goal.limit : undefined);
  if (json) {
    process.stdout.write(`${JSON.stringify({ corpus, notes, runs: RUNS, rows: rows.map((row) => ({ ...row, met: met(row) })) }, null, 2)}\n`);
    return;
  }
  const fmt = (n: number | undefined) => (n === undefined ? '' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
  console.log(`${notes} notes in ${corpus}, on ${require('node:os').cpus().length} cores\n`);
  console.log('| figure | median | p95 | min | max | runs | goal | ratio to goal | met |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) {
    const compared = row.goal ? (row.goal.of === 'p95' ? row.p95! : row.median) : undefined;
    const ratio = row.goal && compared !== undefined ? `${(compared / row.goal.limit).toFixed(2)}` : '';
    const ok = met(row);
    console.log(`| ${row.figure} | ${fmt(row.median)} ${row.unit} | ${fmt(row.p95)} | ${fmt(row.min)} | ${fmt(row.max)} | ${row.runs} | ${row.goal?.text ?? ''} | ${ratio} | ${ok === undefined ? '' : ok ? 'yes' : 'NO'} |`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
