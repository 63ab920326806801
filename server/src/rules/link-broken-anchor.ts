import { anchorIds, resolveLink } from '../model/resolve';
import { nearest, onlyClose } from '../model/similarity';
import { ownDestinations } from './links';
import type { Rule } from './rule';

export const linkBrokenAnchor: Rule = {
  id: 'link-broken-anchor',
  severity: 'warning',
  description: 'A link whose target exists but has no heading (or HTML id) for its `#fragment`.',
  rationale:
    'Heading ids are kramdown\'s (not GitHub\'s): lowercased, punctuation dropped, spaces as `-`, repeats numbered `-1`, `-2`; browsers match them case-sensitively. The message names the nearest ids; when exactly one is close (another case, a space or a missing or extra `-`, a stale number suffix) the fix uses it.',
  fixable: true,
  scope: 'workspace',
  example: { bad: '[对比](/aigc#模型-对比)', good: '[对比](/aigc#模型对比)' },
  check(note, { workspace }, report) {
    for (const link of ownDestinations(note.links)) {
      const resolution = resolveLink(link, note, workspace);
      if (resolution.kind !== 'internal' || resolution.problem !== 'anchor' || !resolution.note || resolution.fragment === undefined) continue;
      const wanted = resolution.fragment;
      const ids = anchorIds(resolution.note);
      const near = nearest(wanted, ids);
      const close = onlyClose(wanted, ids, isCloseId);
      const where = resolution.note === note ? 'this note' : `\`${resolution.path}\``;
      const hash = link.destination.indexOf('#');
      report({
        range: link.destinationRange,
        target: link.destination,
        message: `Unexpected fragment \`#${wanted}\`: ${where} has no heading with that id${near.length > 0 ? `; nearest: ${near.map((id) => `\`#${id}\``).join(', ')}` : ''}`,
        fix:
          close === undefined || hash === -1
            ? undefined
            : { title: `Replace with \`#${close}\``, edits: [{ range: { start: link.destinationRange.start + hash + 1, end: link.destinationRange.end }, text: close }] },
      });
    }
  },
};

/** Another case, spaces written for `-` (or `-` added or left out), or a stale `-N` suffix. */
function isCloseId(wanted: string, id: string): boolean {
  const lower = wanted.toLowerCase();
  if (lower === id.toLowerCase() || lower.replace(/[ \t]/g, '-') === id) return true;
  if (lower.replace(/[-\s]/g, '') === id.replace(/-/g, '')) return true;
  const base = (text: string) => text.replace(/-\d+$/, '');
  return base(wanted) === base(id);
}
