// Our link verdicts against the real Jekyll's: build ../shared/corpus with Jekyll, then for every
// internal <a href> and <img src> in the output, compare what the built site says (the page or file
// exists, the id exists) with what we say for the same link in the source.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadWorkspace, type LoadedWorkspace } from '../server/src/files';
import type { Note } from '../server/src/model/note';
import { renderLiquid, resolveLink } from '../server/src/model/resolve';
import { outputPath } from '../server/src/model/site';
import { buildWithJekyll, CORPUS, corpusAbsent, corpusPresent, jekyllInstalled, jekyllMissing } from './helpers/oracle';

type Verdict = 'ok' | 'missing' | 'anchor';
const SITE = 'https://site.invalid';
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

const skip = !corpusPresent ? corpusAbsent : jekyllInstalled ? false : jekyllMissing;

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[name]!);
}

const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Internal links of a built page, without the table of contents and footnote links kramdown adds. */
function builtLinks(html: string): string[] {
  let body = html;
  const toc = body.indexOf('<ul id="markdown-toc">');
  if (toc !== -1) {
    let depth = 0;
    const tags = /<(\/?)ul\b[^>]*>/g;
    tags.lastIndex = toc;
    for (let match = tags.exec(body); match; match = tags.exec(body)) {
      depth += match[1] ? -1 : 1;
      if (depth === 0) {
        body = body.slice(0, toc) + body.slice(match.index + match[0].length);
        break;
      }
    }
  }
  const links: string[] = [];
  for (const tag of body.matchAll(/<(a|img)\s[^>]*>/gi)) {
    if (/class="(?:reverse)?footnote"/.test(tag[0])) continue;
    const attribute = tag[1]!.toLowerCase() === 'a' ? 'href' : 'src';
    const value = new RegExp(`\\s${attribute}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag[0]);
    if (!value) continue;
    const destination = unescapeHtml(value[1] ?? value[2] ?? value[3] ?? '').trim();
    if (SCHEME.test(destination) || destination.startsWith('//')) continue;
    links.push(destination);
  }
  return links;
}

describe('links against the real Jekyll', { skip }, () => {
  let site: string;
  let loaded: LoadedWorkspace;
  const idsCache = new Map<string, Set<string>>();

  before(() => {
    site = buildWithJekyll(CORPUS);
    loaded = loadWorkspace(CORPUS);
  });
  after(() => {
    if (site) rmSync(dirname(site), { recursive: true, force: true });
  });

  const ids = (file: string): Set<string> => {
    let found = idsCache.get(file);
    if (!found) {
      const html = readFileSync(file, 'utf8');
      found = new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((match) => unescapeHtml(match[1]!)));
      idsCache.set(file, found);
    }
    return found;
  };

  /** What the built site says of a link on the page at `pageUrl`. */
  const jekyllVerdict = (destination: string, pageUrl: string, pageFile: string): Verdict => {
    const hash = destination.indexOf('#');
    const path = (hash === -1 ? destination : destination.slice(0, hash)).replace(/\?.*$/, '');
    const fragment = hash === -1 ? undefined : decode(destination.slice(hash + 1));
    let target = pageFile;
    if (path !== '') {
      const resolved = new URL(path, SITE + encodeURI(pageUrl)).pathname.split('/').map(decode).join('/').replace(/^\/+/, '');
      const candidates = resolved === '' || resolved.endsWith('/') ? [`${resolved}index.html`] : [resolved, `${resolved}.html`, `${resolved}/index.html`];
      const found = candidates.map((candidate) => join(site, candidate)).find((file) => existsSync(file) && !file.endsWith('/'));
      if (!found) return 'missing';
      target = found;
    }
    if (fragment === undefined || fragment === '' || fragment === 'top' || !target.endsWith('.html')) return 'ok';
    return ids(target).has(fragment) ? 'ok' : 'anchor';
  };

  test('agree with Jekyll on at least 98% of internal links, and on broken ones with 98% recall and precision', () => {
    const { workspace } = loaded;
    let total = 0;
    let agreed = 0;
    let jekyllBroken = 0;
    let bothBroken = 0;
    let oursBroken = 0;
    const disagreements: string[] = [];
    for (const note of workspace.notes) {
      const url = workspace.urls.get(note.path);
      if (!url || !note.frontMatter || note.invalidUtf8 || note.path.startsWith('_posts/') === false) continue;
      // Notes that share an output file (permalink-duplicate) cannot be compared: Jekyll kept only one.
      if (workspace.notesByOutput.get(outputPath(url))!.length > 1) {
        disagreements.push(`${note.path}: skipped, it shares ${outputPath(url)} with another note`);
        continue;
      }
      const pageFile = join(site, outputPath(url));
      if (!existsSync(pageFile)) {
        disagreements.push(`${note.path}: Jekyll wrote no ${outputPath(url)} (our URL ${url})`);
        continue;
      }
      const ours = ourLinks(note);
      for (const destination of builtLinks(readFileSync(pageFile, 'utf8'))) {
        total++;
        const theirs = jekyllVerdict(destination, url, pageFile);
        if (theirs !== 'ok') jekyllBroken++;
        const index = ours.findIndex((link) => decode(link.href) === decode(destination));
        if (index === -1) {
          disagreements.push(`${note.path}: Jekyll ${theirs} \`${destination}\`, not a link in our model`);
          continue;
        }
        const [mine] = ours.splice(index, 1);
        if (mine!.verdict !== 'ok') {
          oursBroken++;
          if (theirs !== 'ok') bothBroken++;
        }
        if (mine!.verdict === theirs) agreed++;
        else disagreements.push(`${note.path}:${mine!.line}: Jekyll ${theirs}, ours ${mine!.verdict} \`${destination}\``);
      }
      // Our broken links that Jekyll's output does not have count against our precision.
      for (const link of ours) {
        if (link.verdict === 'ok') continue;
        oursBroken++;
        disagreements.push(`${note.path}:${link.line}: ours ${link.verdict} \`${link.href}\`, not a link in Jekyll's output`);
      }
    }
    const percent = (part: number, whole: number) => `${((100 * part) / Math.max(whole, 1)).toFixed(2)}%`;
    const recall = bothBroken / Math.max(jekyllBroken, 1);
    const precision = bothBroken / Math.max(oursBroken, 1);
    console.log(`internal links in Jekyll's output: ${total}; agreement ${agreed} (${percent(agreed, total)})`);
    console.log(`broken per Jekyll: ${jekyllBroken}; per us: ${oursBroken}; both: ${bothBroken}; recall ${percent(bothBroken, jekyllBroken)}, precision ${percent(bothBroken, oursBroken)}`);
    console.log(`disagreements (${disagreements.length}):`);
    for (const line of disagreements) console.log(`  ${line}`);
    assert.ok(total > 1000, `expected thousands of internal links, found ${total}`);
    assert.ok(agreed / total >= 0.98, `agreement ${percent(agreed, total)} is below 98%`);
    assert.ok(recall >= 0.98, `recall ${(recall * 100).toFixed(2)}% is below 98%`);
    assert.ok(precision >= 0.98, `precision ${(precision * 100).toFixed(2)}% is below 98%`);
  });

  /** Our internal links of a note with the href Jekyll writes for each, and our verdict. */
  function ourLinks(note: Note): { href: string; verdict: Verdict; line: number }[] {
    const links: { href: string; verdict: Verdict; line: number }[] = [];
    for (const link of note.links) {
      if (link.kind === 'definition') continue;
      const resolution = resolveLink(link, note, loaded.workspace);
      if (resolution.kind === 'external') continue;
      // The href Jekyll writes: the destination with its Liquid rendered (see lenient_post_url.rb).
      let href = renderLiquid(link.destination.trim(), loaded.workspace).text.replace(/\{%-?\s*post_url\s+(\S+?)\s*-?%\}/g, '/__missing_post__/$1');
      if (link.kind === 'post-url') href = resolution.note ? loaded.workspace.urls.get(resolution.note.path)! : `/__missing_post__/${link.destination}`;
      const verdict: Verdict = resolution.problem === undefined ? 'ok' : resolution.problem === 'anchor' ? 'anchor' : 'missing';
      links.push({ href, verdict, line: note.lines.position(link.range.start).line + 1 });
    }
    return links;
  }
});
