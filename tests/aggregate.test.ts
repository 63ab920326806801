import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summer } from '../server/src/model/aggregate';
import { noteFromText, type Note } from '../server/src/model/note';
import { buildWorkspace } from '../server/src/model/workspace';

const words = (note: Note) => {
  const counts = new Map<string, number>();
  for (const word of note.text.match(/[a-z]+/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
};

test('workspace totals updated by difference equal totals summed from scratch', () => {
  const notes = ['alpha beta', 'beta gamma', 'gamma delta delta'].map((text, i) => noteFromText(`${i}.md`, text));
  const incremental = summer(words);
  const before = buildWorkspace(notes);
  const first = incremental(before);
  assert.deepEqual(Object.fromEntries(first), { alpha: 1, beta: 2, gamma: 2, delta: 2 });
  // One note edited, as after a keystroke: its old counts go out, its new ones come in.
  const edited = noteFromText('1.md', 'beta epsilon');
  const after = buildWorkspace([notes[0]!, edited, notes[2]!]);
  assert.deepEqual(incremental(after), summer(words)(after));
  assert.deepEqual(Object.fromEntries(incremental(after)), { alpha: 1, beta: 2, gamma: 1, delta: 2, epsilon: 1 });
  assert.equal(incremental(after), incremental(after), 'the same workspace gets the same totals');
  // The totals move from workspace to workspace in place; an earlier workspace asked again is counted again.
  assert.equal(incremental(after), first, 'no copy of the totals per edit');
  assert.deepEqual(Object.fromEntries(incremental(before)), { alpha: 1, beta: 2, gamma: 2, delta: 2 });
  assert.deepEqual(incremental(after), summer(words)(after));
});

test('primed notes are counted once: the first total only sums', () => {
  const notes = ['alpha beta', 'beta gamma'].map((text, i) => noteFromText(`${i}.md`, text));
  const counted: string[] = [];
  const totals = summer((note) => {
    counted.push(note.path);
    return words(note);
  });
  for (const note of notes) totals.prime(note);
  assert.deepEqual(counted, ['0.md', '1.md']);
  assert.deepEqual(Object.fromEntries(totals(buildWorkspace(notes))), { alpha: 1, beta: 2, gamma: 1 });
  assert.deepEqual(counted, ['0.md', '1.md'], 'no note counted again');
});
