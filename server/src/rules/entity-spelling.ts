import { findMisspellings } from '../entities/spelling';
import { textSlice } from '../model/note';
import type { Rule } from './rule';

export const entitySpelling: Rule = {
  id: 'entity-spelling',
  severity: 'warning',
  description: 'A word or backticked term that is not a known name but a near miss of one (`Galatica` for `Galactica`).',
  rationale:
    'Names of models, companies and people are typed again and again, and a slip splits one topic in two. Never reported: version differences (`GPT-3` and `GPT-4`), other known names, plurals, ordinary words the workspace writes in lower case, and names written in three notes or more. The fix is the canonical name.',
  fixable: true,
  scope: 'workspace',
  example: { bad: 'Meta released Galatica in 2022.', good: 'Meta released Galactica in 2022.' },
  check(note, { workspace }, report) {
    for (const slip of findMisspellings(note, workspace, workspace.entities)) {
      const expected = slip.entity.name;
      const written = textSlice(note, slip.range.start, slip.range.end);
      const backticked = written.startsWith('`');
      const range = backticked ? { start: slip.range.start + written.indexOf(slip.text), end: 0 } : slip.range;
      if (backticked) range.end = range.start + slip.text.length;
      const about = [slip.entity.kind, slip.entity.organization].filter(Boolean).join(', ');
      report({
        range,
        message: `Unexpected \`${slip.text}\`, expected \`${expected}\` (${about})`,
        fix: { title: `Replace with \`${expected}\``, edits: [{ range, text: expected }] },
      });
    }
  },
};
