// Where a link leads, resolved the way the built site does: relative destinations against the note's
// URL as a browser resolves them, percent-encoding decoded, `?query` ignored, `/x` served by `x.html`
// or `x/index.html`, fragments matched case-sensitively against kramdown's heading ids and the ids in
// raw HTML. Nothing is read from disk: a destination outside the workspace is simply missing.
import { textPieces, type Link, type Note } from './note';
import type { Workspace } from './workspace';
import { Memo } from './memo';

export type LinkProblem = 'page' | 'file' | 'anchor';

export type Resolution =
  | { kind: 'external' }
  | {
      kind: 'internal';
      /** The decoded site path the link leads to (`/aigc`), or the Liquid tag's argument. */
      path: string;
      /** The decoded fragment, when the destination has one. */
      fragment?: string;
      /** The note it leads to (the same note for `#fragment` alone). */
      note?: Note;
      /** The static file it leads to, relative to the root. */
      file?: string;
      problem?: LinkProblem;
    };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const SITE = 'https://site.invalid';
/** Extensions of files that are pages; any other extension makes a missing target a missing file. */
const PAGE_EXTENSION = /\.html?$/i;

/**
 * Where a link leads on the site, before its fragment is looked up: `note` is the target's path. It
 * depends only on the link's destination and the site's URLs and files, which an edit that leaves
 * front matter alone does not change (see Workspace.siteKey): it is kept on the link, for the site it was
 * worked out for, and not worked out again on every keystroke.
 */
type SiteTarget = { kind: 'external' } | (Omit<Extract<Resolution, { kind: 'internal' }>, 'note' | 'problem'> & { note?: string; problem?: Exclude<LinkProblem, 'anchor'> });

const siteTargets = new Memo<Link, { site: object; destination: string; target: SiteTarget }>('site target');

export function resolveLink(link: Link, note: Note, workspace: Workspace): Resolution {
  let known = siteTargets.get(link);
  // A reference's destination is its definition's, which an edit elsewhere in the note can change.
  if (!known || known.site !== workspace.siteKey || known.destination !== link.destination) {
    known = siteTargets.set(link, { site: workspace.siteKey, destination: link.destination, target: siteTarget(link, note, workspace) });
  }
  const { target } = known;
  if (target.kind === 'external') return target;
  // The note as it is now, and its anchors: those change as it is edited.
  const targetNote = target.note === undefined ? undefined : target.note === note.path ? note : workspace.notesByPath.get(target.note);
  const resolution = { ...target, note: targetNote };
  if (target.fragment !== undefined && targetNote && target.problem === undefined && !hasAnchor(targetNote, target.fragment)) return { ...resolution, problem: 'anchor' };
  return resolution;
}

function siteTarget(link: Link, note: Note, workspace: Workspace): SiteTarget {
  if (link.kind === 'post-url' || link.kind === 'liquid-link') {
    const target = liquidTarget(link.kind === 'post-url' ? 'post_url' : 'link', link.destination, workspace);
    if (!target) return { kind: 'internal', path: link.destination, problem: link.kind === 'post-url' || /\.(?:md|markdown|html?)$/.test(link.destination) ? 'page' : 'file' };
    return { kind: 'internal', path: target.url, note: target.note, file: target.file };
  }
  // Only ASCII spaces are trimmed, as in HTML attributes: an invisible character stays in the URL.
  const rendered = renderLiquid(link.destination.replace(/^[ \t\n\r\f]+|[ \t\n\r\f]+$/g, ''), workspace);
  if (rendered.missing) return { kind: 'internal', path: rendered.missing, problem: 'page' };
  const destination = rendered.text;
  // Autolinks are absolute by definition; kramdown does not link bare URLs at all, so for Jekyll
  // these are text, and when they are links elsewhere they lead off the site.
  if (link.kind === 'autolink' || link.kind === 'bare-url') return { kind: 'external' };
  if (SCHEME.test(destination) || destination.startsWith('//')) return { kind: 'external' };
  const hash = destination.indexOf('#');
  const pathPart = (hash === -1 ? destination : destination.slice(0, hash)).replace(/\?.*$/, '');
  const fragment = hash === -1 ? undefined : decode(destination.slice(hash + 1));
  const base = workspace.urls.get(note.path) ?? `/${note.path}`;
  if (pathPart === '') return { kind: 'internal', note: note.path, path: base, fragment };
  let url: URL;
  try {
    url = new URL(pathPart, SITE + encodeURI(base));
  } catch {
    return { kind: 'internal', path: pathPart, fragment, problem: 'page' };
  }
  const path = url.pathname.split('/').map(decode).join('/');
  const target = findTarget(path, workspace);
  if (target.note === undefined && target.file === undefined) {
    const image = link.kind === 'image' || link.kind === 'image-reference' || link.kind === 'html-image';
    const extension = /\.[a-z0-9]+$/i.test(path.slice(path.lastIndexOf('/') + 1));
    const problem = image || (extension && !PAGE_EXTENSION.test(path)) ? 'file' : 'page';
    return { kind: 'internal', path, fragment, problem };
  }
  return { kind: 'internal', path, ...target, fragment };
}

/** The note (its path) or file a `{% post_url NAME %}` or `{% link PATH %}` names, with its URL. */
function liquidTarget(tag: 'post_url' | 'link', argument: string, workspace: Workspace): { url: string; note?: string; file?: string } | undefined {
  if (tag === 'post_url') {
    const path = workspace.postsByName.get(argument);
    return path === undefined ? undefined : { url: workspace.urls.get(path)!, note: path };
  }
  const path = argument.replace(/^\/+/, '');
  if (workspace.notesByPath.has(path)) return { url: workspace.urls.get(path)!, note: path };
  return workspace.staticFiles.has(path) ? { url: `/${path}`, file: path } : undefined;
}

const LIQUID_IN_DESTINATION = /\{\{-?\s*site\.(?:url|baseurl)\s*-?\}\}|\{%-?\s*(post_url|link)\s+(\S+?)\s*-?%\}|\{\{-?\s*(?:'([^']*)'|"([^"]*)")\s*\|\s*(?:relative_url|absolute_url)\s*-?\}\}/g;

/**
 * A destination as Jekyll renders its Liquid: `{{ site.url }}` and `{{ site.baseurl }}` are left out
 * (note URLs here are relative to the site), `{{ '/x' | relative_url }}` is `/x`, and `{% post_url %}`
 * and `{% link %}` become their target's URL.
 * `missing` names the tag's argument when that target does not exist.
 */
export function renderLiquid(destination: string, workspace: Workspace): { text: string; missing?: string } {
  if (!destination.includes('{')) return { text: destination };
  let missing: string | undefined;
  const text = destination.replace(LIQUID_IN_DESTINATION, (whole, tag?: 'post_url' | 'link', argument?: string, single?: string, double?: string) => {
    if (single !== undefined || double !== undefined) return single ?? double!;
    if (tag === undefined) return '';
    const target = liquidTarget(tag, argument!, workspace);
    missing ??= target ? undefined : argument;
    return target?.url ?? whole;
  });
  return { text, missing };
}

/** `/x` is served by `x`, `x.html` or `x/index.html`; `/x/` only by `x/index.html`. */
function findTarget(path: string, workspace: Workspace): { note?: string; file?: string } {
  const relative = path.replace(/^\/+/, '');
  const candidates = relative === '' || relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}.html`, `${relative}/index.html`];
  for (const candidate of candidates) {
    const paths = workspace.notesByOutput.get(candidate);
    if (paths?.length) return { note: paths[0] };
    if (workspace.staticFiles.has(candidate)) return { file: candidate };
  }
  return {};
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const anchorCache = new Memo<Note, Set<string>>('anchor ids');

/** Every id a link's fragment can name in the note. */
export function anchorIds(note: Note): Set<string> {
  let ids = anchorCache.get(note);
  if (!ids) {
    ids = new Set<string>();
    for (const heading of note.headings) if (heading.id !== undefined) ids.add(heading.id);
    for (const id of note.htmlIds) ids.add(id);
    // kramdown's table of contents (`{:toc}`) is a list with this id.
    // (Searched piece by piece: the pieces of a note being edited begin at line starts.)
    if (textPieces(note).some((piece) => /^\{:toc\}\s*$/m.test(piece))) ids.add('markdown-toc');
    anchorCache.set(note, ids);
  }
  return ids;
}

/** An empty fragment and `#top` lead to the top of any page, as browsers do. */
function hasAnchor(note: Note, fragment: string): boolean {
  return fragment === '' || fragment === 'top' || anchorIds(note).has(fragment);
}
