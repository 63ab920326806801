// Text → Note: everything the rules, the timeline and the editor features need from one note,
// computed once from one remark parse. Plain data: no LSP types, no file system.
import type { Nodes, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { FULL_WIDTH_TAG, HALF_WIDTH_TAG, readDateTag, type DateTag } from './date-tags';
import { parseFrontMatter, type FrontMatter } from './front-matter';
import { customHeadingId, headingIdGenerator, headingRawText } from './heading-ids';
import { parseMarkdown } from './markdown';
import { decodeNote, LineIndex, type Range, type SourceText } from './text';

export type { DateTag } from './date-tags';
export type { FrontMatter, FrontMatterField } from './front-matter';
export type { Range } from './text';

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
  text: string;
  bom: boolean;
  invalidUtf8: SourceText['invalidUtf8'];
  binary: boolean;
  lines: LineIndex;
  frontMatter?: FrontMatter;
  headings: Heading[];
  dateTags: DateTag[];
  entries: Entry[];
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
  const bom = text.charCodeAt(0) === 0xfeff;
  return noteFromSource(path, { text: bom ? text.slice(1) : text, bom, binary: false });
}

export function noteFromSource(path: string, source: SourceText): Note {
  const { text } = source;
  const note: Note = {
    path,
    text,
    bom: source.bom,
    invalidUtf8: source.invalidUtf8,
    binary: source.binary,
    lines: new LineIndex(text),
    headings: [],
    dateTags: [],
    entries: [],
    links: [],
    htmlIds: [],
    inlineCode: [],
    nonProse: [],
  };
  // A binary file is reported as such; parsing its bytes as Markdown would only produce noise.
  if (source.binary) return note;
  note.frontMatter = parseFrontMatter(text);
  const tree = parseMarkdown(text);
  const walk = walkTree(tree, text);
  note.headings = walk.headings;
  note.links = walk.links;
  note.htmlIds = walk.htmlIds;
  note.inlineCode = walk.inlineCode;
  note.nonProse = walk.excluded;
  note.dateTags = findDateTags(text, walk);
  note.entries = findEntries(note, walk);
  return note;
}

interface TreeFacts {
  headings: Heading[];
  links: Link[];
  htmlIds: string[];
  inlineCode: { value: string; range: Range }[];
  /** Ranges of raw HTML. */
  html: Range[];
  /** Sorted ranges of code, inline code, HTML comments and front matter: no date tag lives there. */
  excluded: Range[];
  /**
   * Sorted paragraph ranges, with whether the paragraph begins with plain text, and where the block it
   * opens starts: the list item's marker when it is a list item's first paragraph.
   */
  paragraphs: { range: Range; startsWithText: boolean; blockStart: number }[];
  /** Where the block opened by each entry-opening date tag starts. */
  blockStarts: Map<DateTag, number>;
}

function walkTree(tree: Root, text: string): TreeFacts {
  const facts: TreeFacts = { headings: [], links: [], htmlIds: [], inlineCode: [], html: [], excluded: [], paragraphs: [], blockStarts: new Map() };
  const nextHeadingId = headingIdGenerator();
  const definitions = new Map<string, string>();
  const references: Link[] = [];
  const visit = (node: Nodes, parent?: Parent): void => {
    const range = rangeOf(node);
    switch (node.type) {
      case 'inlineCode':
        if (range) facts.inlineCode.push({ value: node.value, range });
        if (range) facts.excluded.push(range);
        return;
      case 'code':
      case 'yaml':
        if (range) facts.excluded.push(range);
        return;
      case 'html':
        if (!range) return;
        // A comment is not shown on the page, so what it holds is neither a date tag nor a link.
        if (node.value.startsWith('<!--')) facts.excluded.push(range);
        else readHtml(node.value, range.start, facts);
        facts.html.push(range);
        return;
      case 'heading': {
        // kramdown needs text after the hashes: `## ` alone is a paragraph there, with no id.
        if (!range || /^#{1,6}[ \t]*$/.test(text.slice(range.start, range.end))) break;
        const raw = customHeadingId(headingRawText(node));
        const id = raw.id ?? nextHeadingId(raw.text);
        facts.headings.push({ level: node.depth, text: headingText(toString(node)), range, id: id === '' ? undefined : id });
        break;
      }
      case 'paragraph':
        if (range) {
          const listItemStart = parent?.type === 'listItem' && parent.children[0] === node ? rangeOf(parent as Nodes)?.start : undefined;
          const startsWithText = node.children[0]?.type === 'text' && rangeOf(node.children[0])?.start === range.start;
          facts.paragraphs.push({ range, startsWithText, blockStart: listItemStart ?? range.start });
        }
        break;
      case 'link':
      case 'image':
      case 'linkReference':
      case 'imageReference':
      case 'definition': {
        if (!range) break;
        const link = readLink(node, range, text);
        facts.links.push(link);
        if (node.type === 'definition') definitions.set(node.identifier, link.destination);
        else if (link.label !== undefined) references.push(link);
        break;
      }
    }
    if ('children' in node) for (const child of (node as Parent).children) visit(child as Nodes, node as Parent);
  };
  visit(tree);
  readLiquidLinks(text, facts);
  readSpacedLinks(text, facts);
  for (const reference of references) reference.destination = definitions.get(normalizeLabel(reference.label!)) ?? '';
  facts.links.sort((a, b) => a.range.start - b.range.start);
  return facts;
}

function rangeOf(node: Nodes): Range | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** kramdown reads a trailing `{#id}` or `{: …}` on a heading as attributes, not text. */
function headingText(text: string): string {
  return text.replace(/\s*\{[:#][^{}]*\}\s*$/, '').trim();
}

/** mdast identifiers are labels lowercased with whitespace collapsed (CommonMark's matching). */
function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').trim().toLowerCase();
}

function readLink(node: Nodes & { type: 'link' | 'image' | 'linkReference' | 'imageReference' | 'definition' }, range: Range, text: string): Link {
  const source = text.slice(range.start, range.end);
  switch (node.type) {
    case 'definition': {
      const colon = source.indexOf(']:');
      const destination = readDestination(text, range.start + colon + 2, range.end);
      return { kind: 'definition', text: '', label: node.label ?? node.identifier, ...destination, range };
    }
    case 'linkReference':
    case 'imageReference':
      return {
        kind: node.type === 'linkReference' ? 'reference' : 'image-reference',
        text: node.type === 'linkReference' ? toString(node) : (node.alt ?? ''),
        label: node.label ?? node.identifier,
        destination: '',
        range,
      };
    case 'link':
    case 'image': {
      const linkText = node.type === 'link' ? toString(node) : (node.alt ?? '');
      if (source.startsWith('<')) return { kind: 'autolink', text: '', destination: source.slice(1, -1), destinationRange: { start: range.start + 1, end: range.end - 1 }, range };
      if (!source.startsWith('[') && !source.startsWith('!['))
        return { kind: 'bare-url', text: '', destination: source, destinationRange: range, range };
      const textEnd = closingBracket(text, range.start + (node.type === 'image' ? 1 : 0), range.end);
      const destination = readDestination(text, textEnd + 2, range.end);
      return { kind: node.type === 'link' ? 'inline' : 'image', text: linkText, ...destination, range };
    }
  }
}

const HTML_TAG = /<(a|img)\b[^>]*>/gi;
const HTML_ATTRIBUTE = /\s([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;
const ANY_TAG = /<[a-z][^>]*>/gi;
const ID_ATTRIBUTE = /\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/gi;

/** `<a href>` and `<img src>` links, and `id` (or `<a name>`) anchors, in a piece of raw HTML. */
function readHtml(html: string, offset: number, facts: TreeFacts): void {
  for (const tag of html.matchAll(HTML_TAG)) {
    const isImage = tag[1]!.toLowerCase() === 'img';
    for (const attribute of tag[0].matchAll(HTML_ATTRIBUTE)) {
      if (attribute[1]!.toLowerCase() !== (isImage ? 'src' : 'href')) continue;
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
      const closingQuote = attribute[4] === undefined ? 1 : 0;
      const valueStart = offset + tag.index + attribute.index + attribute[0].length - value.length - closingQuote;
      const range = { start: offset + tag.index, end: offset + tag.index + tag[0].length };
      const destinationRange = { start: valueStart, end: valueStart + value.length };
      facts.links.push({ kind: isImage ? 'html-image' : 'html-link', text: '', destination: decodeHtmlEntities(value), destinationRange, range });
    }
  }
  for (const tag of html.matchAll(ANY_TAG)) {
    const isAnchor = /^<a\s/i.test(tag[0]);
    for (const attribute of tag[0].matchAll(ID_ATTRIBUTE)) {
      const value = attribute[2] ?? attribute[3] ?? attribute[4] ?? '';
      if (value !== '' && (attribute[1]!.toLowerCase() === 'id' || isAnchor)) facts.htmlIds.push(decodeHtmlEntities(value));
    }
  }
}

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (whole, hex?: string, decimal?: string, name?: string) => {
    if (hex !== undefined || decimal !== undefined) {
      const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    return named[name!.toLowerCase()] ?? whole;
  });
}

const LIQUID_LINK = /\{%-?\s*(post_url|link)\s+(\S+?)\s*-?%\}/g;

/** `{% post_url NAME %}` and `{% link PATH %}`: Jekyll turns them into URLs before Markdown is read. */
function readLiquidLinks(text: string, facts: TreeFacts): void {
  for (const match of text.matchAll(LIQUID_LINK)) {
    const inside = (range: Range | undefined) => range !== undefined && range.start <= match.index && match.index < range.end;
    // In code it is not rendered; in a Markdown link's destination it is part of that link.
    if (facts.excluded.some(inside) || facts.links.some((link) => inside(link.destinationRange))) continue;
    const value = match[2]!;
    const valueStart = match.index + match[0].lastIndexOf(value);
    facts.links.push({
      kind: match[1] === 'post_url' ? 'post-url' : 'liquid-link',
      text: '',
      destination: value,
      destinationRange: { start: valueStart, end: valueStart + value.length },
      range: { start: match.index, end: match.index + match[0].length },
    });
  }
}

const SPACED_LINK = /(!?)\[([^\[\]\n]*)\]\(([^()\n]*[ \t][^()\n]*)\)/g;

/**
 * `[text](a destination with spaces)`: not a link to CommonMark, but kramdown links it (to a page that
 * does not exist), so for Jekyll it is one. Titles (`[a](b "t")`) are real links remark already read.
 */
function readSpacedLinks(text: string, facts: TreeFacts): void {
  if (!text.includes('](')) return;
  const skipped = [...facts.excluded, ...facts.html, ...facts.links.map((link) => link.range)];
  for (const match of text.matchAll(SPACED_LINK)) {
    const start = match.index;
    if (skipped.some((range) => range.start <= start && start < range.end)) continue;
    const destination = match[3]!.trim();
    if (destination === '' || /^\S+\s+(?:"[^"]*"|'[^']*')$/.test(destination)) continue;
    const destinationStart = start + match[0].length - 1 - match[3]!.length + (match[3]!.length - match[3]!.trimStart().length);
    facts.links.push({
      kind: match[1] ? 'image' : 'inline',
      text: match[2]!,
      destination,
      destinationRange: { start: destinationStart, end: destinationStart + destination.length },
      range: { start, end: start + match[0].length },
    });
  }
}

/** Offset of the `]` that closes the `[` at `open`, skipping escapes and nested brackets. */
function closingBracket(text: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return limit;
}

const ASCII_SPACE = /[ \t\n\r\f\v]/;

/** The destination that starts at or after `from` (after `](` or `]:`), as written. */
function readDestination(text: string, from: number, limit: number): Pick<Link, 'destination' | 'destinationRange'> {
  let start = from;
  // CommonMark's whitespace is ASCII: a no-break space or BOM belongs to the destination.
  while (start < limit && ASCII_SPACE.test(text[start]!)) start++;
  let end = start;
  if (text[start] === '<') {
    end = text.indexOf('>', start);
    if (end === -1 || end > limit) end = limit;
    return { destination: text.slice(start + 1, end), destinationRange: { start: start + 1, end } };
  }
  let depth = 0;
  for (; end < limit; end++) {
    const c = text[end]!;
    // Liquid is one piece, spaces and all (see maskLiquid).
    if (c === '{' && (text[end + 1] === '{' || text[end + 1] === '%')) {
      const close = text.indexOf(text[end + 1] === '{' ? '}}' : '%}', end + 2);
      if (close !== -1 && close < limit) {
        end = close + 1;
        continue;
      }
    }
    if (c === '\\') end++;
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
    else if (ASCII_SPACE.test(c)) break;
  }
  end = Math.min(end, limit);
  return { destination: text.slice(start, end), destinationRange: { start, end } };
}

function findDateTags(text: string, facts: TreeFacts): DateTag[] {
  const tags: DateTag[] = [];
  const { excluded, paragraphs } = facts;
  let e = 0;
  let p = 0;
  for (const match of text.matchAll(FULL_WIDTH_TAG)) {
    const start = match.index;
    while (e < excluded.length && excluded[e]!.end <= start) e++;
    if (e < excluded.length && excluded[e]!.start <= start) continue;
    const tag = readDateTag(match as RegExpExecArray, start, false);
    while (p + 1 < paragraphs.length && paragraphs[p + 1]!.range.start <= start) p++;
    const paragraph = paragraphs[p];
    // `**【2023-7-3】**` still opens its paragraph: only emphasis marks may stand before the tag.
    tag.opensBlock = paragraph !== undefined && paragraph.range.start <= start && start < paragraph.range.end && /^[*_]*$/.test(text.slice(paragraph.range.start, start));
    if (tag.opensBlock) facts.blockStarts.set(tag, paragraph!.blockStart);
    tags.push(tag);
  }
  for (const { range, startsWithText, blockStart } of paragraphs) {
    if (!startsWithText || text[range.start] !== '[') continue;
    const match = HALF_WIDTH_TAG.exec(text.slice(range.start, Math.min(range.end, range.start + 40)));
    if (!match) continue;
    const tag = readDateTag(match, range.start, true);
    facts.blockStarts.set(tag, blockStart);
    tags.push(tag);
  }
  return tags.sort((a, b) => a.range.start - b.range.start);
}

function findEntries(note: Note, facts: TreeFacts): Entry[] {
  const { text, headings } = note;
  const openers = note.dateTags.filter((tag) => tag.opensBlock);
  const linkAt = new Map(facts.links.map((link) => [link.range.start, link]));
  const entries: Entry[] = [];
  const path: Heading[] = [];
  let h = 0;
  for (let i = 0; i < openers.length; i++) {
    const tag = openers[i]!;
    while (h < headings.length && headings[h]!.range.start < tag.range.start) {
      const heading = headings[h++]!;
      while (path.length > 0 && path[path.length - 1]!.level >= heading.level) path.pop();
      path.push(heading);
    }
    const nextHeading = h < headings.length ? headings[h]!.range.start : text.length;
    const nextEntry = i + 1 < openers.length ? facts.blockStarts.get(openers[i + 1]!)! : text.length;
    const start = facts.blockStarts.get(tag)!;
    let end = Math.min(nextHeading, nextEntry);
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    entries.push({ tag, title: entryTitle(text, tag, linkAt, note.lines), range: { start, end }, headingPath: path.map((heading) => heading.text) });
  }
  return entries;
}

/** The text of the first link right after the tag, else the rest of the tag's line. */
function entryTitle(text: string, tag: DateTag, linkAt: Map<number, Link>, lines: LineIndex): string {
  let after = tag.range.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t' || text[after] === '*' || text[after] === '_')) after++;
  const link = linkAt.get(after);
  if (link && (link.kind === 'inline' || link.kind === 'reference') && link.text.trim() !== '') return link.text.trim();
  const lineEnd = lines.lineEnd(lines.position(tag.range.end).line);
  return text
    .slice(tag.range.end, lineEnd)
    .replace(/^[\s*_:：,，]+|[\s*_]+$/g, '')
    .trim();
}
