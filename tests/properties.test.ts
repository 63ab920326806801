// Property tests (fast-check) over random Markdown built from the note syntax: no rule, no part of the
// note model and no editor feature throws on it; fixing changes no character outside the fixes' ranges
// (and no byte outside them once written, BOM and CRLF included); fixing twice equals fixing once.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { defaultConfig } from '../server/src/config';
import { completions } from '../server/src/features/completion';
import { foldingRanges } from '../server/src/features/folding';
import { hover } from '../server/src/features/hover';
import { definition, documentLinks, prepareRename, type Locator } from '../server/src/features/navigation';
import { documentSymbols } from '../server/src/features/symbols';
import { related } from '../server/src/features/timeline';
import { fixWorkspace } from '../server/src/lint';
import { noteFromBytes, noteFromText, type Note } from '../server/src/model/note';
import { encodeNote } from '../server/src/model/text';
import { buildWorkspace } from '../server/src/model/workspace';
import { rules } from '../server/src/rules/index';
import type { Finding, Rule, RuleContext, TextEdit } from '../server/src/rules/rule';
import { buildTimeline } from '../server/src/timeline';

const today = { year: 2026, month: 6, day: 15 };
/** fast-check's seed is printed on failure; runs are kept small enough for ~10 s in all. */
const RUNS = Number(process.env.DATED_NOTES_PROPERTY_RUNS ?? 150);

// ---- Arbitraries of the note syntax ----

const number = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 2, 12, 13, 29, 30, 31, 99, 2023, 2206, 99999), fc.integer({ min: -5, max: 100_000 }));
const pad = (value: number) => fc.constantFrom(String(value), String(value).padStart(2, '0'), ` ${value}`, `${value}\u3000`);
const dateTag = fc
  .tuple(number, number, number, fc.constantFrom('-', '.', '/', '－', ''), fc.constantFrom(['【', '】'], ['[', ']'], ['【', ']'], ['[', '】'], ['【', '']), fc.constantFrom('day', 'month', 'year', 'star'))
  .chain(([y, m, d, sep, [open, close], precision]) =>
    fc.tuple(pad(m), pad(d)).map(([mm, dd]) => {
      const body = precision === 'year' ? `${y}` : precision === 'month' ? `${y}${sep}${mm}` : precision === 'star' ? `${y}${sep}${mm}${sep}*` : `${y}${sep}${mm}${sep}${dd}`;
      return `${open}${body}${close}`;
    }),
  );
const cjk = fc.constantFrom('大模型', '通义千问', '文心一言', '月之暗面', '资料', '命令行', '工具箱', '。', '，', '：', '（', '）');
const names = fc.constantFrom('OpenAI', 'Mircosoft', 'Microsoft', 'LLaMA', 'Llama', 'Galatica', 'Qwen', 'GPT', 'gpt', 'Go', 'Stable Diffusion', 'Langchian');
const words = fc.oneof(fc.constantFrom('a', 'note', 'text', 'x_y', '*em*', '**strong**', '~~del~~', '\\', '&amp;', '&#0;', '&#xD800;', '<', '>', '|', '{:toc}', '* content'), cjk, names);
const weird = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }), // any code point, lone surrogates included
  fc.constantFrom('\u0000', '\ufffd', '\ufeff', '\u200b', '\u00a0', '\t', '\r', '\u2028', '\ud800', '\udfff', '😀', 'é', 'e\u0301'),
);
const destination = fc.oneof(
  fc.constantFrom('/aigc', '/aigc#资料', '#资料', '#命令-行', 'image-generation', '../../../../etc/passwd', '/etc/passwd', 'file:///etc/passwd', 'javascript:alert(1)', 'github.com/x', 'https://example.com/a b', '%E0%A4%A', '%zz', '/x%2F..%2F..', '<>', ' ', '', '{{ site.baseurl }}{% post_url 2023-01-02-other %}#h', "{{ '/x.png' | relative_url }}", 'mailto:a@b', '//evil.example', '/other/', 'other.html', '/b.png'),
  fc.string({ maxLength: 10 }),
);
const link = fc.oneof(
  fc.tuple(fc.oneof(words, fc.constant('')), destination).map(([text, to]) => `[${text}](${to})`),
  fc.tuple(words, destination).map(([text, to]) => `![${text}](${to})`),
  destination.map((to) => `<a href="${to}">x</a>`),
  destination.map((to) => `<${to}>`),
  fc.tuple(words, fc.constantFrom('r', 'R', '1')).map(([text, ref]) => `[${text}][${ref}]`),
  fc.constantFrom('{% post_url 2023-01-02-other %}', '{% link other.md %}', '{% post_url ../../x %}', 'https://bare.example/x', 'www.example.com'),
);
const inline = fc.oneof(
  { weight: 4, arbitrary: words },
  { weight: 3, arbitrary: dateTag },
  { weight: 3, arbitrary: link },
  { weight: 1, arbitrary: names.map((name) => `\`${name}\``) },
  { weight: 1, arbitrary: fc.constantFrom('`', '``', '[', ']', '](', ')', '【', '】', '<!--', '-->', '{%', '%}', '{{', '}}', '^', '[^n]') },
  { weight: 1, arbitrary: weird },
);
const lineText = fc.array(inline, { maxLength: 6 }).map((parts) => parts.join(' '));
const block = fc.oneof(
  { weight: 5, arbitrary: lineText },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 7 }), lineText, fc.constantFrom('', ' {#custom}', ' #', ' ##')).map(([level, text, tail]) => `${'#'.repeat(level)} ${text}${tail}`) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('- ', '* ', '1. ', '  - ', '> ', '> - ', '    ', '- **'), dateTag, lineText).map(([marker, tag, text]) => `${marker}${tag}${text}`) },
  { weight: 1, arbitrary: fc.constantFrom('```', '```python', '~~~', '````', '<div>', '</div>', '<!--', '-->', '---', '***', '===', '| a | b |', '|---|---|', '[r]: /aigc#h', '[R]: ../../etc/passwd', '[^n]: note', '<script>', '$$') },
  { weight: 1, arbitrary: fc.constant('') },
);
const tags = fc.array(fc.constantFrom('GPT', 'gpt', 'ＧＰＴ', 'LLM', 'llm', 'AIGC', '大模型', '"quoted"', '[list]', '-', '#x'), { maxLength: 4 }).map((items) => items.join(' '));
const frontMatter = fc.oneof(
  fc.constant(''),
  fc
    .record({
      title: fc.oneof(words, fc.constant('"unclosed'), fc.constant('!!js/function "function(){}"')),
      date: fc.oneof(fc.constantFrom('2023-02-14 19:02:00', '2023-02-30', '2023-1-2', 'yesterday', '2023-02-14 25:00', '2023-02-14T19:02:00Z'), dateTag),
      tags,
      permalink: fc.constantFrom('/aigc', '/other', '/x y', '', '/%E0', '/2023/02/14/a/'),
      extra: fc.constantFrom('', 'layout: post\n', 'categories: 大模型\n', '__proto__: { polluted: 1 }\n', 'key: [unclosed\n', ':\n', '\t: tab\n', 'layout: post\nlayout: again\n'),
      closed: fc.constantFrom('---', '...', '', '--- ', '----'),
    })
    .map(({ title, date, tags, permalink, extra, closed }) => `---\ntitle: ${title}\ndate: ${date}\ntags: ${tags}\npermalink: ${permalink}\n${extra}${closed}\n`),
);
/** A note's text: front matter, blocks, LF or CRLF (or a mix), sometimes a BOM. */
const noteText = fc
  .tuple(fc.constantFrom('', '\ufeff'), frontMatter, fc.array(block, { maxLength: 14 }), fc.constantFrom('\n', '\r\n', 'mixed'), fc.boolean())
  .map(([bom, front, blocks, eol, blank]) => {
    const body = blocks.join(blank ? '\n\n' : '\n');
    const text = front + body;
    return bom + (eol === 'mixed' ? text.replace(/\n/g, (_, i: number) => (i % 3 ? '\n' : '\r\n')) : text.replace(/\n/g, eol));
  });
/** The same, as bytes, sometimes with bytes that are not UTF-8 (or a NUL) spliced in. */
const noteBytes = fc.tuple(noteText, fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom([0xff], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe4, 0xb8], [0x00], [0xef, 0xbb, 0xbf])), { maxLength: 3 })).map(([text, splices]) => {
  let bytes = Buffer.from(text, 'utf8');
  for (const [at, inserted] of splices) {
    const offset = Math.floor(at * bytes.length);
    bytes = Buffer.concat([bytes.subarray(0, offset), Buffer.from(inserted), bytes.subarray(offset)]);
  }
  return bytes;
});

// ---- The workspace a random note is checked in ----

/** Two other notes: one the random links can hit, one that makes `GPT` the common form of a tag. */
const OTHER = noteFromText('_posts/2023-01-02-other.md', '---\ntitle: Other\ndate: 2023-01-02\ntags: GPT LLM\npermalink: /other/\n---\n\n## 资料\n\n## 命令行\n\n【2023-1-2】[x](/aigc) `OpenAI`\n');
const THIRD = noteFromText('_posts/2023-01-03-third.md', '---\ntitle: Third\ndate: 2023-01-03\ntags: GPT\n---\n\n# h\n');
const contextFor = (note: Note): RuleContext => ({ workspace: buildWorkspace([note, OTHER, THIRD], '/:year/:month/:day/:title/', ['b.png', 'other.html'], []), config: defaultConfig(), today });
const locator: Locator = { uriOf: (note) => `file:///ws/${note.path}`, fileUri: (path) => `file:///ws/${path}` };

/** Every rule run directly (not through lintNote, which would contain a throw), with its findings checked. */
function checkEveryRule(note: Note, context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    rule.check(note, context, (finding) => {
      const { start, end } = finding.range;
      assert.ok(start >= 0 && start <= end && end <= note.text.length, `${rule.id}: range ${start}-${end} in a text of ${note.text.length}`);
      for (const edit of finding.fix?.edits ?? []) assert.ok(edit.range.start >= 0 && edit.range.start <= edit.range.end && edit.range.end <= note.text.length, `${rule.id}: fix edit ${JSON.stringify(edit.range)}`);
      assert.equal(typeof finding.message, 'string');
      findings.push({ rule: rule.id, severity: rule.severity, ...finding });
    });
  }
  return findings;
}

/** The editor's features at an offset: none may throw either. */
function useEveryFeature(note: Note, context: RuleContext, at: number): void {
  const offset = Math.floor(at * (note.text.length + 1));
  const { workspace } = context;
  hover(note, offset, workspace, workspace.entities, today);
  completions(note, offset, { workspace, entities: workspace.entities, config: context.config, today });
  definition(note, offset, workspace, locator);
  prepareRename(note, offset);
  related(note, offset, workspace, locator.uriOf);
  documentSymbols(note);
  foldingRanges(note);
  documentLinks(note, workspace, locator);
  note.lines.position(offset);
}

describe('random Markdown', () => {
  test('never makes the note model, a rule or a feature throw (text)', () => {
    fc.assert(
      fc.property(noteText, fc.double({ min: 0, max: 1, noNaN: true }), (text, at) => {
        const note = noteFromText('_posts/2023-02-14-aigc.md', text);
        const context = contextFor(note);
        buildTimeline(context.workspace);
        checkEveryRule(note, context);
        useEveryFeature(note, context, at);
      }),
      { numRuns: RUNS },
    );
  });

  test('never makes the note model, a rule or a feature throw (bytes, some not UTF-8)', () => {
    fc.assert(
      fc.property(noteBytes, fc.double({ min: 0, max: 1, noNaN: true }), (bytes, at) => {
        const note = noteFromBytes('_posts/2023-02-14-aigc.md', bytes);
        assert.equal(note.invalidUtf8 === undefined, isUtf8(note.bom ? bytes.subarray(3) : bytes), 'bytes that are not UTF-8 are noticed');
        const context = contextFor(note);
        checkEveryRule(note, context);
        useEveryFeature(note, context, at);
      }),
      { numRuns: RUNS },
    );
  });

  test('valid UTF-8 decodes to the text Node decodes (all of Unicode, BOM kept aside)', () => {
    fc.assert(
      // (A leading U+FEFF would be read as a BOM, and a NUL makes a binary file.)
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }).filter((text) => !text.startsWith('\ufeff') && !text.includes('\0')), fc.boolean(), (text, bom) => {
        const bytes = encodeNote(text, bom);
        const note = noteFromBytes('_posts/2023-02-14-aigc.md', bytes);
        assert.equal(note.text, text);
        assert.equal(note.bom, bom);
      }),
      { numRuns: RUNS * 4 },
    );
  });
});

// ---- Fixing ----

/**
 * True when `after` keeps every character of `before` outside the edits' ranges, in order: the text
 * before the first range and after the last exactly, each stretch between ranges somewhere in order.
 */
function confined(before: string, after: string, edits: readonly TextEdit[]): boolean {
  const merged: [number, number][] = [];
  for (const { range } of [...edits].sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end)) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last[1]) last[1] = Math.max(last[1], range.end);
    else merged.push([range.start, range.end]);
  }
  if (merged.length === 0) return after === before;
  const head = before.slice(0, merged[0]![0]);
  const tail = before.slice(merged[merged.length - 1]![1]);
  if (!after.startsWith(head) || !after.endsWith(tail) || head.length + tail.length > after.length) return false;
  let cursor = head.length;
  for (let i = 1; i < merged.length; i++) {
    const kept = before.slice(merged[i - 1]![1], merged[i]![0]);
    const found = after.indexOf(kept, cursor);
    if (found === -1) return false;
    cursor = found + kept.length;
  }
  return cursor <= after.length - tail.length;
}

/** fixWorkspace as the CLI runs it, with every rule wrapped to see each pass's text and proposed edits. */
function fixRecorded(note: Note): { fixed: Note; passes: { text: string; edits: TextEdit[] }[] } {
  const passes: { text: string; edits: TextEdit[] }[] = [];
  const watched: Rule[] = rules.map((rule) => ({
    ...rule,
    check(checked, context, report) {
      if (checked.path !== note.path) return rule.check(checked, context, report);
      if (passes[passes.length - 1]?.text !== checked.text) passes.push({ text: checked.text, edits: [] });
      const pass = passes[passes.length - 1]!;
      rule.check(checked, context, (finding) => {
        pass.edits.push(...(finding.fix?.edits ?? []));
        report(finding);
      });
    },
  }));
  const fixed = fixWorkspace(contextFor(note), [note], watched).notes[0]!;
  return { fixed, passes };
}

describe('--fix', () => {
  test('changes no character outside the ranges of the fixes of each pass, and fixing twice equals fixing once', () => {
    let fixedSome = 0;
    fc.assert(
      fc.property(noteText, (text) => {
        const note = noteFromText('_posts/2023-02-14-aigc.md', text);
        const { fixed, passes } = fixRecorded(note);
        const texts = [...passes.map((pass) => pass.text), fixed.text];
        assert.equal(texts[0], note.text);
        for (let i = 0; i + 1 < texts.length; i++) {
          if (texts[i] === texts[i + 1]) continue;
          assert.ok(confined(texts[i]!, texts[i + 1]!, passes[i]!.edits), `pass ${i + 1} changed text outside its fixes:\n${JSON.stringify(texts[i])}\n${JSON.stringify(texts[i + 1])}`);
        }
        if (fixed !== note) fixedSome++;
        const again = fixWorkspace(contextFor(fixed), [fixed]).notes[0]!;
        assert.equal(again.text, fixed.text, 'fixing the fixed text changes it again');
      }),
      // Found by this property: a second U+FEFF at the start was dropped by every fix.
      { numRuns: RUNS, examples: [['\ufeff\ufeff\nLangchian'], ['\ufeff---\r\ntags: gpt\r\n---\r\n【2023-07-03】 x\r\n']] },
    );
    assert.ok(fixedSome > RUNS / 10, `only ${fixedSome} of ${RUNS} random notes had anything to fix: the property would prove little`);
  });

  test('the bytes written keep the BOM and line endings, and differ only inside the fixes', () => {
    fc.assert(
      fc.property(noteBytes, (bytes) => {
        const note = noteFromBytes('_posts/2023-02-14-aigc.md', bytes);
        const fixed = fixWorkspace(contextFor(note), [note]).notes[0]!;
        // What the CLI writes (it writes nothing when the note is unchanged, not UTF-8 or binary).
        if (fixed === note) return;
        assert.ok(!note.invalidUtf8 && !note.binary, 'a note that is not valid UTF-8, or binary, is never fixed');
        const written = encodeNote(fixed.text, fixed.bom);
        assert.equal(written.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), note.bom, 'the BOM is kept, and none is added');
        assert.deepEqual(encodeNote(note.text, note.bom), bytes, 'the decoded text encodes back to the very bytes read');
        const { passes } = fixRecorded(note);
        const crlf = (text: string) => text.split('\r\n').length - 1;
        const removed = passes.flatMap((pass) => pass.edits.map((edit) => crlf(pass.text.slice(edit.range.start, edit.range.end))));
        const added = passes.flatMap((pass) => pass.edits.map((edit) => crlf(edit.text)));
        // Line endings outside the fixes' ranges survive: CRLF count changes only by what edits touch.
        assert.ok(Math.abs(crlf(fixed.text) - crlf(note.text)) <= removed.reduce((a, b) => a + b, 0) + added.reduce((a, b) => a + b, 0));
      }),
      { numRuns: RUNS },
    );
  });
});
