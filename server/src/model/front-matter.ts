// Front matter as Jekyll reads it: a `---` line at the very start, YAML, and a closing `---` or `...`
// line. Values keep their source ranges so that findings point at the key or the word at fault.
import { isMap, isScalar, isSeq, parseDocument, Scalar, Schema, type Node as YamlNode, type ScalarTag } from 'yaml';
import type { Range } from './text';

export interface FrontMatterItem {
  /** One word of a space-separated string, or one entry of a YAML list, as written. */
  text: string;
  range: Range;
}

export interface FrontMatterField {
  key: string;
  keyRange: Range;
  /** The value as YAML 1.1 (Jekyll's Psych) reads it. */
  value: unknown;
  /** The scalar's source text without quotes (undefined for lists, maps and empty values). */
  source?: string;
  valueRange?: Range;
  /** The words of a string, or the entries of a list: how Jekyll splits `tags` and `categories`. */
  items: FrontMatterItem[];
}

export interface FrontMatter {
  /** From the opening fence to the end of the closing fence's line (or of the file when unclosed). */
  range: Range;
  /** The YAML text between the fences. */
  contentRange: Range;
  closed: boolean;
  errors: { message: string; range: Range }[];
  fields: Map<string, FrontMatterField>;
}

const OPENING = /^---[ \t]*(?:\r\n|\r|\n)/;
const CLOSING = /^(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)/gm;

/**
 * `reader`: `library` reads the YAML with the `yaml` package always; `fast` (the default) first tries
 * `readSimpleYaml`, which takes only the simplest front matter and gives the same fields.
 */
export function parseFrontMatter(text: string, reader: 'fast' | 'library' = 'fast'): FrontMatter | undefined {
  const open = OPENING.exec(text);
  if (!open) return undefined;
  const contentStart = open[0].length;
  CLOSING.lastIndex = contentStart;
  const close = CLOSING.exec(text);
  if (!close) {
    const fenceEnd = open[0].trimEnd().length;
    return {
      range: { start: 0, end: text.length },
      contentRange: { start: contentStart, end: text.length },
      closed: false,
      errors: [{ message: 'Unexpected end of file, expected a closing `---` line after the front matter', range: { start: 0, end: fenceEnd } }],
      fields: new Map(),
    };
  }
  const contentRange = { start: contentStart, end: close.index };
  const frontMatter: FrontMatter = {
    range: { start: 0, end: close.index + close[0].length },
    contentRange,
    closed: true,
    errors: [],
    fields: new Map(),
  };
  const simple = reader === 'fast' ? readSimpleYaml(text, contentRange.start, contentRange.end) : undefined;
  if (simple) frontMatter.fields = simple;
  else readYaml(text, frontMatter);
  return frontMatter;
}

const YAML_1_1 = new Schema({ schema: 'yaml-1.1' });
/** The tags a plain scalar may resolve to, tested in the order the `yaml` package tests them. */
const IMPLICIT_TAGS = YAML_1_1.tags.filter((tag): tag is ScalarTag & { test: RegExp } => tag.default === true && 'test' in tag && tag.test instanceof RegExp);
const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*/;
/** What a plain scalar may not start with (YAML's indicators), and what would make it more than one. */
const NOT_PLAIN_START = /^[-?:,[\]{}#&*!|>'"%@`]/;
const NOT_PLAIN = /: |:$|[ \t]#|\t/;
/** Line breaks other than `\n` (YAML 1.1 has NEL and the Unicode separators) and other control characters. */
const UNUSUAL = /[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\ufeff]/;

/**
 * The fields of front matter made only of `key: value` lines, one per line, whose values are a plain
 * word or words, or a double-quoted string without escapes: nearly every note's. Anything else (lists,
 * comments, empty values, escapes, several lines to a value) is left to the `yaml` package, which reads
 * such front matter in about 0.4 ms, and 0.1 s of a cold run over 300 notes while its code warms up.
 * Plain values are typed as the package types them (YAML 1.1: `yes`, `012`, `2023-07-03 10:00`…), and
 * the fields are the package's, range for range (a test compares the two on every corpus note).
 */
export function readSimpleYaml(text: string, start: number, end: number): Map<string, FrontMatterField> | undefined {
  const fields = new Map<string, FrontMatterField>();
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1 || lineEnd > end) lineEnd = end;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (UNUSUAL.test(line)) return undefined;
    if (line.trim() !== '') {
      const key = SIMPLE_KEY.exec(line)?.[0];
      // (A longer implicit key is an error in YAML.)
      if (key === undefined || key.length > 1000 || IMPLICIT_TAGS.some((tag) => tag.test.test(key))) return undefined;
      let i = key.length;
      while (line[i] === ' ') i++;
      if (line[i] !== ':' || (line[i + 1] !== ' ' && line[i + 1] !== '\t')) return undefined;
      i++;
      while (line[i] === ' ' || line[i] === '\t') i++;
      const raw = line.slice(i).replace(/[ \t]+$/, '');
      if (raw === '') return undefined;
      const valueStart = lineStart + i;
      const field: FrontMatterField = { key, keyRange: { start: lineStart, end: lineStart + key.length }, value: undefined, items: [] };
      if (raw.startsWith('"')) {
        if (raw.length < 2 || !raw.endsWith('"') || /["\\]/.test(raw.slice(1, -1))) return undefined;
        field.value = raw.slice(1, -1);
        field.source = raw.slice(1, -1);
        field.items = words(field.source, valueStart + 1);
      } else {
        if (NOT_PLAIN_START.test(raw) || NOT_PLAIN.test(raw)) return undefined;
        const tag = IMPLICIT_TAGS.find((candidate) => candidate.test.test(raw));
        let failed = false;
        const value = tag ? tag.resolve(raw, () => (failed = true), { intAsBigInt: false }) : raw;
        if (failed) return undefined;
        field.value = (isScalar(value) ? value : new Scalar(value)).toJSON();
        field.source = raw;
        field.items = words(raw, valueStart);
      }
      field.valueRange = { start: valueStart, end: valueStart + raw.length };
      fields.set(key, field);
    }
    lineStart = lineEnd + 1;
  }
  return fields;
}

function readYaml(text: string, frontMatter: FrontMatter): void {
  const base = frontMatter.contentRange.start;
  const yamlText = text.slice(base, frontMatter.contentRange.end);
  const doc = parseDocument(yamlText, { version: '1.1', uniqueKeys: false, prettyErrors: false, strict: false });
  const at = (from: number, to: number): Range => ({ start: base + from, end: base + Math.max(to, from) });
  for (const error of doc.errors) {
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    let [start, end] = error.pos;
    // YAML reports an unclosed quote where the text ends; the quote that opened it is what to fix.
    const quote = /^Missing closing (["'])quote/.exec(message)?.[1];
    if (quote !== undefined) {
      const opening = lastUnescaped(yamlText, quote, start);
      if (opening !== -1) [start, end] = [opening, opening + 1];
    }
    frontMatter.errors.push({ message, range: at(start, end) });
  }
  if (frontMatter.errors.length > 0) return;
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) return;
  if (!isMap(contents)) {
    const range = contents.range ?? [0, yamlText.length];
    frontMatter.errors.push({ message: 'Unexpected front matter that is not a map of keys to values', range: at(range[0], range[1]) });
    return;
  }
  for (const pair of contents.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const key = String(pair.key.value);
    const value = pair.value as YamlNode | null;
    const field: FrontMatterField = {
      key,
      keyRange: at(pair.key.range[0], pair.key.range[1]),
      value: value === null ? null : value.toJSON(),
      items: [],
    };
    if (value?.range) field.valueRange = at(value.range[0], value.range[1]);
    if (isScalar(value) && value.range) {
      const inner = scalarSource(yamlText, value.range[0], value.range[1]);
      field.source = inner.text;
      field.items = words(inner.text, base + inner.start);
    } else if (isSeq(value)) {
      for (const item of value.items) {
        if (!isScalar(item) || !item.range) continue;
        const inner = scalarSource(yamlText, item.range[0], item.range[1]);
        field.items.push({ text: inner.text, range: { start: base + inner.start, end: base + inner.start + inner.text.length } });
      }
    }
    frontMatter.fields.set(key, field);
  }
}

/** A scalar's text without its quotes, with where that text starts. */
function scalarSource(yamlText: string, start: number, end: number): { text: string; start: number } {
  const raw = yamlText.slice(start, end);
  const quote = raw[0];
  if ((quote === '"' || quote === "'") && raw.endsWith(quote) && raw.length >= 2) {
    return { text: raw.slice(1, -1), start: start + 1 };
  }
  return { text: raw, start };
}

function words(text: string, offset: number): FrontMatterItem[] {
  const items: FrontMatterItem[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    items.push({ text: match[0], range: { start: offset + match.index, end: offset + match.index + match[0].length } });
  }
  return items;
}

function lastUnescaped(text: string, quote: string, before: number): number {
  for (let i = Math.min(before, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"' && text[i - 1] === '\\') continue;
    if (quote === "'" && (text[i - 1] === "'" || text[i + 1] === "'")) continue;
    return i;
  }
  return -1;
}
