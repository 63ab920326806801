// `dated-notes`: the command line over the same core as the language server.
import { renameSync, statSync, unlinkSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../../package.json';
import { ConfigError } from '../config';
import { findRoot, loadWorkspace, type LoadedWorkspace } from '../files';
import { cacheFolder, readCachedRun, runKey, writeCachedRun } from './cache';
import { todayParts } from '../model/dates';
import { noteFromText, type Note } from '../model/note';
import { fixWorkspace, lintNote, type RuleFailure } from '../lint';
import type { RuleContext } from '../rules/rule';
import { buildTimeline, DateBoundError } from '../timeline';
import { encodeNote } from '../model/text';
import { noColors, stylish, terminalColors, timelineJson, timelineText, toJson, type FileFindings } from './format';

const HELP = `Usage: dated-notes <command> [options] [paths...]

Commands:
  lint [paths...]       Check notes (default: the current folder) and print findings
  timeline [paths...]   List every dated entry, newest first

Options for lint:
  --format stylish|json   Output format (default: stylish)
  --fix                   Apply every safe fix and write the changed notes
  --config FILE           Use this configuration instead of <root>/.dated-notes.json
  --quiet                 Report errors only
  --no-cache              Read every note afresh, and neither read nor write the cache
                          (kept in $DATED_NOTES_CACHE_DIR, else ~/.cache/dated-notes, never
                          in the workspace; a run whose inputs are all unchanged reuses it)

Options for timeline:
  --format text|json      Output format (default: text)
  --config FILE           As for lint

  --help                  Show this help
  --version               Show the version

The workspace root is the nearest folder with .dated-notes.json or _config.yml.
Exit status: 0 when no finding is an error, 1 when one is, 2 for usage or configuration errors.
`;

class UsageError extends Error {}

interface Io {
  out(text: string): void;
  err(text: string): void;
  colors: boolean;
  cwd: string;
}

export function run(argv: string[], io: Io): number {
  try {
    return runCommand(argv, io);
  } catch (error) {
    // (A RangeError is no user's mistake: a stack overflow is one.)
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof DateBoundError) {
      io.err(`dated-notes: ${error.message}\n`);
      if (error instanceof UsageError) io.err(`Run 'dated-notes --help' for usage.\n`);
      return 2;
    }
    io.err(`dated-notes: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

function runCommand(argv: string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        config: { type: 'string' },
        quiet: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.out(`${packageJson.version}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || command === undefined) {
    io.out(HELP);
    return values.help ? 0 : 2;
  }
  if (paths.length === 0) paths.push('.');
  const configFile = values.config === undefined ? undefined : resolve(io.cwd, values.config);
  if (configFile && !existsSync(configFile)) throw new UsageError(`no configuration file at ${values.config}`);
  switch (command) {
    case 'lint': {
      const options = { format: values.format ?? 'stylish', fix: values.fix ?? false, quiet: values.quiet ?? false, configFile };
      // --fix writes notes: it always runs afresh.
      if (options.fix || values['no-cache']) return lint(paths, options, io);
      return cachedLint(argv, paths, options, io);
    }
    case 'timeline':
      return timeline(paths, values.format ?? 'text', configFile, io);
    default:
      throw new UsageError(`unknown command '${command}' (expected 'lint' or 'timeline')`);
  }
}

/** The paths (made absolute) by the workspace root each belongs to. */
function pathsByRoot(paths: string[], io: Io): Map<string, string[]> {
  const byRoot = new Map<string, string[]>();
  for (const path of paths) {
    const absolute = resolve(io.cwd, path);
    if (!existsSync(absolute)) throw new UsageError(`no such file or folder: ${path}`);
    const root = findRoot(absolute);
    byRoot.set(root, [...(byRoot.get(root) ?? []), absolute]);
  }
  return byRoot;
}

/** The workspaces the paths belong to, each with the notes the paths name. */
function selectNotes(paths: string[], io: Io, configFile: string | undefined): { loaded: LoadedWorkspace; selected: Note[] }[] {
  return [...pathsByRoot(paths, io)].map(([root, absolutes]) => {
    const loaded = loadWorkspace(root, configFile);
    const wanted = absolutes.map((absolute) => relative(root, absolute).split(sep).join('/'));
    const selected = loaded.workspace.notes.filter((note) => wanted.some((want) => want === '' || note.path === want || note.path.startsWith(`${want}/`)));
    return { loaded, selected };
  });
}

function displayPath(io: Io, root: string, note: Note): string {
  return relative(io.cwd, join(root, note.path)).split(sep).join('/');
}

type LintOptions = { format: string; fix: boolean; quiet: boolean; configFile?: string };

/** `lint` through the cache: when nothing it reads has changed, the output of the last same run. */
function cachedLint(argv: string[], paths: string[], options: LintOptions, io: Io): number {
  const roots = [...pathsByRoot(paths, io).keys()];
  const today = todayParts();
  const command = { argv, cwd: io.cwd, colors: io.colors, today: `${today.year}-${today.month}-${today.day}` };
  const folder = cacheFolder();
  const key = runKey(command, roots.map((root) => ({ root, configFile: options.configFile })));
  const cached = readCachedRun(folder, command, key);
  if (cached) {
    io.out(cached.stdout);
    return cached.status;
  }
  let stdout = '';
  let stderr = false;
  const status = lint(paths, options, { ...io, out: (text) => (stdout += text), err: (text) => ((stderr = true), io.err(text)) });
  io.out(stdout);
  // The cache replays stdout only: a run that had something to say on stderr (a rule that failed) is not kept.
  if (!stderr) writeCachedRun(folder, command, key, { status, stdout });
  return status;
}

/**
 * A rule that throws: the lint core turns it into an error finding at 1:1 of the note (so the exit
 * status is 1 and JSON consumers see it) and the other rules still run; stderr says which rule failed
 * on which note, once per rule and note.
 */
function ruleFailures(io: Io, root: string): RuleFailure {
  const told = new Set<string>();
  return (rule, error, note) => {
    const file = relative(io.cwd, join(root, note.path)).split(sep).join('/');
    if (told.has(`${rule}\0${file}`)) return;
    told.add(`${rule}\0${file}`);
    io.err(`dated-notes: rule ${rule} failed on ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
  };
}

function lint(paths: string[], options: LintOptions, io: Io): number {
  if (options.format !== 'stylish' && options.format !== 'json') throw new UsageError(`unknown format '${options.format}' for lint (expected 'stylish' or 'json')`);
  const today = todayParts();
  const files: FileFindings[] = [];
  for (const { loaded, selected } of selectNotes(paths, io, options.configFile)) {
    for (const { file, text, problems } of loaded.dictionaryProblems) {
      const findings = problems.map((problem) => ({ rule: 'entity-dictionary', severity: 'error' as const, range: problem.range, message: problem.message }));
      files.push({ file: relative(io.cwd, join(loaded.root, file)).split(sep).join('/'), note: noteFromText(file, text), findings });
    }
    let context: RuleContext = { workspace: loaded.workspace, config: loaded.config, today };
    let notes = selected;
    const failed = ruleFailures(io, loaded.root);
    if (options.fix) ({ context, notes } = fixNotes(loaded, context, selected, failed));
    for (const note of notes) {
      let findings = lintNote(note, context, undefined, failed);
      if (options.quiet) findings = findings.filter((finding) => finding.severity === 'error');
      files.push({ file: displayPath(io, loaded.root, note), note, findings });
    }
  }
  if (options.format === 'json') io.out(JSON.stringify(toJson(files), null, 2) + '\n');
  else io.out(stylish(files, io.colors ? terminalColors : noColors));
  return files.some((file) => file.findings.some((finding) => finding.severity === 'error')) ? 1 : 0;
}

function fixNotes(loaded: LoadedWorkspace, context: RuleContext, selected: Note[], failed: RuleFailure): { context: RuleContext; notes: Note[] } {
  const fixed = fixWorkspace(context, selected, undefined, failed);
  selected.forEach((before, i) => {
    const after = fixed.notes[i]!;
    if (after !== before) writeAtomically(join(loaded.root, after.path), encodeNote(after.text, after.bom));
  });
  return fixed;
}

/** Write to a temporary file beside the target, then rename: a crash never leaves half a note. */
function writeAtomically(path: string, bytes: Buffer): void {
  const temporary = `${path}.dated-notes-${process.pid}.tmp`;
  try {
    writeFileSync(temporary, bytes, { flag: 'wx' });
    chmodSync(temporary, statSync(path).mode);
    renameSync(temporary, path);
  } catch (error) {
    if (existsSync(temporary)) unlinkSync(temporary);
    throw error;
  }
}

function timeline(paths: string[], format: string, configFile: string | undefined, io: Io): number {
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format '${format}' for timeline (expected 'text' or 'json')`);
  const entries = selectNotes(paths, io, configFile).flatMap(({ loaded, selected }) => {
    const wanted = new Set(selected);
    return buildTimeline(loaded.workspace)
      .filter((entry) => wanted.has(entry.note))
      .map((entry) => ({ entry, file: displayPath(io, loaded.root, entry.note) }));
  });
  const files = new Map(entries.map(({ entry, file }) => [entry.note, file]));
  const sorted = entries.map(({ entry }) => entry);
  if (format === 'json') io.out(JSON.stringify(timelineJson(sorted, (note) => files.get(note)!), null, 2) + '\n');
  else io.out(timelineText(sorted, (note) => files.get(note)!, io.colors ? terminalColors : noColors));
  return 0;
}

if (require.main === module) {
  const colors = process.stdout.isTTY === true && !('NO_COLOR' in process.env);
  const code = run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    colors,
    cwd: process.cwd(),
  });
  process.exitCode = code;
}
