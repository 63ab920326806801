// Completion as a pure function of a note and its workspace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../server/src/config';
import fc from 'fast-check';
import { completions, learnedNames, typedMatcher } from '../server/src/features/completion';
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

test('a name completes a typed word as lowercasing both would say, without lowercasing every name', () => {
  // Names with the letters where lowercasing is unusual: the Kelvin sign and dotted I (non-ASCII that
  // lowercase to ASCII, or grow), Greek, Chinese.
  const letters = ['a', 'B', 'k', 'K', '\u212a', 'İ', 'i', 'Σ', 'ς', '通', '义', '-', '.', '3', ' '];
  const text = fc.array(fc.constantFrom(...letters), { maxLength: 6 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(text, text, (word, name) => {
      const expected = name.toLowerCase().startsWith(word.toLowerCase()) || (/\p{Script=Han}/u.test(word) && name.includes(word));
      assert.equal(typedMatcher(word)(name), expected, JSON.stringify([word, name]));
    }),
    { numRuns: 2000 },
  );
  assert.ok(typedMatcher('lla')('LLaMA') && !typedMatcher('lla')('Lama') && typedMatcher('通义')('阿里通义千问'));
});
