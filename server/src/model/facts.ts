// What the note model reads from a Markdown tree (remark's mdast, or the fast reader's lean tree of
// the same shape): headings, links, raw HTML, code, paragraphs and date tags, with offsets in the
// note's text. One walk serves a whole note or one region of it (see sections.ts).
import type { Nodes, Parent, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { FULL_WIDTH_TAG, HALF_WIDTH_TAG, readDateTag, type DateTag } from './date-tags';
import { customHeadingId, headingIdBase, headingRawText } from './heading-ids';
import type { Heading, Link } from './note';
import type { Range } from './text';

/** A heading as read; its id depends on the headings before it, so the note gives it. */
export interface ReadHeading extends Heading {
  /** The id the heading sets itself (`{#id}`), else the base of the id kramdown makes (repeats get `-1`, `-2`…). */
  raw: { id: string; custom: boolean };
}

/**
 * What the Markdown tree of a stretch of a note says, with offsets in the note's text: the walk
 * of one tree (remark's or the fast reader's), before anything that needs the whole note.
 */
export interface TreeFacts {
  headings: ReadHeading[];
  links: Link[];
  /** Ids set in raw HTML, with where the HTML starts. */
  htmlIds: { id: string; at: number }[];
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
  dateTags: DateTag[];
  /** Identifiers of the footnote definitions (those of links are among the links). */
  footnotes: { id: string; at: number }[];
}

/** Walks a tree of the text from `from` to `to`, and reads what the note model needs of it. */
export function readFacts(tree: Root, text: string, from: number, to: number): TreeFacts {
  const facts: TreeFacts = { headings: [], links: [], htmlIds: [], inlineCode: [], html: [], excluded: [], paragraphs: [], blockStarts: new Map(), dateTags: [], footnotes: [] };
  const visit = (node: Nodes, parent?: Parent): void => {
    const range = rangeOf(node);
    switch (node.type) {
      case 'inlineCode':
        if (range) facts.inlineCode.push({ value: node.value, range });
        // A copy: each list owns its ranges, so that moving a section moves each range once.
        if (range) facts.excluded.push({ start: range.start, end: range.end });
        return;
      case 'footnoteDefinition':
        if (range) facts.footnotes.push({ id: node.identifier, at: range.start });
        break;
      case 'code':
      case 'yaml':
        if (range) facts.excluded.push(range);
        return;
      case 'html':
        if (!range) return;
        // A comment is not shown on the page, so what it holds is neither a date tag nor a link.
        if (node.value.trimStart().startsWith('<!--')) facts.excluded.push(range);
        else readHtml(node.value, range.start, facts);
        facts.html.push(range);
        return;
      case 'heading': {
        // kramdown needs text after the hashes: `## ` alone is a paragraph there, with no id.
        if (!range || /^#{1,6}[ \t]*$/.test(text.slice(range.start, range.end))) break;
        const custom = customHeadingId(headingRawText(node));
        const raw = custom.id !== undefined ? { id: custom.id, custom: true } : { id: headingIdBase(custom.text), custom: false };
        facts.headings.push({ level: node.depth, text: headingText(toString(node)), range, raw });
        break;
      }
      case 'paragraph':
        if (range) {
          const listItemStart = parent?.type === 'listItem' && parent.children[0] === node ? rangeOf(parent as Nodes)?.start : undefined;
          const first = node.children[0] as (Nodes & { s?: number }) | undefined;
          const startsWithText = first?.type === 'text' && (first.s ?? first.position?.start.offset) === range.start;
          facts.paragraphs.push({ range, startsWithText, blockStart: listItemStart ?? range.start });
        }
        break;
      case 'link':
      case 'image':
      case 'linkReference':
      case 'imageReference':
      case 'definition': {
        if (!range) break;
        facts.links.push(readLink(node, range, text));
        break;
      }
    }
    const children = (node as Partial<Parent>).children;
    // Text holds nothing the walk reads (a paragraph looks at its first child itself).
    if (children) for (let i = 0; i < children.length; i++) if (children[i]!.type !== 'text') visit(children[i] as Nodes, node as Parent);
  };
  visit(tree);
  // The rest reads the text itself; a region's text is enough (none of it crosses a line).
  const region = text.slice(from, to);
  readLiquidLinks(region, from, facts);
  readSpacedLinks(region, from, facts);
  facts.links.sort((a, b) => a.range.start - b.range.start);
  facts.dateTags = findDateTags(text, region, from, facts);
  return facts;
}

function rangeOf(node: Nodes): Range | undefined {
  // The fast reader's lean nodes carry their offsets as `s` and `e`; remark's as `position`.
  const lean = node as { s?: number; e?: number };
  if (lean.s !== undefined) return { start: lean.s, end: lean.e! };
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/** kramdown reads a trailing `{#id}` or `{: …}` on a heading as attributes, not text. */
function headingText(text: string): string {
  return text.replace(/\s*\{[:#][^{}]*\}\s*$/, '').trim();
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
        return { kind: 'bare-url', text: '', destination: source, destinationRange: { start: range.start, end: range.end }, range };
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
      if (value !== '' && (attribute[1]!.toLowerCase() === 'id' || isAnchor)) facts.htmlIds.push({ id: decodeHtmlEntities(value), at: offset });
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
function readLiquidLinks(text: string, offset: number, facts: TreeFacts): void {
  if (!text.includes('{%')) return;
  // In code it is not rendered; in a Markdown link's destination it is part of that link.
  const inside = insideAny([...facts.excluded, ...facts.links.flatMap((link) => (link.destinationRange ? [link.destinationRange] : []))]);
  for (const match of text.matchAll(LIQUID_LINK)) {
    const start = match.index + offset;
    if (inside(start)) continue;
    const value = match[2]!;
    const valueStart = start + match[0].lastIndexOf(value);
    facts.links.push({
      kind: match[1] === 'post_url' ? 'post-url' : 'liquid-link',
      text: '',
      destination: value,
      destinationRange: { start: valueStart, end: valueStart + value.length },
      range: { start, end: start + match[0].length },
    });
  }
}

/**
 * A test of whether an offset lies in one of `ranges`, for offsets asked in increasing order: one
 * pass over the ranges in all, however many offsets are asked.
 */
function insideAny(ranges: Range[]): (offset: number) => boolean {
  const sorted = ranges.sort((a, b) => a.start - b.start);
  let next = 0;
  let reach = -1;
  return (offset) => {
    while (next < sorted.length && sorted[next]!.start <= offset) reach = Math.max(reach, sorted[next++]!.end);
    return offset < reach;
  };
}

const SPACED_LINK = /(!?)\[([^\[\]\n]*)\]\(([^()\n]*[ \t][^()\n]*)\)/g;

/**
 * `[text](a destination with spaces)`: not a link to CommonMark, but kramdown links it (to a page that
 * does not exist), so for Jekyll it is one. Titles (`[a](b "t")`) are real links remark already read.
 */
function readSpacedLinks(text: string, offset: number, facts: TreeFacts): void {
  if (!hasSpacedDestination(text)) return;
  const inside = insideAny([...facts.excluded, ...facts.html, ...facts.links.map((link) => link.range)]);
  for (const match of text.matchAll(SPACED_LINK)) {
    const start = match.index + offset;
    if (inside(start)) continue;
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

/** Whether some `](` is followed by a space or tab before its line's next `)`: most text has none. */
function hasSpacedDestination(text: string): boolean {
  for (let open = text.indexOf(']('); open !== -1; open = text.indexOf('](', open + 2)) {
    for (let i = open + 2; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) return true;
      if (c === 41 || c === 10) break;
    }
  }
  return false;
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

/** CommonMark's whitespace is ASCII: a no-break space or BOM belongs to the destination. */
const isAsciiSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/** The destination that starts at or after `from` (after `](` or `]:`), as written. */
function readDestination(text: string, from: number, limit: number): Pick<Link, 'destination' | 'destinationRange'> {
  let start = from;
  while (start < limit && isAsciiSpace(text.charCodeAt(start))) start++;
  let end = start;
  if (text.charCodeAt(start) === 60 /* < */) {
    end = text.indexOf('>', start);
    if (end === -1 || end > limit) end = limit;
    return { destination: text.slice(start + 1, end), destinationRange: { start: start + 1, end } };
  }
  let depth = 0;
  for (; end < limit; end++) {
    const c = text.charCodeAt(end);
    // Liquid is one piece, spaces and all (see maskLiquid).
    if (c === 123 /* { */) {
      const next = text.charCodeAt(end + 1);
      if (next === 123 || next === 37 /* % */) {
        const close = text.indexOf(next === 123 ? '}}' : '%}', end + 2);
        if (close !== -1 && close < limit) {
          end = close + 1;
          continue;
        }
      }
    }
    if (c === 92 /* \ */) end++;
    else if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */ && depth-- === 0) break;
    else if (isAsciiSpace(c)) break;
  }
  end = Math.min(end, limit);
  return { destination: text.slice(start, end), destinationRange: { start, end } };
}

/** Date tags in `region`, the note's `text` from `offset`. */
function findDateTags(text: string, region: string, offset: number, facts: TreeFacts): DateTag[] {
  const tags: DateTag[] = [];
  const { excluded, paragraphs } = facts;
  let e = 0;
  let p = 0;
  if (!region.includes('【') && !region.includes('[')) return tags;
  for (const match of region.matchAll(FULL_WIDTH_TAG)) {
    const start = match.index + offset;
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

