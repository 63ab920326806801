// Heading ids against Debian's kramdown: 100% on our own hard cases (tests/oracle/heading-cases.md,
// golden ids committed beside it) and at least 99.9% over every heading of ../shared/corpus.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { noteFromBytes } from '../server/src/model/note';
import { CORPUS, corpusAbsent, corpusPresent, kramdownHeadingIds, kramdownInstalled, kramdownMissing } from './helpers/oracle';

const CASES = join(__dirname, 'oracle', 'heading-cases.md');
const GOLDEN = join(__dirname, 'oracle', 'heading-cases.ids.json');

/** Our ids by line (1-based), `null` where no id is written. */
function ourIds(path: string): Map<number, string | null> {
  const note = noteFromBytes(path, readFileSync(path));
  return new Map(note.headings.map((heading) => [note.lines.position(heading.range.start).line + 1, heading.id ?? null]));
}

describe('heading ids', () => {
  test('equal kramdown on every hard case', () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as [number, string | null][];
    const expected = new Map(golden.map(([line, id]) => [line, id === '' ? null : id]));
    assert.deepEqual(ourIds(CASES), expected);
  });

  test('the committed golden ids are what kramdown gives today', { skip: kramdownInstalled ? false : kramdownMissing }, () => {
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as [number, string | null][];
    const fresh = kramdownHeadingIds([CASES]).get(CASES)!;
    assert.deepEqual(fresh, new Map(golden.map(([line, id]) => [line, id === '' ? null : id])));
  });

  test('agree with kramdown on at least 99.9% of the corpus headings', { skip: !corpusPresent ? corpusAbsent : kramdownInstalled ? false : kramdownMissing }, () => {
    const posts = readdirSync(join(CORPUS, '_posts')).map((name) => join(CORPUS, '_posts', name));
    const theirs = kramdownHeadingIds(posts);
    // Compared as sequences (a longest common subsequence per note), not by line: kramdown's line
    // numbers drift after some constructs, while the order of headings does not.
    let total = 0;
    let agreed = 0;
    const disagreements: string[] = [];
    for (const [file, expected] of theirs) {
      const mine = [...ourIds(file)];
      const them = [...expected];
      const common = lcs(them.map(([, id]) => id), mine.map(([, id]) => id));
      total += Math.max(them.length, mine.length);
      agreed += common.length;
      const name = file.slice(CORPUS.length + 1);
      const keptThem = new Set(common.map(([i]) => i));
      const keptMine = new Set(common.map(([, j]) => j));
      them.forEach(([line, id], i) => keptThem.has(i) || disagreements.push(`${name}:${line} kramdown ${JSON.stringify(id)}, not ours`));
      mine.forEach(([line, id], j) => keptMine.has(j) || disagreements.push(`${name}:${line} ours ${JSON.stringify(id)}, not kramdown's`));
    }
    const rate = agreed / total;
    console.log(`heading ids: ${agreed} of ${total} agree with kramdown (${(rate * 100).toFixed(3)}%)`);
    for (const line of disagreements) console.log(`  ${line}`);
    assert.ok(rate >= 0.999, `agreement ${(rate * 100).toFixed(3)}% is below 99.9%`);
  });
});

/** Index pairs of a longest common subsequence of two lists. */
function lcs<T>(a: T[], b: T[]): [number, number][] {
  const table = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}
