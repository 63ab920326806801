// Per-note parse and lint times over a workspace, slowest first: `npx tsx scripts/note-times.ts [folder]`
// (default ../shared/corpus). A measurement for notes and issues; `npm run bench` is the benchmark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRoot, listFiles, loadConfig, loadPermalink } from '../server/src/files';
import { todayParts } from '../server/src/model/dates';
import { noteFromBytes, type Note } from '../server/src/model/note';
import { buildWorkspace } from '../server/src/model/workspace';
import { lintNote } from '../server/src/lint';

const root = findRoot(process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'corpus'));
const config = loadConfig(root);
const files = listFiles(root, config);
const parse = new Map<Note, number>();
const started = performance.now();
const notes = files.notes.map((path) => {
  const bytes = readFileSync(join(root, path));
  const start = performance.now();
  const note = noteFromBytes(path, bytes);
  parse.set(note, performance.now() - start);
  return note;
});
const workspace = buildWorkspace(notes, loadPermalink(root), files.others);
const context = { workspace, config, today: todayParts() };
const rows = notes.map((note) => {
  const start = performance.now();
  lintNote(note, context);
  return { path: note.path, kb: note.text.length / 1024, parse: parse.get(note)!, lint: performance.now() - start };
});
const total = performance.now() - started;
rows.sort((a, b) => b.parse + b.lint - (a.parse + a.lint));
console.log(`${notes.length} notes in ${(total / 1000).toFixed(1)} s (parse ${(rows.reduce((s, r) => s + r.parse, 0) / 1000).toFixed(1)} s, rules ${(rows.reduce((s, r) => s + r.lint, 0) / 1000).toFixed(1)} s)`);
console.log('slowest notes (parse + rules):');
for (const row of rows.slice(0, 5)) console.log(`  ${row.path}  ${row.kb.toFixed(0)} KB  parse ${row.parse.toFixed(0)} ms  rules ${row.lint.toFixed(0)} ms`);
