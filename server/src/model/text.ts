import { isAscii, isUtf8, transcode } from 'node:buffer';

// Turning a file's bytes into the text every other part works on, and offsets into lines and columns.
// All offsets in the core are UTF-16 code-unit indices into `SourceText.text` (what JavaScript strings,
// remark and LSP positions use); the BOM is not part of that text.

export interface Range {
  start: number;
  end: number;
}

/** `range` of a text replaced by `text`. */
export interface TextEdit {
  range: Range;
  text: string;
}

/** `text` with `edit` made. */
export function withEdit(text: string, { range, text: replacement }: TextEdit): string {
  return text.slice(0, range.start) + replacement + text.slice(range.end);
}

export interface SourceText {
  text: string;
  /** The file began with a UTF-8 byte order mark (kept when the file is written back). */
  bom: boolean;
  /** Where the bytes stop being valid UTF-8, or undefined when they are valid. */
  invalidUtf8?: { byteOffset: number; byte: number; textOffset: number };
  /** A NUL byte among the first bytes: the file is binary, not a note. */
  binary: boolean;
}

const BINARY_SNIFF_BYTES = 8000;

export function decodeNote(bytes: Uint8Array): SourceText {
  const binary = bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8Byte(body);
  const text = bad === -1 ? decodeValidUtf8(body) : new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(body);
  const invalidUtf8 =
    bad === -1
      ? undefined
      : {
          byteOffset: bad + (bom ? 3 : 0),
          byte: body[bad]!,
          textOffset: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body.subarray(0, bad)).length,
        };
  return { text, bom, invalidUtf8, binary };
}

/**
 * Bytes known to be valid UTF-8 as text. V8's own UTF-8 decoder reads text that is mostly CJK at about
 * 130 MB/s here; ICU's transcoding to UTF-16, then a copy, is five times faster (0.04 s for the corpus
 * instead of 0.25 s). A Node built without ICU has no transcode, and takes V8's decoder.
 */
function decodeValidUtf8(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isAscii(buffer)) return buffer.toString('latin1');
  try {
    return transcode(buffer, 'utf8', 'utf16le').toString('utf16le');
  } catch {
    return buffer.toString('utf8');
  }
}

/** The encoding that `decodeNote` read, for writing a fixed text back unchanged in form. */
export function encodeNote(text: string, bom: boolean): Buffer {
  return Buffer.from(bom ? '\ufeff' + text : text, 'utf8');
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  // isUtf8 is a native check; only a failing file pays for the walk below.
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0; // no overlong forms
      if (b === 0xed) max = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

/** The index of the last of `starts` (ascending, `starts[0]` at or before `offset`) that is at or before `offset`. */
export function lastAtOrBefore(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * What a line index reads of its text, when that is not a string: its length, a character at a line's
 * end, and the pieces it is kept in, each starting at a line start, when the line starts must be found
 * anew (a note being edited is kept in pieces, and made whole only when asked: see note.ts).
 */
export interface LineSource {
  readonly length: number;
  charCodeAt(offset: number): number;
  readonly pieces: readonly string[];
}

/** Line starts of a text, for turning offsets into 0-based lines and UTF-16 columns. */
export class LineIndex {
  private lazyStarts: number[] | undefined;
  /** Whether the text holds a CR, once known. */
  private hasCarriageReturn: boolean | undefined;

  constructor(private readonly source: string | LineSource) {}

  /**
   * The index of a text that is `previous`'s with `edit` made: the line starts outside the edit are
   * taken over (shifted), not searched again. `previous` hands its list over, edited in place, and builds
   * its own again if it is ever asked: the largest note has 15,602 line starts (125 KB), and copying them
   * push by push on every keystroke grew backing stores past V8's 128 KB limit for ordinary objects,
   * each given fresh memory pages.
   */
  static afterEdit(previous: LineIndex, source: string | LineSource, edit: TextEdit): LineIndex {
    const index = new LineIndex(source);
    let starts = previous.lazyStarts;
    // Not built yet, or a text with CR line ends (rare): the new index is built when first asked.
    if (!starts || previous.hasCarriageReturn || edit.text.includes('\r')) return index;
    previous.lazyStarts = undefined;
    index.hasCarriageReturn = false;
    const { start, end: oldEnd } = edit.range;
    // The starts in (start, oldEnd] are the edit's: replaced by the ones its text has.
    const first = lastAtOrBefore(starts, start) + 1;
    let end = first;
    while (end < starts.length && starts[end]! <= oldEnd) end++;
    const added: number[] = [];
    for (let at = edit.text.indexOf('\n'); at !== -1; at = edit.text.indexOf('\n', at + 1)) added.push(start + at + 1);
    if (added.length === end - first) for (let k = 0; k < added.length; k++) starts[first + k] = added[k]!;
    // (A pasted text of many lines is too many arguments for one splice.)
    else if (added.length < 10_000) starts.splice(first, end - first, ...added);
    else starts = starts.slice(0, first).concat(added, starts.slice(end));
    const delta = edit.text.length - (oldEnd - start);
    if (delta !== 0) for (let i = first + added.length; i < starts.length; i++) starts[i]! += delta;
    index.lazyStarts = starts;
    return index;
  }

  /** Found on first use: many notes are never asked for a position. */
  private get starts(): number[] {
    if (this.lazyStarts) return this.lazyStarts;
    const starts = [0];
    const pieces = typeof this.source === 'string' ? [this.source] : this.source.pieces;
    // A lone CR ends a line too (rare: only then is the text read character by character).
    this.hasCarriageReturn ??= pieces.some((piece) => piece.includes('\r'));
    let offset = 0;
    for (const text of pieces) {
      if (!this.hasCarriageReturn) for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(offset + i + 1);
      else {
        // (A CR and its LF are in one piece: pieces start at line starts.)
        for (let i = 0; i < text.length; i++) {
          const c = text.charCodeAt(i);
          if (c === 10) starts.push(offset + i + 1);
          else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(offset + i + 1);
        }
      }
      offset += text.length;
    }
    this.lazyStarts = starts;
    return starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): { line: number; character: number } {
    const line = lastAtOrBefore(this.starts, offset);
    return { line, character: offset - this.starts[line]! };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.source.length;
    return Math.min(this.starts[line]! + Math.max(0, character), this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[Math.min(Math.max(line, 0), this.starts.length - 1)]!;
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.source.length;
    let end = next;
    if (end > this.starts[line]! && this.source.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line]! && this.source.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}
