import { isAfter, isoDate } from '../model/dates';
import type { Rule } from './rule';

export const dateFuture: Rule = {
  id: 'date-future',
  severity: 'warning',
  description: 'A date tag after today.',
  rationale: 'Entries record what was learned when; a date in the future is usually a mistyped year (`2206` for `2026`).',
  fixable: false,
  scope: 'note',
  example: { bad: '【2206-1-13】[Notes](https://example.com)', good: '【2026-1-13】[Notes](https://example.com)' },
  check(note, { today }, report) {
    for (const tag of note.dateTags) {
      if (tag.valid && isAfter(tag, today)) {
        report({ range: tag.range, message: `Unexpected \`${tag.raw}\` after today (${isoDate(today)})` });
      }
    }
  },
};
