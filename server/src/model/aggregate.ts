// Workspace-wide counts that are sums of per-note counts (words written in lower case, names used),
// kept up to date by difference: after a keystroke one note changed, so one note's counts are taken
// out and its new ones put in, instead of reading every note again.
import type { Note } from './note';
import type { Workspace } from './workspace';
import { Memo } from './memo';

/** Beyond this many changed notes, summing again from scratch is as cheap as updating. */
const MAX_DELTA = 32;

export interface Summer<K> {
  (workspace: Workspace): Map<K, number>;
  /** Works out one note's counts ahead of time, so that the first total is a sum, not a search. */
  prime(note: Note): void;
}

/**
 * A function giving the workspace's totals of `perNote`, which must depend on the note alone. The map
 * it returns is updated in place when another workspace is asked for (a keystroke must not copy
 * tens of thousands of totals): use it before asking again.
 */
export function summer<K>(perNote: (note: Note) => Map<K, number>): Summer<K> {
  const contributions = new Memo<Note, Map<K, number>>('contributions');
  const results = new Memo<Workspace, Map<K, number>>('totals');
  let last: { workspace: Workspace; notes: Set<Note>; totals: Map<K, number> } | undefined;
  const of = (note: Note) => {
    let counts = contributions.get(note);
    if (!counts) contributions.set(note, (counts = perNote(note)));
    return counts;
  };
  const add = (totals: Map<K, number>, counts: Map<K, number>, sign: 1 | -1) => {
    for (const [key, count] of counts) {
      const total = (totals.get(key) ?? 0) + sign * count;
      if (total === 0) totals.delete(key);
      else totals.set(key, total);
    }
  };
  const total = (workspace: Workspace) => {
    const known = results.get(workspace);
    if (known) return known;
    const notes = new Set(workspace.notes);
    const removed = last ? [...last.notes].filter((note) => !notes.has(note)) : [];
    const added = last ? workspace.notes.filter((note) => !last!.notes.has(note)) : [];
    let totals: Map<K, number>;
    if (last && removed.length + added.length <= MAX_DELTA) {
      // The last totals, moved to this workspace: the last workspace must be counted again if asked.
      totals = last.totals;
      results.delete(last.workspace);
      for (const note of removed) add(totals, of(note), -1);
      for (const note of added) add(totals, of(note), 1);
    } else {
      totals = new Map();
      for (const note of workspace.notes) add(totals, of(note), 1);
    }
    last = { workspace, notes, totals };
    results.set(workspace, totals);
    return totals;
  };
  return Object.assign(total, { prime: (note: Note) => void of(note) });
}
