// How alike two names are: for "did you mean" lists and for fixes that are safe only when exactly one
// candidate is close.

/** Levenshtein distance in code points (so that one CJK character is one edit). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length < y.length) return editDistance(b, a);
  let previous = Array.from({ length: y.length + 1 }, (_, i) => i);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** Up to `count` candidates nearest to `wanted`, nearest first, none further than about 40% of its length. */
export function nearest(wanted: string, candidates: Iterable<string>, count = 3): string[] {
  const limit = Math.max(3, Math.ceil([...wanted].length * 0.4));
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate) }))
    .filter(({ distance }) => distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate);
}

/** The one candidate that `isClose` accepts, or undefined when none or several do. */
export function onlyClose(wanted: string, candidates: Iterable<string>, isClose: (wanted: string, candidate: string) => boolean): string | undefined {
  const close = [...new Set(candidates)].filter((candidate) => candidate !== wanted && isClose(wanted, candidate));
  return close.length === 1 ? close[0] : undefined;
}

/** Edit distance that also counts a swap of two neighbours as one edit (`Stabel` → `Stable`). */
export function typoDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}
