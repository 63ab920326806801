// The bundled language server over stdio, driven as an editor drives it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type Client } from './helpers/lsp-client';
import { writeWorkspace } from './helpers/workspace';
import { SERVER_NODE_OPTIONS } from '../shared/server-launch';

const AIGC = `---
layout: post
title: AIGC
date: 2023-02-14 10:00:00
categories: AI
tags: GPT
permalink: /aigc
---

## 模型对比

【2023-07-03】[Llama 2](https://example.com/llama-2) about \`Llama\`

【2024-1-5】 Notes on \`Llama\` again

See [agents](/agents#planning) and [missing](/agent#planning).
`;

const AGENTS = `---
layout: post
title: Agents
date: 2023-03-01 10:00:00
categories: AI
tags: GPT
permalink: /agents
---

## Planning

【2023-8-1】[Llama agents](https://example.com/llama-2) with \`Llama\`

Back to [the comparison](/aigc#模型对比).
`;

const files = { '_config.yml': 'permalink: /:year/:month/:day/:title/\n', '_posts/2023-02-14-aigc.md': AIGC, '_posts/2023-03-01-agents.md': AGENTS };

interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
  data?: unknown;
}

describe('the language server (pull diagnostics)', () => {
  let client: Client;
  let uri: string;
  let agentsUri: string;
  before(async () => {
    client = await startServer(writeWorkspace(files));
    uri = client.uri('_posts/2023-02-14-aigc.md');
    agentsUri = client.uri('_posts/2023-03-01-agents.md');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: AIGC } });
  });
  after(() => client.stop());

  const pull = async (target = uri) => ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: target } })) as { items: Diagnostic[] }).items;

  test('pulls diagnostics with rule ids, from the current text', async () => {
    const items = await pull();
    assert.deepEqual(items.map((item) => [item.code, item.range.start.line]), [['date-format', 11], ['link-broken-internal', 15]]);
    assert.match(items[1]!.message, /nearest: `\/agents` \(Agents\)/);
  });

  test('follows incremental edits', async () => {
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 12 } }, text: '【2023-7-3】' }],
    });
    const items = await pull();
    assert.deepEqual(items.map((item) => item.code), ['link-broken-internal']);
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 11, character: 0 }, end: { line: 11, character: 10 } }, text: '【2023-07-03】' }],
    });
    assert.deepEqual((await pull()).map((item) => item.code), ['date-format', 'link-broken-internal']);
  });

  test('offers each fix as a quick fix, and fix-all for the note', async () => {
    const items = await pull();
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: items[0]!.range,
      context: { diagnostics: items, only: ['quickfix'] },
    })) as { title: string; kind: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.deepEqual(actions.map((action) => [action.title, action.kind, action.edit.changes[uri]![0]!.newText]), [
      ['Replace with `【2023-7-3】`', 'quickfix', '【2023-7-3】'],
      ['Replace with `/agents#planning`', 'quickfix', '/agents#planning'],
    ]);
    const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.datedNotes'] },
    })) as { kind: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    assert.equal(fixAll.length, 1);
    const text = fixAll[0]!.edit.changes[uri]![0]!.newText;
    assert.match(text, /【2023-7-3】\[Llama 2\]/);
    assert.match(text, /\[missing\]\(\/agents#planning\)/);
  });

  test('an editor text that starts with a BOM: positions on the first line count it, fix-all keeps it', async () => {
    // VS Code keeps a BOM out of a document's text; other clients may keep it in.
    const bomUri = client.uri('_posts/2023-04-01-bom.md');
    const text = '\ufeff【2023-07-03】 first line\n\n【2023-08-09】 second\n';
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bomUri, languageId: 'markdown', version: 1, text } });
    const items = (await pull(bomUri)).filter((item) => item.code === 'date-format');
    assert.deepEqual(items.map((item) => [item.range.start, item.range.end]), [
      [{ line: 0, character: 1 }, { line: 0, character: 13 }],
      [{ line: 2, character: 0 }, { line: 2, character: 12 }],
    ]);
    const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: bomUri },
      range: items[0]!.range,
      context: { diagnostics: items, only: ['source.fixAll.datedNotes'] },
    })) as { edit: { changes: Record<string, { range: Diagnostic['range']; newText: string }[]> } }[];
    const [edit] = fixAll[0]!.edit.changes[bomUri]!;
    // The edit starts after the BOM: applied, the text still starts with it.
    assert.deepEqual(edit!.range.start, { line: 0, character: 1 });
    assert.equal(`\ufeff${edit!.newText}`, '\ufeff【2023-7-3】 first line\n\n【2023-8-9】 second\n');
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: bomUri } });
  });

  test('edits to an editor text with a BOM and CRLF line ends, the BOM itself among them, give what the edited text gives when opened', async () => {
    // The server keeps an open note as the note, and makes each edit to it: the reference for the text
    // after the edits is vscode-languageserver-textdocument, as a client keeps it.
    const editedUri = client.uri('_posts/2023-04-02-edited.md');
    const initial = '\ufeff【2023-07-03】 first\r\n\r\n## 标题 Heading\r\n\r\n【2023-08-09】[x](/nowhere) `Llama`\r\n';
    let reference = TextDocument.create(editedUri, 'markdown', 1, initial);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: editedUri, languageId: 'markdown', version: 1, text: initial } });
    const edits = [
      { range: { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } }, text: '【2023-9-9】 ' }, // right after the BOM
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 2 } }, text: '#' }, // a heading one level up
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' }, // the BOM taken away
      { range: { start: { line: 1, character: 0 }, end: { line: 3, character: 0 } }, text: '```\r\n' }, // a fence opened over the heading
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\ufeff' }, // the BOM put back
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '```\r\n# 新 New\r\n' }, // the fence closed, a heading after it
    ];
    let version = 1;
    for (const edit of edits) {
      version++;
      reference = TextDocument.update(reference, [edit], version);
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: editedUri, version }, contentChanges: [edit] });
      const freshUri = client.uri(`_posts/2023-04-02-fresh-${version}.md`);
      client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'markdown', version: 1, text: reference.getText() } });
      const shape = (items: Diagnostic[]) => items.map((item) => [item.code, item.range, item.message]);
      try {
        assert.deepEqual(shape(await pull(editedUri)), shape(await pull(freshUri)), `after ${JSON.stringify(edit)}`);
      } finally {
        // (Closed documents leave the workspace, whose other tests know nothing of them.)
        client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
        if (version === edits.length + 1) client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: editedUri } });
      }
    }
    assert.ok(reference.getText().startsWith('\ufeff【2023-9-9】 【2023-07-03】'), 'the edits were made as meant');
  });

  test('document symbols: headings with their entries as children', async () => {
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as { name: string; children: { name: string }[] }[];
    assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.children.map((child) => child.name)]), [['模型对比', ['【2023-07-03】 Llama 2', '【2024-1-5】 Notes on `Llama` again']]]);
  });

  test('workspace symbols find notes, headings and entries', async () => {
    const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'llama' })) as { name: string }[];
    assert.deepEqual(symbols.map((symbol) => symbol.name).sort(), ['2023-7-3 Llama 2', '2023-8-1 Llama agents', '2024-1-5 Notes on `Llama` again'].map((name) => `【${name.slice(0, name.indexOf(' '))}】${name.slice(name.indexOf(' '))}`).sort());
  });

  test('go to definition lands on the heading in the other note', async () => {
    const location = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 15, character: 12 } })) as { uri: string; range: { start: { line: number } } };
    assert.equal(location.uri, agentsUri);
    assert.equal(location.range.start.line, 9);
  });

  test('references on a heading list every link to it', async () => {
    const locations = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position: { line: 9, character: 4 }, context: { includeDeclaration: false } })) as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(locations.map((location) => [location.uri, location.range.start.line]), [[agentsUri, 13]]);
  });

  test('renaming a heading rewrites the links to its id', async () => {
    const prepared = (await client.connection.sendRequest('textDocument/prepareRename', { textDocument: { uri }, position: { line: 9, character: 4 } })) as { placeholder: string };
    assert.equal(prepared.placeholder, '模型对比');
    const edit = (await client.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: { line: 9, character: 4 }, newName: 'Model Comparison' })) as { changes: Record<string, { newText: string }[]> };
    assert.deepEqual(edit.changes[uri]!.map((change) => change.newText), ['Model Comparison']);
    assert.deepEqual(edit.changes[agentsUri]!.map((change) => change.newText), ['model-comparison']);
  });

  test('folding covers front matter, sections and entries', async () => {
    const ranges = (await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as { startLine: number; endLine: number }[];
    // The last entry runs to the end of the note, over the paragraph after it.
    assert.deepEqual(ranges.map((range) => [range.startLine, range.endLine]), [[0, 7], [9, 15], [13, 15]]);
  });

  test('document links point internal links at their target', async () => {
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as { target: string }[];
    assert.deepEqual(links.map((link) => link.target), [`${agentsUri}#L10`]);
  });

  test('datedNotes/timeline: newest first, filtered', async () => {
    const all = (await client.connection.sendRequest('datedNotes/timeline', {})) as { entries: { date: string; title: string; uri: string; noteTitle: string }[] };
    assert.deepEqual(all.entries.map((entry) => [entry.date, entry.noteTitle]), [['2024-01-05', 'AIGC'], ['2023-08-01', 'Agents'], ['2023-07-03', 'AIGC']]);
    const filtered = (await client.connection.sendRequest('datedNotes/timeline', { query: 'agents', from: '2023' })) as { entries: { title: string }[] };
    assert.deepEqual(filtered.entries.map((entry) => entry.title), ['Llama agents']);
  });

  test('datedNotes/related: entries sharing links or names, best first', async () => {
    const result = (await client.connection.sendRequest('datedNotes/related', { textDocument: { uri }, position: { line: 11, character: 3 } })) as { entry: { title: string }; related: { title: string; shared: string[] }[] };
    assert.equal(result.entry.title, 'Llama 2');
    assert.deepEqual(result.related.map((item) => [item.title, item.shared]), [['Llama agents', ['example.com/llama-2', 'LLaMA']], ['Notes on `Llama` again', ['LLaMA']]]);
  });

  /** Types `text` on a new last line, asks for completions at its end, and takes the line away again. */
  let version = 100;
  const completeAfter = async (text: string) => {
    const line = AIGC.split('\n').length - 1;
    const change = (range: object, newText: string) =>
      client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range, text: newText }] });
    change({ start: { line, character: 0 }, end: { line, character: 0 } }, `${text}\n`);
    const items = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: text.length } })) as { label: string; detail?: string; textEdit?: { newText: string } }[];
    change({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '');
    return items;
  };
  const positionOf = (needle: string, delta = 0) => {
    const lines = AIGC.split('\n');
    const line = lines.findIndex((text) => text.includes(needle));
    return { line, character: lines[line]!.indexOf(needle) + delta };
  };

  test('completion: entity names from a prefix, ranked by use, inserting the canonical name', async () => {
    const items = await completeAfter('Lla');
    assert.equal(items[0]!.label, 'LLaMA');
    assert.equal(items[0]!.textEdit!.newText, 'LLaMA');
    assert.equal(items[0]!.detail, 'model · Meta');
    assert.deepEqual((await completeAfter('通义')).map((item) => item.label), ['Qwen']);
    assert.ok((await completeAfter('`Open')).some((item) => item.label === 'OpenAI'));
    assert.deepEqual(await completeAfter('L'), [], 'one Latin letter is not enough');
  });

  test("completion: today's tag after 【, permalinks inside ](, heading ids after #", async () => {
    const dates = await completeAfter('【');
    assert.match(dates[0]!.label, /^【\d{4}-\d{1,2}-\d{1,2}】$/);
    assert.equal(dates[0]!.detail, 'today');
    assert.ok(dates.some((item) => item.label === '【2024-1-5】'));
    assert.deepEqual((await completeAfter('[x](')).map((item) => [item.label, item.detail]), [['/agents', 'Agents']]);
    assert.deepEqual((await completeAfter('[x](/agents#')).map((item) => item.textEdit!.newText), ['planning']);
  });

  test("completion: the workspace's tags on the tags line", async () => {
    const tags = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 5, character: 7 } })) as { label: string }[];
    assert.deepEqual(tags.map((item) => item.label), ['GPT']);
  });

  test('an entity: references are its mentions, definition its first dated entry', async () => {
    const position = positionOf('`Llama`', 2);
    const references = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } })) as { uri: string; range: { start: { line: number } } }[];
    assert.deepEqual(references.map((location) => [location.uri === uri ? 'aigc' : 'agents', location.range.start.line]).sort(), [['agents', 11], ['agents', 11], ['aigc', 11], ['aigc', 13]]);
    const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position })) as { uri: string; range: { start: { line: number; character: number } } };
    assert.deepEqual([definition.uri, definition.range.start], [uri, { line: 11, character: 0 }]);
  });

  test("hover: an entity's card, a date tag's weekday, a link's target", async () => {
    const at = async (position: { line: number; character: number }) =>
      ((await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position })) as { contents: { value: string } } | null)?.contents.value;
    assert.equal(await at(positionOf('`Llama`', 2)), '**LLaMA** — model · Meta · 2023\n\nAlso: Llama\n\n3 dated entries mention it: first 2023-07-03 “Llama 2”, last 2024-01-05 “Notes on `Llama` again”');
    assert.match((await at(positionOf('【2024-1-5】', 3)))!, /^\*\*2024-01-05\*\*\n\nFriday, \d\.\d years ago$/);
    assert.equal(await at(positionOf('[agents]', 2)), '**Agents** › Planning\n\n_posts/2023-03-01-agents.md');
  });

  test('datedNotes/lintWorkspace: the findings of every note, open or not', async () => {
    const result = (await client.connection.sendRequest('datedNotes/lintWorkspace', {})) as { notes: { uri: string; diagnostics: Diagnostic[] }[] };
    assert.deepEqual(result.notes.map((note) => [note.uri, note.diagnostics.map((item) => item.code)]).sort(), [
      [agentsUri, []],
      [uri, ['date-format', 'link-broken-internal']],
    ].sort());
  });

  test('a note created on disk resolves the links to it in open notes', async () => {
    const root = decodeURIComponent(new URL(uri).pathname).replace(/\/_posts\/[^/]+$/, '');
    writeFileSync(join(root, '_posts', '2023-05-05-agent.md'), '---\ntitle: Agent\npermalink: /agent\n---\n\n## Planning\n');
    const refreshed = client.next('workspace/diagnostic/refresh');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('_posts/2023-05-05-agent.md'), type: 1 }] });
    await refreshed;
    assert.deepEqual((await pull()).map((item) => item.code), ['date-format']);
    const deleted = client.next('workspace/diagnostic/refresh');
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('_posts/2023-05-05-agent.md'), type: 3 }] });
    await deleted;
    assert.deepEqual((await pull()).map((item) => item.code), ['date-format', 'link-broken-internal']);
  });

  test('code actions without a kind offer quick fixes only', async () => {
    const items = await pull();
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: items[0]!.range, context: { diagnostics: [items[0]] } })) as { kind: string }[];
    assert.deepEqual(actions.map((action) => action.kind), ['quickfix']);
  });

  test('bad requests are answered, and the server lives on', async () => {
    const far = await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line: 9999, character: 9999 } });
    assert.equal(far, null);
    const unknown = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///nowhere/x.md' } });
    assert.deepEqual(unknown, []);
    await assert.rejects(client.connection.sendRequest('datedNotes/timeline', { from: 'last week' }), /timeline failed: Unexpected date bound/);
    assert.equal((await pull()).length, 2);
  });
});

describe('the language server: a note opened as it is on disk, edited, closed', () => {
  // Opening a note whose text is the file's takes the note already read; its edits then change that
  // note in place, so after closing, the file's note must be the file's again.
  // The edits below are in section A; the finding is in section B, which they move in place.
  const NOTE = '---\nlayout: post\ntitle: A\ndate: 2023-05-01\ncategories: [x]\ntags: [y]\n---\n\n# A\n\ntext\n\n## B\n\n【2023-07-03】 an entry\n';
  let client: Client;
  let uri: string;
  before(async () => {
    client = await startServer(writeWorkspace({ '_config.yml': 'permalink: /:title/\n', '_posts/2023-05-01-a.md': NOTE }));
    uri = client.uri('_posts/2023-05-01-a.md');
  });
  after(() => client.stop());

  const lines = async () => ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items.map((item) => [item.code, item.range.start.line, item.range.start.character]);
  const edit = (version: number, line: number, text: string, deleted = 0) =>
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: deleted } }, text }] });

  test('closed without saving, the note is the file again', async () => {
    assert.deepEqual(await lines(), [['date-format', 14, 0]]);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: NOTE } });
    assert.deepEqual(await lines(), [['date-format', 14, 0]]);
    edit(2, 9, 'new line\n\n');
    assert.deepEqual(await lines(), [['date-format', 16, 0]]);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await lines(), [['date-format', 14, 0]]);
  });

  test('closed with the text as it was, the last version is kept, and right', async () => {
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: NOTE } });
    edit(2, 9, 'x');
    assert.deepEqual(await lines(), [['date-format', 14, 0]]);
    edit(3, 9, '', 1);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await lines(), [['date-format', 14, 0]]);
    // Open again, as it is on disk, and edit: still the right lines.
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: NOTE } });
    edit(2, 8, '\n');
    assert.deepEqual(await lines(), [['date-format', 15, 0]]);
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(await lines(), [['date-format', 14, 0]]);
  });
});

describe('the language server (push diagnostics)', () => {
  let client: Client;
  after(() => client?.stop());

  test('publishes diagnostics after open and after an edit', async () => {
    client = await startServer(writeWorkspace(files), { pull: false });
    const uri = client.uri('_posts/2023-02-14-aigc.md');
    const first = client.next<{ uri: string; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (params) => params.uri === uri);
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: AIGC } });
    assert.deepEqual((await first).diagnostics.map((item) => item.code), ['date-format', 'link-broken-internal']);
    const second = client.next<{ uri: string; version: number; diagnostics: Diagnostic[] }>('textDocument/publishDiagnostics', (params) => params.uri === uri && params.version === 2);
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: AIGC.replace('【2023-07-03】', '【2023-7-3】') }] });
    assert.deepEqual((await second).diagnostics.map((item) => item.code), ['link-broken-internal']);
  });
});

describe('the language server with datedNotes.lint.run = onSave', () => {
  let client: Client;
  after(() => client?.stop());

  test('keeps the findings of the saved text until the next save', async () => {
    client = await startServer(writeWorkspace(files), { settings: { lint: { run: 'onSave' } } });
    const uri = client.uri('_posts/2023-02-14-aigc.md');
    const pull = async () => ((await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] }).items.map((item) => item.code);
    const refreshed = client.next('workspace/diagnostic/refresh');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: AIGC } });
    await refreshed;
    assert.deepEqual(await pull(), ['date-format', 'link-broken-internal']);
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: AIGC.replace('【2023-07-03】', '【2023-7-3】') }] });
    assert.deepEqual(await pull(), ['date-format', 'link-broken-internal']);
    const saved = client.next('workspace/diagnostic/refresh');
    client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await saved;
    assert.deepEqual(await pull(), ['link-broken-internal']);
  });
});

describe('the language server with a user dictionary', () => {
  let client: Client;
  after(() => client?.stop());

  test("goes to a name's entry in the dictionary, and reports its problems on the file", async () => {
    const dictionary = 'entities:\n- { name: Frobnicator, kind: product }\n- { name: Broken, kind: robot }\n';
    const root = writeWorkspace({ ...files, '.dated-notes/entities.yaml': dictionary });
    const dictionaryUri = pathToFileURL(join(root, '.dated-notes/entities.yaml')).href;
    const published: { uri: string; diagnostics: Diagnostic[] }[] = [];
    // The dictionary's problems are published while the workspace is read, before startServer returns.
    client = await startServer(root, {}, (method, params) => {
      if (method === 'textDocument/publishDiagnostics') published.push(params as { uri: string; diagnostics: Diagnostic[] });
    });
    const problems = published.find((params) => params.uri === dictionaryUri)!;
    assert.deepEqual(problems.diagnostics.map((item) => [item.code, item.range.start.line, item.message]), [['entity-dictionary', 2, 'Unexpected kind "robot" for `Broken`, expected one of model, company, lab, product, person, dataset, paper, framework']]);
    const uri = client.uri('_posts/2023-02-14-aigc.md');
    const text = `${AIGC}\nWe use Frobnicator.\n`;
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    const line = text.split('\n').findIndex((candidate) => candidate.includes('Frobnicator'));
    const location = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line, character: 9 } })) as { uri: string; range: { start: { line: number } } };
    assert.deepEqual([location.uri, location.range.start.line], [dictionaryUri, 1]);
  });
});

describe('the dated-notes-server bin, run as a program', () => {
  let client: Client;
  after(() => client?.stop());

  test('starts Node.js with the options every editor gives the server, and answers', async (t) => {
    if (process.platform === 'win32') return t.skip('a bin runs through npm\'s shim on Windows, not by its first line');
    assert.ok(SERVER_NODE_OPTIONS.length > 0);
    client = await startServer(writeWorkspace(files), { bin: true });
    const commandLine = execFileSync('ps', ['-o', 'args=', '-p', String(client.process.pid)], { encoding: 'utf8' }).trim().split(/\s+/);
    for (const option of SERVER_NODE_OPTIONS) assert.ok(commandLine.includes(option), `${option} in ${commandLine.join(' ')}`);
    const uri = client.uri('_posts/2023-02-14-aigc.md');
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: AIGC } });
    const report = (await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
    assert.deepEqual(report.items.map((item) => item.code), ['date-format', 'link-broken-internal']);
  });
});
