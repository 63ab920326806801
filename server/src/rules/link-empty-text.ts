import type { Rule } from './rule';

export const linkEmptyText: Rule = {
  id: 'link-empty-text',
  severity: 'warning',
  description: 'A link with no text, `[](url)` (images excepted).',
  rationale: 'A link without text is invisible on the page and unreadable to screen readers.',
  fixable: false,
  scope: 'note',
  example: { bad: '[](https://example.com/paper)', good: '[The paper](https://example.com/paper)' },
  check(note, _context, report) {
    for (const link of note.links) {
      if ((link.kind === 'inline' || link.kind === 'reference') && link.text.trim() === '') {
        report({ range: link.range, target: link.destination, message: `Unexpected link without text to \`${link.destination}\`, expected text between the brackets` });
      }
    }
  },
};
