// What the link rules share: which links carry a destination of their own, which of them lead nowhere,
// and how to show them.
import type { Link, Note } from '../model/note';
import { resolveLink, type Resolution } from '../model/resolve';
import type { Workspace } from '../model/workspace';
import { Memo } from '../model/memo';

/**
 * Links whose destination is written where they are. A reference's destination is written on its
 * definition, which is checked instead, so that one mistake is reported once.
 */
export function ownDestinations(links: readonly Link[]): OwnLink[] {
  return links.filter((link): link is OwnLink => link.destinationRange !== undefined);
}

export type OwnLink = Link & { destinationRange: NonNullable<Link['destinationRange']> };

export interface BrokenLink {
  link: OwnLink;
  /** Says what is missing: the page, the file, or the heading. */
  resolution: Extract<Resolution, { kind: 'internal' }>;
}

const brokenCache = new Memo<Workspace, WeakMap<Note, BrokenLink[]>>('broken links');

/**
 * The note's links (with destinations of their own) that lead nowhere in the site, in text order. Three
 * rules report them, each a kind of problem; almost every link leads off the site, and this way the
 * rules go through the few broken ones rather than each through every link.
 */
export function brokenLinks(note: Note, workspace: Workspace): BrokenLink[] {
  let perNote = brokenCache.get(workspace);
  if (!perNote) brokenCache.set(workspace, (perNote = new WeakMap()));
  let broken = perNote.get(note);
  if (!broken) {
    broken = [];
    for (const link of ownDestinations(note.links)) {
      const resolution = resolveLink(link, note, workspace);
      if (resolution.kind === 'internal' && resolution.problem !== undefined) broken.push({ link, resolution });
    }
    perNote.set(note, broken);
  }
  return broken;
}

/** A bare domain, which a browser reads as a path relative to the page: `github.com/x`, `www.x.com`. */
export const BARE_DOMAIN =
  /^(?:www\.[^\s/]+|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|org|net|io|ai|cn|dev|edu|gov|co|me|info|app|xyz|tech|top|cc|tv|us|uk|de|jp|fr|ru|in|so|sh|ly|gl|gg|to|site|blog|news|wiki|cloud|online|hk|tw|sg|kr|eu))(?::\d+)?(?:[/?#]|$)/i;
