// The tree views' data, built from what the server's features give, without VS Code.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filterDescription, groupTimeline } from '../client/src/views/timeline-tree';
import { parents, symbolPath, type OutlineSymbol } from '../client/src/views/outline-tree';
import { documentSymbols } from '../server/src/features/symbols';
import { timeline } from '../server/src/features/timeline';
import { noteFromText } from '../server/src/model/note';
import { buildWorkspace } from '../server/src/model/workspace';

const note = noteFromText(
  '_posts/2023-01-01-a.md',
  '---\ntitle: Notes A\n---\n\n# Top\n\n【2023-7-3】[July third](https://a.b)\n\n## Sub\n\n【2023-7-20】 July twentieth\n\n【2023-6-1】 June\n\n【2022】 A year entry\n',
);
const other = noteFromText('_posts/2023-01-02-b.md', '---\ntitle: Notes B\n---\n\n【2024-2-29】 Leap day\n');
const workspace = buildWorkspace([note, other]);

describe('timeline tree', () => {
  const items = timeline(workspace, {}, (n) => `file:///${n.path}`);
  const years = groupTimeline(items);

  test('groups by year, then month, newest first, with counts', () => {
    assert.deepEqual(
      years.map((year) => [year.label, year.count, year.children.map((month) => [month.label, month.count, month.children.map((entry) => entry.label)])]),
      [
        ['2024', 1, [['February 2024', 1, ['Leap day']]]],
        ['2023', 3, [['July 2023', 2, ['July twentieth', 'July third']], ['June 2023', 1, ['June']]]],
        ['2022', 1, [['2022 (no month)', 1, ['A year entry']]]],
      ],
    );
  });

  test('entries show their day and where they are', () => {
    const july = years[1]!.children[0]!.children;
    assert.deepEqual(july.map((entry) => entry.description), ['20  Notes A › Top › Sub', '03  Notes A › Top']);
    assert.equal(july[0]!.entry.uri, 'file:///_posts/2023-01-01-a.md');
  });

  test('the filter shows in the description', () => {
    assert.equal(filterDescription(undefined, 5), '5 entries');
    assert.equal(filterDescription('llama', 1), '“llama”: 1 entry');
    const filtered = groupTimeline(timeline(workspace, { query: 'leap' }, (n) => n.path));
    assert.deepEqual(filtered.map((year) => year.label), ['2024']);
  });
});

describe('outline tree', () => {
  const symbols = documentSymbols(note) as OutlineSymbol[];

  test('headings hold their sections and entries', () => {
    const names = (level: OutlineSymbol[]): unknown[] => level.map((symbol) => (symbol.children?.length ? [symbol.name, names(symbol.children)] : symbol.name));
    assert.deepEqual(names(symbols), [['Top', ['【2023-7-3】 July third', ['Sub', ['【2023-7-20】 July twentieth', '【2023-6-1】 June', '【2022】 A year entry']]]]]);
  });

  test('the cursor selects the innermost heading or entry holding it', () => {
    const line = note.lines.position(note.text.indexOf('June')).line;
    assert.deepEqual(symbolPath(symbols, { line, character: 2 }).map((symbol) => symbol.name), ['Top', 'Sub', '【2023-6-1】 June']);
    assert.deepEqual(symbolPath(symbols, { line: 0, character: 0 }), []);
  });

  test('every item knows its parent, so that the view can reveal it', () => {
    const map = parents(symbols);
    const june = symbolPath(symbols, { line: note.lines.position(note.text.indexOf('June')).line, character: 0 }).at(-1)!;
    assert.equal(map.get(june)!.name, 'Sub');
    assert.equal(map.get(map.get(june)!)!.name, 'Top');
    assert.equal(map.get(symbols[0]!), undefined);
  });
});
