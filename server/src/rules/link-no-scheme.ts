import { BARE_DOMAIN, ownDestinations } from './links';
import type { Rule } from './rule';

export const linkNoScheme: Rule = {
  id: 'link-no-scheme',
  severity: 'warning',
  description: 'A destination that is a bare domain (`github.com/x`, `www.x.com`, `arxiv.org/abs/…`).',
  rationale: 'Without `https://` a browser reads the domain as a page of this site, which does not exist. The fix adds `https://`.',
  fixable: true,
  scope: 'note',
  example: { bad: '[Code](github.com/org/repo)', good: '[Code](https://github.com/org/repo)' },
  check(note, _context, report) {
    for (const link of ownDestinations(note.links)) {
      if (link.kind === 'autolink' || link.kind === 'bare-url' || !BARE_DOMAIN.test(link.destination)) continue;
      const expected = `https://${link.destination}`;
      report({
        range: link.destinationRange,
        target: link.destination,
        message: `Unexpected destination \`${link.destination}\` without a scheme, expected \`${expected}\``,
        fix: { title: 'Add `https://`', edits: [{ range: { start: link.destinationRange.start, end: link.destinationRange.start }, text: 'https://' }] },
      });
    }
  },
};
