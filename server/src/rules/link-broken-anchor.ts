import type { Note } from '../model/note';
import { anchorIds } from '../model/resolve';
import { nearestAmong, nearestCandidates, onlyClose, type NearestCandidates } from '../model/similarity';
import { brokenLinks } from './links';
import type { Rule } from './rule';
import { Memo } from '../model/memo';

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
    for (const { link, resolution } of brokenLinks(note, workspace)) {
      if (resolution.problem !== 'anchor' || !resolution.note || resolution.fragment === undefined) continue;
      const wanted = resolution.fragment;
      const ids = targetIds(resolution.note);
      const near = nearestAmong(wanted, ids.nearest);
      const close = onlyClose(wanted, ids.forms.keys(), closeIdTest(wanted, ids));
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

/** A note's ids, made ready once for every broken fragment: many links lead into one long note. */
interface TargetIds {
  nearest: NearestCandidates;
  /** Each id, in the forms `closeIdTest` compares. */
  forms: Map<string, { lower: string; squeezed: string; base: string }>;
}

const targetIdsCache = new Memo<Note, TargetIds>('target ids');

function targetIds(note: Note): TargetIds {
  let ids = targetIdsCache.get(note);
  if (!ids) {
    const all = anchorIds(note);
    ids = { nearest: nearestCandidates(all), forms: new Map([...all].map((id) => [id, { lower: id.toLowerCase(), squeezed: id.replace(/-/g, ''), base: base(id) }])) };
    targetIdsCache.set(note, ids);
  }
  return ids;
}

/**
 * Whether an id is another case of `wanted`, spaces written for `-` (or `-` added or left out), or a
 * stale `-N` suffix.
 */
function closeIdTest(wanted: string, ids: TargetIds): (wanted: string, id: string) => boolean {
  const lower = wanted.toLowerCase();
  const dashed = lower.replace(/[ \t]/g, '-');
  const squeezed = lower.replace(/[-\s]/g, '');
  const wantedBase = base(wanted);
  return (_, id) => {
    const forms = ids.forms.get(id)!;
    return lower === forms.lower || dashed === id || squeezed === forms.squeezed || wantedBase === forms.base;
  };
}

/** An id without a `-N` suffix. */
function base(id: string): string {
  return id.replace(/-\d+$/, '');
}
