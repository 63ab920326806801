import { noteTitle, type Note } from '../model/note';
import { editDistance, nearest, nearestAmong, nearestCandidates, onlyClose, type NearestCandidates } from '../model/similarity';
import type { Workspace } from '../model/workspace';
import { BARE_DOMAIN, brokenLinks } from './links';
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
    for (const { link, resolution } of brokenLinks(note, workspace)) {
      if (resolution.problem !== 'page' || BARE_DOMAIN.test(link.destination)) continue; // a bare domain is link-no-scheme's finding
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
      const { listed, close } = suggestions(wanted, workspace);
      report({
        range: link.destinationRange,
        target: link.destination,
        message: `Unexpected link to \`${wanted}\`: no note or file has that URL${listed}`,
        fix: close === undefined || link.destination.includes('{') ? undefined : replacePath(link.destination, link.destinationRange, close, note, workspace),
      });
    }
  },
};

/**
 * The nearest URLs to a missing one, as the message lists them, and the one close enough to fix it
 * with. They depend on the site alone, so they are worked out once per site and URL: a broken link
 * is checked again on every keystroke in its note.
 */
function suggestions(wanted: string, workspace: Workspace): { listed: string; close?: string } {
  const site = siteUrls(workspace);
  let known = site.suggestions.get(wanted);
  if (!known) {
    const wantedForms = closeForms(comparable(wanted));
    const wantedLast = lastSegment(wanted);
    // `[x](image-generation)` written in a note at `/2022/11/30/agents/` means a page in that folder:
    // a note whose URL ends the same way is the likeliest target.
    const sameEnd = site.pages.filter((page) => page.last === wantedLast).map((page) => page.url);
    const similar = nearestAmong(wantedForms.text, site.comparables).map((key) => site.byComparable.get(key)!);
    const near = [...new Set([...sameEnd, ...similar])].slice(0, 3);
    const close = onlyClose(wanted, site.urls, (_, url) => {
      const page = site.byUrl.get(url)!;
      return page.last === wantedLast || isClose(wantedForms, page.comparable);
    });
    site.suggestions.set(wanted, (known = { listed: list(near, site, workspace), close }));
  }
  return known;
}

/** The notes' URLs in the forms the suggestions compare, once per workspace: every broken link reads them all. */
interface SiteUrls {
  /** A page per note with a URL, in the workspace's order (a URL that notes share comes again). */
  pages: Page[];
  /** Each URL once. */
  urls: string[];
  /** The first page with each URL. */
  byUrl: Map<string, Page>;
  /** The comparable forms, ready for `nearestAmong`. */
  comparables: NearestCandidates;
  /** The first URL with each comparable form. */
  byComparable: Map<string, string>;
  /** What `suggestions` found for each missing URL asked about. */
  suggestions: Map<string, { listed: string; close?: string }>;
}

interface Page {
  /** The note's path. */
  path: string;
  url: string;
  comparable: CloseForms;
  last: string;
}

/** Per site (URLs unchanged by edits that leave front matter alone), not per workspace version. */
const siteUrlsCache = new WeakMap<object, SiteUrls>();

function siteUrls(workspace: Workspace): SiteUrls {
  let site = siteUrlsCache.get(workspace.siteKey);
  if (!site) {
    const pages = [...workspace.urls].map(([path, url]) => ({ path, url, comparable: closeForms(comparable(url)), last: lastSegment(url) }));
    const byUrl = new Map<string, Page>();
    const byComparable = new Map<string, string>();
    for (const page of pages) {
      if (!byUrl.has(page.url)) byUrl.set(page.url, page);
      if (!byComparable.has(page.comparable.text)) byComparable.set(page.comparable.text, page.url);
    }
    site = { pages, urls: [...new Set(pages.map((page) => page.url))], byUrl, comparables: nearestCandidates(pages.map((page) => page.comparable.text)), byComparable, suggestions: new Map() };
    siteUrlsCache.set(workspace.siteKey, site);
  }
  return site;
}

/** URLs compared without the endings that name the same page. */
function comparable(url: string): string {
  return url.replace(/(?:\/|\.html|\/index\.html)$/, '');
}

function lastSegment(url: string): string {
  const path = comparable(url);
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A name in the forms `isClose` compares, made once per name rather than once per comparison. */
interface CloseForms {
  text: string;
  lower: string;
  /** With `-` for `_`. */
  dashed: string;
  /** In characters (code points). */
  length: number;
}

function closeForms(text: string): CloseForms {
  return { text, lower: text.toLowerCase(), dashed: text.replace(/_/g, '-'), length: [...text].length };
}

/** A typo of one or two characters, `_` written for `-` (or back), or another case. */
function isClose(wanted: CloseForms, candidate: CloseForms): boolean {
  if (wanted.lower === candidate.lower || wanted.dashed === candidate.dashed) return true;
  // In a name longer than 8 characters, a typo of two characters is still close.
  const allowed = wanted.length > 8 ? 2 : 1;
  // Every edit changes the length by at most one: most pages are ruled out without comparing.
  return Math.abs(wanted.length - candidate.length) <= allowed && editDistance(wanted.text, candidate.text, allowed) <= allowed;
}

/** `isClose`, for names compared once. */
export function isCloseName(wanted: string, candidate: string): boolean {
  return isClose(closeForms(wanted), closeForms(candidate));
}

function list(candidates: string[], site?: SiteUrls, workspace?: Workspace): string {
  if (candidates.length === 0) return '';
  const titled = candidates.map((url) => {
    const path = site?.byUrl.get(url)?.path;
    const note = path === undefined ? undefined : workspace?.notesByPath.get(path);
    return note && noteTitle(note) !== note.path ? `\`${url}\` (${noteTitle(note)})` : `\`${url}\``;
  });
  return `; nearest: ${titled.join(', ')}`;
}

/** The destination with its path replaced by `url`, keeping the query and fragment. */
function replacePath(destination: string, range: { start: number; end: number }, url: string, note: Note, workspace: Workspace) {
  const suffix = /[?#].*$/.exec(destination)?.[0] ?? '';
  const base = workspace.urls.get(note.path) ?? '/';
  const folder = base.slice(0, base.lastIndexOf('/') + 1);
  // Keep a relative link relative when the target is in the same folder of the site.
  const path = !destination.startsWith('/') && url.startsWith(folder) && !url.slice(folder.length).includes('/') ? url.slice(folder.length) : url;
  return { title: `Replace with \`${path}${suffix}\``, edits: [{ range, text: `${path}${suffix}` }] };
}
