// The timeline: every dated entry of the workspace, newest first.
import { compareDates, isoDate, type DateParts, type Precision } from './model/dates';
import { noteTitle, type Note, type Range } from './model/note';
import type { Workspace } from './model/workspace';

export interface TimelineEntry {
  /** `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` at lower precision. */
  date: string;
  parts: DateParts;
  precision: Precision;
  title: string;
  note: Note;
  range: Range;
  /** The headings above the entry, outermost first. */
  section: string[];
  noteTitle: string;
}

export interface TimelineQuery {
  /** Case-insensitive text looked for in the title, the section and the note's title. */
  query?: string;
  /** Inclusive bounds, `YYYY[-MM[-DD]]`. */
  from?: string;
  to?: string;
}

export function buildTimeline(workspace: Workspace, query: TimelineQuery = {}): TimelineEntry[] {
  const needle = query.query?.trim().toLowerCase();
  const from = query.from ? parseBound(query.from) : undefined;
  const to = query.to ? parseBound(query.to) : undefined;
  const entries: TimelineEntry[] = [];
  for (const note of workspace.notes) {
    const title = noteTitle(note);
    for (const entry of note.entries) {
      const { tag } = entry;
      if (!tag.valid) continue;
      const parts: DateParts = { year: tag.year, month: tag.month, day: tag.day };
      if (from && compareDates(parts, from) < 0) continue;
      if (to && compareDates(parts, to) > 0 && !covers(to, parts)) continue;
      if (needle && ![entry.title, title, ...entry.headingPath].some((text) => text.toLowerCase().includes(needle))) continue;
      entries.push({ date: isoDate(parts), parts, precision: tag.precision, title: entry.title, note, range: entry.range, section: entry.headingPath, noteTitle: title });
    }
  }
  // Paths compare by code unit, not by locale: the same order everywhere, and many times faster.
  return entries.sort((a, b) => compareDates(b.parts, a.parts) || (a.note.path < b.note.path ? -1 : a.note.path > b.note.path ? 1 : 0) || a.range.start - b.range.start);
}

/** `2023-7` as an upper bound covers every day of July. */
function covers(bound: DateParts, date: DateParts): boolean {
  return date.year === bound.year && (bound.month === undefined || (date.month === bound.month && bound.day === undefined));
}

/** A `--since`/`--until` bound that is no date: the user's mistake, not the tool's. */
export class DateBoundError extends RangeError {}

function parseBound(text: string): DateParts {
  const match = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(text.trim());
  if (!match) throw new DateBoundError(`Unexpected date bound \`${text}\`, expected YYYY, YYYY-MM or YYYY-MM-DD`);
  const parts: DateParts = { year: Number(match[1]) };
  if (match[2] !== undefined) parts.month = Number(match[2]);
  if (match[3] !== undefined) parts.day = Number(match[3]);
  return parts;
}
