// The inline half of the fast Markdown reader (see scan.ts): code spans, links and images (inline,
// reference, autolinks and GFM's bare URLs), raw HTML, footnote calls, escapes and entities, and the
// emphasis marks that `toString` drops. It follows CommonMark's delimiter algorithm as micromark
// implements it, and builds the few mdast nodes the note model reads, with offsets only.
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { maskLiquid } from './liquid';
import { lastAtOrBefore } from './text';

/** A lean mdast node: the fields `walkTree`, `toString` and the heading ids read. */
export interface Lean {
  type: string;
  value?: string;
  alt?: string;
  label?: string;
  identifier?: string;
  children?: Lean[];
  /** Where the node starts and ends in the note's text (mdast's `position`, without the objects). */
  s?: number;
  e?: number;
}

/** A piece of one line's content: the text `text.slice(start, end)`. */
export interface Segment {
  start: number;
  end: number;
}

export interface Definitions {
  links: Set<string>;
  footnotes: Set<string>;
}

/** CommonMark's label matching: whitespace collapsed, case folded (as micromark does it). */
export function normalizeIdentifier(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase();
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
const UNICODE_PUNCTUATION = /\p{P}|\p{S}/u;
const UNICODE_WHITESPACE = /\s/;
const ASCII_ALPHA = /[A-Za-z]/;
const ASCII_ALPHANUMERIC = /[A-Za-z0-9]/;

const isWhitespace = (c: string | undefined) => c === undefined || UNICODE_WHITESPACE.test(c);
/** micromark's classes for flanking: 1 whitespace (or edge), 2 punctuation, 0 other. */
const classify = (c: string | undefined) => (c === undefined || UNICODE_WHITESPACE.test(c) ? 1 : UNICODE_PUNCTUATION.test(c) ? 2 : 0);
/** `+ - . _` and ASCII letters and digits (NaN, past either end, is none of them). */
const isAtextCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46 || c === 95;
const isGfmAtext = (c: string | undefined) => c !== undefined && isAtextCode(c.charCodeAt(0));

/** Characters that may start an inline construct (or end a line). */
const SPECIAL = new Uint8Array(128);
for (const c of '\\`<&![]*_~\n') SPECIAL[c.charCodeAt(0)] = 1;
/** SPECIAL, and the letters a bare URL starts with (`http`, `www`). */
const SPECIAL_OR_URL = SPECIAL.slice();
for (const c of 'hHwW') SPECIAL_OR_URL[c.charCodeAt(0)] = 1;

const AUTOLINK_URI = /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\x00-\x20<>]*>/y;
const AUTOLINK_EMAIL = /<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>/y;
const ATTRIBUTE = String.raw`(?:[ \t\n]+[A-Za-z_:][A-Za-z0-9_.:-]*(?:[ \t\n]*=[ \t\n]*(?:[^ \t\n"'=<>\x60]+|'[^']*'|"[^"]*"))?)`;
const HTML_INLINE = new RegExp(
  String.raw`<(?:[A-Za-z][A-Za-z0-9-]*${ATTRIBUTE}*[ \t\n]*/?>|/[A-Za-z][A-Za-z0-9-]*[ \t\n]*>|!-->|!--->|!--[\s\S]*?-->|\?[\s\S]*?\?>|![A-Za-z][^>]*>|!\[CDATA\[[\s\S]*?\]\]>)`,
  'y',
);
const ENTITY = /&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/y;

interface Delimiter {
  node: Lean;
  char: string;
  /** Marks still unused. */
  count: number;
  original: number;
  canOpen: boolean;
  canClose: boolean;
  active: boolean;
}

interface Bracket {
  /** Index in `nodes` of the `[` or `![` text node. */
  index: number;
  image: boolean;
  /** Offset in the content string of the `[`. */
  at: number;
  active: boolean;
  delimiters: number;
}

/**
 * Reads the inline content made of `segments` (one per line, joined by line endings) and returns
 * its nodes. Offsets in the nodes are offsets in `source`.
 */
export function parseInline(source: string, segments: readonly Segment[], definitions: Definitions): Lean[] {
  return new InlineReader(source, segments, definitions).read();
}

class InlineReader {
  private readonly s: string;
  /** Where each segment starts in `s`, and in the source. */
  private readonly starts: number[] = [];
  private readonly sourceStarts: number[] = [];
  private nodes: Lean[] = [];
  private delimiters: Delimiter[] = [];
  private brackets: Bracket[] = [];
  /** The text since the last node, in pieces: joined once, as growing one string would be copied again on every line. */
  private text: string[] = [];
  private textStart = 0;
  /** For each backtick run length: no run of it after this offset. */
  private noTicksAfter: Map<number, number> | undefined;
  /** Whether emphasis used up a whole run of marks, leaving an empty text node. */
  private emptied = false;

  constructor(
    source: string,
    segments: readonly Segment[],
    private readonly definitions: Definitions,
  ) {
    let content: string;
    if (segments.length === 1) {
      // One line, the common case: no parts to join.
      this.starts.push(0);
      this.sourceStarts.push(segments[0]!.start);
      content = source.slice(segments[0]!.start, segments[0]!.end);
    } else {
      const parts: string[] = [];
      let offset = 0;
      for (const segment of segments) {
        this.starts.push(offset);
        this.sourceStarts.push(segment.start);
        parts.push(source.slice(segment.start, segment.end));
        offset += segment.end - segment.start + 1;
      }
      content = parts.join('\n');
    }
    // Liquid is rendered before Markdown is read (see maskLiquid); it never spans lines.
    this.s = maskLiquid(content);
  }

  /** The source offset of offset `i` in the content. */
  private at(i: number): number {
    const starts = this.starts;
    const line = starts.length === 1 ? 0 : lastAtOrBefore(starts, i);
    return this.sourceStarts[line]! + (i - starts[line]!);
  }

  /** The source offset of an end offset in the content. */
  private endAt(start: number, end: number): number {
    // An end just after a line's last character maps from the line ending, which is not in a segment.
    return end > start ? this.at(end - 1) + 1 : this.at(start);
  }

  private flush(): void {
    if (this.text.length === 0) return;
    const value = this.text.length === 1 ? this.text[0]! : this.text.join('');
    this.text = [];
    if (value === '') return;
    this.nodes.push({ type: 'text', value, s: this.at(this.textStart), e: this.endAt(this.textStart, this.textStart + this.rawTextLength) });
  }

  private rawTextLength = 0;

  private addText(value: string, start: number, end: number): void {
    if (this.text.length === 0) {
      this.textStart = start;
      this.rawTextLength = 0;
    }
    this.text.push(value);
    this.rawTextLength = end - this.textStart;
  }

  private push(node: Lean): void {
    this.flush();
    this.nodes.push(node);
  }

  read(): Lean[] {
    const s = this.s;
    const n = s.length;
    // Bare URLs are looked for only where the content could hold one.
    const literals = s.includes('@') ? 2 : /https?:\/\/|www\./i.test(s) ? 1 : 0;
    let i = 0;
    while (i < n) {
      const code = s.charCodeAt(i);
      if (code < 128 && SPECIAL[code] === 1) {
        i = this.special(i);
        continue;
      }
      if (literals > 0 && this.literalCandidate(i, code, literals)) {
        const end = this.literalAutolink(i);
        if (end > i) {
          i = end;
          continue;
        }
      }
      // A run of plain text, up to the next character that may start something. Without an `@`, a bare
      // URL can only start at `h` or `w`: one table lookup a character.
      let j = i + 1;
      const stops = literals === 1 ? SPECIAL_OR_URL : SPECIAL;
      while (j < n) {
        const c = s.charCodeAt(j);
        if ((c < 128 && stops[c] === 1) || (literals === 2 && this.literalCandidate(j, c, literals))) break;
        j++;
      }
      this.addText(s.slice(i, j), i, j);
      i = j;
    }
    this.flush();
    this.processEmphasis(0);
    // Emphasis marks used up leave empty text behind.
    return this.emptied ? this.nodes.filter((node) => !(node.type === 'text' && node.value === '')) : this.nodes;
  }

  /** Where a bare URL may start: `h` or `w`, or (when the content has an `@`) the start of a word. */
  private literalCandidate(i: number, code: number, literals: number): boolean {
    if (code === 104 || code === 72 || code === 119 || code === 87) return true;
    return literals === 2 && isAtextCode(code) && !isAtextCode(this.s.charCodeAt(i - 1));
  }

  private special(i: number): number {
    const s = this.s;
    switch (s[i]) {
      case '\\':
        return this.escape(i);
      case '`':
        return this.codeSpan(i);
      case '<':
        return this.angle(i);
      case '&':
        return this.entity(i);
      case '!':
        if (s[i + 1] === '[') {
          this.openBracket(i, true);
          return i + 2;
        }
        this.addText('!', i, i + 1);
        return i + 1;
      case '[':
        return this.footnoteCall(i);
      case ']':
        return this.closeBracket(i);
      case '\n':
        return this.lineEnding(i);
      default:
        return this.delimiterRun(i);
    }
  }

  private escape(i: number): number {
    const next = this.s[i + 1];
    if (next === '\n') {
      this.push({ type: 'break', s: this.at(i), e: this.endAt(i, i + 2) });
      return this.skipLeadingSpace(i + 2);
    }
    if (next !== undefined && ASCII_PUNCTUATION.test(next)) {
      this.addText(next, i, i + 2);
      return i + 2;
    }
    this.addText('\\', i, i + 1);
    return i + 1;
  }

  private skipLeadingSpace(i: number): number {
    while (this.s[i] === ' ' || this.s[i] === '\t') i++;
    return i;
  }

  private lineEnding(i: number): number {
    // Spaces before a line ending: two or more make a hard break; either way they are not text.
    let spaces = 0;
    while (this.text.length > 0) {
      const last = this.text[this.text.length - 1]!;
      let kept = last.length;
      while (kept > 0 && (last[kept - 1] === ' ' || last[kept - 1] === '\t')) kept--;
      spaces += last.length - kept;
      if (kept > 0) {
        this.text[this.text.length - 1] = last.slice(0, kept);
        break;
      }
      this.text.pop();
    }
    if (spaces >= 2) {
      this.rawTextLength -= spaces;
      this.push({ type: 'break', s: this.at(i - spaces), e: this.endAt(i - spaces, i + 1) });
    } else this.addText('\n', i, i + 1);
    return i + 1;
  }

  private runLength(i: number, c: string): number {
    let j = i;
    while (this.s[j] === c) j++;
    return j - i;
  }

  private codeSpan(i: number): number {
    const s = this.s;
    const n = this.runLength(i, '`');
    const from = i + n;
    if ((this.noTicksAfter?.get(n) ?? Infinity) <= from) {
      this.addText(s.slice(i, from), i, from);
      return from;
    }
    let j = s.indexOf('`', from);
    while (j !== -1) {
      const m = this.runLength(j, '`');
      if (m === n) {
        let value = s.slice(from, j).replace(/\n/g, ' ');
        if (value.length > 2 && value.startsWith(' ') && value.endsWith(' ') && value.trim() !== '') value = value.slice(1, -1);
        else if (value.length === 2 && value === '  ') value = '  ';
        this.push({ type: 'inlineCode', value, s: this.at(i), e: this.endAt(i, j + n) });
        return j + n;
      }
      j = s.indexOf('`', j + m);
    }
    (this.noTicksAfter ??= new Map()).set(n, from);
    this.addText(s.slice(i, from), i, from);
    return from;
  }

  private angle(i: number): number {
    const s = this.s;
    for (const pattern of [AUTOLINK_URI, AUTOLINK_EMAIL]) {
      pattern.lastIndex = i;
      const match = pattern.exec(s);
      if (match) {
        const end = i + match[0].length;
        this.push({ type: 'link', children: [{ type: 'text', value: match[0].slice(1, -1) }], s: this.at(i), e: this.endAt(i, end) });
        return end;
      }
    }
    HTML_INLINE.lastIndex = i;
    const match = HTML_INLINE.exec(s);
    if (match) {
      const end = i + match[0].length;
      this.push({ type: 'html', value: match[0], s: this.at(i), e: this.endAt(i, end) });
      return end;
    }
    this.addText('<', i, i + 1);
    return i + 1;
  }

  private entity(i: number): number {
    ENTITY.lastIndex = i;
    const match = ENTITY.exec(this.s);
    if (match) {
      const [whole, hex, decimal, name] = match;
      let value: string | false = false;
      if (name !== undefined) value = decodeNamedCharacterReference(name);
      else {
        const code = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
        value = code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
      }
      if (value !== false) {
        this.addText(value, i, i + whole.length);
        return i + whole.length;
      }
    }
    this.addText('&', i, i + 1);
    return i + 1;
  }

  private openBracket(i: number, image: boolean): void {
    this.flush();
    const length = image ? 2 : 1;
    this.nodes.push({ type: 'text', value: image ? '![' : '[', s: this.at(i), e: this.endAt(i, i + length) });
    this.brackets.push({ index: this.nodes.length - 1, image, at: i, active: true, delimiters: this.delimiters.length });
  }

  /** `[^label]` naming a footnote that is defined; else an ordinary `[`. */
  private footnoteCall(i: number): number {
    const s = this.s;
    if (s[i + 1] === '^' && this.definitions.footnotes.size > 0) {
      let j = i + 2;
      let data = false;
      while (j < s.length && j - i < 1002) {
        const c = s[j]!;
        if (c === '[' || c === ' ' || c === '\t' || c === '\n' || (c === ']' && !data)) break;
        if (c === ']') {
          if (this.definitions.footnotes.has(normalizeIdentifier(s.slice(i + 2, j)))) {
            this.push({ type: 'footnoteReference', s: this.at(i), e: this.endAt(i, j + 1) });
            return j + 1;
          }
          break;
        }
        data = true;
        j += c === '\\' && (s[j + 1] === '[' || s[j + 1] === ']' || s[j + 1] === '\\') ? 2 : 1;
      }
    }
    this.openBracket(i, false);
    return i + 1;
  }

  private closeBracket(i: number): number {
    const opener = this.brackets.at(-1);
    if (!opener) {
      this.addText(']', i, i + 1);
      return i + 1;
    }
    this.brackets.pop();
    if (!opener.active) {
      this.addText(']', i, i + 1);
      return i + 1;
    }
    const s = this.s;
    const labelText = s.slice(opener.at + (opener.image ? 2 : 1), i);
    // Asked only when no resource follows, and of notes with definitions (most have none).
    const links = this.definitions.links;
    const isDefined = () => links.size > 0 && labelText.length <= 999 && links.has(normalizeIdentifier(labelText));
    let end = -1;
    let reference: { label: string } | undefined;
    if (s[i + 1] === '(') end = this.resource(i + 1);
    if (end === -1 && s[i + 1] === '[') {
      const close = this.referenceLabel(i + 1);
      if (close !== -1) {
        const label = s.slice(i + 2, close);
        if (label.trim() === '' ? label === '' && isDefined() : links.size > 0 && links.has(normalizeIdentifier(label))) {
          end = close + 1;
          reference = { label: label === '' ? labelText : label };
        }
      }
    } else if (end === -1 && isDefined()) {
      end = i + 1;
      reference = { label: labelText };
    }
    if (end === -1) {
      this.addText(']', i, i + 1);
      return i + 1;
    }
    this.flush();
    this.processEmphasis(opener.delimiters);
    const children = this.nodes.splice(opener.index + 1);
    this.nodes.pop();
    const from = this.at(opener.at);
    const to = this.endAt(opener.at, end);
    const node: Lean = reference
      ? { type: opener.image ? 'imageReference' : 'linkReference', label: reference.label, identifier: normalizeIdentifier(reference.label), s: from, e: to }
      : { type: opener.image ? 'image' : 'link', s: from, e: to };
    if (opener.image) node.alt = plainText(children);
    else node.children = children;
    this.nodes.push(node);
    // A link cannot hold a link: the brackets before it can no longer make one.
    if (!opener.image) for (const earlier of this.brackets) if (!earlier.image) earlier.active = false;
    return end;
  }

  /** `(destination "title")` at `i` (the `(`): the offset after `)`, or -1. */
  private resource(i: number): number {
    const s = this.s;
    let j = this.skipSpace(i + 1);
    if (s[j] === '<') {
      j++;
      while (j < s.length && s[j] !== '>' && s[j] !== '\n' && s[j] !== '<') j += s[j] === '\\' ? 2 : 1;
      if (s[j] !== '>') return -1;
      j++;
    } else {
      let depth = 0;
      const start = j;
      while (j < s.length) {
        const c = s[j]!;
        if (c === '\\' && ASCII_PUNCTUATION.test(s[j + 1] ?? '')) j += 2;
        else if (c === '(') {
          if (++depth > 32) return -1;
          j++;
        } else if (c === ')') {
          if (depth === 0) break;
          depth--;
          j++;
        } else if (c.charCodeAt(0) <= 0x20 || c === '\x7f') break;
        else j++;
      }
      if (depth !== 0) return -1;
      if (j === start && s[j] !== ')') return -1;
    }
    const afterDestination = j;
    j = this.skipSpace(j);
    if (j > afterDestination && (s[j] === '"' || s[j] === "'" || s[j] === '(')) {
      const close = s[j] === '(' ? ')' : s[j]!;
      j++;
      while (j < s.length && s[j] !== close) {
        if (s[j] === '\\') j++;
        else if (close === ')' && s[j] === '(') return -1;
        j++;
      }
      if (s[j] !== close) return -1;
      j = this.skipSpace(j + 1);
    }
    return s[j] === ')' ? j + 1 : -1;
  }

  /** Spaces and tabs with at most one line ending among them. */
  private skipSpace(i: number): number {
    const s = this.s;
    let newline = false;
    while (s[i] === ' ' || s[i] === '\t' || (s[i] === '\n' && !newline)) {
      if (s[i] === '\n') newline = true;
      i++;
    }
    return i;
  }

  /** `[label]` at `i`: the offset of its `]`, or -1. */
  private referenceLabel(i: number): number {
    const s = this.s;
    for (let j = i + 1; j < s.length && j - i <= 1000; j++) {
      const c = s[j];
      if (c === '\\') j++;
      else if (c === '[') return -1;
      else if (c === ']') return j;
    }
    return -1;
  }

  private delimiterRun(i: number): number {
    const s = this.s;
    const c = s[i]!;
    const n = this.runLength(i, c);
    const before = s[i - 1];
    const after = s[i + n];
    if (c === '~') {
      // GFM strikethrough: runs of one or two tildes, and not right after a tilde written as text.
      if (n > 2) {
        this.addText(s.slice(i, i + n), i, i + n);
        return i + n;
      }
      const b = classify(before);
      const a = classify(after);
      this.pushDelimiter(i, c, n, a === 0 || (a === 2 && b !== 0), b === 0 || (b === 2 && a !== 0));
      return i + n;
    }
    const b = classify(before);
    const a = classify(after);
    const leftFlanking = a !== 1 && (a !== 2 || b !== 0);
    const rightFlanking = b !== 1 && (b !== 2 || a !== 0);
    const canOpen = c === '*' ? leftFlanking : leftFlanking && (!rightFlanking || b === 2);
    const canClose = c === '*' ? rightFlanking : rightFlanking && (!leftFlanking || a === 2);
    this.pushDelimiter(i, c, n, canOpen, canClose);
    return i + n;
  }

  private pushDelimiter(i: number, char: string, count: number, canOpen: boolean, canClose: boolean): void {
    this.flush();
    const node: Lean = { type: 'text', value: char.repeat(count), s: this.at(i), e: this.endAt(i, i + count) };
    this.nodes.push(node);
    if (canOpen || canClose) this.delimiters.push({ node, char, count, original: count, canOpen, canClose, active: true });
  }

  /**
   * Matches emphasis (and strikethrough) marks above `bottom`, removing the marks that match from
   * their text nodes: `toString` then reads the text without them, as it reads mdast's emphasis.
   */
  private processEmphasis(bottom: number): void {
    const list = this.delimiters;
    const openersBottom = new Map<string, number>();
    for (let closerIndex = bottom; closerIndex < list.length; closerIndex++) {
      const closer = list[closerIndex]!;
      if (!closer.canClose || !closer.active || closer.count === 0) continue;
      const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.original % 3}`;
      const floor = Math.max(bottom, openersBottom.get(key) ?? bottom);
      let found = -1;
      for (let o = closerIndex - 1; o >= floor; o--) {
        const opener = list[o]!;
        if (!opener.active || opener.count === 0 || opener.char !== closer.char || !opener.canOpen) continue;
        if (closer.char === '~') {
          if (opener.count !== closer.count) continue;
        } else if ((opener.canClose || closer.canOpen) && (opener.original + closer.original) % 3 === 0 && (opener.original % 3 !== 0 || closer.original % 3 !== 0)) continue;
        found = o;
        break;
      }
      if (found === -1) {
        openersBottom.set(key, closerIndex);
        if (!closer.canOpen) closer.active = false;
        continue;
      }
      const opener = list[found]!;
      const used = closer.char === '~' ? closer.count : opener.count >= 2 && closer.count >= 2 ? 2 : 1;
      opener.count -= used;
      closer.count -= used;
      opener.node.value = opener.node.value!.slice(used);
      closer.node.value = closer.node.value!.slice(used);
      if (opener.node.value === '' || closer.node.value === '') this.emptied = true;
      (opener.node as { emphasisAfter?: boolean }).emphasisAfter = true;
      for (let k = found + 1; k < closerIndex; k++) list[k]!.active = false;
      if (opener.count === 0) opener.active = false;
      if (closer.count > 0) closerIndex--;
      else closer.active = false;
    }
    list.length = bottom;
  }

  /** A GFM autolink literal (`https://…`, `www.…`, `a@b.c`) starting at `i`: its end, else `i`. */
  private literalAutolink(i: number): number {
    const s = this.s;
    const c = s[i]!;
    const previous = s[i - 1];
    if (!isGfmAtext(c) || this.brackets.length > 0) return i;
    let end = -1;
    if ((c === 'h' || c === 'H') && !(previous !== undefined && ASCII_ALPHA.test(previous))) end = this.protocolLiteral(i);
    if (end === -1 && (c === 'w' || c === 'W') && (previous === undefined || '(*_[]~'.includes(previous) || previous === ' ' || previous === '\t' || previous === '\n'))
      end = this.wwwLiteral(i);
    if (end === -1 && !(previous === '/' || isGfmAtext(previous))) end = this.emailLiteral(i);
    if (end === -1) return i;
    this.push({ type: 'link', children: [{ type: 'text', value: s.slice(i, end) }], s: this.at(i), e: this.endAt(i, end) });
    return end;
  }

  private protocolLiteral(i: number): number {
    const s = this.s;
    const match = /^https?:\/\//i.exec(s.slice(i, i + 8));
    if (!match) return -1;
    const j = i + match[0].length;
    const next = s[j];
    if (next === undefined || next.charCodeAt(0) < 0x20 || next === '\x7f' || isWhitespace(next) || UNICODE_PUNCTUATION.test(next)) return -1;
    const domainEnd = this.domain(j);
    return domainEnd === -1 ? -1 : this.path(domainEnd);
  }

  private wwwLiteral(i: number): number {
    const s = this.s;
    if (!/^www\./i.test(s.slice(i, i + 4)) || i + 4 >= s.length) return -1;
    const domainEnd = this.domain(i);
    return domainEnd === -1 ? -1 : this.path(domainEnd);
  }

  private domain(i: number): number {
    const s = this.s;
    let underscoreInLast = false;
    let underscoreInLastButOne = false;
    let seen = false;
    let j = i;
    for (; j < s.length; j++) {
      const c = s[j]!;
      if (c === '.' || c === '_') {
        if (this.trail(j)) break;
        if (c === '_') underscoreInLast = true;
        else {
          underscoreInLastButOne = underscoreInLast;
          underscoreInLast = false;
        }
        continue;
      }
      if (isWhitespace(c) || (c !== '-' && UNICODE_PUNCTUATION.test(c))) break;
      seen = true;
    }
    return underscoreInLast || underscoreInLastButOne || !seen ? -1 : j;
  }

  private path(i: number): number {
    const s = this.s;
    let open = 0;
    let close = 0;
    let j = i;
    while (j < s.length) {
      const c = s[j]!;
      if (c === '(') open++;
      else if (c === ')' && close < open) close++;
      else if ('!"&\')*,.:;<?]_~'.includes(c)) {
        if (this.trail(j)) return j;
        if (c === ')') close++;
      } else if (isWhitespace(c)) return j;
      j++;
    }
    return j;
  }

  /** Whether what starts at `i` is punctuation that ends a bare URL rather than belonging to it. */
  private trail(i: number): boolean {
    const s = this.s;
    let j = i;
    for (;;) {
      const c = s[j];
      if (c === undefined || c === '<' || isWhitespace(c)) return true;
      if ('!"\')*,.:;?_~'.includes(c)) j++;
      else if (c === '&') {
        j++;
        if (!ASCII_ALPHA.test(s[j] ?? '')) return false;
        while (ASCII_ALPHA.test(s[j] ?? '')) j++;
        if (s[j] !== ';') return false;
        j++;
      } else if (c === ']') {
        j++;
        const next = s[j];
        if (next === undefined || next === '(' || next === '[' || isWhitespace(next)) return true;
      } else return false;
    }
  }

  private emailLiteral(i: number): number {
    const s = this.s;
    let j = i;
    while (isGfmAtext(s[j])) j++;
    if (s[j] !== '@' || j === i) return -1;
    j++;
    let data = false;
    let dot = false;
    for (;;) {
      const c = s[j];
      if (c === '.') {
        if (!ASCII_ALPHANUMERIC.test(s[j + 1] ?? '')) break;
        dot = true;
        j++;
      } else if (c !== undefined && (c === '-' || c === '_' || ASCII_ALPHANUMERIC.test(c))) {
        data = true;
        j++;
      } else break;
    }
    return data && dot && ASCII_ALPHA.test(s[j - 1] ?? '') ? j : -1;
  }
}

/** What mdast's `toString` gives for nodes: text, code and HTML values, image alts, nested children. */
export function plainText(nodes: readonly Lean[]): string {
  let result = '';
  for (const node of nodes) {
    if (node.value !== undefined) result += node.value;
    else if (node.alt !== undefined) result += node.alt;
    else if (node.children) result += plainText(node.children);
  }
  return result;
}
