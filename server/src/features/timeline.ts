// The custom requests: the workspace's timeline, and the entries related to the one at the cursor.
import type { RelatedItem, RelatedResult, TimelineItem, TimelineParams } from '../../../shared/protocol';
import { findMentions } from '../entities/mentions';
import { isoDate } from '../model/dates';
import { noteTitle, type Entry, type Note } from '../model/note';
import { resolveLink } from '../model/resolve';
import type { Workspace } from '../model/workspace';
import { buildTimeline } from '../timeline';
import { toRange } from '../lsp';

export function timeline(workspace: Workspace, params: TimelineParams, uriOf: (note: Note) => string): TimelineItem[] {
  return buildTimeline(workspace, params).map((entry) => ({
    date: entry.date,
    precision: entry.precision,
    title: entry.title,
    uri: uriOf(entry.note),
    range: toRange(entry.note, entry.range),
    section: entry.section,
    noteTitle: entry.noteTitle,
  }));
}

const RELATED_LIMIT = 50;

/** What an entry is about: where its links lead, and the names it mentions. */
function keys(note: Note, entry: Entry, workspace: Workspace): Set<string> {
  const found = new Set<string>();
  for (const link of note.links) {
    if (link.range.start < entry.range.start || link.range.end > entry.range.end || link.kind === 'definition') continue;
    const resolution = resolveLink(link, note, workspace);
    if (resolution.kind === 'internal') found.add(`link:${resolution.path}`);
    else found.add(`link:${link.destination.replace(/^https?:\/\/(www\.)?/, '').replace(/[/#?]+$/, '')}`);
  }
  for (const mention of findMentions(note, workspace.entities)) {
    if (entry.range.start <= mention.range.start && mention.range.end <= entry.range.end) found.add(`name:${mention.entity.name}`);
  }
  // Backticked terms the dictionary does not know are names of this workspace.
  for (const code of note.inlineCode) {
    if (entry.range.start <= code.range.start && code.range.end <= entry.range.end && !workspace.entities.byLowerName.has(code.value.trim().toLowerCase())) found.add(`name:${code.value.trim()}`);
  }
  return found;
}

export function related(note: Note, offset: number, workspace: Workspace, uriOf: (note: Note) => string): RelatedResult {
  const entry = note.entries.find((candidate) => candidate.range.start <= offset && offset <= candidate.range.end);
  if (!entry) return { related: [] };
  const toItem = (from: Note, of: Entry): TimelineItem => ({
    date: isoDate(of.tag),
    precision: of.tag.precision,
    title: of.title,
    uri: uriOf(from),
    range: toRange(from, of.range),
    section: of.headingPath,
    noteTitle: noteTitle(from),
  });
  const mine = keys(note, entry, workspace);
  const results: RelatedItem[] = [];
  if (mine.size > 0) {
    for (const other of workspace.notes) {
      for (const candidate of other.entries) {
        if (other === note && candidate === entry) continue;
        const shared = [...keys(other, candidate, workspace)].filter((key) => mine.has(key));
        if (shared.length === 0) continue;
        results.push({ ...toItem(other, candidate), shared: shared.map((key) => key.slice(key.indexOf(':') + 1)), score: shared.length });
      }
    }
  }
  results.sort((a, b) => b.score - a.score || b.date.localeCompare(a.date));
  return { entry: toItem(note, entry), related: results.slice(0, RELATED_LIMIT) };
}
