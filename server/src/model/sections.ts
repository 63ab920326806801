// A note read section by section, so that an edit is read again only where it changed.
// Sections start at ATX headings that no open block could take in (scan.ts finds them): reading
// restarts at any of them from nothing and reaches the same tree. After an edit the reader starts at
// the section before the edited line and stops at the first old boundary past the edit, where the
// old sections take over, their offsets shifted. Link and footnote definitions are note-wide: when an
// edit changes which exist, the note is read again whole.
import type { Root } from 'mdast';
import type { DateTag } from './date-tags';
import { readFacts, type TreeFacts } from './facts';
import { withEdit, type Range, type TextEdit } from './text';
import { normalizeIdentifier } from './scan-inline';
import { scanRegion } from './scan';
import type { Memo } from './memo';

/**
 * A section: what the walk read in it, with offsets in the note's current text. After an edit, the
 * sections past it are moved in place (see editSections), so the previous version of the note is spent.
 */
export interface Section extends Pick<TreeFacts, 'headings' | 'links' | 'htmlIds' | 'inlineCode' | 'excluded'> {
  start: number;
  end: number;
  /** The section's own text, from `start` to `end`: a note being edited is kept as these. */
  text: string;
  /**
   * For each date tag that opens a block (see TreeFacts): how far before the tag the block starts. A
   * distance, not an offset, so that moving the section leaves it true.
   */
  blockStarts: Map<DateTag, number>;
  dateTags: DateTag[];
  /** Identifiers of the link and footnote definitions in the section (footnotes' after FOOTNOTE). */
  definitions: string[];
  /** On the first section: front matter opened there and closed nowhere, so any edit may close it. */
  openFrontMatter?: true;
}

/**
 * What marks a footnote's identifier among the definitions: a `]`, which no link label can start with
 * unescaped (a `^` could: `[^n]: /x` defines a link when no footnote reading takes it).
 */
const FOOTNOTE = ']';

/** Reads a whole note into sections. */
export function readSections(text: string): Section[] {
  return readRegion(text, 0)!.sections;
}

/**
 * Reads `text` from `from` into sections, each holding its own text (a slice of `text`). `text` is the
 * whole note, or (`window`) a stretch of it that starts at a boundary, at `window.offset` in the note:
 * offsets are the note's. Undefined when a window was not enough: the reader ran to the window's end
 * without `stopAt` accepting a boundary, or front matter opened in it found no closing line.
 */
function readRegion(text: string, from: number, stopAt?: (boundary: number) => boolean, otherDefinitions?: Set<string>, window?: { offset: number; last: boolean }) {
  const others = otherDefinitions && {
    links: new Set([...otherDefinitions].filter((id) => !id.startsWith(FOOTNOTE))),
    footnotes: new Set([...otherDefinitions].filter((id) => id.startsWith(FOOTNOTE)).map((id) => id.slice(FOOTNOTE.length))),
  };
  const offset = window?.offset ?? 0;
  const whole = window === undefined || window.last;
  const region = scanRegion(text, from, stopAt && ((boundary) => stopAt(boundary + offset)), others, { frontMatter: offset === 0, whole });
  if (!region || (!whole && region.end === text.length)) return undefined;
  const facts = readFacts(region.root as unknown as Root, text, from, region.end);
  const starts = [from, ...region.boundaries];
  const sections: Section[] = starts.map((start, i) => {
    const end = starts[i + 1] ?? region.end;
    return { start, end, text: text.slice(start, end), headings: [], links: [], htmlIds: [], inlineCode: [], excluded: [], dateTags: [], blockStarts: new Map(), definitions: [] };
  });
  // Each list is in text order: hand its items to the sections in one pass.
  const deal = <T>(items: readonly T[], startOf: (item: T) => number, put: (section: Section, item: T) => void) => {
    let s = 0;
    for (const item of items) {
      while (s + 1 < sections.length && sections[s + 1]!.start <= startOf(item)) s++;
      put(sections[s]!, item);
    }
  };
  deal(facts.headings, (h) => h.range.start, (s, h) => s.headings.push(h));
  deal(facts.links, (l) => l.range.start, (s, l) => {
    s.links.push(l);
    if (l.kind === 'definition') s.definitions.push(normalizeIdentifier(l.label ?? ''));
  });
  deal(facts.footnotes, (f) => f.at, (s, f) => s.definitions.push(FOOTNOTE + normalizeIdentifier(f.id)));
  deal(facts.htmlIds, (h) => h.at, (s, h) => s.htmlIds.push(h));
  deal(facts.inlineCode, (c) => c.range.start, (s, c) => s.inlineCode.push(c));
  deal(facts.excluded, (r) => r.start, (s, r) => s.excluded.push(r));
  deal(facts.dateTags, (t) => t.range.start, (s, t) => {
    s.dateTags.push(t);
    const blockStart = facts.blockStarts.get(t);
    if (blockStart !== undefined) s.blockStarts.set(t, t.range.start - blockStart);
  });
  if (region.openFrontMatter) sections[0]!.openFrontMatter = true;
  if (offset !== 0) for (const section of sections) moveSection(section, offset);
  return { sections, end: region.end + offset };
}

/**
 * The sections of the note after `edit` (offsets in the previous text), reusing what the edit left
 * alone; undefined when the note must be read whole (definitions changed). Only the sections the edit
 * touched and the one after them are joined into a text of their own and read: no copy of the whole
 * note is made. `previous` is spent: the sections past the edit are moved in place.
 */
export function editSections(previous: readonly Section[], edit: TextEdit): Section[] | undefined {
  const delta = edit.text.length - (edit.range.end - edit.range.start);
  const editEnd = edit.range.start + edit.text.length;

  // Start at the section holding the character before the edited line: changing a heading's line can
  // join it to the section before.
  const holding = previous[sectionAt(previous, edit.range.start)]!;
  const inSection = edit.range.start - holding.start;
  const lineStart = inSection === 0 ? edit.range.start : holding.start + holding.text.lastIndexOf('\n', inSection - 1) + 1;
  // Front matter left open is read again with any edit: a closing line may have been typed.
  const first = previous[0]!.openFrontMatter ? 0 : sectionAt(previous, Math.max(lineStart - 1, 0));
  const from = previous[first]!.start;
  const touched = sectionAt(previous, edit.range.end);
  const all = new Set<string>();
  for (const section of previous) for (const id of section.definitions) all.add(id);

  // The edited text of the touched sections, then as many untouched ones as reading needs: usually one,
  // as reading stops where it starts; when it does not (a fence opened), twice as many, and so on.
  let edited = '';
  for (let i = first; i <= touched; i++) edited += previous[i]!.text;
  edited = withEdit(edited, { range: { start: edit.range.start - from, end: edit.range.end - from }, text: edit.text });
  let resume = previous.length;
  const stopAt = (boundary: number) => {
    if (boundary < editEnd) return false;
    // Reading stops at the first boundary past the edit where an old section started.
    const old = sectionAt(previous, boundary - delta);
    if (previous[old]!.start !== boundary - delta || old <= first) return false;
    resume = old;
    return true;
  };
  let region: ReturnType<typeof readRegion>;
  for (let more = 1, text = edited, upTo = touched; ; more *= 2) {
    while (upTo < Math.min(previous.length - 1, touched + more)) text += previous[++upTo]!.text;
    resume = previous.length;
    region = readRegion(text, 0, stopAt, all, { offset: from, last: upTo === previous.length - 1 });
    if (region) break;
  }

  // Definitions are note-wide: the re-read part must define what the parts it replaced defined.
  const before = new Set<string>();
  for (let i = first; i < resume; i++) for (const id of previous[i]!.definitions) before.add(id);
  const after = new Set<string>();
  for (const section of region.sections) for (const id of section.definitions) after.add(id);
  if (before.size !== after.size || [...after].some((id) => !before.has(id))) return undefined;

  const moved = previous.slice(resume);
  if (delta !== 0) for (const section of moved) moveSection(section, delta);
  return [...previous.slice(0, first), ...region.sections, ...moved];
}

/**
 * Moves a section's offsets by `delta`, in place: no copy of its (many) items, no garbage per
 * keystroke. Every range object belongs to one list (see readFacts), so each is moved once.
 */
function moveSection(section: Section, delta: number): void {
  section.start += delta;
  section.end += delta;
  for (const heading of section.headings) move(heading.range, delta);
  for (const link of section.links) {
    move(link.range, delta);
    if (link.destinationRange) move(link.destinationRange, delta);
  }
  for (const code of section.inlineCode) move(code.range, delta);
  for (const range of section.excluded) move(range, delta);
  for (const tag of section.dateTags) move(tag.range, delta);
  for (const html of section.htmlIds) html.at += delta;
}

function move(range: Range, delta: number): void {
  range.start += delta;
  range.end += delta;
}

/**
 * Items found section by section in a note being edited, kept per section (in `cache`, for `key`)
 * with offsets from the section's start (as `find` gives them, from the section's own text), so that
 * they hold wherever the section moves: after an edit only the sections read again are searched again.
 * A section object lives on only while its text is unchanged (see editSections).
 */
export function perSection<T extends { range: Range }, K>(sections: readonly Section[], cache: Memo<Section, { key: K; items: T[] }>, key: K, find: (section: Section) => T[]): T[] {
  const all: T[] = [];
  for (const section of sections) {
    let known = cache.get(section);
    if (!known || known.key !== key) cache.set(section, (known = { key, items: find(section) }));
    for (const item of known.items) all.push({ ...item, range: { start: item.range.start + section.start, end: item.range.end + section.start } });
  }
  return all;
}

/** How many characters two texts share at their start, and then at their end. */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const limit = Math.min(a.length, b.length);
  // Whole chunks first, compared natively; then the characters of the chunk that differs.
  const CHUNK = 2048;
  let prefix = 0;
  while (prefix + CHUNK <= limit && a.substr(prefix, CHUNK) === b.substr(prefix, CHUNK)) prefix += CHUNK;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix + CHUNK <= limit - prefix && a.substr(a.length - suffix - CHUNK, CHUNK) === b.substr(b.length - suffix - CHUNK, CHUNK)) suffix += CHUNK;
  while (suffix < limit - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/** The index of the section that holds `offset`. */
export function sectionAt(sections: readonly Section[], offset: number): number {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sections[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
