// Text → Note: everything the rules, the timeline and the editor features need from one note.
// Plain data: no LSP types, no file system. The note is read by the fast reader (scan.ts) section by
// section (sections.ts), so that `editNote` reads again only what an edit changed; remark
// (markdown.ts) reads the same notes in the differential test, and the two must agree.
import type { Root } from 'mdast';
import type { DateTag } from './date-tags';
import { readFacts } from './facts';
import { normalizeIdentifier } from './scan-inline';
import { parseFrontMatter, type FrontMatter } from './front-matter';
import { headingIdGenerator } from './heading-ids';
import { commonEnds, editSections, readSections, sectionAt, type Section } from './sections';
import { decodeNote, LineIndex, withEdit, type LineSource, type Range, type SourceText, type TextEdit } from './text';

export type { DateTag } from './date-tags';
export type { FrontMatter, FrontMatterField } from './front-matter';
export type { Range, TextEdit } from './text';

export interface Heading {
  level: number;
  /** The heading's text, without a trailing kramdown attribute list such as `{#id}`. */
  text: string;
  range: Range;
  /** The id kramdown gives it (its own `{#id}`, else generated); undefined when that is empty. */
  id?: string;
}

export interface Entry {
  tag: DateTag;
  title: string;
  /** From the block that opens the entry to the end of its last block. */
  range: Range;
  /** Texts of the headings above the entry, outermost first. */
  headingPath: string[];
}

export type LinkKind =
  | 'inline'
  | 'image'
  | 'reference'
  | 'image-reference'
  | 'definition'
  | 'autolink'
  | 'bare-url'
  /** `<a href>` in raw HTML. */
  | 'html-link'
  /** `<img src>` in raw HTML. */
  | 'html-image'
  /** `{% post_url 2010-07-26-computer-history %}`: the destination is the post's name. */
  | 'post-url'
  /** `{% link path/from/root.md %}`: the destination is a source path. */
  | 'liquid-link';

export interface Link {
  kind: LinkKind;
  /** The link text or image alt text (empty for definitions and URLs written as themselves). */
  text: string;
  /** The destination exactly as written (for references: their definition's, when there is one). */
  destination: string;
  range: Range;
  /** Where the destination is written, when it is written in this link. */
  destinationRange?: Range;
  /** For references and definitions: the label. */
  label?: string;
}

export interface Note {
  /** Path relative to the workspace root, with `/`. */
  path: string;
  /** The whole text (of a note being edited, made whole when first asked: see `textSlice`). */
  readonly text: string;
  bom: boolean;
  invalidUtf8: SourceText['invalidUtf8'];
  binary: boolean;
  lines: LineIndex;
  frontMatter?: FrontMatter;
  headings: Heading[];
  dateTags: DateTag[];
  /** Made when first asked for (see `ReadNote`). */
  readonly entries: Entry[];
  links: Link[];
  /** Ids set in raw HTML (`id="…"`, `<a name="…">`): link targets besides the headings. */
  htmlIds: string[];
  /** Inline code spans, with their content: backticked names are written this way. */
  inlineCode: { value: string; range: Range }[];
  /** Sorted ranges that are not prose: code, inline code, HTML comments and front matter. */
  nonProse: Range[];
}

/** The note's `title:`, else its path: how lists and views name it. */
export function noteTitle(note: Note): string {
  const title = note.frontMatter?.fields.get('title')?.value;
  return typeof title === 'string' || typeof title === 'number' ? String(title).trim() || note.path : note.path;
}

export function noteFromBytes(path: string, bytes: Uint8Array): Note {
  return noteFromSource(path, decodeNote(bytes));
}

export function noteFromText(path: string, text: string): Note {
  return noteFromSource(path, sourceOfText(text));
}

/**
 * A note open in an editor, about to be edited: its names are found and kept per section from its
 * first check on, so that the first keystroke re-reads one section, as every later one does. When the
 * editor's text is the file's, `onDisk` (the file, already read) is that note: opening a long note
 * then reads nothing again, and leaves no young objects for the first keystrokes' collections to copy.
 * Its first edit spends it (see editNote): the caller must not use it as the file's after that.
 */
export function noteForEditor(path: string, text: string, onDisk?: Note): Note {
  const source = sourceOfText(text);
  const same = onDisk !== undefined && onDisk.path === path && !onDisk.binary && !onDisk.invalidUtf8 && !source.binary && sectionsOf.has(onDisk) && onDisk.text === source.text;
  const note = same ? onDisk : noteFromSource(path, source);
  if (sectionsOf.has(note)) edited.add(note);
  return note;
}

/** How far into a text a NUL makes it binary, as `decodeNote` looks at a file's bytes. */
const BINARY_SNIFF = 8000;

/** An editor's text as a source: a leading BOM is kept aside, as `decodeNote` keeps it. */
function sourceOfText(text: string, takeBom = true): SourceText {
  const bom = takeBom && text.charCodeAt(0) === 0xfeff;
  // A binary file an editor was told to open anyway: a binary note, as the same bytes read from disk.
  const binary = text.slice(0, BINARY_SNIFF).includes('\0');
  return { text: bom ? text.slice(1) : text, bom, binary };
}

/** A whole note's Markdown tree: remark's, for the differential test (`parseMarkdown`). */
export type MarkdownParser = (text: string) => Root;

/**
 * The sections each note was read in, for updating it after an edit. A WeakMap keyed by every version
 * of an edited note, which memo.ts warns of: it is fine here because an edit deletes the spent
 * version's entry, so no dead key's sections are left for a minor collection to keep.
 */
const sectionsOf = new WeakMap<Note, Section[]>();

/** Notes open in an editor or made by an edit: being edited, so work per section pays for itself. */
const edited = new WeakSet<Note>();

/**
 * For a note being edited (`noteForEditor`, `editNote`), the sections it was read in (see
 * sections.ts), for work that can be done and kept per section: finding names in the text. Undefined
 * for other notes: a note read once (the CLI, the workspace on disk) is searched whole, in one pass,
 * with nothing kept.
 */
export function noteSections(note: Note): readonly Section[] | undefined {
  return edited.has(note) ? sectionsOf.get(note) : undefined;
}

/** Reads a note with the fast reader, or with `parse` (remark) as one section. */
export function noteFromSource(path: string, source: SourceText, parse?: MarkdownParser): Note {
  const note = new ReadNote(path, source);
  // A binary file is reported as such; parsing its bytes as Markdown would only produce noise.
  if (source.binary) return note;
  note.frontMatter = parseFrontMatter(note.text);
  if (parse) fillFromSections(note, [remarkSection(note.text, parse)]);
  else {
    const sections = readSections(note.text);
    fillFromSections(note, sections);
    sectionsOf.set(note, sections);
  }
  return note;
}

/**
 * The note after an editor sent its whole new text: the edit is what differs between the two texts
 * (see editNote). `previous` is spent and must not be used again.
 */
export function updateNote(previous: Note, text: string): Note {
  const source = sourceOfText(text);
  if (!sectionsOf.has(previous) || source.binary) return noteFromSource(previous.path, source);
  const old = previous.text;
  const { prefix, suffix } = commonEnds(old, source.text);
  const note = applyEdit(previous, { range: { start: prefix, end: old.length - suffix }, text: source.text.slice(prefix, source.text.length - suffix) }, source.text);
  note.bom = source.bom;
  return note;
}

/**
 * The note after `edit` (offsets in `previous`'s text). Only the sections the edit touched are read
 * again, and the whole text is not made (a keystroke in a long note made a copy of it, a megabyte in
 * the largest note, in fresh memory pages): it is kept as the sections' texts. The result equals
 * `noteFromText` of the edited text (the property tests hold it to that). `previous` is spent: its
 * items past the edit are moved in place, and it must not be used again.
 */
export function editNote(previous: Note, edit: TextEdit): Note {
  return applyEdit(previous, edit);
}

/** `editNote`, given the whole new text when the editor sent it. */
function applyEdit(previous: Note, edit: TextEdit, whole?: string): Note {
  const sections = sectionsOf.get(previous);
  const readWhole = () => {
    // (`whole` is already without its BOM: see updateNote.)
    const source = whole !== undefined ? sourceOfText(whole, false) : sourceOfText(withEdit(previous.text, edit));
    return noteFromSource(previous.path, { ...source, bom: source.bom || previous.bom });
  };
  // Binary notes and notes read by remark keep no sections: they are read whole; so is a note that an
  // edit near its start may have made binary, or that now starts with U+FEFF (taken as a BOM, as a
  // text opened is).
  const startsWithBom = edit.range.start === 0 && (edit.text === '' ? textSlice(previous, edit.range.end, edit.range.end + 1) : edit.text[0]) === '\ufeff';
  if (!sections || previous.binary || startsWithBom || (edit.range.start < BINARY_SNIFF && becomesBinary(previous, edit))) return readWhole();
  // The previous version is spent from here on: its sections past the edit move in place.
  sectionsOf.delete(previous);
  if (previous instanceof ReadNote) previous.spend();
  const updated = editSections(sections, edit);
  if (!updated) return readWhole();
  const note = new ReadNote(previous.path, whole !== undefined ? { text: whole, bom: previous.bom, binary: false } : { pieces: updated, length: textLength(previous) + edit.text.length - (edit.range.end - edit.range.start), bom: previous.bom });
  note.lines = LineIndex.afterEdit(previous.lines, note, edit);
  // Front matter is at the top: unchanged when the edit begins past the line that closes it, or when
  // the first section holds all of it and is unchanged (a keystroke in a note's introduction no longer
  // reads its YAML again). Else it is read from the first section, which holds all of it once it is
  // closed; the whole text is read while it is open (its range ends with the text).
  const frontMatter = previous.frontMatter;
  const kept = frontMatter?.closed && (edit.range.start > frontMatter.range.end || (updated[0] === sections[0] && frontMatter.range.end <= sections[0]!.end));
  if (kept) note.frontMatter = frontMatter;
  else {
    const fromFirst = parseFrontMatter(updated[0]!.text);
    note.frontMatter = !fromFirst || fromFirst.closed ? fromFirst : parseFrontMatter(note.text);
  }
  fillFromSections(note, updated);
  sectionsOf.set(note, updated);
  edited.add(note);
  return note;
}

/** Whether the first characters of the edited text, where a NUL makes a note binary, hold one. */
function becomesBinary(previous: Note, edit: TextEdit): boolean {
  const { start, end } = edit.range;
  const head = textSlice(previous, 0, start) + edit.text + textSlice(previous, end, end + BINARY_SNIFF);
  return head.slice(0, BINARY_SNIFF).includes('\0');
}

/** `note.text.length`, without making a note being edited whole. */
export function textLength(note: Note): number {
  return note instanceof ReadNote ? note.length : note.text.length;
}

/** `end` moved back over the whitespace before it, not past `floor`: where a heading's or entry's content ends. */
export function trimmedEnd(note: Note, end: number, floor = 0): number {
  const text: Pick<string, 'charCodeAt'> = note instanceof ReadNote ? note : note.text;
  while (end > floor && WHITESPACE.test(String.fromCharCode(text.charCodeAt(end - 1)))) end--;
  return end;
}

const WHITESPACE = /\s/;

/** `note.text.slice(start, end)`, without making a note being edited whole. */
export function textSlice(note: Note, start: number, end: number): string {
  return note instanceof ReadNote ? note.slice(start, end) : note.text.slice(start, end);
}

/** The note's text in the pieces it is kept in (see `editNote`): searching them searches the text. */
export function textPieces(note: Note): readonly string[] {
  return note instanceof ReadNote ? note.pieces : [note.text];
}

/** A tag that opens an entry, with where the entry's block starts. */
interface EntryOpener {
  tag: DateTag;
  blockStart: number;
}

/**
 * A note's fields, and its entries made when first asked for: they are read by the views (outline,
 * timeline, folding), not by the rules, so the diagnostics after a keystroke do not wait for a long
 * note's thousands of entries to be made again. The getter is the class's, one for every note: a getter
 * defined on each note (`Object.defineProperty`) gave each one a hidden class of its own, kept in the
 * old generation until a full collection, and with it the note and its whole text, on every keystroke.
 */
class ReadNote implements Note, LineSource {
  #text: string | undefined;
  /** For a note made by an edit: the sections whose texts are its text, joined when first asked. */
  readonly #pieces: readonly Section[] | undefined;
  readonly #length: number;
  /** Set when an edit moved the sections past it: their offsets are no longer this note's. */
  #spent = false;
  bom: boolean;
  readonly invalidUtf8: SourceText['invalidUtf8'];
  readonly binary: boolean;
  lines: LineIndex;
  frontMatter?: FrontMatter;
  headings: Heading[] = [];
  dateTags: DateTag[] = [];
  links: Link[] = [];
  htmlIds: string[] = [];
  inlineCode: Note['inlineCode'] = [];
  nonProse: Range[] = [];
  /** Set by fillFromSections. (A spent note must not be asked for its entries: see editNote.) */
  entryOpeners: readonly EntryOpener[] = [];
  #entries: Entry[] | undefined;

  constructor(
    readonly path: string,
    source: SourceText | { pieces: readonly Section[]; length: number; bom: boolean },
  ) {
    this.bom = source.bom;
    if ('pieces' in source) {
      this.#pieces = source.pieces;
      this.#length = source.length;
      this.binary = false;
      this.lines = new LineIndex(this);
    } else {
      this.#text = source.text;
      this.#length = source.text.length;
      this.invalidUtf8 = source.invalidUtf8;
      this.binary = source.binary;
      this.lines = new LineIndex(source.text);
    }
  }

  get text(): string {
    if (this.#text === undefined) {
      let text = '';
      for (const section of this.#pieces!) text += section.text;
      this.#text = text;
    }
    return this.#text;
  }

  get length(): number {
    return this.#length;
  }

  get pieces(): readonly string[] {
    return this.#text !== undefined ? [this.#text] : this.#pieces!.map((section) => section.text);
  }

  /**
   * The sections to read the text from, while it is not made whole and their offsets are this note's
   * (not once an edit moved them): else undefined, and the whole text is read.
   */
  get #readablePieces(): readonly Section[] | undefined {
    return this.#text === undefined && !this.#spent ? this.#pieces : undefined;
  }

  charCodeAt(offset: number): number {
    const pieces = this.#readablePieces;
    if (!pieces) return this.text.charCodeAt(offset);
    const piece = pieces[sectionAt(pieces, offset)]!;
    return piece.text.charCodeAt(offset - piece.start);
  }

  /** Where the line holding `offset` ends (before its line break), found in the piece that holds it. */
  lineEndFrom(offset: number): number {
    const pieces = this.#readablePieces;
    if (!pieces) return lineEndIn(this.text, offset, 0);
    // A line never crosses pieces: they start at line starts.
    const piece = pieces[sectionAt(pieces, offset)]!;
    return lineEndIn(piece.text, offset - piece.start, piece.start);
  }

  /** A stretch of the text, from the pieces that hold it while the whole text is not made. */
  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.#length));
    end = Math.max(start, Math.min(end, this.#length));
    const pieces = this.#readablePieces;
    if (!pieces) return this.text.slice(start, end);
    let i = sectionAt(pieces, start);
    let slice = '';
    for (; i < pieces.length && pieces[i]!.start < end; i++) {
      const piece = pieces[i]!;
      slice += piece.text.slice(Math.max(0, start - piece.start), end - piece.start);
    }
    return slice;
  }

  spend(): void {
    this.#spent = true;
  }

  get entries(): Entry[] {
    return (this.#entries ??= findEntries(this, this.entryOpeners));
  }
}

function remarkSection(text: string, parse: MarkdownParser): Section {
  const facts = readFacts(parse(text), text, 0, text.length);
  const blockStarts = new Map([...facts.blockStarts].map(([tag, start]) => [tag, tag.range.start - start]));
  return { start: 0, end: text.length, text, ...facts, blockStarts, definitions: [] };
}

/** Joins the sections' facts into the note, giving heading ids and reference destinations. */
function fillFromSections(note: ReadNote, sections: Section[]): void {
  // Each list is made at its final length: on every keystroke in a long note they are made anew, and
  // growing them push by push left as much garbage again behind.
  note.links = joined(sections, (section) => section.links);
  note.inlineCode = joined(sections, (section) => section.inlineCode);
  note.nonProse = joined(sections, (section) => section.excluded);
  note.dateTags = joined(sections, (section) => section.dateTags);
  note.htmlIds = joined(sections, (section) => section.htmlIds).map(({ id }) => id);
  const nextHeadingId = headingIdGenerator();
  note.headings = joined(sections, (section) => section.headings).map((heading) => {
    const id = heading.raw.custom ? heading.raw.id : nextHeadingId(heading.raw.id);
    return { level: heading.level, text: heading.text, range: heading.range, id: id === '' ? undefined : id };
  });
  const definitions = new Map<string, string>();
  for (const link of note.links) {
    if (link.kind !== 'definition') continue;
    // CommonMark: the first definition of a label is the one that counts.
    const label = normalizeIdentifier(link.label ?? '');
    if (!definitions.has(label)) definitions.set(label, link.destination);
  }
  for (const link of note.links) if (link.kind !== 'definition' && link.label !== undefined) link.destination = definitions.get(normalizeIdentifier(link.label)) ?? '';
  const openers: EntryOpener[] = [];
  for (const section of sections) for (const tag of section.dateTags) if (tag.opensBlock) openers.push({ tag, blockStart: tag.range.start - section.blockStarts.get(tag)! });
  note.entryOpeners = openers;
}

function joined<T>(sections: readonly Section[], part: (section: Section) => readonly T[]): T[] {
  let length = 0;
  for (const section of sections) length += part(section).length;
  const all = new Array<T>(length);
  let i = 0;
  for (const section of sections) for (const item of part(section)) all[i++] = item;
  return all;
}

function findEntries(note: ReadNote, openers: readonly EntryOpener[]): Entry[] {
  const { headings } = note;
  const entries: Entry[] = [];
  const path: Heading[] = [];
  let h = 0;
  for (let i = 0; i < openers.length; i++) {
    const { tag, blockStart: start } = openers[i]!;
    while (h < headings.length && headings[h]!.range.start < tag.range.start) {
      const heading = headings[h++]!;
      while (path.length > 0 && path[path.length - 1]!.level >= heading.level) path.pop();
      path.push(heading);
    }
    const nextHeading = h < headings.length ? headings[h]!.range.start : note.length;
    const nextEntry = i + 1 < openers.length ? openers[i + 1]!.blockStart : note.length;
    const end = trimmedEnd(note, Math.min(nextHeading, nextEntry), start);
    entries.push({ tag, title: entryTitle(note, tag), range: { start, end }, headingPath: path.map((heading) => heading.text) });
  }
  return entries;
}

const LINE_BREAK = /[\r\n]/g;

/** Where the line holding `offset` of `text` ends, plus `base`. (Asking the line index would build it for every note read.) */
function lineEndIn(text: string, offset: number, base: number): number {
  LINE_BREAK.lastIndex = offset;
  return base + (LINE_BREAK.exec(text)?.index ?? text.length);
}

/** The link that starts at `offset`, if one does (links are in text order): a search, not a map per note version. */
function linkAt(links: readonly Link[], offset: number): Link | undefined {
  let lo = 0;
  let hi = links.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (links[mid]!.range.start < offset) lo = mid + 1;
    else hi = mid;
  }
  // Of links starting at one offset (a reference and its image), the last is the one taken.
  let found: Link | undefined;
  for (let i = lo; i < links.length && links[i]!.range.start === offset; i++) found = links[i];
  return found;
}

/** The text of the first link right after the tag, else the rest of the tag's line. */
function entryTitle(note: ReadNote, tag: DateTag): string {
  const lineEnd = note.lineEndFrom(tag.range.end);
  const rest = note.slice(tag.range.end, lineEnd);
  const after = tag.range.end + /^[ \t*_]*/.exec(rest)![0].length;
  const link = linkAt(note.links, after);
  if (link && (link.kind === 'inline' || link.kind === 'reference') && link.text.trim() !== '') return link.text.trim();
  return rest.replace(/^[\s*_:：,，]+|[\s*_]+$/g, '').trim();
}
