// `dated-notes-server --stdio`: the connection, its capabilities, and one-line bindings to the features.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  ReadableStreamMessageReader,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
} from 'vscode-languageserver/node';
import packageJson from '../../package.json';
import { DEFAULT_SETTINGS, INDEXING_NOTIFICATION, LintWorkspaceRequest, RelatedRequest, SETTINGS_SECTION, TimelineRequest, type IndexingStatus, type Settings } from '../../shared/protocol';
import { fixWorkspace, type RuleFailure } from './lint';
import { editorFindings } from './features/diagnostics';
import { completions, primeMentionCounts } from './features/completion';
import { entityDefinition, entityReferences } from './features/entities';
import { foldingRanges } from './features/folding';
import { hover } from './features/hover';
import { definition, documentLinks, headingReferences, prepareRename, renameHeading, type Locator } from './features/navigation';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { related, timeline } from './features/timeline';
import { FIX_ALL_KIND, quickFix, toDiagnostic, toOffset, toTextEdits } from './lsp';
import { noteFromText, type Note } from './model/note';
import type { Fix } from './rules/rule';
import { State, type EditorDocument } from './state';
import { DEFAULT_DICTIONARY } from './files';
import { todayParts } from './model/dates';

if (process.argv.includes('--version')) {
  process.stdout.write(`${packageJson.version}\n`);
  process.exit(0);
}

/**
 * vscode-jsonrpc stops reading when a header is malformed (no Content-Length, a length that is not a
 * number, a line without `:`): it reports the error and leaves the bytes after that header unread until
 * the next chunk arrives, so a request that came in the same chunk as the garbage would wait for the
 * client's next message. Read on while a pass over the buffered bytes makes progress. (Private fields
 * of vscode-jsonrpc 8; if they are ever renamed this does nothing and the old behaviour is back.)
 */
type ReaderInternals = { onData(data: Uint8Array): void; buffer?: { numberOfBytes: number }; nextMessageLength?: number };
const readerPrototype = ReadableStreamMessageReader.prototype as unknown as ReaderInternals;
const readChunk = readerPrototype.onData;
if (typeof readChunk === 'function') {
  const nothing = new Uint8Array(0);
  readerPrototype.onData = function (this: ReaderInternals, data: Uint8Array): void {
    readChunk.call(this, data);
    for (let left = this.buffer?.numberOfBytes ?? 0; left > 0 && this.nextMessageLength === -1; ) {
      readChunk.call(this, nothing);
      const now = this.buffer?.numberOfBytes ?? 0;
      if (now >= left) break;
      left = now;
    }
  };
}

const connection: Connection = createConnection(ProposedFeatures.all);
const state = new State();
const documents = new TextDocuments<EditorDocument>({
  create: (uri, languageId, version, text) => state.openDocument(uri, languageId, version, text),
  update: (document, changes, version) => document.update(changes, version),
});
let pullDiagnostics = false;
let configurationRequests = false;
let watchRegistration = false;
const settingsCache = new Map<string, Promise<Settings>>();
const pushTimers = new Map<string, NodeJS.Timeout>();
/** How long typing must pause before diagnostics are pushed to clients that cannot pull them. */
const PUSH_DELAY_MS = 250;

const locator: Locator = {
  uriOf: (note) => (note.path.startsWith('file:') ? note.path : state.uriOf(note.path)),
  fileUri: (path) => state.uriOf(path),
};

/** Runs a handler so that a failure is logged and answered as an LSP error, never a dead server. */
function guard<P, R>(name: string, handler: (params: P) => R | Promise<R>): (params: P) => Promise<R | ResponseError<void>> {
  return async (params) => {
    try {
      return await handler(params);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`${name} failed: ${message}`);
      return new ResponseError<void>(-32603, `${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** Logs a failure in a notification or timer, where no response can carry it: never a dead server. */
function logFailure(name: string, error: unknown): void {
  connection.console.error(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

/** For handlers whose result nobody awaits (notifications, events): a rejection would end the process. */
function contain<A extends unknown[]>(name: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      void Promise.resolve(handler(...args)).catch((error: unknown) => logFailure(name, error));
    } catch (error) {
      logFailure(name, error);
    }
  };
}

// Node ends the process on an unhandled rejection. Every handler above is contained; this is the net
// for what slips through (a rejected `sendDiagnostics` after the client went away, say).
process.on('unhandledRejection', (reason) => logFailure('a background task', reason));

function noteOf(uri: string): Note | undefined {
  const document = documents.get(uri);
  if (document) return state.noteOf(document);
  const path = state.pathOf(uri);
  return path === undefined ? undefined : state.noteAt(path);
}

function settingsFor(uri: string): Promise<Settings> {
  if (!configurationRequests) return Promise.resolve(DEFAULT_SETTINGS);
  let settings = settingsCache.get(uri);
  if (!settings) {
    settings = connection.workspace
      .getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION })
      .then((value: Partial<Settings> | null) => ({ lint: { run: value?.lint?.run === 'onSave' ? 'onSave' : 'onType' } }) as Settings)
      .catch(() => DEFAULT_SETTINGS);
    settingsCache.set(uri, settings);
  }
  return settings;
}

function diagnosticsOf(uri: string): Diagnostic[] {
  const note = noteOf(uri);
  return note ? diagnosticsFor(note) : [];
}

/**
 * A rule that throws is contained by the lint core (its finding says so, the other rules still run);
 * here it is also logged with the rule id, once per rule and message, not on every keystroke.
 */
const loggedRuleFailures = new Set<string>();
const ruleFailed: RuleFailure = (rule, error, note) => {
  const message = error instanceof Error ? error.message : String(error);
  if (loggedRuleFailures.has(`${rule}\0${message}`)) return;
  loggedRuleFailures.add(`${rule}\0${message}`);
  connection.console.error(`rule ${rule} failed on ${note.path}: ${error instanceof Error ? (error.stack ?? message) : message}`);
};

function diagnosticsFor(note: Note): Diagnostic[] {
  return editorFindings(note, state.context(note), state.indexing, ruleFailed).map((finding) => toDiagnostic(note, finding));
}

function schedulePush(uri: string, delay = PUSH_DELAY_MS): void {
  if (pullDiagnostics) return;
  clearTimeout(pushTimers.get(uri));
  pushTimers.set(
    uri,
    setTimeout(
      contain('push diagnostics', () => {
        pushTimers.delete(uri);
        const document = documents.get(uri);
        if (!document) return;
        const diagnostics = savedReports.get(uri) ?? diagnosticsOf(uri);
        return connection.sendDiagnostics({ uri, version: document.version, diagnostics });
      }),
      delay,
    ),
  );
}

/** Other notes' findings may depend on what changed (links, permalinks, tags): refresh them all. */
function refreshAll(): void {
  if (pullDiagnostics) void connection.languages.diagnostics.refresh();
  else for (const document of documents.all()) schedulePush(document.uri);
}

connection.onInitialize((params: InitializeParams) => {
  const capabilities = params.capabilities;
  pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
  configurationRequests = capabilities.workspace?.configuration === true;
  watchRegistration = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
  if (folder?.startsWith('file:')) state.root = fileURLToPath(folder);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      diagnosticProvider: { identifier: 'dated-notes', interFileDependencies: true, workspaceDiagnostics: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      completionProvider: { triggerCharacters: ['`', '【', '(', '#', ' '] },
      hoverProvider: true,
    },
    serverInfo: { name: 'dated-notes-server', version: packageJson.version },
  };
});

connection.onInitialized(contain('initialized', async () => {
  if (watchRegistration) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/*.{md,markdown}' }, { globPattern: '**/_config.yml' }, { globPattern: '**/.dated-notes.json' }, { globPattern: '**/*.yaml' }],
    });
  }
  if (state.root) await indexWorkspace(state.root);
}));

/** Problems in the user's dictionaries, as diagnostics on those files (they are not notes). */
let dictionaryUris: string[] = [];
function publishDictionaryProblems(): void {
  for (const uri of dictionaryUris) void connection.sendDiagnostics({ uri, diagnostics: [] });
  dictionaryUris = state.dictionaryProblems.map(({ file, text, problems }) => {
    const uri = state.uriOf(file);
    const lines = noteFromText(file, text);
    void connection.sendDiagnostics({ uri, diagnostics: problems.map((problem) => toDiagnostic(lines, { rule: 'entity-dictionary', severity: 'error', range: problem.range, message: problem.message })) });
    return uri;
  });
}

/** Reads every note once, yielding between notes so that requests are answered meanwhile. */
async function indexWorkspace(root: string): Promise<void> {
  const paths = state.load(root);
  if (state.configError) void connection.window.showErrorMessage(`Dated Notes: ${state.configError}`);
  publishDictionaryProblems();
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Dated Notes: reading notes', 0, `0 of ${paths.length}`, false);
  const status = (indexing: boolean, notes: number): void => void connection.sendNotification(INDEXING_NOTIFICATION, { indexing, notes, total: paths.length } satisfies IndexingStatus);
  status(true, 0);
  for (let i = 0; i < paths.length; i++) {
    try {
      state.readFromDisk(paths[i]!);
    } catch (error) {
      connection.console.error(`Could not read ${paths[i]}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (i % 5 === 4) {
      progress.report(Math.round((100 * (i + 1)) / paths.length), `${i + 1} of ${paths.length}`);
      status(true, i + 1);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  // How often each note names each entity, counted now, a note at a time, rather than all at once by
  // the first completion (which ranks names by use and would wait half a second or more for them).
  const { workspace } = state;
  for (let i = 0; i < workspace.notes.length; i++) {
    primeMentionCounts(workspace.notes[i]!, workspace.entities);
    if (i % 5 === 4) {
      progress.report(100, `finding names: ${i + 1} of ${workspace.notes.length}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  state.indexing = false;
  progress.done();
  status(false, paths.length);
  refreshAll();
}

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  refreshAll();
});

connection.onDidChangeWatchedFiles(
  guard('watched files', ({ changes }) => {
    for (const change of changes) {
      const path = state.pathOf(change.uri);
      if (path === undefined) continue;
      const dictionaries = state.config.entities.files ?? [DEFAULT_DICTIONARY];
      if (path.endsWith('.dated-notes.json') || path.endsWith('_config.yml') || dictionaries.includes(path)) {
        contain('reading the workspace', indexWorkspace)(state.root!);
        return;
      }
      if (documents.get(change.uri)) continue; // the editor's text wins over the file
      if (change.type === FileChangeType.Deleted) state.forget(path);
      else state.readFromDisk(path);
    }
    refreshAll();
  }),
);

documents.onDidChangeContent(contain('change', async ({ document }) => {
  state.noteOf(document);
  const settings = await settingsFor(document.uri);
  if (settings.lint.run === 'onType') schedulePush(document.uri);
  else if (!pullDiagnostics) return;
  // Other open notes may link here: refresh them after typing pauses.
  for (const other of documents.all()) if (other.uri !== document.uri) schedulePush(other.uri, PUSH_DELAY_MS * 4);
}));
/** For `onSave`: the findings as of opening or the last save, by URI. */
const savedReports = new Map<string, Diagnostic[]>();
async function rememberSaved(uri: string): Promise<void> {
  if ((await settingsFor(uri)).lint.run === 'onSave') savedReports.set(uri, diagnosticsOf(uri));
  else savedReports.delete(uri);
  schedulePush(uri, 0);
  if (pullDiagnostics) void connection.languages.diagnostics.refresh();
}
documents.onDidOpen(contain('open', ({ document }) => rememberSaved(document.uri)));
documents.onDidSave(contain('save', ({ document }) => rememberSaved(document.uri)));
documents.onDidClose(({ document }) => {
  state.close(document.uri);
  settingsCache.delete(document.uri);
  savedReports.delete(document.uri);
  clearTimeout(pushTimers.get(document.uri));
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on(async ({ textDocument }) => {
  try {
    const settings = await settingsFor(textDocument.uri);
    // With `onSave`, findings are those of the note when it was opened or last saved.
    if (settings.lint.run === 'onSave' && savedReports.has(textDocument.uri)) return { kind: DocumentDiagnosticReportKind.Full, items: savedReports.get(textDocument.uri)! };
    return { kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(textDocument.uri) };
  } catch (error) {
    connection.console.error(`diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new ResponseError(-32603, `diagnostics failed: ${error instanceof Error ? error.message : String(error)}`, { retriggerRequest: false });
  }
});

connection.onCodeAction(
  guard('code actions', ({ textDocument, context }) => {
    const note = noteOf(textDocument.uri);
    if (!note) return [];
    const actions: CodeAction[] = [];
    const only = context.only;
    const wants = (kind: string) => !only || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
    if (wants(CodeActionKind.QuickFix)) {
      for (const diagnostic of context.diagnostics) {
        const fix = (diagnostic.data as { fix?: Fix } | undefined)?.fix;
        if (diagnostic.source === 'dated-notes' && fix) actions.push(quickFix(note, textDocument.uri, fix, diagnostic));
      }
    }
    // Fix-all re-reads the note after each pass: only when asked for by kind (the Source Action menu,
    // codeActionsOnSave), never on the light-bulb requests that follow every cursor move.
    if (only?.some((requested) => FIX_ALL_KIND === requested || FIX_ALL_KIND.startsWith(`${requested}.`))) {
      const context = state.context(note);
      const fixed = fixWorkspace(context, [note], undefined, ruleFailed).notes[0]!;
      if (fixed !== note) {
        actions.push({
          title: 'Fix all Dated Notes problems',
          kind: FIX_ALL_KIND,
          edit: { changes: { [textDocument.uri]: toTextEdits(note, { title: '', edits: [{ range: { start: 0, end: note.text.length }, text: fixed.text }] }) } },
        });
      }
    }
    return actions;
  }),
);

connection.onDocumentSymbol(guard('document symbols', ({ textDocument }) => (noteOf(textDocument.uri) ? documentSymbols(noteOf(textDocument.uri)!) : [])));
connection.onWorkspaceSymbol(guard('workspace symbols', ({ query }) => workspaceSymbols(state.workspace, query, locator.uriOf)));
connection.onFoldingRanges(guard('folding', ({ textDocument }) => (noteOf(textDocument.uri) ? foldingRanges(noteOf(textDocument.uri)!) : [])));
connection.onDocumentLinks(guard('document links', ({ textDocument }) => (noteOf(textDocument.uri) ? documentLinks(noteOf(textDocument.uri)!, state.workspace, locator) : [])));
connection.onDefinition(
  guard('definition', ({ textDocument, position }) => {
    const note = noteOf(textDocument.uri);
    if (!note) return null;
    const offset = toOffset(note, position);
    return definition(note, offset, state.workspace, locator) ?? entityDefinition(note, offset, state.workspace, state.workspace.entities, locator, state.dictionaryTexts) ?? null;
  }),
);
connection.onReferences(
  guard('references', ({ textDocument, position, context }) => {
    const note = noteOf(textDocument.uri);
    if (!note) return [];
    const offset = toOffset(note, position);
    return entityReferences(note, offset, state.workspace, state.workspace.entities, locator) ?? headingReferences(note, offset, state.workspace, locator, context.includeDeclaration);
  }),
);
connection.onPrepareRename(
  guard('prepare rename', ({ textDocument, position }) => {
    const note = noteOf(textDocument.uri);
    return (note && prepareRename(note, toOffset(note, position))) ?? null;
  }),
);
connection.onRenameRequest(
  guard('rename', ({ textDocument, position, newName }) => {
    const note = noteOf(textDocument.uri);
    return (note && renameHeading(note, toOffset(note, position), newName, state.workspace, locator)) ?? null;
  }),
);
connection.onCompletion(
  guard('completion', ({ textDocument, position }) => {
    const note = noteOf(textDocument.uri);
    if (!note) return [];
    return completions(note, toOffset(note, position), { workspace: state.workspace, entities: state.workspace.entities, config: state.config, today: todayParts() });
  }),
);
connection.onHover(
  guard('hover', ({ textDocument, position }) => {
    const note = noteOf(textDocument.uri);
    return (note && hover(note, toOffset(note, position), state.workspace, state.workspace.entities, todayParts())) ?? null;
  }),
);
connection.onRequest(TimelineRequest, guard('timeline', (params) => ({ entries: timeline(state.workspace, params ?? {}, locator.uriOf) })));
connection.onRequest(
  RelatedRequest,
  guard('related', ({ textDocument, position }) => {
    const note = noteOf(textDocument.uri);
    return note ? related(note, toOffset(note, position), state.workspace, locator.uriOf) : { related: [] };
  }),
);

connection.onRequest(
  LintWorkspaceRequest,
  guard('lint workspace', () => ({
    notes: state.workspace.notes.map((note) => {
      const uri = locator.uriOf(note);
      // The workspace already holds open notes as the editor has them.
      return { uri, diagnostics: diagnosticsFor(note) };
    }),
  })),
);

documents.listen(connection);
connection.listen();

