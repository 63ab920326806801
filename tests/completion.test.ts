// Completion as a pure function of a note and its workspace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../server/src/config';
import { completions, learnedNames } from '../server/src/features/completion';
import { noteFromText } from '../server/src/model/note';
import { buildWorkspace } from '../server/src/model/workspace';

const notes = ['a', 'b', 'c'].map((name) => noteFromText(`${name}.md`, `---\ntitle: ${name}\n---\n\nWe use \`Frobnicator\` and \`OpenAI\` here.\n`));
const typing = noteFromText('d.md', '---\ntitle: d\n---\n\nFrob');
const workspace = buildWorkspace([...notes, typing]);

test('backticked terms used in three notes or more are learned, entities are not', () => {
  assert.deepEqual(learnedNames(workspace), [['Frobnicator', 3]]);
});

test('learned names join completions after the dictionary', () => {
  const items = completions(typing, typing.text.length, { workspace, entities: workspace.entities, config: defaultConfig(), today: { year: 2026, month: 6, day: 15 } });
  assert.deepEqual(items.map((item) => [item.label, item.detail]), [['Frobnicator', 'backticked in 3 notes']]);
});
