import { noteTitle, type Note } from '../model/note';
import { resolveLink } from '../model/resolve';
import { editDistance, nearest, onlyClose } from '../model/similarity';
import type { Workspace } from '../model/workspace';
import { BARE_DOMAIN, ownDestinations } from './links';
import type { Rule } from './rule';

export const linkBrokenInternal: Rule = {
  id: 'link-broken-internal',
  severity: 'error',
  description: 'A link to a page of the site that no note or file provides.',
  rationale:
    'Resolved as the built site resolves it: `permalink:` or the `_config.yml` pattern gives each note its URL, relative links resolve against the linking note\'s URL, `/x` is served by `x.html` or `x/index.html`, and `{% post_url %}` must name a post. The message names the nearest permalinks; when exactly one is close (a typo, `_` for `-`, a different case) the fix uses it.',
  fixable: true,
  scope: 'workspace',
  example: { bad: '[AIGC创业](/ai_compnay)', good: '[AIGC创业](/ai_company)' },
  check(note, { workspace }, report) {
    for (const link of ownDestinations(note.links)) {
      if (BARE_DOMAIN.test(link.destination)) continue; // link-no-scheme's finding
      const resolution = resolveLink(link, note, workspace);
      if (resolution.kind !== 'internal' || resolution.problem !== 'page') continue;
      if (link.kind === 'post-url') {
        const names = [...workspace.postsByName.keys()];
        const near = nearest(link.destination, names);
        const fix = onlyClose(link.destination, names, isCloseName);
        report({
          range: link.destinationRange,
          target: link.destination,
          message: `Unexpected \`{% post_url ${link.destination} %}\`: no post has that name${list(near)}`,
          fix: fix === undefined ? undefined : { title: `Replace with \`${fix}\``, edits: [{ range: link.destinationRange, text: fix }] },
        });
        continue;
      }
      const wanted = resolution.path;
      const urls = [...workspace.urls.values()];
      // `[x](image-generation)` written in a note at `/2022/11/30/agents/` means a page in that folder:
      // a note whose URL ends the same way is the likeliest target.
      const sameEnd = urls.filter((url) => lastSegment(url) === lastSegment(wanted));
      const similar = nearest(comparable(wanted), urls.map(comparable)).map((key) => urls.find((url) => comparable(url) === key)!);
      const near = [...new Set([...sameEnd, ...similar])].slice(0, 3);
      const close = onlyClose(wanted, urls, (a, b) => lastSegment(a) === lastSegment(b) || isCloseName(comparable(a), comparable(b)));
      report({
        range: link.destinationRange,
        target: link.destination,
        message: `Unexpected link to \`${wanted}\`: no note or file has that URL${list(near, workspace)}`,
        fix: close === undefined || link.destination.includes('{') ? undefined : replacePath(link.destination, link.destinationRange, close, note, workspace),
      });
    }
  },
};

/** URLs compared without the endings that name the same page. */
function comparable(url: string): string {
  return url.replace(/(?:\/|\.html|\/index\.html)$/, '');
}

function lastSegment(url: string): string {
  const path = comparable(url);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A typo of one or two characters, `_` written for `-` (or back), or another case. */
export function isCloseName(wanted: string, candidate: string): boolean {
  if (wanted.toLowerCase() === candidate.toLowerCase()) return true;
  if (wanted.replace(/_/g, '-') === candidate.replace(/_/g, '-')) return true;
  return editDistance(wanted, candidate) <= ([...wanted].length > 8 ? 2 : 1);
}

function list(candidates: string[], workspace?: Workspace): string {
  if (candidates.length === 0) return '';
  const titled = candidates.map((url) => {
    const note = workspace && [...workspace.urls].find(([, noteUrl]) => noteUrl === url)?.[0];
    return note && noteTitle(note) !== note.path ? `\`${url}\` (${noteTitle(note)})` : `\`${url}\``;
  });
  return `; nearest: ${titled.join(', ')}`;
}

/** The destination with its path replaced by `url`, keeping the query and fragment. */
function replacePath(destination: string, range: { start: number; end: number }, url: string, note: Note, workspace: Workspace) {
  const suffix = /[?#].*$/.exec(destination)?.[0] ?? '';
  const base = workspace.urls.get(note) ?? '/';
  const folder = base.slice(0, base.lastIndexOf('/') + 1);
  // Keep a relative link relative when the target is in the same folder of the site.
  const path = !destination.startsWith('/') && url.startsWith(folder) && !url.slice(folder.length).includes('/') ? url.slice(folder.length) : url;
  return { title: `Replace with \`${path}${suffix}\``, edits: [{ range, text: `${path}${suffix}` }] };
}
