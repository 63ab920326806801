import { ownDestinations } from './links';
import type { Rule } from './rule';

/** Characters that show nothing, or a plain space, but change the URL. */
const INVISIBLE = /[\u00a0\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3000\ufeff]/g;

export const linkInvisibleChar: Rule = {
  id: 'link-invisible-char',
  severity: 'warning',
  description: 'Zero-width, BOM, no-break space or other invisible characters in a destination.',
  rationale: 'Text copied from web pages and chat apps carries invisible characters that make the URL a different one, while it looks right. The fix removes them.',
  fixable: true,
  scope: 'note',
  example: { bad: '[Paper](https://arxiv.org/abs/2303.08774\\u200b)', good: '[Paper](https://arxiv.org/abs/2303.08774)' },
  check(note, _context, report) {
    for (const link of ownDestinations(note.links)) {
      // A bare URL ends where the text says; what follows an invisible character is prose, not URL.
      if (link.kind === 'bare-url') continue;
      const matches = link.destination.match(INVISIBLE);
      if (!matches) continue;
      const found = [...new Set(matches)];
      const names = found.map((char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(', ');
      const cleaned = link.destination.replace(INVISIBLE, '');
      report({
        range: link.destinationRange,
        target: link.destination,
        message: `Unexpected invisible ${found.length === 1 ? 'character' : 'characters'} ${names} in destination, expected \`${cleaned}\``,
        fix: { title: 'Remove invisible characters', edits: [{ range: link.destinationRange, text: cleaned }] },
      });
    }
  },
};
