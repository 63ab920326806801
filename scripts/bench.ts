// `npm run bench [-- --json]`: the figures the speed work is measured by, over ../shared/corpus.
// Every figure is measured in this run, beside a baseline measured in the same run where one applies.
// (The full benchmark of the speed issue grows from here.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig } from '../server/src/config';
import { completions } from '../server/src/features/completion';
import { findRoot, loadWorkspace } from '../server/src/files';
import { lintNote } from '../server/src/lint';
import { todayParts } from '../server/src/model/dates';
import { parseMarkdown } from '../server/src/model/markdown';
import { noteFromText } from '../server/src/model/note';
import { buildTimeline } from '../server/src/timeline';

const json = process.argv.includes('--json');
const corpus = process.argv.find((arg, i) => i > 1 && !arg.startsWith('--')) ?? join(__dirname, '..', '..', 'shared', 'corpus');

const time = (run: () => unknown) => {
  const start = performance.now();
  run();
  return performance.now() - start;
};
const summary = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), min: sorted[0]!, max: sorted.at(-1)!, runs: samples.length };
};

const rows: { figure: string; median: number; p95: number; min: number; max: number; runs: number; unit: string }[] = [];
const add = (figure: string, samples: number[], unit = 'ms') => rows.push({ figure, ...summary(samples), unit });

const root = findRoot(corpus);
let loaded!: ReturnType<typeof loadWorkspace>;
add('index the corpus (read + parse every note)', [time(() => (loaded = loadWorkspace(root)))]);
const { workspace } = loaded;
const context = { workspace, config: loaded.config, today: todayParts() };
add('lint every note (rules only, parsed)', [time(() => workspace.notes.forEach((note) => lintNote(note, context)))]);

const largest = [...workspace.notes].sort((a, b) => b.text.length - a.text.length)[0]!;
const largestText = readFileSync(join(root, largest.path), 'utf8');
add(`baseline: plain remark parse of the largest note (${Math.round(largestText.length / 1024)} KB)`, [0, 1, 2].map(() => time(() => parseMarkdown(largestText))));
add('model of the largest note (remark + model)', [0, 1, 2].map(() => time(() => noteFromText(largest.path, largestText))));

add('timeline of the corpus', Array.from({ length: 10 }, () => time(() => buildTimeline(workspace))));

// Completion after typing a prefix of a name, at the end of 200 notes' first paragraphs.
const completionContext = { workspace, entities: workspace.entities, config: defaultConfig(), today: todayParts() };
// The first use counts the workspace's mentions and learned names once; later ones reuse the counts.
const warm = noteFromText('warm.md', 'Op');
completions(warm, warm.text.length, completionContext);
const samples: number[] = [];
for (const [i, note] of workspace.notes.slice(0, 200).entries()) {
  const typed = noteFromText(note.path, `${note.text}\n\n${['Op', 'Lla', 'Dee', '通义', 'Tra'][i % 5]}`);
  samples.push(time(() => completions(typed, typed.text.length, completionContext)));
}
add('completion of a name, corpus indexed', samples);

if (json) {
  process.stdout.write(`${JSON.stringify({ corpus: root, notes: workspace.notes.length, rows }, null, 2)}\n`);
} else {
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(2));
  console.log(`${workspace.notes.length} notes in ${root}\n`);
  console.log('| figure | median | p95 | min | max | runs |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.figure} | ${fmt(row.median)} ${row.unit} | ${fmt(row.p95)} | ${fmt(row.min)} | ${fmt(row.max)} | ${row.runs} |`);
}
