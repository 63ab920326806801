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
    let total = 0;
    let agreed = 0;
    const disagreements: string[] = [];
    for (const [file, expected] of theirs) {
      const ours = ourIds(file);
      for (const [line, id] of expected) {
        total++;
        const mine = ours.has(line) ? ours.get(line) : '(no heading)';
        if (mine === id) agreed++;
        else disagreements.push(`${file.slice(CORPUS.length + 1)}:${line} kramdown ${JSON.stringify(id)}, ours ${JSON.stringify(mine)}`);
      }
      for (const line of ours.keys()) {
        if (!expected.has(line)) {
          total++;
          disagreements.push(`${file.slice(CORPUS.length + 1)}:${line} kramdown (no heading), ours ${JSON.stringify(ours.get(line))}`);
        }
      }
    }
    const rate = agreed / total;
    console.log(`heading ids: ${agreed} of ${total} agree with kramdown (${(rate * 100).toFixed(3)}%)`);
    for (const line of disagreements) console.log(`  ${line}`);
    assert.ok(rate >= 0.999, `agreement ${(rate * 100).toFixed(3)}% is below 99.9%`);
  });
});
