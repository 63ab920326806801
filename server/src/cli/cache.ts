// The CLI's cache: a `lint` whose every input is unchanged prints what it printed before, without
// reading a note as Markdown. The inputs are the tool itself, the command line, the folder it runs
// in, the day (`date-future`), and for each workspace its configuration, `_config.yml`, the list of
// its files and the bytes of every note and dictionary: cross-note rules make every note's findings
// depend on all the others, so one changed byte anywhere means a fresh run.
// The cache lives in the user's cache folder, never in the workspace: the CLI writes notes only
// with --fix.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_DICTIONARY, listFiles, loadConfig } from '../files';

export interface CachedRun {
  status: number;
  stdout: string;
}

/** `DATED_NOTES_CACHE_DIR`, else `$XDG_CACHE_HOME/dated-notes`, else `~/.cache/dated-notes`. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATED_NOTES_CACHE_DIR) return env.DATED_NOTES_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dated-notes');
}

/** What identifies a run: its output depends on nothing else. */
export function runKey(command: { argv: string[]; cwd: string; colors: boolean; today: string }, roots: { root: string; configFile?: string }[]): string {
  const hash = createHash('sha256');
  const readOrEmpty = fileReader();
  const add = (label: string, data: string | Uint8Array) => {
    hash.update(`${label}\0${data.length}\0`);
    hash.update(data);
  };
  // The running code: any change to the tool makes a new key, released or not.
  add('tool', readOrEmpty(__filename));
  add('command', JSON.stringify(command));
  for (const { root, configFile } of roots) {
    add('root', root);
    const config = loadConfig(root, configFile);
    add('config', JSON.stringify(config));
    add('site', readOrEmpty(join(root, '_config.yml')));
    const files = listFiles(root, config);
    add('others', files.others.join('\n'));
    for (const path of files.notes) {
      add('note', path);
      add('bytes', readOrEmpty(join(root, path)));
    }
    for (const file of config.entities.files ?? [DEFAULT_DICTIONARY]) add('dictionary', readOrEmpty(resolve(root, file)));
  }
  return hash.digest('hex');
}

/** One entry per command line and folder: a new run of the same command replaces the old one. */
function entryPath(folder: string, command: { argv: string[]; cwd: string }): string {
  return join(folder, `${createHash('sha1').update(JSON.stringify([command.cwd, command.argv])).digest('hex')}.json`);
}

export function readCachedRun(folder: string, command: { argv: string[]; cwd: string }, key: string): CachedRun | undefined {
  try {
    const entry = JSON.parse(readFileSync(entryPath(folder, command), 'utf8')) as { key?: unknown; status?: unknown; stdout?: unknown };
    if (entry.key === key && typeof entry.status === 'number' && typeof entry.stdout === 'string') return { status: entry.status, stdout: entry.stdout };
  } catch {
    // No entry, or an unreadable one: run afresh.
  }
  return undefined;
}

/** Best effort: a cache that cannot be written (read-only home, full disk) only costs speed. */
export function writeCachedRun(folder: string, command: { argv: string[]; cwd: string }, key: string, run: CachedRun): void {
  try {
    mkdirSync(folder, { recursive: true });
    const path = entryPath(folder, command);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ key, ...run }));
    renameSync(temporary, path);
  } catch {
    // Left alone on purpose: see above.
  }
}

/**
 * A reader of whole files into one buffer, reused from file to file: its result is valid until the next
 * call (`add` hashes it at once). A fresh buffer per file, 33 MB for the corpus, cost more in new memory
 * pages than the reading itself (a one-off script read and hashed the corpus in 167–268 ms that way,
 * in 45–53 ms with one buffer). A file that cannot be read is empty.
 */
function fileReader(): (path: string) => Uint8Array {
  let buffer = Buffer.allocUnsafe(1 << 20);
  return (path) => {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const size = fstatSync(fd).size;
      if (size >= buffer.length) buffer = Buffer.allocUnsafe(size + 1);
      // Until the end of the file, wherever it is now: a file may grow while it is read.
      let length = 0;
      for (let read; (read = readSync(fd, buffer, length, buffer.length - length, null)) > 0; ) {
        length += read;
        if (length === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      }
      return buffer.subarray(0, length);
    } catch {
      return new Uint8Array();
    } finally {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // Read already: a failed close costs nothing here.
      }
    }
  };
}
