// The note read again after an edit (updateNote: only the sections the edit touched) must equal the
// note read whole from the same text. Property tests drive random edit sequences over real-looking
// notes: insertions and deletions of the characters that change Markdown's structure most.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { builtinEntityIndex, findMentions } from '../server/src/entities/mentions';
import { findMisspellings } from '../server/src/entities/spelling';
import { editNote, noteForEditor, noteFromText, noteSections, textPieces, updateNote, type Note, type TextEdit } from '../server/src/model/note';
import { buildWorkspace, replaceNote, type Workspace } from '../server/src/model/workspace';
import { defaultConfig } from '../server/src/config';
import { lintNote } from '../server/src/lint';
import { resolveLink } from '../server/src/model/resolve';
import { completions } from '../server/src/features/completion';
import { foldingRanges } from '../server/src/features/folding';
import { documentSymbols } from '../server/src/features/symbols';

/** Everything a note holds, its line index as the start of every line, and the names it mentions. */
function model(note: Note) {
  // The entries first: a note made by an edit makes them from its pieces, before `text` makes it whole.
  const entries = note.entries;
  const { lines, ...rest } = note;
  const lineStarts = Array.from({ length: lines.lineCount }, (_, line) => lines.lineStart(line));
  const mentions = findMentions(note, builtinEntityIndex()).map((m) => [m.entity.name, m.range.start, m.range.end, m.backticked]);
  const workspace = buildWorkspace([note]);
  const misspellings = findMisspellings(note, workspace, workspace.entities);
  // (The front matter's fields are a Map, which JSON would write as `{}`.)
  const frontMatter = note.frontMatter && { ...note.frontMatter, fields: [...note.frontMatter.fields] };
  // (The text and the entries are made by getters of the note's class, which a spread leaves out.)
  return JSON.parse(JSON.stringify({ ...rest, text: note.text, entries, frontMatter, lineStarts, mentions, misspellings })) as unknown;
}

// A note of our own with every structure an edit can break: front matter, headings, fences, lists,
// a blockquote, tables, HTML, link and footnote definitions and their references, date tags.
const NOTE = `---
title: 编辑测试 Edits
date: 2024-03-02
---

# 概述 Overview

【2024-3-2】[第一条 First](https://example.com/a) 说明 with \`code\`, OpenAI and \`LLaMA\`, 通义千问.

- 【2023-7-3】[列表 In a list][ref] and a footnote[^n]
  continued lazily
- [2023-5-6] half-width

> 【2022-1-1】quoted
> # not a boundary in a quote

## 代码 Code

\`\`\`python
# a comment, not a heading
print("【2020-1-1】")
\`\`\`

| 名称 | link |
|---|---|
| GPT | [x](/a#b) and [y][far] |

<div>
# inside html
</div>

### Links

See https://example.com/path and <https://example.org> and [spaced](a b c).
{% post_url 2010-07-26-computer-history %}

[ref]: https://example.com/ref
[far]: /a#b
[^n]: The footnote.

## 结尾 End

DeepSeek and Transformer, GPT-4 again; Anthropc and Langchian are slips.

Setext heading
---

【2021-12-31】last entry
`;

/** Pieces whose insertion or deletion changes the structure most. */
const PIECES = ['【', '】', '`', '```', '\n```\n', '#', '\n# ', '\n## H\n', '---', '\n---\n', '[', ']', '](', ')', '\n', '\n\n', '- ', '> ', '<div>', '-->', '<!--', '|', '[ref]: /x\n', '[^n]: y\n', '#missing', '/a#b', 'b', '【2024-13-1】', '文字', '【2024-1-2】', '    ', '*', '_'];

const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  deleteLength: fc.nat(12),
  insert: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 }), fc.constant('')),
  /** Whether the editor sends the whole new text (updateNote) rather than the edit (editNote). */
  whole: fc.boolean(),
});

interface Step {
  at: number;
  deleteLength: number;
  insert: string;
  whole: boolean;
}

/** The step as the edit an editor sends, and the text after it. */
function apply(text: string, { at, deleteLength, insert }: Step): { edit: TextEdit; text: string } {
  const start = Math.floor(at * text.length);
  const end = Math.min(text.length, start + deleteLength);
  return { edit: { range: { start, end }, text: insert }, text: text.slice(0, start) + insert + text.slice(end) };
}

/** Another note of the site, for the edited note's links to lead to (`/a#b`, `/a#missing`). */
const OTHER = noteFromText('other.md', '---\ntitle: Other\npermalink: /a\n---\n\n## b\n');

/** Every finding of every rule, as the server's workspace (kept up by replaceNote) gives them. */
function findings(note: Note, workspace: Workspace): unknown {
  return JSON.parse(JSON.stringify(lintNote(note, { workspace, config: defaultConfig(), today: { year: 2026, month: 11, day: 29 } })));
}

function checkSequence(path: string, initial: string, edits: Step[]): void {
  let note = noteFromText(path, initial);
  let workspace = buildWorkspace([note, OTHER]);
  let text = initial;
  for (const step of edits) {
    const applied = apply(text, step);
    text = applied.text;
    const updated = step.whole ? updateNote(note, text) : editNote(note, applied.edit);
    workspace = replaceNote(workspace, note, updated);
    note = updated;
    const fresh = noteFromText(path, text);
    // The findings first: the rules read a note made by an edit from its pieces, before the model makes
    // its text whole. What is kept across versions (link targets per site, names per section) must not go stale.
    assert.deepEqual(findings(note, workspace), findings(fresh, buildWorkspace([fresh, OTHER])), `findings after ${JSON.stringify(step)}`);
    assert.deepEqual(model(note), model(fresh), `after ${JSON.stringify(step)}`);
  }
}

describe('updating a note after edits', () => {
  test('random edit sequences on a note of every structure equal a fresh read', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => checkSequence('edits.md', NOTE, edits)),
      { numRuns: 300 },
    );
  });

  test('an edit to a link definition reaches its references in the other sections', () => {
    // Link targets are kept per site across versions; a reference's destination is its definition's.
    const before = noteFromText('edits.md', NOTE);
    const workspace = buildWorkspace([before, OTHER]);
    const reference = () => note.links.find((link) => link.kind === 'reference' && link.label === 'far')!;
    let note = before;
    const first = resolveLink(reference(), note, workspace);
    assert.deepEqual(first.kind === 'internal' && [first.fragment, first.problem], ['b', undefined]);
    const at = NOTE.indexOf('[far]: /a#b') + '[far]: /a#b'.length;
    note = updateNote(before, `${NOTE.slice(0, at)}c${NOTE.slice(at)}`);
    const after = replaceNote(workspace, before, note);
    assert.equal(after.siteKey, workspace.siteKey, 'the site is the same');
    assert.ok(before.links.includes(reference()), 'the reference is the same object, in a section the edit left alone');
    const resolution = resolveLink(reference(), note, after);
    assert.deepEqual(resolution.kind === 'internal' && [resolution.fragment, resolution.problem], ['bc', 'anchor']);
  });

  test('a note opened in an editor is searched section by section from its first check', () => {
    const opened = noteForEditor('edits.md', NOTE);
    assert.equal(noteSections(noteFromText('edits.md', NOTE)), undefined, 'a note read once is searched whole');
    assert.equal(noteSections(opened)?.length, 5, 'an opened note keeps its sections: before the first heading, and one per heading');
    // Found per section or whole, the names and slips are the same.
    assert.deepEqual(model(opened), model(noteFromText('edits.md', NOTE)));
  });

  test('a one-character edit re-reads one section, not the note', () => {
    const long = `${NOTE}\n${Array.from({ length: 200 }, (_, i) => `## 节 ${i}\n\n【2020-1-${(i % 28) + 1}】entry ${i} [l](/x)\n`).join('\n')}`;
    const before = noteFromText('long.md', long);
    const at = long.indexOf('entry 150');
    const after = updateNote(before, `${long.slice(0, at)}x${long.slice(at)}`);
    // Untouched sections keep their objects: the link before the edit is the same object.
    const link = before.links.find((l) => l.destination === '/x')!;
    assert.ok(after.links.includes(link), 'a link far before the edit is reused, not read again');
    assert.deepEqual(model(after), model(noteFromText('long.md', `${long.slice(0, at)}x${long.slice(at)}`)));
  });

  test('edits far from open front matter, and to a link labelled as footnotes are, equal a fresh read', () => {
    // Found by a review's fuzzing; each went wrong before edits were made to pieces, too.
    const cases: { text: string; at: number | string; insert: string }[] = [
      // Front matter left open is closed by a line typed sections further on (`---`, and after `...`).
      { text: '---\ntitle: x\n\n# A\n\ntext\n\n# B\n\nmore\n', at: 'more', insert: '---\n' },
      { text: '---\na: 1\n...\n\n# H\n\nx\n', at: 'x', insert: '---\n' },
      // Opened by `---` and a lone CR, which the Markdown reader does not take for front matter.
      { text: '---\r\r\n#\n---', at: 8, insert: '2' },
      // Open front matter ends with the text, which the edit made longer.
      { text: '---\n#\n', at: 6, insert: 'c' },
      // A link whose label starts with `^`, beside a footnote of the same name.
      { text: '[^n]\n\n[f]:h\n[^n]:d', at: 0, insert: '' },
    ];
    for (const { text, at, insert } of cases) {
      const offset = typeof at === 'number' ? at : text.indexOf(at);
      const edited = `${text.slice(0, offset)}${insert}${text.slice(offset)}`;
      const edit = { range: { start: offset, end: offset }, text: insert };
      assert.deepEqual(model(editNote(noteForEditor('fm.md', text), edit)), model(noteFromText('fm.md', edited)), JSON.stringify({ text, at, insert }));
      assert.deepEqual(model(updateNote(noteForEditor('fm.md', text), edited)), model(noteFromText('fm.md', edited)), JSON.stringify({ text, at, insert, whole: true }));
    }
  });

  test('an edit that leaves U+FEFF first is read as a text opened with it: as a BOM', () => {
    const before = noteForEditor('bom.md', 'x\n\n# H\n\ntext\n');
    const after = editNote(before, { range: { start: 0, end: 1 }, text: '\ufeff' });
    assert.deepEqual(model(after), model(noteFromText('bom.md', '\ufeff\n\n# H\n\ntext\n')));
    assert.equal(after.bom, true);
  });

  test('a keystroke checked as the server checks it leaves the note in pieces: no copy of its whole text', () => {
    const long = `${NOTE}\n${Array.from({ length: 200 }, (_, i) => `## 节 ${i}\n\n【2020-1-${(i % 28) + 1}】entry ${i} [l](/a#nope) Anthropc {:toc}\n`).join('\n')}`;
    const before = noteForEditor('long.md', long);
    const workspace = buildWorkspace([before, OTHER]);
    const at = long.indexOf('entry 150');
    const after = editNote(before, { range: { start: at, end: at }, text: 'x' });
    const found = lintNote(after, { workspace: replaceNote(workspace, before, after), config: defaultConfig(), today: { year: 2026, month: 11, day: 29 } });
    // What the server then does with the findings (positions for the editor), and what an editor asks
    // for after a change: the outline, folding, completion.
    for (const finding of found) after.lines.position(finding.range.start);
    assert.ok(documentSymbols(after).length > 0 && foldingRanges(after).length > 200 && after.entries.length > 200);
    // Completing `Anth` in the edited entry (one character later for the `x` typed before it).
    const typed = long.indexOf('Anthropc', at) + 'Anth'.length + 1;
    assert.ok(completions(after, typed, { workspace, entities: workspace.entities, config: defaultConfig(), today: { year: 2026, month: 11, day: 29 } }).some((item) => item.label === 'Anthropic'));
    assert.ok(found.some((finding) => finding.rule === 'entity-spelling') && found.some((finding) => finding.rule === 'link-broken-anchor'), `the rules that read the text ran: ${[...new Set(found.map((finding) => finding.rule))].join(', ')}`);
    assert.ok(textPieces(after).length > 200, `the text is still in ${textPieces(after).length} pieces`);
    assert.equal(after.text, `${long.slice(0, at)}x${long.slice(at)}`, 'made whole when asked');
    assert.equal(textPieces(after).length, 1);
  });

  const corpus = join(__dirname, '..', '..', 'shared', 'corpus', '_posts');
  test('random edits on real notes equal a fresh read', { skip: existsSync(corpus) ? false : `${corpus} is absent: real notes are edited only when it is there` }, () => {
    const files = readdirSync(corpus)
      .filter((name) => name.endsWith('.md'))
      .sort()
      .filter((_, i) => i % 25 === 0);
    for (const name of files) {
      const text = readFileSync(join(corpus, name), 'utf8');
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => checkSequence(name, text, edits)),
        { numRuns: 8 },
      );
    }
  });
});
