import { formatDateTag } from '../model/dates';
import type { Rule } from './rule';

export const dateFormat: Rule = {
  id: 'date-format',
  severity: 'warning',
  description: 'A date tag not in the canonical form `【2023-7-3】` (or `【2023-07-03】` with `dateTag.style: "padded"`).',
  rationale:
    'One form keeps the notes searchable and sortable: zero-padded parts in the unpadded style, `.` or `/` separators, `*` for an unknown day, spaces inside the brackets, and half-width brackets `[2023-5-6]` opening a paragraph or list item are all rewritten to the configured form.',
  fixable: true,
  scope: 'note',
  example: { bad: '【2023-07-03】[Notes](https://example.com)', good: '【2023-7-3】[Notes](https://example.com)' },
  check(note, { config }, report) {
    for (const tag of note.dateTags) {
      if (!tag.valid) continue;
      const expected = formatDateTag(tag, config.dateTag.style);
      if (tag.raw === expected) continue;
      report({
        range: tag.range,
        message: `Unexpected \`${tag.raw}\`, expected \`${expected}\``,
        fix: { title: `Replace with \`${expected}\``, edits: [{ range: tag.range, text: expected }] },
      });
    }
  },
};
