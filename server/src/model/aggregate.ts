// Workspace-wide counts that are sums of per-note counts (words written in lower case, names used),
// kept up to date by difference: after a keystroke one note changed, so one note's counts are taken
// out and its new ones put in, instead of reading every note again.
import type { Note } from './note';
import type { Workspace } from './workspace';
import { Memo } from './memo';

/** A workspace's totals, and the keys whose total reaches the `frequent` threshold. */
interface Sums<K> {
  totals: Map<K, number>;
  frequent: Set<K>;
}

/** Beyond this many changed notes, summing again from scratch is as cheap as updating. */
const MAX_DELTA = 32;

export interface Summer<K> {
  (workspace: Workspace): Map<K, number>;
  /** Works out one note's counts ahead of time, so that the first total is a sum, not a search. */
  prime(note: Note): void;
  /**
   * The keys whose total is at least the `frequent` threshold given to `summer`, kept as the totals
   * change: a few hundred of tens of thousands, to look through on every keystroke.
   */
  frequent(workspace: Workspace): ReadonlySet<K>;
}

/**
 * A function giving the workspace's totals of `perNote`, which must depend on the note alone. The map
 * it returns is updated in place when another workspace is asked for (a keystroke must not copy
 * tens of thousands of totals): use it before asking again.
 */
export function summer<K>(perNote: (note: Note) => Map<K, number>, frequentFrom = Infinity): Summer<K> {
  const contributions = new Memo<Note, Map<K, number>>('contributions');
  const results = new Memo<Workspace, Sums<K>>('totals');
  let last: (Sums<K> & { workspace: Workspace; notes: Set<Note> }) | undefined;
  const of = (note: Note) => {
    let counts = contributions.get(note);
    if (!counts) contributions.set(note, (counts = perNote(note)));
    return counts;
  };
  const add = (totals: Map<K, number>, frequent: Set<K>, counts: Map<K, number>, sign: 1 | -1) => {
    for (const [key, count] of counts) {
      const total = (totals.get(key) ?? 0) + sign * count;
      if (total === 0) totals.delete(key);
      else totals.set(key, total);
      if (total >= frequentFrom) frequent.add(key);
      else frequent.delete(key);
    }
  };
  const sum = (workspace: Workspace) => {
    const known = results.get(workspace);
    if (known) return known;
    const notes = new Set(workspace.notes);
    const removed = last ? [...last.notes].filter((note) => !notes.has(note)) : [];
    const added = last ? workspace.notes.filter((note) => !last!.notes.has(note)) : [];
    let totals: Map<K, number>;
    let frequent: Set<K>;
    if (last && removed.length + added.length <= MAX_DELTA) {
      // The last totals, moved to this workspace: the last workspace must be counted again if asked.
      ({ totals, frequent } = last);
      results.delete(last.workspace);
      for (const note of removed) add(totals, frequent, of(note), -1);
      for (const note of added) add(totals, frequent, of(note), 1);
    } else {
      totals = new Map();
      frequent = new Set();
      for (const note of workspace.notes) add(totals, frequent, of(note), 1);
    }
    last = { workspace, notes, totals, frequent };
    return results.set(workspace, { totals, frequent });
  };
  return Object.assign((workspace: Workspace) => sum(workspace).totals, { prime: (note: Note) => void of(note), frequent: (workspace: Workspace) => sum(workspace).frequent });
}
