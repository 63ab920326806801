import { isoDate } from '../model/dates';
import { parseFrontMatterDate, postFileName } from '../model/site';
import type { Rule } from './rule';

export const frontmatterDateMismatch: Rule = {
  id: 'frontmatter-date-mismatch',
  severity: 'warning',
  description: 'In `_posts/YYYY-MM-DD-*.md`, the `date:` day differs from the file name\'s.',
  rationale:
    'Jekyll builds a post\'s URL from `date:`, so links written from the file name break. The day is compared as written; no fix is offered, since either side may be the one intended and changing `date:` moves the published URL.',
  fixable: false,
  scope: 'note',
  example: { bad: '_posts/2023-02-14-aigc.md with date: 2023-02-15 10:00:00', good: '_posts/2023-02-14-aigc.md with date: 2023-02-14 10:00:00' },
  check(note, _context, report) {
    const post = postFileName(note.path);
    const field = note.frontMatter?.fields.get('date');
    if (!post || field?.source === undefined || !field.valueRange) return;
    const date = parseFrontMatterDate(field.source);
    if (!date) return; // frontmatter-invalid-date says why
    if (date.year === post.date.year && date.month === post.date.month && date.day === post.date.day) return;
    report({ range: field.valueRange, message: `Unexpected date \`${isoDate(date)}\`, expected the file name's day \`${isoDate(post.date)}\`` });
  },
};
