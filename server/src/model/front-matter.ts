// Front matter as Jekyll reads it: a `---` line at the very start, YAML, and a closing `---` or `...`
// line. Values keep their source ranges so that findings point at the key or the word at fault.
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
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

export function parseFrontMatter(text: string): FrontMatter | undefined {
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
  readYaml(text, frontMatter);
  return frontMatter;
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
