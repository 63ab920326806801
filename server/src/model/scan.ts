// The fast Markdown reader: the blocks of CommonMark + GFM + YAML front matter, read line by line
// into the lean mdast tree that the note model walks (scan-inline.ts reads what is inside them).
// remark (markdown.ts) reads the same notes about forty times slower; the differential test over the
// corpus holds this reader to remark's tree wherever the note model looks.
import { htmlBlockNames, htmlRawNames } from 'micromark-util-html-tag-name';
import { normalizeIdentifier, parseInline, type Definitions, type Lean, type Segment } from './scan-inline';


type ContainerKind = 'root' | 'blockquote' | 'listItem' | 'footnoteDefinition';

interface Container {
  kind: ContainerKind;
  node: Lean & { children: Lean[] };
  /** For list items: the column their content starts at. */
  contentIndent: number;
  /** A list item whose first line was blank (it may hold one blank line, no more). */
  startedBlank?: boolean;
}

type Leaf =
  | { kind: 'paragraph'; container: Container; lines: Segment[] }
  | { kind: 'fence'; container: Container; node: Lean; char: string; length: number }
  | { kind: 'indented'; container: Container; node: Lean }
  | { kind: 'html'; container: Container; node: Lean; type: number }
  | { kind: 'table'; container: Container; node: Lean & { children: Lean[] } };

/** Inline content waiting for the definitions of the whole note. */
interface Pending {
  node: Lean & { children: Lean[] };
  segments: Segment[];
}

const HTML_BLOCK_NAMES = new Set(htmlBlockNames);
const HTML_RAW_NAMES = new Set(htmlRawNames);
const HTML_COMPLETE_TAG = new RegExp(
  String.raw`^(?:<[A-Za-z][A-Za-z0-9-]*(?:[ \t]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t]*=[ \t]*(?:[^ \t"'=<>\x60]+|'[^'\n]*'|"[^"\n]*"))?)*[ \t]*/?>|</[A-Za-z][A-Za-z0-9-]*[ \t]*>)[ \t]*$`,
);
const DEFINITION_LABEL = /^\[((?:[^\\\[\]]|\\.){0,999})\]:/s;

/**
 * What code, raw HTML, links, footnote calls and bare URLs start with: inline content without any of
 * these holds nothing the note model reads. Most paragraphs of running text have none, and are kept as
 * one text node, their emphasis not worked out, as nothing reads it (a heading's id does, so headings
 * are always read). Between the lines of a paragraph stand only line endings and container marks
 * (`>`, spaces, list markers), none of them a trigger.
 */
const INLINE_TRIGGER = /[`<[@]|https?:\/\/|www\./gi;

/**
 * The first trigger at or after an offset of `text` between `from` and `to`, or Infinity. Offsets are
 * asked in text order, so one search answers every offset up to the trigger it found: a regular
 * expression runs over each stretch once (a loop over character codes took four times as long).
 */
function inlineTriggers(text: string, from: number, to: number): (offset: number) => number {
  const region = text.slice(from, to);
  const pattern = new RegExp(INLINE_TRIGGER);
  let searchedFrom = Infinity;
  let found = Infinity;
  return (offset) => {
    if (offset >= searchedFrom && offset <= found) return found;
    pattern.lastIndex = Math.max(0, offset - from);
    const match = pattern.exec(region);
    searchedFrom = offset;
    found = match ? match.index + from : Infinity;
    return found;
  };
}

/** Inline content as one text node (none when empty), its lines joined as the inline reader joins them. */
function plainText(text: string, segments: readonly Segment[]): Lean[] {
  if (segments.length === 0) return [];
  const first = segments[0]!;
  const value = segments.length === 1 ? text.slice(first.start, first.end) : segments.map((segment) => text.slice(segment.start, segment.end)).join('\n');
  return value === '' ? [] : [{ type: 'text', value, s: first.start, e: segments[segments.length - 1]!.end }];
}

export interface ScannedRegion {
  root: Lean & { children: Lean[] };
  /**
   * Offsets of the section boundaries met: lines that start with an ATX heading while no block is
   * open that could hold them (a fence, an HTML block). Reading can restart at any of them from
   * nothing, and reach the same tree: that is what lets an edit be read again section by section.
   */
  boundaries: number[];
  /** Where reading stopped: the text's end, or the boundary at which `stopAt` said so. */
  end: number;
  /** Front matter opened and never closed: a closing line typed anywhere later would change the reading. */
  openFrontMatter: boolean;
}

/**
 * Reads the text from `from` (a boundary, or 0) until `stopAt` accepts a boundary. Inline content is
 * read with `otherDefinitions` (those of the rest of the note) besides the region's own. `text` is the
 * note from its start (`frontMatter`: front matter is read at `from` 0), or a stretch of it from a
 * boundary; unless it runs to the note's end (`whole`), front matter without a closing line in it may
 * close further on: then undefined.
 */
export function scanRegion(text: string, from: number, stopAt?: (boundary: number) => boolean, otherDefinitions?: Definitions, { frontMatter = true, whole = true } = {}): ScannedRegion | undefined {
  const reader = new BlockReader(text, from, stopAt, otherDefinitions);
  let start = from;
  let openFrontMatter = false;
  if (from === 0 && frontMatter) {
    const end = reader.frontMatter();
    if (end === undefined && !whole) return undefined;
    openFrontMatter = end === undefined;
    start = end ?? 0;
  }
  return { ...reader.read(start), openFrontMatter };
}

class BlockReader {
  private readonly root: Container;
  private stack: Container[];
  private leaf: Leaf | undefined;
  private readonly pending: Pending[] = [];
  /** The definitions inline content is read with: the region's, then the rest of the note's. */
  private readonly definitions: Definitions = { links: new Set(), footnotes: new Set() };
  private readonly htmlBlocks: Lean[] = [];

  // The line being read.
  private lineEnd = 0;
  private pos = 0;
  private col = 0;
  /** Columns of a tab that a container consumed only in part. */
  private partial = 0;

  private readonly boundaries: number[] = [];

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly stopAt?: (boundary: number) => boolean,
    private readonly otherDefinitions?: Definitions,
  ) {
    this.root = { kind: 'root', node: { type: 'root', children: [], s: from, e: text.length }, contentIndent: 0 };
    this.stack = [this.root];
  }

  read(from: number): Omit<ScannedRegion, 'openFrontMatter'> {
    const text = this.text;
    let start = from;
    let stoppedAt = text.length;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const next = end + 1;
      if (end > start && text[end - 1] === '\r') end--;
      if (start > this.from && this.isBoundary(start, end)) {
        if (this.stopAt?.(start)) {
          stoppedAt = start;
          break;
        }
        this.boundaries.push(start);
      }
      this.line(start, end);
      if (next > text.length) break;
      start = next;
    }
    this.closeLeaf();
    this.root.node.e = stoppedAt;
    if (this.otherDefinitions) {
      for (const id of this.otherDefinitions.links) this.definitions.links.add(id);
      for (const id of this.otherDefinitions.footnotes) this.definitions.footnotes.add(id);
    }
    for (const node of this.htmlBlocks) node.value = text.slice(node.s!, node.e!);
    const nextTrigger = inlineTriggers(text, this.from, stoppedAt);
    for (const { node, segments } of this.pending) {
      // A paragraph or cell with no trigger in it holds nothing the note model reads (see INLINE_TRIGGER).
      if (node.type !== 'heading' && (segments.length === 0 || nextTrigger(segments[0]!.start) >= segments[segments.length - 1]!.end)) {
        node.children = plainText(text, segments);
        continue;
      }
      node.children = parseInline(text, segments, this.definitions);
      // In a table a pipe is escaped even inside code, and the code shows it unescaped.
      if (node.type === 'tableCell') for (const child of node.children) if (child.type === 'inlineCode') child.value = child.value!.replace(/\\\|/g, '|');
    }
    return { root: this.root.node, boundaries: this.boundaries, end: stoppedAt };
  }

  /** An ATX heading at the line's start that no open fence or HTML block would take in. */
  private isBoundary(start: number, end: number): boolean {
    const text = this.text;
    if (text[start] !== '#') return false;
    let i = start;
    while (i < end && i - start < 7 && text[i] === '#') i++;
    if (i - start > 6 || (i < end && text[i] !== ' ' && text[i] !== '\t')) return false;
    const leaf = this.leaf;
    return !(leaf && (leaf.kind === 'fence' || leaf.kind === 'html') && leaf.container === this.root);
  }

  /**
   * YAML front matter: `---` on the first line and a closing `---` line. Where reading goes on: 0 when
   * there is none, undefined when it opens and does not close in the text.
   */
  frontMatter(): number | undefined {
    const text = this.text;
    if (!/^---[ \t]*\r?\n/.test(text)) return 0;
    const close = /^---[ \t]*$/m;
    const rest = text.slice(text.indexOf('\n') + 1);
    const match = close.exec(rest);
    if (!match) return undefined;
    const end = text.indexOf('\n') + 1 + match.index + match[0].length;
    this.root.node.children.push({ type: 'yaml', s: 0, e: end });
    return end + 1;
  }

  // ---- the cursor over the line ----

  private char(at = this.pos): string | undefined {
    return at < this.lineEnd ? this.text[at] : undefined;
  }

  // Set by measureIndent: the indentation (in columns) from the cursor, and where it ends.
  private indentColumns = 0;
  private indentNext = 0;

  /**
   * Measures indentation from the cursor, up to `limit` columns: a container asks only whether the
   * line reaches its content's column, so that 5,000 nested lists cost 5,000 steps a line, not millions.
   */
  private measureIndent(limit = Infinity): void {
    let columns = this.partial;
    let col = this.col;
    let i = this.pos;
    while (i < this.lineEnd && columns < limit) {
      const c = this.text[i];
      if (c === ' ') {
        columns++;
        col++;
      } else if (c === '\t') {
        const width = 4 - (col % 4);
        columns += width;
        col += width;
      } else break;
      i++;
    }
    this.indentColumns = columns;
    this.indentNext = i;
  }

  /** Whether the rest of the line, from the cursor, is spaces and tabs only. */
  private isBlank(): boolean {
    return this.pos > this.lastContent;
  }

  /** The offset of the line's last character that is not a space or tab (before its start when blank). */
  private lastContent = 0;

  /** Moves the cursor over `columns` columns of indentation, splitting a tab when needed. */
  private skipColumns(columns: number): void {
    if (this.partial > 0) {
      const used = Math.min(this.partial, columns);
      this.partial -= used;
      columns -= used;
    }
    while (columns > 0 && this.pos < this.lineEnd) {
      const c = this.text[this.pos];
      if (c === ' ') {
        this.pos++;
        this.col++;
        columns--;
      } else if (c === '\t') {
        const width = 4 - (this.col % 4);
        this.pos++;
        this.col += width;
        if (width > columns) this.partial = width - columns;
        columns -= Math.min(width, columns);
      } else break;
    }
  }

  private skipTo(next: number): void {
    while (this.pos < next) {
      const c = this.text[this.pos];
      this.col += c === '\t' ? 4 - (this.col % 4) : 1;
      this.pos++;
    }
    this.partial = 0;
  }

  // ---- one line ----

  private line(start: number, end: number): void {
    this.lineEnd = end;
    this.lastContent = trimBlanksEnd(this.text, start, end) - 1;
    this.pos = start;
    this.col = 0;
    this.partial = 0;

    let matched = 0;
    for (let i = 1; i < this.stack.length; i++) {
      if (!this.continues(this.stack[i]!)) break;
      matched = i;
    }
    const allMatched = matched === this.stack.length - 1;
    const leaf = this.leaf;

    if (leaf && allMatched) {
      if (leaf.kind === 'fence') return this.fenceLine(leaf);
      if (leaf.kind === 'html') {
        if (leaf.type < 6 || !this.isBlank()) return this.htmlLine(leaf);
        // micromark ends the block after the blank line's own spaces.
        if (this.lineEnd > this.pos) this.extend(leaf.node, this.lineEnd);
        this.closeLeaf();
      }
      if (leaf.kind === 'indented') {
        this.measureIndent(4);
        // Blank lines belong to the code when they are indented enough, or when code follows them.
        if (this.isBlank()) {
          if (this.indentColumns >= 4) this.extend(leaf.node, this.lineEnd);
          return;
        }
        if (this.indentColumns >= 4) {
          this.extend(leaf.node, this.lineEnd);
          return;
        }
        this.closeLeaf();
      }
    }

    let container = this.stack[matched]!;
    let opened = false;
    // New containers and leaves that start here.
    for (;;) {
      if (this.isBlank()) break;
      // Past four columns only indented code can start: the exact indentation does not matter.
      this.measureIndent(4);
      const columns = this.indentColumns;
      const next = this.indentNext;
      const c = this.char(next);
      // A paragraph that this line could continue (lazily or not) cannot be interrupted by some blocks.
      const tipParagraph = this.leaf?.kind === 'paragraph' && !opened;
      const paragraphOpen = tipParagraph && allMatched;
      if (columns >= 4) {
        if (tipParagraph || (this.leaf?.kind === 'table' && allMatched)) break;
        this.closeFrom(matched, opened);
        const node: Lean = { type: 'code', s: this.pos, e: this.lineEnd };
        this.add(container, node);
        this.leaf = { kind: 'indented', container, node };
        return;
      }
      if (c === '>') {
        this.closeFrom(matched, opened);
        this.skipTo(next + 1);
        if (this.char() === ' ') this.skipTo(this.pos + 1);
        else if (this.char() === '\t') this.skipColumns(1);
        container = this.open(container, 'blockquote', next, 0);
        matched = this.stack.length - 1;
        opened = true;
        continue;
      }
      if (c === '#') {
        const hashes = /^#{1,6}(?=[ \t]|$)/.exec(this.text.slice(next, Math.min(this.lineEnd, next + 7)));
        if (hashes) {
          this.closeFrom(matched, opened);
          this.heading(container, next, hashes[0].length);
          return;
        }
      }
      if ((c === '`' || c === '~') && this.text[next + 1] === c && this.text[next + 2] === c) {
        const fence = /^(`{3,}|~{3,})(.*)$/.exec(this.text.slice(next, this.lineEnd));
        if (fence && !(c === '`' && fence[2]!.includes('`'))) {
          this.closeFrom(matched, opened);
          const node: Lean = { type: 'code', s: next, e: this.lineEnd };
          this.add(container, node);
          this.leaf = { kind: 'fence', container, node, char: c, length: fence[1]!.length };
          return;
        }
      }
      if (c === '<') {
        const type = this.htmlStart(next, tipParagraph);
        if (type > 0) {
          this.closeFrom(matched, opened);
          // Unlike code, an HTML block's node starts at its indentation.
          const node: Lean = { type: 'html', s: this.pos, e: this.lineEnd };
          this.add(container, node);
          this.htmlBlocks.push(node);
          const leaf: Leaf = { kind: 'html', container, node, type };
          this.leaf = leaf;
          if (type <= 5 && this.htmlEnds(type, next + 1)) this.closeLeaf();
          return;
        }
      }
      if ((c === '=' || c === '-') && paragraphOpen && allMatched && matched === this.stack.length - 1 && /^(?:=+|-+)[ \t]*$/.test(this.text.slice(next, this.lineEnd))) {
        if (this.setext(c === '=' ? 1 : 2)) return;
      }
      if ((c === '*' || c === '-' || c === '_') && isThematicBreak(this.text, next, this.lineEnd, c)) {
        this.closeFrom(matched, opened);
        this.add(container, { type: 'thematicBreak', s: next, e: this.lineEnd });
        return;
      }
      if (c === '[' && this.text[next + 1] === '^' && !paragraphOpen) {
        const label = /^\[\^([^\s\]\\]|\\.)((?:[^\s\]\\]|\\.){0,998})\]:/.exec(this.text.slice(next, Math.min(this.lineEnd, next + 1010)));
        if (label) {
          this.closeFrom(matched, opened);
          const identifier = normalizeIdentifier(label[1]! + label[2]!);
          this.definitions.footnotes.add(identifier);
          this.skipTo(next + label[0].length);
          container = this.open(container, 'footnoteDefinition', next, 4);
          container.node.identifier = identifier.toLowerCase();
          matched = this.stack.length - 1;
          opened = true;
          continue;
        }
      }
      const item = this.listMarker(next, columns, paragraphOpen);
      if (item) {
        this.closeFrom(matched, opened);
        container = this.open(container, 'listItem', next, item.contentIndent);
        container.startedBlank = item.blank;
        this.skipTo(item.contentStart);
        if (item.blank) return;
        matched = this.stack.length - 1;
        opened = true;
        continue;
      }
      break;
    }

    const blank = this.isBlank();
    // A lazy line: it continues the paragraph although some containers did not match.
    if (!opened && !allMatched && !blank && this.leaf?.kind === 'paragraph') {
      this.paragraphLine(this.leaf);
      return;
    }
    this.closeFrom(matched, opened);
    if (blank) {
      if (this.leaf?.kind !== 'fence' && this.leaf?.kind !== 'html') this.closeLeaf();
      return;
    }
    const leaf2 = this.leaf;
    if (leaf2?.kind === 'paragraph' && leaf2.container === container) {
      if (this.tableStart(leaf2, container)) return;
      this.paragraphLine(leaf2);
      return;
    }
    if (leaf2?.kind === 'table' && leaf2.container === container) {
      this.tableRow(leaf2);
      return;
    }
    this.closeLeaf();
    this.measureIndent();
    this.skipTo(this.indentNext);
    this.leaf = { kind: 'paragraph', container, lines: [] };
    this.paragraphLine(this.leaf);
  }

  /** Whether the line continues an open container; if so the cursor moves past its prefix. */
  private continues(container: Container): boolean {
    switch (container.kind) {
      case 'blockquote': {
        this.measureIndent(4);
        const next = this.indentNext;
        if (this.indentColumns >= 4 || this.char(next) !== '>') return false;
        this.skipTo(next + 1);
        if (this.char() === ' ') this.skipTo(this.pos + 1);
        else if (this.char() === '\t') this.skipColumns(1);
        return true;
      }
      case 'listItem':
        if (this.isBlank()) return !(container.startedBlank && container.node.children.length === 0);
        this.measureIndent(container.contentIndent);
        if (this.indentColumns < container.contentIndent) return false;
        this.skipColumns(container.contentIndent);
        return true;
      case 'footnoteDefinition':
        if (this.isBlank()) return true;
        this.measureIndent(4);
        if (this.indentColumns < 4) return false;
        this.skipColumns(4);
        return true;
      default:
        return true;
    }
  }

  /** Closes the containers after `matched` (and the leaf, when it was in them). */
  private closeFrom(matched: number, alreadyClosed: boolean): void {
    if (alreadyClosed && matched === this.stack.length - 1) {
      if (this.leaf && !this.stack.includes(this.leaf.container)) this.closeLeaf();
      return;
    }
    if (matched >= this.stack.length - 1) return;
    const leafContainer = this.leaf?.container;
    const closing = this.stack.slice(matched + 1);
    if (leafContainer && closing.includes(leafContainer)) this.closeLeaf();
    this.stack.length = matched + 1;
  }

  private open(parent: Container, kind: ContainerKind, start: number, contentIndent: number): Container {
    if (this.leaf && this.leaf.container === parent) this.closeLeaf();
    const container: Container = { kind, node: { type: kind, children: [], s: start, e: start }, contentIndent };
    this.add(parent, container.node);
    this.stack.push(container);
    return container;
  }

  private add(container: Container, node: Lean): void {
    if (this.leaf && this.leaf.container === container && this.leaf.kind === 'paragraph') this.closeLeaf();
    container.node.children.push(node);
  }

  private extend(node: Lean, end: number): void {
    node.e = end;
  }

  // ---- leaves ----

  private heading(container: Container, start: number, depth: number): void {
    const text = this.text;
    const contentStart = skipBlanks(text, start + depth, this.lineEnd);
    let contentEnd = trimBlanksEnd(text, contentStart, this.lineEnd);
    // A closing run of `#`, when a space stands before it (or it is all there is).
    let hashes = contentEnd;
    while (hashes > contentStart && text[hashes - 1] === '#') hashes--;
    if (hashes < contentEnd && (hashes === contentStart || text[hashes - 1] === ' ' || text[hashes - 1] === '\t')) {
      contentEnd = trimBlanksEnd(text, contentStart, hashes);
    }
    const node = { type: 'heading', depth, children: [] as Lean[], s: start, e: this.lineEnd };
    this.add(container, node);
    this.leaf = undefined;
    this.pending.push({ node, segments: contentEnd > contentStart ? [{ start: contentStart, end: contentEnd }] : [] });
  }

  private setext(depth: number): boolean {
    const paragraph = this.leaf as Extract<Leaf, { kind: 'paragraph' }>;
    this.takeDefinitions(paragraph);
    if (paragraph.lines.length === 0) return false;
    const lines = paragraph.lines;
    const last = lines[lines.length - 1]!;
    last.end = trimBlanksEnd(this.text, last.start, last.end);
    const node = { type: 'heading', depth, children: [] as Lean[], s: lines[0]!.start, e: this.lineEnd };
    paragraph.container.node.children.push(node);
    this.pending.push({ node, segments: lines });
    this.leaf = undefined;
    return true;
  }

  private paragraphLine(paragraph: Extract<Leaf, { kind: 'paragraph' }>): void {
    this.measureIndent();
    paragraph.lines.push({ start: this.indentNext, end: this.lineEnd });
  }

  private closeLeaf(): void {
    const leaf = this.leaf;
    this.leaf = undefined;
    if (!leaf || leaf.kind !== 'paragraph') return;
    this.takeDefinitions(leaf);
    if (leaf.lines.length === 0) return;
    const lines = leaf.lines;
    const last = lines[lines.length - 1]!;
    const end = last.end;
    last.end = trimBlanksEnd(this.text, last.start, last.end);
    const node = { type: 'paragraph', children: [] as Lean[], s: lines[0]!.start, e: end };
    leaf.container.node.children.push(node);
    this.pending.push({ node, segments: lines });
  }

  /** Link reference definitions at the start of a paragraph: taken out of it, known note-wide. */
  private takeDefinitions(paragraph: Extract<Leaf, { kind: 'paragraph' }>): void {
    const text = this.text;
    while (paragraph.lines.length > 0 && text[paragraph.lines[0]!.start] === '[') {
      const { lines } = paragraph;
      const joined = lines.map((line) => text.slice(line.start, line.end)).join('\n');
      const length = definitionLength(joined);
      if (length === 0) return;
      const label = DEFINITION_LABEL.exec(joined)![1]!;
      const identifier = normalizeIdentifier(label);
      // Count the lines the definition used, and where it ends in the source.
      let consumed = 0;
      let k = 0;
      let end = lines[0]!.start;
      while (k < lines.length) {
        const lineLength = lines[k]!.end - lines[k]!.start;
        if (consumed + lineLength >= length) {
          end = lines[k]!.start + (length - consumed);
          break;
        }
        consumed += lineLength + 1;
        k++;
      }
      let endTrimmed = end;
      while (endTrimmed > lines[0]!.start && (text[endTrimmed - 1] === ' ' || text[endTrimmed - 1] === '\t' || text[endTrimmed - 1] === '\n')) endTrimmed--;
      const node: Lean = { type: 'definition', label, identifier: identifier.toLowerCase(), s: lines[0]!.start, e: endTrimmed };
      paragraph.container.node.children.push(node);
      if (identifier !== '') this.definitions.links.add(identifier);
      paragraph.lines = lines.slice(k + 1);
    }
  }

  private fenceLine(leaf: Extract<Leaf, { kind: 'fence' }>): void {
    this.measureIndent();
    const closing = this.indentColumns < 4 && isClosingFence(this.text, this.indentNext, this.lineEnd, leaf.char, leaf.length);
    this.extend(leaf.node, this.lineEnd);
    if (closing) this.leaf = undefined;
  }

  private htmlLine(leaf: Extract<Leaf, { kind: 'html' }>): void {
    this.extend(leaf.node, this.lineEnd);
    if (leaf.type <= 5 && this.htmlEnds(leaf.type, this.pos)) this.leaf = undefined;
  }

  private htmlEnds(type: number, from: number): boolean {
    const line = this.text.slice(from, this.lineEnd);
    switch (type) {
      case 1:
        return /<\/(?:pre|script|style|textarea)>/i.test(line);
      case 2:
        return line.includes('-->');
      case 3:
        return line.includes('?>');
      case 4:
        return line.includes('>');
      default:
        return line.includes(']]>');
    }
  }

  /** The HTML block type (1 to 7) that starts at `at`, or 0. */
  private htmlStart(at: number, interrupting: boolean): number {
    const line = this.text.slice(at, this.lineEnd);
    const raw = /^<([A-Za-z]+)(?=[ \t>]|$)/.exec(line);
    if (raw && HTML_RAW_NAMES.has(raw[1]!.toLowerCase())) return 1;
    if (line.startsWith('<!--')) return 2;
    if (line.startsWith('<?')) return 3;
    if (/^<![A-Za-z]/.test(line)) return 4;
    if (line.startsWith('<![CDATA[')) return 5;
    const block = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?=[ \t>]|\/>|$)/.exec(line);
    if (block && HTML_BLOCK_NAMES.has(block[1]!.toLowerCase())) return 6;
    if (!interrupting && HTML_COMPLETE_TAG.test(line)) {
      const name = /^<\/?([A-Za-z][A-Za-z0-9-]*)/.exec(line)![1]!.toLowerCase();
      if (!HTML_RAW_NAMES.has(name)) return 7;
    }
    return 0;
  }

  private listMarker(at: number, indent: number, interrupting: boolean): { contentIndent: number; contentStart: number; blank: boolean } | undefined {
    const text = this.text;
    const c = text[at];
    let markerEnd: number;
    if (c === '-' || c === '+' || c === '*') markerEnd = at + 1;
    else {
      if (!(c !== undefined && c >= '0' && c <= '9')) return undefined;
      const digits = /^(\d{1,9})[.)]/.exec(text.slice(at, Math.min(this.lineEnd, at + 11)));
      if (!digits) return undefined;
      if (interrupting && digits[1] !== '1') return undefined;
      markerEnd = at + digits[0].length;
    }
    const after = text[markerEnd];
    if (markerEnd < this.lineEnd && after !== ' ' && after !== '\t') return undefined;
    // Content starts one to four columns after the marker (one when more would make indented code).
    const markerWidth = markerEnd - at;
    const afterMarker = this.col + (indent - this.partial) + markerWidth;
    let col = afterMarker;
    let i = markerEnd;
    while (i < this.lineEnd && (text[i] === ' ' || text[i] === '\t')) {
      col += text[i] === '\t' ? 4 - (col % 4) : 1;
      i++;
    }
    const blank = i >= this.lineEnd;
    if (blank && interrupting) return undefined;
    const spaces = col - afterMarker;
    if (blank || spaces > 4) return { contentIndent: indent + markerWidth + 1, contentStart: blank ? this.lineEnd : markerEnd + 1, blank };
    return { contentIndent: indent + markerWidth + spaces, contentStart: i, blank };
  }

  /** A GFM table: the paragraph's last line is the header row, this line the delimiter row. */
  private tableStart(paragraph: Extract<Leaf, { kind: 'paragraph' }>, container: Container): boolean {
    this.measureIndent();
    const next = this.indentNext;
    const first = this.text[next];
    if (first !== '|' && first !== ':' && first !== '-') return false;
    const delimiter = this.text.slice(next, this.lineEnd);
    if (!/^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/.test(delimiter) || !delimiter.includes('|') && !delimiter.includes(':')) return false;
    const header = paragraph.lines[paragraph.lines.length - 1]!;
    const headerCells = splitRow(this.text, header.start, header.end);
    const delimiterCells = splitRow(this.text, next, this.lineEnd);
    if (headerCells.length !== delimiterCells.length || (headerCells.length < 2 && !this.text.slice(header.start, header.end).includes('|'))) return false;
    paragraph.lines.pop();
    const headerLine = header;
    this.closeLeaf();
    const table = { type: 'table', children: [] as Lean[], s: headerLine.start, e: this.lineEnd };
    container.node.children.push(table);
    this.leaf = { kind: 'table', container, node: table };
    this.addRow(table, headerLine.start, headerLine.end);
    return true;
  }

  private tableRow(leaf: Extract<Leaf, { kind: 'table' }>): void {
    this.measureIndent();
    this.addRow(leaf.node, this.indentNext, this.lineEnd);
    this.extend(leaf.node, this.lineEnd);
  }

  private addRow(table: Lean & { children: Lean[] }, start: number, end: number): void {
    const row = { type: 'tableRow', children: [] as Lean[], s: start, e: end };
    table.children.push(row);
    for (const cell of splitRow(this.text, start, end)) {
      const node = { type: 'tableCell', children: [] as Lean[], s: cell.start, e: cell.end };
      row.children.push(node);
      this.pending.push({ node, segments: cell.end > cell.start ? [cell] : [] });
    }
  }
}

/** The cells of a table row: their trimmed content, split at pipes that are not escaped. */
function splitRow(text: string, start: number, end: number): Segment[] {
  const cells: Segment[] = [];
  let i = skipBlanks(text, start, end);
  if (text[i] === '|') i++;
  let cellStart = i;
  const push = (cellEnd: number) => {
    const cell = skipBlanks(text, cellStart, cellEnd);
    cells.push({ start: cell, end: trimBlanksEnd(text, cell, cellEnd) });
  };
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \\ */) i++;
    else if (c === 124 /* | */) {
      push(i);
      cellStart = i + 1;
    }
  }
  const rest = text.slice(cellStart, end);
  if (rest.trim() !== '') push(end);
  return cells;
}

/** The length of the link reference definition at the start of `s`, or 0. */
function definitionLength(s: string): number {
  const label = DEFINITION_LABEL.exec(s);
  if (!label || label[1]!.trim() === '') return 0;
  let i = label[0].length;
  const skip = () => {
    let newline = false;
    while (s[i] === ' ' || s[i] === '\t' || (s[i] === '\n' && !newline)) {
      if (s[i] === '\n') newline = true;
      i++;
    }
  };
  skip();
  if (s[i] === '<') {
    i++;
    while (i < s.length && s[i] !== '>' && s[i] !== '\n' && s[i] !== '<') i += s[i] === '\\' ? 2 : 1;
    if (s[i] !== '>') return 0;
    i++;
  } else {
    const start = i;
    let depth = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === '\\') i += 2;
      else if (c === '(') {
        depth++;
        i++;
      } else if (c === ')') {
        if (depth === 0) break;
        depth--;
        i++;
      } else if (c.charCodeAt(0) <= 0x20) break;
      else i++;
    }
    if (i === start || depth !== 0) return 0;
  }
  const afterDestination = i;
  // The rest of the line must be empty, or hold a title (which may go on over lines).
  const lineEnd = () => {
    let j = i;
    while (s[j] === ' ' || s[j] === '\t') j++;
    return j >= s.length || s[j] === '\n' ? j : -1;
  };
  skip();
  if (i > afterDestination && (s[i] === '"' || s[i] === "'" || s[i] === '(')) {
    const close = s[i] === '(' ? ')' : s[i]!;
    let j = i + 1;
    while (j < s.length && s[j] !== close) {
      if (s[j] === '\\') j++;
      else if (s[j] === '\n' && s[j + 1] === '\n') break;
      j++;
    }
    if (s[j] === close) {
      const saved = i;
      i = j + 1;
      const end = lineEnd();
      if (end !== -1) return end;
      i = saved;
    }
  }
  i = afterDestination;
  return lineEnd() === -1 ? 0 : lineEnd();
}

/** `***`, `- - -`, `___`: three or more of one mark, with only spaces or tabs between. */
function isThematicBreak(text: string, start: number, end: number, mark: string): boolean {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === mark) count++;
    else if (c !== ' ' && c !== '\t') return false;
  }
  return count >= 3;
}

/** A closing fence: at least `length` of the fence's mark, then only spaces or tabs. */
function isClosingFence(text: string, start: number, end: number, mark: string, length: number): boolean {
  let i = start;
  while (i < end && text[i] === mark) i++;
  if (i - start < length) return false;
  return skipBlanks(text, i, end) === end;
}

/** The first offset from `i`, before `end`, that is not a space or tab (else `end`). */
function skipBlanks(text: string, i: number, end: number): number {
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** `end` moved back over spaces and tabs, not past `start`. */
function trimBlanksEnd(text: string, start: number, end: number): number {
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}
