// Extension-host tests: they run inside code-server's extension host with the real `vscode` API, on a
// copy of tests/e2e/workspace, loaded through the `extensionTestsPath` payload (tests/e2e/run.sh bundles
// this file; tests/e2e/ui.mjs opens the window). VS Code calls `run()`: resolving means every test
// passed, a throw means one failed. Each test reports one line on the console, `DNE2E {json}`, which the
// driver reads from the browser's console.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DatedNotesApi } from '../../../client/src/extension';

const EXTENSION_ID = 'dated-notes.dated-notes';
const JOURNAL = '_posts/2024-03-10-model-journal.md';
const TOOLS = '_posts/2024-01-20-shell-tools.md';
const READING = '_posts/2023-12-01-reading.md';
const TEST_TIMEOUT = 45_000;

interface Test {
  name: string;
  run: () => Promise<void>;
}

const tests: Test[] = [];
const test = (name: string, run: () => Promise<void>) => void tests.push({ name, run });

let api: DatedNotesApi | undefined;

function workspaceUri(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, path);
}

async function open(path: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(path));
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Polls until `probe` returns something other than undefined, or fails naming what it waited for. */
async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeout = 30_000): Promise<T> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code));

const describe = (diagnostic: vscode.Diagnostic) => ({
  code: codeOf(diagnostic),
  source: diagnostic.source,
  severity: vscode.DiagnosticSeverity[diagnostic.severity],
  range: [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
  message: diagnostic.message,
});

/** The diagnostics of a note once their rule ids are exactly `codes` (live findings arrive after a pause). */
function diagnosticsWithCodes(uri: vscode.Uri, codes: string[]): Promise<vscode.Diagnostic[]> {
  return waitFor(`diagnostics ${codes.join(', ')} on ${uri.path}`, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'dated-notes');
    const found = diagnostics.map(codeOf).sort();
    return JSON.stringify(found) === JSON.stringify([...codes].sort()) ? diagnostics : undefined;
  });
}

/** Throws away the edits a test made to the active note. */
async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(editor.document.isDirty, false, 'the note is back to its saved text');
}

/** Renders a tree view as the workbench would, through its TreeDataProvider: labels, descriptions, children. */
interface Rendered {
  label: string;
  description?: string;
  icon?: string;
  children?: Rendered[];
}
async function render<T>(provider: vscode.TreeDataProvider<T>, element?: T): Promise<Rendered[]> {
  const children = (await provider.getChildren(element)) ?? [];
  const rendered: Rendered[] = [];
  for (const child of children) {
    const item = await provider.getTreeItem(child);
    const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
    const node: Rendered = { label };
    if (typeof item.description === 'string') node.description = item.description;
    if (item.iconPath instanceof vscode.ThemeIcon) node.icon = item.iconPath.id;
    if (item.collapsibleState !== vscode.TreeItemCollapsibleState.None) node.children = await render(provider, child);
    rendered.push(node);
  }
  return rendered;
}

function requireApi(): DatedNotesApi {
  assert.ok(api, 'the extension activated and returned its API');
  return api;
}

// --- the tests, in order ----------------------------------------------------------------------------

test('the extension activates on a note and its server runs', async () => {
  const extension = vscode.extensions.getExtension<DatedNotesApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded from the development path`);
  const editor = await open(JOURNAL);
  assert.equal(editor.document.languageId, 'markdown');
  await waitFor('the extension to activate', () => (extension.isActive ? true : undefined));
  api = extension.exports;
  assert.ok(api.client.isRunning(), 'the language client is running');
  const commands = await vscode.commands.getCommands(true);
  for (const id of ['datedNotes.insertDateTag', 'datedNotes.lintWorkspace', 'datedNotes.filterTimeline']) assert.ok(commands.includes(id), `command ${id} is registered`);
});

test('diagnostics carry the rule ids, ranges and messages of the findings', async () => {
  await open(JOURNAL);
  const journal = await diagnosticsWithCodes(workspaceUri(JOURNAL), ['date-format', 'entity-spelling']);
  assert.deepEqual(journal.map(describe).sort((a, b) => a.range[0]! - b.range[0]!), [
    { code: 'entity-spelling', source: 'dated-notes', severity: 'Warning', range: [19, 4, 19, 13], message: 'Unexpected `Mircosoft`, expected `Microsoft` (company)' },
    { code: 'date-format', source: 'dated-notes', severity: 'Warning', range: [21, 0, 21, 12], message: 'Unexpected `【2023-07-03】`, expected `【2023-7-3】`' },
  ]);
  // A finding that compares notes: the anchor is looked up in the other note.
  await open(TOOLS);
  const tools = await diagnosticsWithCodes(workspaceUri(TOOLS), ['link-broken-anchor']);
  assert.deepEqual(tools.map(describe), [
    {
      code: 'link-broken-anchor',
      source: 'dated-notes',
      severity: 'Warning',
      range: [16, 90, 16, 123],
      message: 'Unexpected fragment `#Evaluation-Harness`: `/model-journal` has no heading with that id; nearest: `#evaluation-harness`',
    },
  ]);
});

/** Applies the quick fix titled `title` offered on the note's `code` finding. */
async function applyQuickFix(path: string, code: string, title: string): Promise<{ editor: vscode.TextEditor; before: string }> {
  const editor = await open(path);
  const uri = editor.document.uri;
  const [diagnostic] = (await waitFor(`a ${code} finding`, () => {
    const found = vscode.languages.getDiagnostics(uri).filter((candidate) => codeOf(candidate) === code);
    return found.length > 0 ? found : undefined;
  }))!;
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
  const fix = actions.find((action): action is vscode.CodeAction => action instanceof vscode.CodeAction && action.title === title);
  assert.ok(fix, `the quick fix “${title}” is offered for ${code} (got: ${actions.map((action) => action.title).join(' | ') || 'none'})`);
  assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
  assert.ok(fix.edit, 'the quick fix carries its edit');
  const before = editor.document.getText();
  assert.equal(await vscode.workspace.applyEdit(fix.edit), true, 'the edit applies');
  return { editor, before };
}

test('the date-format quick fix rewrites 【2023-07-03】 to 【2023-7-3】 and nothing else', async () => {
  const { editor, before } = await applyQuickFix(JOURNAL, 'date-format', 'Replace with `【2023-7-3】`');
  try {
    assert.equal(before.split('【2023-07-03】').length, 2, 'the fixture has the slip once');
    assert.equal(editor.document.getText(), before.replace('【2023-07-03】', '【2023-7-3】'));
    // As you type: the finding goes away, the others stay.
    await diagnosticsWithCodes(editor.document.uri, ['entity-spelling']);
  } finally {
    await revert(editor);
  }
});

test('the link-broken-anchor quick fix points the link at the nearest heading id', async () => {
  const { editor, before } = await applyQuickFix(TOOLS, 'link-broken-anchor', 'Replace with `#evaluation-harness`');
  try {
    assert.equal(before.split('#Evaluation-Harness').length, 2, 'the fixture has the link once');
    assert.equal(editor.document.getText(), before.replace('(/model-journal#Evaluation-Harness)', '(/model-journal#evaluation-harness)'));
    await diagnosticsWithCodes(editor.document.uri, []);
  } finally {
    await revert(editor);
  }
});

test('completion after a backtick offers names from the dictionary, those the workspace mentions first', async () => {
  const editor = await open(READING);
  const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
  try {
    await editor.edit((edit) => edit.insert(end, '【2024-6-1】 读到 `Mi'));
    const position = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);
    const items = [...list.items].sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
    const labels = items.map(labelOf);
    // Mistral 7B and Mistral AI are each mentioned once in the workspace (ties by name); Microsoft is
    // only misspelt there, so it counts no mention and comes after them.
    assert.deepEqual(labels.slice(0, 2), ['Mistral 7B', 'Mistral AI'], `the mentioned names first (got ${labels.join(', ')})`);
    for (const name of ['Microsoft', 'Midjourney', 'Mixtral']) assert.ok(labels.includes(name), `${name} is offered`);
    assert.ok(!labels.includes('OpenAI'), 'names that do not start with the prefix are not offered');
    const item = items[1]!;
    assert.equal(item.detail, 'company');
    assert.equal(item.insertText ?? labelOf(item), 'Mistral AI');
    const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
    assert.ok(range, 'the item replaces a range');
    assert.equal(editor.document.getText(range), 'Mi', 'it replaces what was typed after the backtick');
  } finally {
    await revert(editor);
  }
});

test('go to definition on a link lands on the heading in the other note', async () => {
  const editor = await open(JOURNAL);
  const text = editor.document.getText();
  const destination = '/2024/01/20/shell-tools/#command-line-tools';
  const at = text.indexOf(destination);
  assert.notEqual(at, -1);
  const results = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, editor.document.positionAt(at + 10));
  assert.equal(results.length, 1, 'one definition');
  const target = results[0]!;
  const uri = 'targetUri' in target ? target.targetUri : target.uri;
  const range = 'targetUri' in target ? (target.targetSelectionRange ?? target.targetRange) : target.range;
  assert.equal(uri.toString(), workspaceUri(TOOLS).toString(), 'the other note');
  const tools = await vscode.workspace.openTextDocument(uri);
  const headingLine = tools.getText().split('\n').indexOf('## Command line tools');
  assert.ok(headingLine > 0);
  assert.equal(range.start.line, headingLine, 'the line of the heading');
});

test('hovering a name gives its card', async () => {
  const editor = await open(JOURNAL);
  const at = editor.document.getText().indexOf('Mistral AI');
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.document.positionAt(at + 3));
  const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
  assert.match(text, /\*\*Mistral AI\*\* — company · 2023/);
  assert.match(text, /https:\/\/mistral\.ai/);
  assert.match(text, /1 dated entry mentions it: first 2024-03-10 “Mistral 7B 读后”/);
});

test('the Note Outline view lists the headings and dated entries of the active note', async () => {
  const { outline } = requireApi();
  const editor = await open(JOURNAL);
  await outline.refresh(editor);
  assert.deepEqual(await render(outline), [
    {
      label: 'Open weights',
      description: '#open-weights',
      icon: 'symbol-string',
      children: [{ label: '【2024-3-10】 Mistral 7B 读后', icon: 'calendar' }, { label: '【2024-4-2】 Llama chat notes', icon: 'calendar' }, { label: '【2023-07-03】 长上下文综述', icon: 'calendar' }],
    },
    {
      label: 'Evaluation harness',
      description: '#evaluation-harness',
      icon: 'symbol-string',
      children: [{ label: '【2024-5-6】 排行榜笔记', icon: 'calendar' }, { label: '【2024-5】 这个月比较了几个 `OpenAI` 的模型，具体哪天记不清了。', icon: 'calendar' }],
    },
  ]);
  // It follows the active editor.
  const other = await open(TOOLS);
  await outline.refresh(other);
  assert.deepEqual((await render(outline)).map((node) => node.label), ['Command line tools', 'Editors']);
});

test('the Entries by Date view groups every entry of the workspace by year and month, newest first', async () => {
  const { timeline } = requireApi();
  await timeline.refresh();
  const tree = await render(timeline);
  // Years and months show their counts; entries their day and where they are.
  assert.deepEqual(tree, [
    {
      label: '2024',
      description: '6',
      children: [
        {
          label: 'May 2024',
          description: '2',
          children: [
            { label: '排行榜笔记', description: '06  模型日志 › Evaluation harness', icon: 'calendar' },
            { label: '这个月比较了几个 `OpenAI` 的模型，具体哪天记不清了。', description: '模型日志 › Evaluation harness', icon: 'calendar' },
          ],
        },
        { label: 'April 2024', description: '1', children: [{ label: 'Llama chat notes', description: '02  模型日志 › Open weights', icon: 'calendar' }] },
        { label: 'March 2024', description: '1', children: [{ label: 'Mistral 7B 读后', description: '10  模型日志 › Open weights', icon: 'calendar' }] },
        { label: 'February 2024', description: '1', children: [{ label: 'ripgrep', description: '08  Shell tools › Command line tools', icon: 'calendar' }] },
        { label: 'January 2024', description: '1', children: [{ label: 'jq manual', description: '20  Shell tools › Command line tools', icon: 'calendar' }] },
      ],
    },
    {
      label: '2023',
      description: '3',
      children: [
        { label: 'December 2023', description: '1', children: [{ label: '重读 Transformer 论文', description: '01  读书笔记 › 论文', icon: 'calendar' }] },
        { label: 'November 2023', description: '1', children: [{ label: 'Modal editing', description: '05  Shell tools › Editors', icon: 'calendar' }] },
        { label: 'July 2023', description: '1', children: [{ label: '长上下文综述', description: '03  模型日志 › Open weights', icon: 'calendar' }] },
      ],
    },
  ]);
  assert.equal(timeline.view.description, '9 entries');
  // The filter narrows it, and says so.
  await timeline.setFilter('shell tools');
  try {
    assert.equal(timeline.view.description, '“shell tools”: 3 entries');
    assert.deepEqual((await render(timeline)).map((node) => [node.label, node.description]), [['2024', '2'], ['2023', '1']]);
  } finally {
    await timeline.setFilter(undefined);
  }
});

test("Insert Today's Date Tag inserts 【YYYY-M-D】 at the cursor", async () => {
  const editor = await open(READING);
  const before = editor.document.getText();
  const end = editor.document.positionAt(before.length);
  editor.selection = new vscode.Selection(end, end);
  try {
    await vscode.commands.executeCommand('datedNotes.insertDateTag');
    const now = new Date();
    const tag = `【${now.getFullYear()}-${now.getMonth() + 1}-${now.getDate()}】`;
    assert.equal(editor.document.getText(), before + tag);
    assert.deepEqual(editor.selection.active, editor.document.positionAt((before + tag).length), 'the cursor is after the tag');
  } finally {
    await revert(editor);
  }
});

// --- the runner ----------------------------------------------------------------------------------------

function report(result: { test: string; ok: boolean; ms: number; error?: string }): void {
  console.log(`DNE2E ${JSON.stringify(result)}`);
}

export async function run(): Promise<void> {
  let failed = 0;
  for (const { name, run } of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        run(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT} ms`)), TEST_TIMEOUT);
        }),
      ]);
      report({ test: name, ok: true, ms: Date.now() - started });
    } catch (error) {
      failed++;
      report({ test: name, ok: false, ms: Date.now() - started, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    } finally {
      clearTimeout(timer);
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  console.log(`DNE2E-DONE ${JSON.stringify({ total: tests.length, failed })}`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} extension-host tests failed`);
}
