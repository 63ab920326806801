import { daysInMonth } from '../model/dates';
import type { Rule } from './rule';

export const dateInvalid: Rule = {
  id: 'date-invalid',
  severity: 'error',
  description: 'A date tag that is not a calendar date.',
  rationale: 'A month 20 or a 29 February in a common year is a typing slip; the entry cannot be placed on the timeline.',
  fixable: false,
  scope: 'note',
  example: { bad: '【2024-20-26】[Notes](https://example.com)', good: '【2024-2-26】[Notes](https://example.com)' },
  check(note, _context, report) {
    for (const tag of note.dateTags) {
      if (tag.valid) continue;
      report({ range: tag.range, message: `Unexpected \`${tag.raw}\`: ${whyInvalid(tag.year, tag.month, tag.day)}` });
    }
  },
};

function whyInvalid(year: number, month: number | undefined, day: number | undefined): string {
  if (month === undefined) return 'a day is given without a month';
  if (month < 1 || month > 12) return `there is no month ${month}, expected 1 to 12`;
  return `${year}-${month} has no day ${day}, expected 1 to ${daysInMonth(year, month)}`;
}
