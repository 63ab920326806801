// The note model's edge cases, on strings and bytes written here.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { noteFromBytes, noteFromText } from '../server/src/model/note';
import { buildWorkspace } from '../server/src/model/workspace';
import { noteUrl, outputPath, parseFrontMatterDate } from '../server/src/model/site';
import { buildTimeline } from '../server/src/timeline';
import { isCalendarDate } from '../server/src/model/dates';

const position = (text: string, offset: number) => noteFromText('n.md', text).lines.position(offset);

describe('date tags', () => {
  test('are found in prose and not in code spans, code blocks or HTML comments', () => {
    const note = noteFromText('n.md', '【2023-7-3】 a\n\n`【2023-7-4】` b\n\n```\n【2023-7-5】\n```\n\n~~~\n【2023-7-6】\n~~~\n\n<!-- 【2023-7-7】 -->\n\ntext 【2023-7-8】');
    assert.deepEqual(note.dateTags.map((tag) => tag.raw), ['【2023-7-3】', '【2023-7-8】']);
    assert.deepEqual(note.dateTags.map((tag) => tag.opensBlock), [true, false]);
  });

  test('read precision, calendar validity and slips', () => {
    const note = noteFromText('n.md', '【2023-7-3】 【2023-7】 【2023】 【2025-5-*】 【2023.07.03】 【2024-20-26】');
    assert.deepEqual(
      note.dateTags.map(({ precision, valid, year, month, day }) => ({ precision, valid, year, month, day })),
      [
        { precision: 'day', valid: true, year: 2023, month: 7, day: 3 },
        { precision: 'month', valid: true, year: 2023, month: 7, day: undefined },
        { precision: 'year', valid: true, year: 2023, month: undefined, day: undefined },
        { precision: 'month', valid: true, year: 2025, month: 5, day: undefined },
        { precision: 'day', valid: true, year: 2023, month: 7, day: 3 },
        { precision: 'day', valid: false, year: 2024, month: 20, day: 26 },
      ],
    );
  });

  test('leap years follow the Gregorian calendar', () => {
    assert.equal(isCalendarDate({ year: 2024, month: 2, day: 29 }), true);
    assert.equal(isCalendarDate({ year: 2023, month: 2, day: 29 }), false);
    assert.equal(isCalendarDate({ year: 1900, month: 2, day: 29 }), false);
    assert.equal(isCalendarDate({ year: 2000, month: 2, day: 29 }), true);
  });

  test('half-width tags count only where they open a paragraph or list item, and are not links', () => {
    const note = noteFromText('n.md', '[2023-5-6] opens\n\n- [2023-5-7] item\n\ntext [2023-5-8]\n\n[2023-5-9](https://x.y)\n\n[2023-5-10][ref]\n\n[ref]: https://x.y\n');
    assert.deepEqual(note.dateTags.map((tag) => [tag.raw, tag.halfWidth]), [['[2023-5-6]', true], ['[2023-5-7]', true]]);
  });
});

describe('positions', () => {
  test('CRLF line breaks count as one line break', () => {
    const text = 'a\r\nb\r\n【2023-7-3】';
    const note = noteFromText('n.md', text);
    assert.deepEqual(note.lines.position(note.dateTags[0]!.range.start), { line: 2, character: 0 });
  });

  test('a BOM is not part of the text: positions are those an editor shows', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\ntitle: x\n---\n【2023-07-03】\n')]);
    const note = noteFromBytes('n.md', bytes);
    assert.equal(note.bom, true);
    assert.equal(note.text.startsWith('---'), true);
    assert.ok(note.frontMatter?.closed);
    assert.deepEqual(note.lines.position(note.dateTags[0]!.range.start), { line: 3, character: 0 });
  });

  test('columns count UTF-16 code units', () => {
    assert.deepEqual(position('😀【2023-7-3】', 2), { line: 0, character: 2 });
  });
});

describe('odd notes', () => {
  test('an empty file has nothing and no front matter', () => {
    const note = noteFromText('n.md', '');
    assert.equal(note.frontMatter, undefined);
    assert.deepEqual([note.headings, note.dateTags, note.entries, note.links], [[], [], [], []]);
  });

  test('front matter only', () => {
    const note = noteFromText('n.md', '---\ntitle: Only\ntags: a b\n---\n');
    assert.equal(note.frontMatter?.fields.get('title')?.value, 'Only');
    assert.deepEqual(note.frontMatter?.fields.get('tags')?.items.map((item) => item.text), ['a', 'b']);
    assert.deepEqual(note.headings, []);
  });

  test('no front matter: a leading thematic break is not front matter', () => {
    const note = noteFromText('n.md', '# Title\n\n---\n\nkey: value\n');
    assert.equal(note.frontMatter, undefined);
    assert.deepEqual(note.headings.map((heading) => heading.text), ['Title']);
  });

  test('bytes that are not UTF-8 are decoded and located', () => {
    const note = noteFromBytes('n.md', Buffer.from([0x61, 0x62, 0xff, 0x63]));
    assert.equal(note.text, 'ab\ufffdc');
    assert.deepEqual(note.invalidUtf8, { byteOffset: 2, byte: 0xff, textOffset: 2 });
  });

  test('a NUL byte marks a binary file, which is not parsed', () => {
    const note = noteFromBytes('n.md', Buffer.from([0x23, 0x20, 0x00, 0x41]));
    assert.equal(note.binary, true);
    assert.deepEqual(note.headings, []);
  });
});

describe('entries', () => {
  const text = [
    '# Top',
    '## Section',
    '【2023-7-3】[Linked title](https://a.b) more',
    '- detail',
    '',
    '- **【2023-7-4】** Plain title here',
    '  - sub point',
    '### Deeper',
    '【2023-7】 month entry',
    '## Other',
    'text',
  ].join('\n');
  const note = noteFromText('n.md', text);

  test('open at tags that start blocks, with the link text or the rest of the line as title', () => {
    assert.deepEqual(note.entries.map((entry) => entry.title), ['Linked title', 'Plain title here', 'month entry']);
  });

  test('carry the heading path above them', () => {
    assert.deepEqual(note.entries.map((entry) => entry.headingPath), [['Top', 'Section'], ['Top', 'Section'], ['Top', 'Section', 'Deeper']]);
  });

  test('run to the next entry or heading', () => {
    assert.equal(text.slice(note.entries[0]!.range.start, note.entries[0]!.range.end), '【2023-7-3】[Linked title](https://a.b) more\n- detail');
    assert.equal(text.slice(note.entries[1]!.range.start, note.entries[1]!.range.end), '- **【2023-7-4】** Plain title here\n  - sub point');
    assert.equal(text.slice(note.entries[2]!.range.start, note.entries[2]!.range.end), '【2023-7】 month entry');
  });

  test('make a newest-first timeline, with lower precision after the days it covers', () => {
    const other = noteFromText('b.md', '【2023-7-31】 end of July\n\n【2023-6-30】 June');
    const timeline = buildTimeline(buildWorkspace([note, other]));
    assert.deepEqual(timeline.map((entry) => entry.date), ['2023-07-31', '2023-07-04', '2023-07-03', '2023-07', '2023-06-30']);
    assert.deepEqual(buildTimeline(buildWorkspace([note, other]), { from: '2023-7', to: '2023-7' }).map((entry) => entry.date), ['2023-07-31', '2023-07-04', '2023-07-03', '2023-07']);
    assert.deepEqual(buildTimeline(buildWorkspace([note, other]), { query: 'june' }).map((entry) => entry.title), ['June']);
  });
});

describe('links', () => {
  test('keep the destination as written', () => {
    const note = noteFromText('n.md', '[a](/ai_company) ![img](</x y.png> "t") [ref][r] <https://a.b> https://bare.example\n\n[r]: /target#frag\n');
    assert.deepEqual(
      note.links.map((link) => [link.kind, link.text, link.destination]),
      [
        ['inline', 'a', '/ai_company'],
        ['image', 'img', '/x y.png'],
        ['reference', 'ref', '/target#frag'],
        ['autolink', '', 'https://a.b'],
        ['bare-url', '', 'https://bare.example'],
        ['definition', '', '/target#frag'],
      ],
    );
  });
});

describe('links beyond Markdown syntax', () => {
  test('raw HTML links and ids, Liquid tags, and destinations with spaces that kramdown links', () => {
    const note = noteFromText(
      'n.md',
      [
        '<a href="/a?x=1&amp;y=2">a</a> <img src=\'/b.png\'> <span id="here"></span> <a name="there"></a>',
        '',
        '[post]({{ site.baseurl }}{% post_url 2010-07-26-computer-history %}#x) and {% post_url 2011-01-01-other %} and {% link _posts/2012-01-01-x.md %}',
        '',
        '[spaced](Some Page Title) and `{% post_url in-code %}` and [titled](/t "A title")',
        '',
        '<!-- <a href="/in-comment">no</a> -->',
      ].join('\n'),
    );
    assert.deepEqual(
      note.links.map((link) => [link.kind, link.destination, note.text.slice(link.destinationRange!.start, link.destinationRange!.end)]),
      [
        ['html-link', '/a?x=1&y=2', '/a?x=1&amp;y=2'],
        ['html-image', '/b.png', '/b.png'],
        ['inline', '{{ site.baseurl }}{% post_url 2010-07-26-computer-history %}#x', '{{ site.baseurl }}{% post_url 2010-07-26-computer-history %}#x'],
        ['post-url', '2011-01-01-other', '2011-01-01-other'],
        ['liquid-link', '_posts/2012-01-01-x.md', '_posts/2012-01-01-x.md'],
        ['inline', 'Some Page Title', 'Some Page Title'],
        ['inline', '/t', '/t'],
      ],
    );
    assert.deepEqual(note.htmlIds, ['here', 'there']);
  });
});

describe('site', () => {
  test('URLs come from permalink:, else from the pattern with date: and the file name', () => {
    const explicit = noteFromText('_posts/2023-02-14-aigc.md', '---\npermalink: /aigc\n---\n');
    const byPattern = noteFromText('_posts/2022-11-30-agents.md', '---\ndate: 2022-12-01 10:00:00\ncategories: AI Agents\n---\n');
    const page = noteFromText('about/index.md', '');
    assert.equal(noteUrl(explicit, '/:year/:month/:day/:title/'), '/aigc');
    assert.equal(noteUrl(byPattern, '/:year/:month/:day/:title/'), '/2022/12/01/agents/');
    assert.equal(noteUrl(byPattern, 'date'), '/ai/agents/2022/12/01/agents.html');
    assert.equal(noteUrl(byPattern, 'pretty'), '/ai/agents/2022/12/01/agents/');
    assert.equal(noteUrl(page, 'date'), '/about/');
    assert.equal(outputPath('/aigc'), 'aigc.html');
    assert.equal(outputPath('/aigc.html'), 'aigc.html');
    assert.equal(outputPath('/aigc/'), 'aigc/index.html');
  });

  test('front-matter dates Jekyll accepts', () => {
    for (const ok of ['2023-02-14', '2023-02-14 19:02', '2023-02-14 19:02:00', '2023-02-14 19:02:00 +0800', '2023-02-14T19:02:00Z']) {
      assert.ok(parseFrontMatterDate(ok), ok);
    }
    for (const bad of ['2023-02-30', '2023-13-01', 'yesterday', '2023-02-14 25:00', '14/02/2023']) {
      assert.equal(parseFrontMatterDate(bad), undefined, bad);
    }
  });
});
