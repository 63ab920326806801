// One harness for every rule's fixtures: tests/rules/<rule-id>/<case>/ is a small workspace (notes,
// optionally `_config.yml` and `.dated-notes.json`). Each note states its expected findings for the rule
// in an `<!-- expect -->` block; `<note>.fixed` beside a note is its text after `--fix`.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadWorkspace } from '../server/src/files';
import { fixWorkspace, lintNote } from '../server/src/lint';
import { encodeNote } from '../server/src/model/text';
import { rules } from '../server/src/rules/index';
import type { RuleContext } from '../server/src/rules/rule';
import { expectedFindings } from './helpers/fixtures';

const FIXTURES = join(__dirname, 'rules');
/** A fixed day, so that `date-future` fixtures mean the same on every day the tests run. */
const TODAY = { year: 2026, month: 6, day: 15 };

const cases = (rule: string) =>
  existsSync(join(FIXTURES, rule)) ? readdirSync(join(FIXTURES, rule)).filter((name) => statSync(join(FIXTURES, rule, name)).isDirectory()) : [];

for (const rule of rules) {
  describe(`rule ${rule.id}`, () => {
    const names = cases(rule.id);

    test('has a clean and a failing fixture, and a fixed-output fixture when it is fixable', () => {
      assert.ok(names.some((name) => name.startsWith('clean')), `tests/rules/${rule.id}/clean*/ is missing`);
      assert.ok(names.some((name) => name.startsWith('failing')), `tests/rules/${rule.id}/failing*/ is missing`);
      const fixed = names.some((name) => readdirSync(join(FIXTURES, rule.id, name), { recursive: true }).some((file) => String(file).endsWith('.fixed')));
      assert.equal(fixed, rule.fixable, rule.fixable ? 'a fixable rule needs a <note>.fixed fixture' : 'a rule without fixes has a .fixed fixture');
    });

    for (const name of names) {
      test(name, () => {
        const folder = join(FIXTURES, rule.id, name);
        const { workspace, config } = loadWorkspace(folder);
        const context: RuleContext = { workspace, config, today: TODAY };
        let expectedCount = 0;
        for (const note of workspace.notes) {
          const expected = expectedFindings(new TextDecoder().decode(readFileSync(join(folder, note.path))));
          expectedCount += expected.length;
          const actual = lintNote(note, context, [rule]).map((finding) => {
            const { line, character } = note.lines.position(finding.range.start);
            return { line: line + 1, column: character + 1, rule: finding.rule, message: finding.message };
          });
          assert.deepEqual(actual, expected, `findings in ${note.path}`);
          if (name.startsWith('clean')) assert.equal(actual.length, 0, `a clean fixture has findings: ${note.path}`);
        }
        if (name.startsWith('failing')) assert.ok(expectedCount > 0, 'a failing fixture expects no finding');

        const fixed = fixWorkspace(context, workspace.notes, [rule]);
        fixed.notes.forEach((after, i) => {
          const before = workspace.notes[i]!;
          const expectedFile = join(folder, `${before.path}.fixed`);
          if (!existsSync(expectedFile)) {
            assert.equal(after.text, before.text, `${before.path} changed by --fix without a .fixed fixture`);
            return;
          }
          assert.equal(encodeNote(after.text, after.bom).toString('utf8'), readFileSync(expectedFile, 'utf8'), `fixed text of ${before.path}`);
          const remaining = lintNote(after, fixed.context, [rule]).filter((finding) => finding.fix);
          assert.deepEqual(remaining, [], 'linting the fixed text finds nothing fixable');
        });
      });
    }
  });
}
