// The real Jekyll and kramdown from Debian's packages, when installed: the ground truth for heading ids
// and link verdicts. Tests that need them skip with a message naming the packages otherwise.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporaryFolder } from './workspace';

export const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus');
export const corpusPresent = existsSync(join(CORPUS, '_posts'));
export const corpusAbsent = `../shared/corpus is absent (looked in ${CORPUS}): this test needs the 310 real notes`;

const KRAMDOWN_SCRIPT = join(__dirname, '..', 'oracle', 'kramdown-heading-ids.rb');

export const kramdownInstalled = spawnSync('ruby', ['-e', "require 'kramdown'; require 'kramdown-parser-gfm'"], { stdio: 'ignore' }).status === 0;
export const kramdownMissing = "Debian's kramdown is not installed: apt-get install -y ruby-kramdown-parser-gfm (or jekyll)";

export const jekyllInstalled = spawnSync('jekyll', ['--version'], { stdio: 'ignore' }).status === 0;
export const jekyllMissing = "Jekyll is not installed: apt-get install -y jekyll ruby-kramdown-parser-gfm";

/** Heading ids by file and line, from kramdown; `null` where kramdown writes no id. */
export function kramdownHeadingIds(files: string[]): Map<string, Map<number, string | null>> {
  const result = spawnSync('ruby', [KRAMDOWN_SCRIPT, ...files], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`kramdown-heading-ids.rb failed: ${result.stderr}`);
  const json = JSON.parse(result.stdout) as Record<string, [number, string | null][]>;
  return new Map(Object.entries(json).map(([file, headings]) => [file, new Map(headings.map(([line, id]) => [line, id === '' ? null : id]))]));
}

/**
 * Builds a copy of `source` with the real Jekyll, the way NOTE-FORMAT.md describes: a one-line layout
 * for every layout the notes name, an empty file for every `{% include %}`, and the lenient
 * `post_url` plugin. Returns the folder of the built site.
 */
export function buildWithJekyll(source: string): string {
  const work = temporaryFolder('dated-notes-jekyll-');
  const site = join(work, 'source');
  cpSync(source, site, { recursive: true });
  const layouts = new Set<string>(['default', 'post', 'page']);
  const includes = new Set<string>();
  for (const name of readdirSync(join(site, '_posts'))) {
    const text = readFileSync(join(site, '_posts', name), 'latin1');
    for (const match of text.matchAll(/^layout:\s*(\S+)/gm)) layouts.add(match[1]!);
    for (const match of text.matchAll(/\{%-?\s*include\s+(\S+)/g)) includes.add(match[1]!);
  }
  mkdirSync(join(site, '_layouts'), { recursive: true });
  for (const layout of layouts) writeFileSync(join(site, '_layouts', `${layout}.html`), '{{ content }}\n');
  mkdirSync(join(site, '_includes'), { recursive: true });
  for (const include of includes) writeFileSync(join(site, '_includes', include), '');
  mkdirSync(join(site, '_plugins'), { recursive: true });
  cpSync(join(__dirname, '..', 'oracle', 'lenient_post_url.rb'), join(site, '_plugins', 'lenient_post_url.rb'));
  const output = join(work, 'site');
  const result = spawnSync('jekyll', ['build', '--quiet', '--source', site, '--destination', output], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`jekyll build failed: ${result.stderr}`);
  return output;
}
