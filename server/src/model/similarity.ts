// How alike two names are: for "did you mean" lists and for fixes that are safe only when exactly one
// candidate is close. `editDistance` runs for every page of the site for every broken link, so it works
// on reused integer rows rather than on arrays of strings.

/** The code points of a text (so that one CJK character, or one emoji, is one edit). */
function codePoints(text: string): number[] {
  const points: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const point = text.codePointAt(i)!;
    points.push(point);
    if (point > 0xffff) i++;
  }
  return points;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * Code points and rows reused by every `editDistance` (calls never nest): a broken link is compared
 * with every URL of the site, and allocating for each comparison cost more than comparing.
 */
const scratch = { x: new Int32Array(64), y: new Int32Array(64), previous: new Int32Array(64), current: new Int32Array(64) };

/** Puts the code points of `text` from `start` to `end` into `scratch[into]`; returns how many. */
function loadPoints(into: 'x' | 'y', text: string, start: number, end: number): number {
  if (scratch[into].length < end - start) scratch[into] = new Int32Array(2 * (end - start));
  const points = scratch[into];
  let count = 0;
  for (let i = start; i < end; i++) {
    const point = text.codePointAt(i)!;
    points[count++] = point;
    if (point > 0xffff) i++;
  }
  return count;
}

/**
 * Levenshtein distance in code points. With `max`, a distance above it is only known to be above it
 * (`max + 1` is returned), which lets a comparison look only at the band of cells that can stay within
 * `max` and stop at the first row that cannot.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  // A common beginning and ending cost no edit (URLs share `/2023/…/` and `.html`): only the middles
  // are compared. Neither cut may fall inside a surrogate pair.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && isHighSurrogate(a.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isLowSurrogate(a.charCodeAt(a.length - suffix))) suffix--;
  const aLength = loadPoints('x', a, prefix, a.length - suffix);
  const bLength = loadPoints('y', b, prefix, b.length - suffix);
  // The longer along the rows, the shorter along the columns.
  const [x, n, y, m] = aLength >= bLength ? [scratch.x, aLength, scratch.y, bLength] : [scratch.y, bLength, scratch.x, aLength];
  // Every edit changes the length by at most one.
  if (n - m > max) return max + 1;
  // No distance exceeds the longer length, so this band is exact, and `far` stands for any value above it.
  const band = Math.min(max, n);
  const far = band + 1;
  if (scratch.previous.length <= m) [scratch.previous, scratch.current] = [new Int32Array(2 * (m + 1)), new Int32Array(2 * (m + 1))];
  let { previous, current } = scratch;
  for (let j = 0; j <= m; j++) previous[j] = j <= band ? j : far;
  for (let i = 1; i <= n; i++) {
    // Cells further than `band` from the diagonal are further than `band` from 0.
    const from = Math.max(1, i - band);
    const to = Math.min(m, i + band);
    current[from - 1] = from === 1 ? i : far;
    let rowMin = current[from - 1]!;
    const xi = x[i - 1];
    for (let j = from; j <= to; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (xi === y[j - 1] ? 0 : 1), far);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // The next row reads one cell past this band.
    if (to < m) current[to + 1] = far;
    // No cell of a later row is below this row's least: the distance is above `max` already.
    if (rowMin > max) return max + 1;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[m]!, max + 1);
}

/** Up to `count` candidates nearest to `wanted`, nearest first, none further than about 40% of its length. */
export function nearest(wanted: string, candidates: Iterable<string>, count = 3): string[] {
  return nearestAmong(wanted, nearestCandidates(candidates), count);
}

/** Candidates made ready once for many `nearestAmong` questions: without repeats, by length. */
export interface NearestCandidates {
  /** By length in code points, then in the order given. */
  byLength: { candidate: string; order: number; length: number }[];
}

export function nearestCandidates(candidates: Iterable<string>): NearestCandidates {
  const byLength = [...new Set(candidates)].map((candidate, order) => ({ candidate, order, length: codePointCount(candidate) }));
  byLength.sort((a, b) => a.length - b.length || a.order - b.order);
  return { byLength };
}

/** `nearest`, among candidates made ready. */
export function nearestAmong(wanted: string, { byLength }: NearestCandidates, count = 3): string[] {
  if (count < 1) return [];
  const length = codePointCount(wanted);
  const limit = Math.max(3, Math.ceil(length * 0.4));
  // No distance is below the difference in length: candidates are compared from the wanted length
  // outwards, and once `count` are kept, those further out are no nearer than the farthest kept.
  let above = 0;
  while (above < byLength.length && byLength[above]!.length < length) above++;
  let below = above - 1;
  // The nearest so far: nearest first, then by name, then first given.
  const kept: { candidate: string; order: number; distance: number }[] = [];
  while (below >= 0 || above < byLength.length) {
    const next = above >= byLength.length || (below >= 0 && length - byLength[below]!.length <= byLength[above]!.length - length) ? byLength[below--]! : byLength[above++]!;
    const bound = kept.length === count ? kept[count - 1]!.distance : limit;
    if (Math.abs(next.length - length) > bound) break;
    const distance = editDistance(wanted, next.candidate, bound);
    if (distance > bound) continue;
    const entry = { candidate: next.candidate, order: next.order, distance };
    let at = kept.length;
    while (at > 0 && compareNear(kept[at - 1]!, entry) > 0) at--;
    kept.splice(at, 0, entry);
    if (kept.length > count) kept.pop();
  }
  return kept.map(({ candidate }) => candidate);
}

function compareNear(a: { candidate: string; order: number; distance: number }, b: { candidate: string; order: number; distance: number }): number {
  return a.distance - b.distance || a.candidate.localeCompare(b.candidate) || a.order - b.order;
}

function codePointCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++, count++) if (text.codePointAt(i)! > 0xffff) i++;
  return count;
}

/** The one candidate that `isClose` accepts, or undefined when none or several do. */
export function onlyClose(wanted: string, candidates: Iterable<string>, isClose: (wanted: string, candidate: string) => boolean): string | undefined {
  // The candidates are distinct (map keys, or a list made so): a second close one ends the search.
  let found: string | undefined;
  for (const candidate of candidates) {
    if (candidate === wanted || !isClose(wanted, candidate)) continue;
    if (found !== undefined) return undefined;
    found = candidate;
  }
  return found;
}

/** Edit distance that also counts a swap of two neighbours as one edit (`Stabel` → `Stable`). */
export function typoDistance(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  // Three rolling rows: a swap looks two rows back.
  let before = new Int32Array(y.length + 1);
  let previous = new Int32Array(y.length + 1);
  let current = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[y.length]!;
}
