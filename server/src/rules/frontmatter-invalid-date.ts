import { parseFrontMatterDate } from '../model/site';
import type { Rule } from './rule';

export const frontmatterInvalidDate: Rule = {
  id: 'frontmatter-invalid-date',
  severity: 'error',
  description: '`date:` is not a date-time Jekyll accepts.',
  rationale: 'Jekyll stops the build on a date it cannot read, and builds post URLs from this date. Accepted: `YYYY-MM-DD`, optionally followed by `HH:MM[:SS]` and a zone such as `+0800`, on a real calendar day.',
  fixable: false,
  scope: 'note',
  example: { bad: 'date: 2023-02-30 19:02:00', good: 'date: 2023-02-28 19:02:00' },
  check(note, _context, report) {
    const field = note.frontMatter?.fields.get('date');
    if (!field) return;
    const range = field.valueRange ?? field.keyRange;
    if (field.source === undefined || parseFrontMatterDate(field.source) === undefined) {
      const written = field.source ?? JSON.stringify(field.value);
      report({ range, message: `Unexpected date \`${written}\`, expected a date-time such as \`2023-02-14 19:02:00 +0800\`` });
    }
  },
};
