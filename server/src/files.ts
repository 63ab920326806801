// The file system side of the core: finding the site root, reading its configuration and its notes.
// Everything below this layer works on strings and parsed notes.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { parseDocument } from 'yaml';
import { CONFIG_FILE, ConfigError, defaultConfig, parseConfig, type Config } from './config';
import { parseDictionary, type DictionaryProblem, type Entity } from './entities/dictionary';
import { noteFromBytes, type Note } from './model/note';
import { DEFAULT_PERMALINK } from './model/site';
import { buildWorkspace, type Workspace } from './model/workspace';
import { ruleIds } from './rules/index';

/** Folders that never hold notes: Jekyll's output and caches, dependencies, version control. */
export const SKIPPED_FOLDERS = new Set(['_site', 'node_modules', '.git', 'vendor', '.jekyll-cache', '.sass-cache']);
const NOTE_FILE = /\.(?:md|markdown)$/i;

/** The nearest folder at or above `path` with `.dated-notes.json` or `_config.yml`, else `path`'s folder. */
export function findRoot(path: string): string {
  const start = resolve(path);
  let folder = isDirectory(start) ? start : dirname(start);
  for (;;) {
    if (existsSync(join(folder, CONFIG_FILE)) || existsSync(join(folder, '_config.yml'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return isDirectory(start) ? start : dirname(start);
    folder = parent;
  }
}

export function loadConfig(root: string, file = join(root, CONFIG_FILE)): Config {
  if (!existsSync(file)) return defaultConfig();
  const shown = relative(process.cwd(), file) || file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(shown, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseConfig(json, shown, ruleIds);
}

/** `_config.yml`'s `permalink` (Jekyll's default style when unset or unreadable). */
export function loadPermalink(root: string): string {
  const file = join(root, '_config.yml');
  if (!existsSync(file)) return DEFAULT_PERMALINK;
  const value = parseDocument(readFileSync(file, 'utf8'), { version: '1.1', uniqueKeys: false }).get('permalink');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : DEFAULT_PERMALINK;
}

/**
 * Every file below the root, relative to it with `/`, sorted: the notes (without ignored ones) and the
 * other files, which links may point at.
 */
export function listFiles(root: string, config: Config): { notes: string[]; others: string[] } {
  const ignored = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : () => false;
  const notes: string[] = [];
  const others: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (!entry.isFile()) {
        continue;
      } else if (NOTE_FILE.test(entry.name)) {
        if (!ignored(rel)) notes.push(rel);
      } else {
        others.push(rel);
      }
    }
  };
  walk(root);
  return { notes: notes.sort(), others: others.sort() };
}

export interface LoadedWorkspace {
  root: string;
  config: Config;
  workspace: Workspace;
  /** What is wrong in the user's dictionaries, by file (relative to the root) with its text. */
  dictionaryProblems: { file: string; text: string; problems: DictionaryProblem[] }[];
}

export const DEFAULT_DICTIONARY = '.dated-notes/entities.yaml';

/** The user's dictionaries (`entities.files`, else `.dated-notes/entities.yaml` when it exists). */
export function loadUserEntities(root: string, config: Config): { entities: Entity[]; problems: LoadedWorkspace['dictionaryProblems']; texts: Map<string, string> } {
  const files = config.entities.files ?? (existsSync(join(root, DEFAULT_DICTIONARY)) ? [DEFAULT_DICTIONARY] : []);
  const entities: Entity[] = [];
  const problems: LoadedWorkspace['dictionaryProblems'] = [];
  const texts = new Map<string, string>();
  for (const file of files) {
    const path = resolve(root, file);
    // Dictionaries are read from inside the workspace only: configuration never reaches out of it.
    if (!insideWorkspace(root, path)) {
      const why = existsSync(path) ? 'it leads outside the workspace (a symbolic link), and is not read' : 'no such file in the workspace';
      problems.push({ file, text: '', problems: [{ file, range: { start: 0, end: 0 }, message: `Unexpected dictionary \`${file}\`: ${why}` }] });
      continue;
    }
    const text = readFileSync(path, 'utf8');
    texts.set(file, text);
    const parsed = parseDictionary(text, file);
    for (const entity of parsed.entities) entities.push(entity);
    if (parsed.problems.length > 0) problems.push({ file, text, problems: parsed.problems });
  }
  return { entities, problems, texts };
}

export function loadWorkspace(root: string, configFile?: string): LoadedWorkspace {
  const config = loadConfig(root, configFile);
  const files = listFiles(root, config);
  const notes: Note[] = files.notes.map((path) => noteFromBytes(path, readFileSync(join(root, path))));
  const user = loadUserEntities(root, config);
  return { root, config, workspace: buildWorkspace(notes, loadPermalink(root), files.others, user.entities), dictionaryProblems: user.problems };
}

/**
 * True when `path` is an existing file whose real location (symbolic links followed) is inside the
 * real root: the only files the tool reads besides the notes it lists, which are never links.
 */
export function insideWorkspace(root: string, path: string): boolean {
  try {
    const real = realpathSync(path);
    const within = relative(realpathSync(root), real);
    return within !== '' && within !== '..' && !within.startsWith(`..${sep}`) && !isAbsolute(within) && statSync(real).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
