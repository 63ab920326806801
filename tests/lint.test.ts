import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../server/src/config';
import { applyFixes, fixWorkspace, lintNote } from '../server/src/lint';
import { noteFromText } from '../server/src/model/note';
import { buildWorkspace } from '../server/src/model/workspace';
import { rules } from '../server/src/rules/index';
import type { Rule, RuleContext } from '../server/src/rules/rule';

const today = { year: 2026, month: 6, day: 15 };
const contextFor = (...notes: ReturnType<typeof noteFromText>[]): RuleContext => ({ workspace: buildWorkspace(notes), config: defaultConfig(), today });

test('a rule that throws is reported once as an internal error, and the other rules still run', () => {
  const broken: Rule = {
    ...rules[0]!,
    id: 'broken',
    check() {
      throw new TypeError('boom');
    },
  };
  const note = noteFromText('n.md', '【2023-07-03】 x\n');
  const findings = lintNote(note, contextFor(note), [broken, ...rules]);
  const internal = findings.filter((finding) => finding.rule === 'broken');
  assert.deepEqual(internal.map((finding) => [finding.severity, finding.message]), [['error', 'Internal error in rule broken: boom']]);
  assert.ok(findings.some((finding) => finding.rule === 'date-format'));
});

test('a rule that throws is told to onRuleFailure with its id, in lint, in the editor and in fix-all', () => {
  const broken: Rule = { ...rules[0]!, id: 'broken', check: () => { throw new RangeError('bad'); } };
  const note = noteFromText('n.md', '【2023-07-03】 x\n');
  const told: string[] = [];
  const onRuleFailure = (rule: string, error: unknown, failing: { path: string }) => told.push(`${rule} ${failing.path} ${(error as Error).message}`);
  lintNote(note, contextFor(note), [broken, ...rules], onRuleFailure);
  assert.deepEqual(told, ['broken n.md bad']);
  const fixed = fixWorkspace(contextFor(note), [note], [broken, ...rules], onRuleFailure);
  assert.equal(fixed.notes[0]!.text, '【2023-7-3】 x\n', 'the other rules still fix');
  assert.ok(told.length >= 2 && told.every((line) => line === 'broken n.md bad'));
});

test('overlapping fixes: the first in text order wins, the rest wait for the next pass', () => {
  const edit = (start: number, end: number, text: string) => ({ title: text, edits: [{ range: { start, end }, text }] });
  assert.deepEqual(applyFixes('abcdef', [edit(2, 4, 'X'), edit(0, 3, 'Y'), edit(5, 6, 'Z')]), { text: 'YdeZ', applied: 2 });
  assert.deepEqual(applyFixes('abc', [edit(1, 1, 'P'), edit(1, 1, 'Q')]), { text: 'aPQbc', applied: 2 });
});

test('date tags carry their canonical form', () => {
  const note = noteFromText('n.md', '【2023.07.03】 【2025-5-*】');
  assert.deepEqual(note.dateTags.map((tag) => tag.canonical), ['【2023-7-3】', '【2025-5】']);
});
