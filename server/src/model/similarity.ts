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
