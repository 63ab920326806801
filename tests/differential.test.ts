// The fast reader (scan.ts) against remark, the reference (markdown.ts): both must give the same note
// model, field by field: headings with their ids, date tags, entries, links, HTML ids, inline code and
// the ranges that are not prose. Over our own snippets of every construct always, and over every note
// of ../shared/corpus when it is there.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { parseFrontMatter, readSimpleYaml } from '../server/src/model/front-matter';
import { listFiles, loadConfig } from '../server/src/files';
import { parseMarkdown } from '../server/src/model/markdown';
import { noteFromSource, type Note } from '../server/src/model/note';
import { decodeNote } from '../server/src/model/text';

const FIELDS = ['headings', 'dateTags', 'entries', 'links', 'htmlIds', 'inlineCode', 'nonProse'] as const;

/** The fields in which the two readers differ, with the first differing item of each. */
function differences(path: string, bytes: Uint8Array): string[] {
  const source = decodeNote(bytes);
  const fast = noteFromSource(path, source);
  const reference = noteFromSource(path, source, parseMarkdown);
  const found: string[] = [];
  for (const field of FIELDS) {
    const a = fast[field] as Note[typeof field][number][];
    const b = reference[field] as Note[typeof field][number][];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    let i = 0;
    while (i < Math.min(a.length, b.length) && JSON.stringify(a[i]) === JSON.stringify(b[i])) i++;
    found.push(`${path} ${field} (${a.length} vs ${b.length}): fast ${JSON.stringify(a[i])} / remark ${JSON.stringify(b[i])}`);
  }
  return found;
}

// Snippets of the constructs where a reader is most likely to go wrong, written for this test.
const SNIPPETS: Record<string, string> = {
  'front matter and headings': '---\ntitle: T\n---\n# 标题 *One* `code`\n\nSetext\n===\n\n## Two ##\n#not a heading\n\n## Two\n### {#custom}\n### Text {#own-id}\n',
  'lists and lazy lines': '- 【2023-7-3】[a](/x)\nlazy 【2023-7-4】\n- [2023-5-6] half\n\n  second paragraph 【2020-1-1】\n1. one\n2. 【2024-1-2】two\n   - nested `x`\n10) ten\n',
  'interrupting rules': 'para\n2. not a list\n- but this is\n\npara\n    not code\n> quote\ncontinued\n> # heading in quote\n\n    code 【2020-1-1】\n\n      more code\n',
  fences: '```js\n【2020-1-1】 in code\n# not heading\n```\n\n~~~\nunclosed\n\n- item\n  ```\n  code in item\n# heading closes it\n',
  html: '<div>\n# in html\n【2020-1-1】\n</div>\n\n<!-- comment\n【2020-1-2】\n-->\n\n  <!-- indented -->\n\n<a href="/x.html" id="anchor">a</a> and <img src="i.png">\n\ntext <span id="s">x</span> 【2020-1-3】\n',
  links: '[inline](/a "t") ![img](/i.png) [ref][r] [r] [collapsed][] <https://a.b> https://x.com/y_(z). www.example.com/a,\nmail a@b.co [spaced](a b) [n [nested](/n) x](/outer) \\[escaped](/e) `[code](/c)`\n\n[r]: /ref "title"\n[collapsed]: </angle dest>\n',
  'footnotes and tables': 'text[^1] and [^missing]\n\n[^1]: note with [link](/f)\n    continued\n\n| a | b `c\\|d` |\n|---|:-:|\n| [x](/t) | 【2020-1-1】 |\nlazy row\n\n*【2021-2-3】* emphasis first **bold [l](/b)** ~~gone~~\n',
  'emphasis and entities': '**【2022-2-2】** &amp; &#x4e2d; &copy; *a **b** c* _x_y_ ***z***\n\n## *Emphasis* and &lt;tags&gt; -- dashes --- << >>\n',
  'tabs and CRLF': '-\titem\r\n\t- nested\r\n\r\n\tcode?\r\n# H\r\n【2020-1-1】entry\r\n',
  'deep nesting': `${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i * 2)}- 【2020-1-${(i % 28) + 1}】 level ${i} [l](/x${i})`).join('\n')}\n${'> '.repeat(30)}- quoted 【2021-1-1】\n\n${Array.from({ length: 20 }, (_, i) => `${' '.repeat(i * 3)}1. \`c${i}\``).join('\n')}\n\t\t\t\t- tabbed\n`,
  // Paragraphs and cells without a backtick, `<`, `[`, `@` or URL are not read further (scan.ts).
  'plain prose': 'Plain *prose* with **bold** 【2020-1-1】 and _more_\nsecond line, still plain\n\n> quoted plain line\n> then a [link](/q) on the second line\n\nHTTPS://EXAMPLE.COM/upper and WWW.Example.com/x\n\nmail someone@example.com today\n\n| plain | `code` |\n|---|---|\n| cell 【2020-2-2】 | [l](/c) |\n\n*【2021-2-3】 opens with emphasis* text\n\n[2022-3-4] half-width, then plain\n',
  liquid: 'See [post]({% post_url 2010-07-26-a %}#x) and {% link _posts/a.md %} and [b]({{ site.baseurl }}/c)\n\n`{% post_url ignored %}`\n',
};

describe('the fast reader against remark', () => {
  for (const [name, text] of Object.entries(SNIPPETS)) {
    test(`agrees on ${name}`, () => {
      assert.deepEqual(differences(`${name}.md`, Buffer.from(text)), []);
    });
  }

  const corpus = join(__dirname, '..', '..', 'shared', 'corpus');
  const skip = existsSync(join(corpus, '_posts')) ? false : `../shared/corpus is absent (looked in ${corpus}): the differential test over real notes needs it`;
  test('agrees on every note of the corpus', { skip }, () => {
    const paths = listFiles(corpus, loadConfig(corpus)).notes;
    assert.ok(paths.length >= 310, `expected at least 310 notes, found ${paths.length}`);
    const found = paths.flatMap((path) => differences(path, readFileSync(join(corpus, path))));
    console.log(`fast reader and remark compared on ${paths.length} notes: ${found.length} differing fields`);
    assert.deepEqual(found, []);
  });
});

/** The front matter as the fast path and the `yaml` package read it, fields as arrays (JSON has no Map). */
function bothFrontMatters(text: string): [unknown, unknown] {
  const plain = (reader: 'fast' | 'library') => {
    const read = parseFrontMatter(text, reader);
    return read && JSON.parse(JSON.stringify({ ...read, fields: [...read.fields] }));
  };
  return [plain('fast'), plain('library')];
}

// Front matter of our own: what the fast path takes, and what it must leave to the package.
const FRONT_MATTERS = [
  'layout: post\ntitle:  "【读书笔记】思考 - Thinking"\ndate:   2018-10-31 20:08:00\ncategories: 读书笔记\nexcerpt : 说明 text\ntags: 认知 AI LLM\nmathjax: true\n',
  'yes: 1\nn: 012\nt: 1:20\nf: 1.5e3\nnull: ~\nx: .inf\nd: 2023-7-3\nh: 0x1F\n',
  'a: "quoted # not a comment"\nb: plain # a comment\nc: "esc\\"aped"\nd: \'single\'\n',
  'tags:\n  - a\n  - b\ncategories: [x, y]\nempty:\n',
  'title: one\n  continued\nk: v\r\n\nk: again\n',
  'a: -5\nb: [x\nc: x: y\nd: &anchor v\ne: *anchor\nf: !tag v\ng: 100%\n',
  'k\u0085: v\nx: a\u2028b\n',
];

describe('the fast front matter reader against the yaml package', () => {
  for (const [i, yaml] of FRONT_MATTERS.entries()) {
    test(`agrees on front matter ${i + 1}`, () => {
      const [fast, library] = bothFrontMatters(`---\n${yaml}---\n\nbody\n`);
      assert.deepEqual(fast, library);
    });
  }

  test('agrees on random front matter of simple lines', () => {
    const key = fc.constantFrom('title', 'date', 'tags', 'y', 'on', 'null', 'key-1', '_k', 'Title', 'categories');
    const value = fc.oneof(
      fc.constantFrom('2023-07-03', '2018-10-31 20:08:00', '2018-10-31T20:08:00+08:00', '2023-7-3 8:0:0', 'true', 'No', 'OFF', '~', '012', '0b11', '1_000', '1:20:30', '-1.5', '.NaN', '<<', '"q"', '""', "'s'", 'a: b', 'a #c', 'a#c', '[a]', '{b}', 'x,y', '"a\\b"', '@x', '`x`', '%x', '?x', '- x'),
      fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', ':', '#', '-', '.', '"', "'", '文', '【', '\t', ',', '[', '!', '&'), maxLength: 12 }),
    );
    const line = fc.tuple(key, fc.constantFrom(':', ' :', ':  ', ': '), value, fc.constantFrom('', ' ', '\r')).map(([k, colon, v, end]) => `${k}${colon}${colon.endsWith(' ') ? '' : ' '}${v}${end}`);
    fc.assert(
      fc.property(fc.array(fc.oneof(line, fc.constant(''), fc.constant('  indented: x')), { maxLength: 8 }), (lines) => {
        const [fast, library] = bothFrontMatters(`---\n${lines.map((l) => `${l}\n`).join('')}---\nbody\n`);
        assert.deepEqual(fast, library);
      }),
      { numRuns: 500 },
    );
  });

  const corpus = join(__dirname, '..', '..', 'shared', 'corpus');
  const skip = existsSync(join(corpus, '_posts')) ? false : `../shared/corpus is absent (looked in ${corpus}): the comparison over real front matter needs it`;
  test('agrees on every note of the corpus', { skip }, () => {
    const paths = listFiles(corpus, loadConfig(corpus)).notes;
    let withFrontMatter = 0;
    let simple = 0;
    for (const path of paths) {
      const { text } = decodeNote(readFileSync(join(corpus, path)));
      const [fast, library] = bothFrontMatters(text);
      assert.ok(isDeepStrictEqual(fast, library), `${path}: ${JSON.stringify(fast)} / ${JSON.stringify(library)}`);
      const read = parseFrontMatter(text, 'library');
      if (!read?.closed) continue;
      withFrontMatter++;
      if (readSimpleYaml(text, read.contentRange.start, read.contentRange.end)) simple++;
    }
    console.log(`front matter compared on ${paths.length} notes: the fast path read ${simple} of the ${withFrontMatter} with front matter`);
    // It is there for speed: most real front matter must take it.
    assert.ok(simple >= 0.9 * withFrontMatter, `the fast path read only ${simple} of ${withFrontMatter}`);
  });
});
