// The VS Code client: starts the language server, and wires the views, commands and status bar to it.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { formatDateTag, todayParts, type DateTagStyle } from '../../server/src/model/dates';
import { SERVER_NODE_OPTIONS } from '../../shared/server-launch';
import { INDEXING_NOTIFICATION, LintWorkspaceRequest, RelatedRequest, type IndexingStatus } from '../../shared/protocol';
import { OutlineView } from './views/outline-view';
import { TimelineView } from './views/timeline-view';

export interface DatedNotesApi {
  client: LanguageClient;
  outline: OutlineView;
  timeline: TimelineView;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<DatedNotesApi> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_OPTIONS, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
    ],
    diagnosticCollectionName: 'dated-notes',
  };
  client = new LanguageClient('datedNotes', 'Dated Notes', serverOptions, clientOptions);
  const languageClient = client;

  // Findings of notes that are not open, from Lint Workspace; an opened note's live findings replace them.
  const workspaceProblems = vscode.languages.createDiagnosticCollection('dated-notes-workspace');
  context.subscriptions.push(workspaceProblems, vscode.workspace.onDidOpenTextDocument((document) => workspaceProblems.delete(document.uri)));

  const status = vscode.window.createStatusBarItem('datedNotes.indexing', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Dated Notes';
  context.subscriptions.push(status);

  await languageClient.start();
  const outline = new OutlineView(languageClient);
  const timeline = new TimelineView(languageClient);
  context.subscriptions.push(outline.view, timeline.view);

  context.subscriptions.push(
    languageClient.onNotification(INDEXING_NOTIFICATION, (progress: IndexingStatus) => {
      if (progress.indexing) {
        status.text = `$(sync~spin) Dated Notes ${progress.notes}/${progress.total}`;
        status.tooltip = 'Reading the notes of this workspace';
        status.show();
      } else {
        status.hide();
        void timeline.refresh();
        void outline.refresh();
      }
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => void outline.refresh(editor)),
    vscode.window.onDidChangeTextEditorSelection(({ textEditor }) => void outline.follow(textEditor)),
    vscode.workspace.onDidChangeTextDocument(debounce(() => void outline.refresh(), 400)),
    vscode.workspace.onDidSaveTextDocument(() => void timeline.refresh()),
  );

  const commands: Record<string, (...args: never[]) => unknown> = {
    'datedNotes.reveal': async (uri: vscode.Uri, range: vscode.Range) => {
      const editor = await vscode.window.showTextDocument(uri, { selection: range, preserveFocus: false });
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    },
    'datedNotes.insertDateTag': async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const tag = formatDateTag(todayParts(), await dateTagStyle(editor.document.uri));
      await editor.edit((edit) => editor.selections.forEach((selection) => edit.replace(selection, tag)));
    },
    'datedNotes.newEntry': async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const tag = formatDateTag(todayParts(), await dateTagStyle(editor.document.uri));
      const line = editor.document.lineAt(editor.selection.active.line);
      const snippet = new vscode.SnippetString(`${line.isEmptyOrWhitespace ? '' : '\n\n'}${tag}[\${1:title}](\${2:https://})\${0}`);
      await editor.insertSnippet(snippet, line.isEmptyOrWhitespace ? line.range.start : line.range.end);
    },
    'datedNotes.showRelated': async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const result = await languageClient.sendRequest(RelatedRequest, {
        textDocument: { uri: editor.document.uri.toString() },
        position: { line: editor.selection.active.line, character: editor.selection.active.character },
      });
      if (!result.entry) return void vscode.window.showInformationMessage('Dated Notes: put the cursor in a dated entry to see the entries related to it.');
      if (result.related.length === 0) return void vscode.window.showInformationMessage(`Dated Notes: no other entry shares a link or a name with “${result.entry.title}”.`);
      const picked = await vscode.window.showQuickPick(
        result.related.map((item) => ({ label: item.title || '(untitled)', description: `${item.date} · ${item.noteTitle}`, detail: `shares ${item.shared.join(', ')}`, item })),
        { title: `Related to “${result.entry.title}”`, matchOnDescription: true, matchOnDetail: true },
      );
      if (picked) await vscode.commands.executeCommand('datedNotes.reveal', vscode.Uri.parse(picked.item.uri), new vscode.Range(picked.item.range.start.line, picked.item.range.start.character, picked.item.range.start.line, picked.item.range.start.character));
    },
    'datedNotes.filterTimeline': async () => {
      const filter = await vscode.window.showInputBox({ title: 'Filter the timeline', prompt: 'Text or a name in the entries’ titles, sections or notes', value: timeline.filter ?? '' });
      if (filter !== undefined) await timeline.setFilter(filter);
    },
    'datedNotes.clearTimelineFilter': () => timeline.setFilter(undefined),
    'datedNotes.fixAll': () => vscode.commands.executeCommand('editor.action.sourceAction', { kind: 'source.fixAll.datedNotes', apply: 'first' }),
    'datedNotes.lintWorkspace': () => lintWorkspace(languageClient, workspaceProblems),
    'datedNotes.restartServer': async () => {
      await languageClient.restart();
      await Promise.all([outline.refresh(), timeline.refresh()]);
    },
  };
  for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler as (...args: unknown[]) => unknown));

  void outline.refresh();
  return { client: languageClient, outline, timeline };
}

/** Puts the findings of every note into the Problems panel; open notes keep their live findings. */
async function lintWorkspace(languageClient: LanguageClient, collection: vscode.DiagnosticCollection): Promise<void> {
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Dated Notes: checking every note' }, () =>
    languageClient.sendRequest(LintWorkspaceRequest, {}),
  );
  const open = new Set(vscode.workspace.textDocuments.map((document) => document.uri.toString()));
  collection.clear();
  let count = 0;
  for (const { uri, diagnostics } of result.notes) {
    count += diagnostics.length;
    if (open.has(uri) || diagnostics.length === 0) continue;
    collection.set(vscode.Uri.parse(uri), await languageClient.protocol2CodeConverter.asDiagnostics(diagnostics));
  }
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(`Dated Notes: ${count} ${count === 1 ? 'problem' : 'problems'} in ${result.notes.length} notes.`);
}

/** `dateTag.style` from the workspace's `.dated-notes.json`, as the server reads it. */
async function dateTagStyle(uri: vscode.Uri): Promise<DateTagStyle> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return 'unpadded';
  try {
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder.uri, '.dated-notes.json'));
    const style = (JSON.parse(new TextDecoder().decode(bytes)) as { dateTag?: { style?: unknown } }).dateTag?.style;
    return style === 'padded' ? 'padded' : 'unpadded';
  } catch {
    return 'unpadded';
  }
}

function debounce(run: () => void, ms: number): () => void {
  let timer: NodeJS.Timeout | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
