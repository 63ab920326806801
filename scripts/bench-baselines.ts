// The peer tools, measured on the same corpus in the same run as our own figures (scripts/bench.ts):
// markdownlint-cli2, VS Code's own Markdown language service, and Jekyll itself.
// `npx tsx scripts/bench-baselines.ts [root]` prints all four (default root ../shared/corpus).
//
// None of them may write into the corpus: each run compares a listing of it (path, size, mtime)
// before and after, and throws if anything changed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { MarkdownIt, Token } from 'markdown-it';
import type { DiagnosticOptions, IMdLanguageService, ITextDocument, IWorkspace } from 'vscode-markdown-languageservice';
import type { TextDocument } from 'vscode-languageserver-textdocument';

const REPO = join(__dirname, '..');
const MB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** Every file and folder under `root`, relative to it, with size and mtime: what "unchanged" means. */
function listing(root: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const path of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const stat = statSync(join(root, path));
    entries.set(path, stat.isDirectory() ? 'dir' : `${stat.size} ${stat.mtimeMs}`);
  }
  return entries;
}

/** Runs `run`, then throws if it left anything in `root` created, deleted or modified. */
function leavesUntouched<T>(root: string, tool: string, run: () => T): T {
  const before = listing(root);
  const result = run();
  const after = listing(root);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((path) => before.get(path) !== after.get(path));
  if (changed.length > 0) throw new Error(`${tool} changed ${changed.length} entries in ${root}: ${changed.slice(0, 10).join(', ')}`);
  return result;
}

function markdownFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.md') && statSync(join(root, path)).isFile())
    .sort();
}

const tail = (text: string | null | undefined) => (text ?? '').trim().split('\n').slice(-20).join('\n');

// ---------------------------------------------------------------------------------------------
// markdownlint-cli2

/** The JS entry of the markdownlint-cli2 binary, from its package.json (its exports do not list the bin). */
function markdownlintBin(): string {
  const main = require.resolve('markdownlint-cli2');
  const manifest = JSON.parse(readFileSync(join(dirname(main), 'package.json'), 'utf8')) as { bin: Record<string, string> };
  return join(dirname(main), manifest.bin['markdownlint-cli2']!);
}

/**
 * markdownlint-cli2 over every `.md` under `root`, as its own process (startup included, as a user
 * would run it). It exits 1 when it finds problems, which on real notes it always does: only exit 2
 * (its own failure) or a missing summary line means it did not run.
 */
export function markdownlintCorpus(root: string): { ms: number; files: number; problems: number } {
  // A --config of our own, written outside the corpus, so that the run uses markdownlint's defaults
  // (every rule on) and never fixes files; there are no output formatters, so it writes no report
  // files either, only its default list of problems on stderr. (A `.markdownlint*` file inside the
  // corpus would still take precedence; the corpus has none.)
  const configDir = mkdtempSync(join(tmpdir(), 'dated-notes-markdownlint-'));
  const config = join(configDir, '.markdownlint-cli2.jsonc');
  writeFileSync(config, JSON.stringify({ config: { default: true }, fix: false }));
  try {
    return leavesUntouched(root, 'markdownlint-cli2', () => {
      const start = performance.now();
      const result = spawnSync(process.execPath, [markdownlintBin(), '--config', config, '**/*.md', '#node_modules'], {
        cwd: root,
        encoding: 'utf8',
        // It lists every problem on stderr: 23 MB on the corpus.
        maxBuffer: 1024 * MB,
      });
      const ms = performance.now() - start;
      const files = /^Linting: (\d+) file/m.exec(result.stdout ?? '');
      const problems = /^Summary: (\d+) error/m.exec(result.stdout ?? '');
      if (result.error || (result.status !== 0 && result.status !== 1) || !files || !problems) {
        throw new Error(`markdownlint-cli2 did not run (status ${result.status}, ${result.error ?? 'no error'}):\n${tail(result.stdout)}\n${tail(result.stderr)}`);
      }
      return { ms, files: Number(files[1]), problems: Number(problems[1]) };
    });
  } finally {
    rmSync(configDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// VS Code's Markdown language service (vscode-markdown-languageservice)
//
// It runs in a child process (this file again, under tsx, with `--child`), so that the RSS it reports
// is the service's and not the benchmark's, and so that "cold" really is cold (no module or JIT
// warmed by an earlier measurement). The child prints one line of JSON on stdout.

type ColdResult = { ms: number; rssMb: number; baseRssMb: number; notes: number; diagnostics: number };
type KeystrokeResult = { samples: number[] };
type RemarkResult = { ms: number; notes: number; chars: number };

/**
 * The plain remark parse of every note under `root` (files already read), in a process of its own so
 * that its garbage does not weigh on what is measured next. The baseline of the speed goals.
 */
export function remarkCorpus(root: string): RemarkResult {
  return runChild<RemarkResult>(['remark', resolve(root)]);
}

function runChild<T>(args: string[]): T {
  const result = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', ...args], {
    // `--import tsx` resolves tsx from the working directory: the repo's node_modules.
    cwd: REPO,
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const last = (result.stdout ?? '').trim().split('\n').at(-1);
  if (result.status !== 0 || !last) throw new Error(`child ${args.join(' ')} failed (status ${result.status}):\n${tail(result.stderr)}`);
  return JSON.parse(last) as T;
}

/**
 * The plain remark parse of one note, `runs` times, in a process of its own: parsing the largest note
 * five times leaves a heap of garbage, which would otherwise be collected during the server's timings.
 */
export function remarkNote(path: string, runs: number): number[] {
  return runChild<KeystrokeResult>(['remark-note', resolve(path), '', String(runs)]).samples;
}

/**
 * A note's text made anew with one character typed into (or deleted from) its middle, and read once,
 * `runs` times, in a process of its own: what V8 does on every keystroke before a server reads the new
 * text (vscode-languageserver-textdocument joins the pieces; the first read copies them into one
 * string). Past 128 KB that string is a large object, given fresh pages by the kernel, whose cost varies
 * from machine to machine: this row tells how dear they are in the run that times the keystrokes.
 */
export function textCopy(path: string, runs: number): number[] {
  return runChild<KeystrokeResult>(['text-copy', resolve(path), '', String(runs)]).samples;
}

/**
 * Cold pass of VS Code's Markdown language service, all of it timed: load the service's modules, read
 * every note into an in-memory workspace, create the service, and compute diagnostics (all link checks
 * on) for every note, one after another.
 * `rssMb` is the child's RSS afterwards; `baseRssMb` its RSS before loading the service (node + tsx).
 */
export function vscodeMarkdownServiceCold(root: string): { ms: number; rssMb: number; baseRssMb: number; notes: number; diagnostics: number } {
  return runChild<ColdResult>(['vscode-cold', resolve(root)]);
}

/**
 * With the service warm on the corpus (diagnostics computed for every note once), type one character
 * at the end of `notePath` (absolute, or relative to `root`) `runs` times, each a new version of the
 * document, and time each re-computation of its diagnostics, including the change notification.
 */
export function vscodeMarkdownServiceKeystroke(root: string, notePath: string, runs: number): number[] {
  return runChild<KeystrokeResult>(['vscode-keystroke', resolve(root), resolve(root, notePath), String(runs)]).samples;
}

/** The service over an in-memory copy of `root`, the way an editor holding every note open would feed it. */
async function markdownService(root: string) {
  // Loaded here, not at the top: only the child needs them, and its base RSS is taken before.
  const mdls: typeof import('vscode-markdown-languageservice') = require('vscode-markdown-languageservice');
  const { URI }: typeof import('vscode-uri') = require('vscode-uri');
  const { CancellationTokenSource, Emitter }: typeof import('vscode-languageserver') = require('vscode-languageserver');
  const { TextDocument: Document }: typeof import('vscode-languageserver-textdocument') = require('vscode-languageserver-textdocument');
  // Imported, not required: markdown-it's types describe its ESM entry, with a default export.
  const { default: markdownIt } = await import('markdown-it');
  // No types are published for it; it is a markdown-it plugin taking a callback for the YAML.
  const frontMatter = require('markdown-it-front-matter') as (md: MarkdownIt, onFrontMatter: (yaml: string) => void) => void;

  const documents = new Map<string, TextDocument>();
  const files = new Set<string>();
  const folders = new Map<string, [string, { isDirectory: boolean }][]>();
  const entriesOf = (folder: string) => folders.get(folder) ?? folders.set(folder, []).get(folder)!;
  folders.set(root, []);
  for (const path of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const full = join(root, path);
    const isDirectory = statSync(full).isDirectory();
    if (isDirectory) entriesOf(full);
    else files.add(full);
    entriesOf(dirname(full)).push([full.slice(dirname(full).length + 1), { isDirectory }]);
    if (!isDirectory && full.endsWith('.md')) {
      documents.set(full, Document.create(URI.file(full).toString(), 'markdown', 1, readFileSync(full, 'utf8')));
    }
  }

  const changed = new Emitter<ITextDocument>();
  const workspace: IWorkspace = {
    workspaceFolders: [URI.file(root)],
    onDidChangeMarkdownDocument: changed.event,
    onDidCreateMarkdownDocument: new Emitter<ITextDocument>().event,
    onDidDeleteMarkdownDocument: new Emitter<import('vscode-uri').URI>().event,
    getAllMarkdownDocuments: async () => documents.values(),
    hasMarkdownDocument: (resource) => documents.has(resource.fsPath),
    openMarkdownDocument: async (resource) => documents.get(resource.fsPath),
    stat: async (resource) => (files.has(resource.fsPath) ? { isDirectory: false } : folders.has(resource.fsPath) ? { isDirectory: true } : undefined),
    readDirectory: async (resource) => folders.get(resource.fsPath) ?? [],
  };

  // The engine VS Code's markdown-language-features tokenizes with (markdownEngine.ts): markdown-it
  // with html, linkify without fuzzy links, and the front-matter rule, so that a note's YAML is not
  // read as a paragraph and a setext heading; tokens are cached per document version, as VS Code does.
  const engine = markdownIt({ html: true, linkify: true });
  engine.linkify.set({ fuzzyLink: false });
  engine.use(frontMatter, () => undefined);
  const tokens = new Map<string, { version: number; tokens: Token[] }>();
  const parser = {
    slugifier: mdls.githubSlugifier,
    async tokenize(document: ITextDocument) {
      const cached = tokens.get(document.uri);
      if (cached?.version === document.version) return cached.tokens;
      const fresh = engine.parse(document.getText(), {});
      tokens.set(document.uri, { version: document.version, tokens: fresh });
      return fresh;
    },
  };

  const service: IMdLanguageService = mdls.createLanguageService({
    workspace,
    parser,
    logger: { level: mdls.LogLevel.Off, log: () => undefined },
  });
  // VS Code's link validation (`markdown.validate.*`) with every check on; the level makes no
  // difference to the work done, only `ignore` skips a check.
  const warning = mdls.DiagnosticLevel.warning;
  const options: DiagnosticOptions = {
    validateReferences: warning,
    validateFragmentLinks: warning,
    validateFileLinks: warning,
    validateMarkdownFileLinkFragments: warning,
    validateUnusedLinkDefinitions: warning,
    validateDuplicateLinkDefinitions: warning,
    ignoreLinks: [],
  };
  const token = new CancellationTokenSource().token;
  const diagnose = (document: TextDocument) => service.computeDiagnostics(document, options, token);
  /** A new version of a note, announced as VS Code's workspace does on an edit. */
  const update = (document: TextDocument, text: string) => {
    const next = Document.create(document.uri, 'markdown', document.version + 1, text);
    documents.set(URI.parse(next.uri).fsPath, next);
    changed.fire(next);
    return next;
  };
  return { documents, diagnose, update };
}

/** Diagnostics for every note, one after another; returns how many there were. */
async function diagnoseAll(session: Awaited<ReturnType<typeof markdownService>>): Promise<number> {
  let count = 0;
  for (const document of [...session.documents.values()]) count += (await session.diagnose(document)).length;
  return count;
}

async function child(args: string[]): Promise<ColdResult | KeystrokeResult | RemarkResult> {
  const [kind, root, notePath, runs] = args;
  if (kind === 'remark' && root) {
    // The plain parse, nothing else: unified + remark-parse + remark-gfm + front matter, as our reference.
    const { parseMarkdown } = await import('../server/src/model/markdown');
    const texts = markdownFiles(root).map((path) => readFileSync(join(root, path), 'utf8'));
    const start = performance.now();
    for (const text of texts) parseMarkdown(text);
    return { ms: performance.now() - start, notes: texts.length, chars: texts.reduce((sum, text) => sum + text.length, 0) };
  }
  if (kind === 'remark-note' && root && runs) {
    // One note (`root` is its path), parsed `runs` times: the baseline of the keystroke goals.
    const { parseMarkdown } = await import('../server/src/model/markdown');
    const text = readFileSync(root, 'utf8');
    const samples: number[] = [];
    for (let i = 0; i < Number(runs); i++) {
      const start = performance.now();
      parseMarkdown(text);
      samples.push(performance.now() - start);
    }
    return { samples };
  }
  if (kind === 'text-copy' && root && runs) {
    const text = readFileSync(root, 'utf8');
    const middle = text.length >> 1;
    let current = text;
    const samples: number[] = [];
    for (let i = 0; i < Number(runs); i++) {
      const typing = i % 2 === 0;
      const start = performance.now();
      current = current.slice(0, middle) + (typing ? 'x' : '') + current.slice(typing ? middle : middle + 1);
      current.charCodeAt(middle);
      samples.push(performance.now() - start);
    }
    return { samples };
  }
  if (kind === 'vscode-cold' && root) {
    const baseRssMb = process.memoryUsage().rss / MB;
    const start = performance.now();
    const session = await markdownService(root);
    const diagnostics = await diagnoseAll(session);
    const ms = performance.now() - start;
    return { ms, rssMb: process.memoryUsage().rss / MB, baseRssMb, notes: session.documents.size, diagnostics };
  }
  if (kind === 'vscode-keystroke' && root && notePath && runs) {
    const session = await markdownService(root);
    await diagnoseAll(session);
    let document = session.documents.get(notePath);
    if (!document) throw new Error(`${notePath} is not a Markdown note under ${root}`);
    const samples: number[] = [];
    for (let i = 0; i < Number(runs); i++) {
      const start = performance.now();
      document = session.update(document, document.getText() + 'abcdefghij'[i % 10]);
      await session.diagnose(document);
      samples.push(performance.now() - start);
    }
    return { samples };
  }
  throw new Error(`unknown child: ${args.join(' ')}`);
}

// ---------------------------------------------------------------------------------------------
// Jekyll

const jekyllInstalled = () => spawnSync('jekyll', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * `jekyll build` of `root`, the way tests/links-oracle.test.ts builds it: on a copy in a temp folder
 * (made before the clock starts) with a one-line layout for every layout the notes name, an empty
 * file for every `{% include %}` (a missing include stops the build, and the corpus has one), and
 * tests/oracle/lenient_post_url.rb as a plugin (a `post_url` to a missing post stops it too).
 * Building a copy also keeps Jekyll's `.jekyll-cache` out of the corpus. Undefined without Jekyll.
 */
export function jekyllBuild(root: string): { ms: number } | undefined {
  if (!jekyllInstalled()) return undefined;
  const work = mkdtempSync(join(tmpdir(), 'dated-notes-jekyll-bench-'));
  try {
    return leavesUntouched(root, 'jekyll', () => {
      const site = join(work, 'source');
      cpSync(root, site, { recursive: true });
      const layouts = new Set(['default', 'post', 'page']);
      const includes = new Set<string>();
      for (const path of markdownFiles(site)) {
        // latin1: some notes are not valid UTF-8, and names are ASCII.
        const text = readFileSync(join(site, path), 'latin1');
        for (const match of text.matchAll(/^layout:\s*(\S+)/gm)) layouts.add(match[1]!);
        for (const match of text.matchAll(/\{%-?\s*include\s+(\S+)/g)) includes.add(match[1]!);
      }
      mkdirSync(join(site, '_layouts'), { recursive: true });
      for (const layout of layouts) writeFileSync(join(site, '_layouts', `${layout}.html`), '{{ content }}\n');
      for (const include of includes) {
        mkdirSync(dirname(join(site, '_includes', include)), { recursive: true });
        writeFileSync(join(site, '_includes', include), '');
      }
      mkdirSync(join(site, '_plugins'), { recursive: true });
      cpSync(join(REPO, 'tests', 'oracle', 'lenient_post_url.rb'), join(site, '_plugins', 'lenient_post_url.rb'));

      const start = performance.now();
      const result = spawnSync('jekyll', ['build', '--quiet', '--source', site, '--destination', join(work, 'site')], {
        encoding: 'utf8',
        maxBuffer: 64 * MB,
      });
      const ms = performance.now() - start;
      if (result.status !== 0) throw new Error(`jekyll build failed (status ${result.status}):\n${tail(result.stderr)}`);
      return { ms };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// `npx tsx scripts/bench-baselines.ts [root]`, and the child the service measurements spawn.

if (process.argv[1]?.endsWith('bench-baselines.ts')) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    child(args.slice(1)).then(
      (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
      (error: unknown) => {
        console.error(error);
        process.exitCode = 1;
      },
    );
  } else {
    const root = resolve(args[0] ?? join(REPO, '..', 'shared', 'corpus'));
    const largest = markdownFiles(root).sort((a, b) => statSync(join(root, b)).size - statSync(join(root, a)).size)[0];
    if (!largest) throw new Error(`no Markdown notes under ${root}`);
    const fmt = (ms: number) => (ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(2)} ms`);

    const lint = markdownlintCorpus(root);
    console.log(`markdownlint-cli2, ${lint.files} files: ${fmt(lint.ms)} (${lint.problems} problems)`);
    const cold = vscodeMarkdownServiceCold(root);
    console.log(`VS Code Markdown service, cold diagnostics of ${cold.notes} notes: ${fmt(cold.ms)}, RSS ${cold.rssMb.toFixed(0)} MB (${cold.baseRssMb.toFixed(0)} MB before loading it; ${cold.diagnostics} diagnostics)`);
    const samples = vscodeMarkdownServiceKeystroke(root, largest, 20);
    const sorted = [...samples].sort((a, b) => a - b);
    console.log(`VS Code Markdown service, diagnostics after a keystroke in ${largest} (${(statSync(join(root, largest)).size / 1024).toFixed(0)} KB), ${samples.length} runs: median ${fmt(sorted[Math.floor(sorted.length / 2)]!)}, min ${fmt(sorted[0]!)}, max ${fmt(sorted.at(-1)!)}`);
    const jekyll = jekyllBuild(root);
    console.log(jekyll ? `jekyll build: ${fmt(jekyll.ms)}` : 'jekyll build: skipped, jekyll is not on PATH');
  }
}
