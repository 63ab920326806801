import { ownDestinations } from './links';
import type { Rule } from './rule';

const UNSAFE = /^(javascript|vbscript|data):/i;
/** Whether the first visible character could begin an unsafe scheme: most destinations begin `http`. */
const MAY_BE_UNSAFE = /^[\u0000-\u0020]*[jvd]/i;
const IMAGE_KINDS = new Set(['image', 'html-image']);

export const linkUnsafeScheme: Rule = {
  id: 'link-unsafe-scheme',
  severity: 'error',
  description: 'A `javascript:`, `vbscript:` or `data:` destination (`data:image/…` in images excepted).',
  rationale: 'These run code or carry content in the page instead of linking to it; in notes they are mistakes or pasted attacks.',
  fixable: false,
  scope: 'note',
  example: { bad: '[Click](javascript:alert(1))', good: '[Click](https://example.com)' },
  check(note, _context, report) {
    for (const link of ownDestinations(note.links)) {
      if (!MAY_BE_UNSAFE.test(link.destination)) continue;
      // Browsers ignore control characters and spaces at the start and inside a scheme.
      const destination = link.destination.replace(/[\u0000-\u0020]/g, '');
      const scheme = UNSAFE.exec(destination)?.[1]?.toLowerCase();
      if (!scheme) continue;
      if (scheme === 'data' && IMAGE_KINDS.has(link.kind) && /^data:image\//i.test(destination)) continue;
      report({ range: link.destinationRange, target: link.destination, message: `Unexpected \`${scheme}:\` destination, expected a web address or a path in the site` });
    }
  },
};
