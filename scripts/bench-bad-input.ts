// The bad inputs of issue 7, for `npm run bench`: each is linted by the CLI and opened in the server,
// with a generous bound on the time each may take. Tests check what comes out (tests/robustness and
// tests/cli); the benchmark checks that none of them hangs, however large.

/** One note that a user's workspace could hold, and the most either face of the tool may take over it. */
export interface BadInput {
  name: string;
  /** The file's name in its workspace (`.md`, so that it is read as a note). */
  file: string;
  bytes: Buffer;
  limitMs: number;
}

const FRONT_MATTER = '---\nlayout: post\ntitle: 坏输入 Bad input\ndate: 2024-03-02\ncategories: [test]\ntags: [test]\n---\n\n';

/** A small deterministic generator: the same bytes on every machine and run. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = state >> 16;
  }
  return bytes;
}

/** About `bytes` of realistic notes: headings, dated entries with links, names, code. */
function largeNote(bytes: number): string {
  const parts = [FRONT_MATTER];
  let size = FRONT_MATTER.length;
  for (let s = 0; size < bytes; s++) {
    const section = [`## 第 ${s} 节 Section ${s}`, ''];
    for (let e = 0; e < 20; e++) section.push(`- 【20${10 + (s % 15)}-${(e % 12) + 1}-${(s % 27) + 1}】[OpenAI 笔记 ${s}-${e}](https://example.com/${s}/${e}) 说明 \`GPT-4\` and Mircosoft, [内部](/missing-${e}#x).`);
    section.push('', '```python', `print(${s})`, '```', '');
    const text = section.join('\n');
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  return parts.join('\n');
}

export function badInputs(): BadInput[] {
  const utf8 = (text: string) => Buffer.from(text, 'utf8');
  return [
    {
      name: 'bytes that are not UTF-8',
      file: 'not-utf8.md',
      bytes: Buffer.concat([utf8(`${FRONT_MATTER}【2024-3-2】before `), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), utf8(' after\n')]),
      limitMs: 3000,
    },
    { name: 'a binary file named .md (64 KB with NUL bytes)', file: 'binary.md', bytes: pseudoRandomBytes(64 * 1024, 7), limitMs: 3000 },
    { name: 'a 10 MB note', file: 'ten-megabytes.md', bytes: utf8(largeNote(10 * 1024 * 1024)), limitMs: 60000 },
    { name: '50,000 lines inside an unclosed fence', file: 'unclosed-fence.md', bytes: utf8(`${FRONT_MATTER}\`\`\`python\n${'print("【2024-1-1】 [x](y)")\n'.repeat(50000)}`), limitMs: 3000 },
    { name: 'front matter never closed', file: 'open-front-matter.md', bytes: utf8(`---\ntitle: never closed\n${'key: value 【2024-1-1】\n'.repeat(10000)}`), limitMs: 3000 },
    { name: '5,000 levels of `>`', file: 'deep-quote.md', bytes: utf8(`${FRONT_MATTER}${'>'.repeat(5000)} 【2024-1-1】deep\n`), limitMs: 3000 },
    { name: '5,000 levels of list nesting on one line (`- - - …`)', file: 'deep-list-line.md', bytes: utf8(`${FRONT_MATTER}${'- '.repeat(5000)}【2024-1-1】deep\n`), limitMs: 3000 },
    {
      name: '5,000 levels of list nesting, indented (25 MB)',
      file: 'deep-list.md',
      bytes: utf8(`${FRONT_MATTER}${Array.from({ length: 5000 }, (_, depth) => `${'  '.repeat(depth)}- 【2024-1-1】level ${depth}`).join('\n')}\n`),
      limitMs: 15000,
    },
    { name: '20,000 unmatched `[`', file: 'brackets.md', bytes: utf8(`${FRONT_MATTER}${'[a '.repeat(20000)}\n`), limitMs: 3000 },
    { name: 'CRLF with a BOM', file: 'crlf-bom.md', bytes: utf8(`\ufeff${FRONT_MATTER.replace(/\n/g, '\r\n')}# 标题\r\n\r\n【2024-03-02】[x](#标题)\r\n`), limitMs: 3000 },
    { name: 'an empty file', file: 'empty.md', bytes: Buffer.alloc(0), limitMs: 3000 },
  ];
}
