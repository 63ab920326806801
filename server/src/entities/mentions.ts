// Where a note names an entity: a backticked name or alias, or the name in prose (on word boundaries
// for Latin script, anywhere for CJK, the longest match winning), never in URLs, code or front matter.
import { noteSections, type Note, type Range } from '../model/note';
import { perSection, type Section } from '../model/sections';
import { builtinEntities, type Entity } from './dictionary';
import { Memo } from '../model/memo';

export interface EntityIndex {
  entities: Entity[];
  /** Every name and alias, exactly as written. */
  byName: Map<string, Entity>;
  /** Every name and alias, lowercased: backticked names match whatever their case. */
  byLowerName: Map<string, Entity>;
  /** Every name and alias without case, spaces, hyphens and dots (`llama3` for `Llama 3`). */
  byFoldedName: Map<string, Entity>;
  trie: TrieNode;
  /** 1 for each UTF-16 code unit a name starts with: most characters of a note are ruled out by it. */
  starts: Uint8Array;
}

/**
 * Names by their UTF-16 code units: a note is scanned by `charCodeAt`, since `text[i]` of a CJK
 * character makes a new string, millions of them over a workspace.
 */
interface TrieNode {
  children: Map<number, TrieNode>;
  entity?: Entity;
  name?: string;
}

const HAN = /\p{Script=Han}/u;

/** A name without case, spaces, hyphens and dots: how variants of one name compare. */
export const fold = (text: string) => foldLowercase(text.toLowerCase());
/** `fold` of a text already in lower case. */
export const foldLowercase = (lower: string) => lower.replace(/[\s.\-_]+/g, '');
const WORD_CHAR = /[\p{L}\p{N}_]/u;
/** Latin names shorter than this are too ambiguous in prose (`Go`, `o1`): only backticked ones count. */
const MIN_PROSE_LATIN = 3;

export function indexEntities(entities: readonly Entity[]): EntityIndex {
  const index: EntityIndex = { entities: [...entities], byName: new Map(), byLowerName: new Map(), byFoldedName: new Map(), trie: { children: new Map() }, starts: new Uint8Array(0x10000) };
  for (const entity of entities) {
    for (const name of [entity.name, ...entity.aliases]) {
      if (!index.byName.has(name)) index.byName.set(name, entity);
      if (!index.byLowerName.has(name.toLowerCase())) index.byLowerName.set(name.toLowerCase(), entity);
      if (!index.byFoldedName.has(fold(name))) index.byFoldedName.set(fold(name), entity);
      if (!HAN.test(name) && [...name].length < MIN_PROSE_LATIN) continue;
      let node = index.trie;
      index.starts[name.charCodeAt(0)] = 1;
      for (let k = 0; k < name.length; k++) {
        const code = name.charCodeAt(k);
        let next = node.children.get(code);
        if (!next) node.children.set(code, (next = { children: new Map() }));
        node = next;
      }
      node.entity ??= entity;
      node.name ??= name;
    }
  }
  return index;
}

/**
 * A text in which names are found, that no name crosses: a whole note, or one section of a note being
 * edited (its own text: a keystroke makes no copy of the whole note). With it, its backticked code and
 * the sorted ranges where no name is read (code, front matter, comments, URLs and link destinations),
 * all in offsets into `text`.
 */
export interface Stretch {
  text: string;
  codes: Note['inlineCode'];
  skip: Range[];
}

export function wholeNote(note: Note): Stretch {
  return { text: note.text, codes: note.inlineCode, skip: notNames(note.nonProse, note.links) };
}

/** A section's own ranges are enough: a range of another section ends before this one starts. */
export function sectionStretch(section: Section): Stretch {
  const local = ({ start, end }: Range): Range => ({ start: start - section.start, end: end - section.start });
  return {
    text: section.text,
    codes: section.inlineCode.map((code) => ({ value: code.value, range: local(code.range) })),
    skip: notNames(section.excluded, section.links).map(local),
  };
}

function notNames(nonProse: readonly Range[], links: readonly Note['links'][number][]): Range[] {
  const ranges = [...nonProse];
  for (const link of links) {
    if (link.kind === 'bare-url' || link.kind === 'autolink') ranges.push(link.range);
    else if (link.destinationRange) ranges.push(link.destinationRange);
  }
  return ranges.sort((a, b) => a.start - b.start);
}

let builtinIndex: EntityIndex | undefined;

export function builtinEntityIndex(): EntityIndex {
  return (builtinIndex ??= indexEntities(builtinEntities()));
}

export interface Mention {
  entity: Entity;
  /** The name as written. */
  text: string;
  range: Range;
  backticked: boolean;
}

const mentionCache = new Memo<Note, WeakMap<EntityIndex, Mention[]>>('mentions');

export function findMentions(note: Note, index: EntityIndex): Mention[] {
  let perIndex = mentionCache.get(note);
  if (!perIndex) mentionCache.set(note, (perIndex = new WeakMap()));
  let mentions = perIndex.get(index);
  if (!mentions) perIndex.set(index, (mentions = scanBySection(note, index)));
  return mentions;
}

/**
 * How many times the note names each entity, for totals over the workspace: a note's mentions are
 * kept when they already are (or the note is being edited), not made and kept for every note.
 */
export function mentionCountsOf(note: Note, index: EntityIndex): Map<Entity, number> {
  const mentions = mentionCache.get(note)?.get(index) ?? (noteSections(note) ? findMentions(note, index) : scan(index, wholeNote(note)));
  const counts = new Map<Entity, number>();
  for (const mention of mentions) counts.set(mention.entity, (counts.get(mention.entity) ?? 0) + 1);
  return counts;
}

const sectionMentions = new Memo<Section, { key: EntityIndex; items: Mention[] }>('section mentions');

/** The note's mentions: in a note being edited, section by section (a keystroke searches one section). */
function scanBySection(note: Note, index: EntityIndex): Mention[] {
  const sections = noteSections(note);
  if (!sections) return scan(index, wholeNote(note));
  return perSection(sections, sectionMentions, index, (section) => scan(index, sectionStretch(section)));
}

/** The mentions in a stretch of a note, with offsets into its text. */
function scan(index: EntityIndex, { text, codes, skip: skipped }: Stretch): Mention[] {
  const mentions: Mention[] = [];
  for (const code of codes) {
    const value = code.value.trim();
    const entity = index.byName.get(value) ?? index.byLowerName.get(value.toLowerCase());
    if (entity) mentions.push({ entity, text: value, range: { start: code.range.start, end: code.range.end }, backticked: true });
  }
  const { starts } = index;
  const to = text.length;
  let s = 0;
  let i = 0;
  // Stretch by stretch between the ranges where no name is read: the inner loop looks at one character
  // code at a time and nothing else (tens of millions of them in a workspace).
  while (i < to) {
    while (s < skipped.length && skipped[s]!.end <= i) s++;
    if (s < skipped.length && skipped[s]!.start <= i) {
      i = skipped[s]!.end;
      continue;
    }
    const stop = s < skipped.length ? Math.min(to, skipped[s]!.start) : to;
    for (; i < stop; i++) {
      const code = text.charCodeAt(i);
      if (starts[code] === 0) continue;
      const first = index.trie.children.get(code);
      if (!first) continue;
      const startsWord = i === 0 || !WORD_CHAR.test(text[i - 1]!) || HAN.test(text[i]!);
      let node: TrieNode | undefined = first;
      let best: { end: number; entity: Entity } | undefined;
      for (let j = i + 1; node; j++) {
        if (node.entity && node.name) {
          const han = HAN.test(node.name);
          const endsWord = j >= text.length || !WORD_CHAR.test(text[j]!) || HAN.test(text[j - 1]!);
          if (han || (startsWord && endsWord)) best = { end: j, entity: node.entity };
        }
        node = j < text.length ? node.children.get(text.charCodeAt(j)) : undefined;
      }
      // A name that runs into code or a URL is no name.
      if (best && !(s < skipped.length && skipped[s]!.start < best.end)) {
        mentions.push({ entity: best.entity, text: text.slice(i, best.end), range: { start: i, end: best.end }, backticked: false });
        i = best.end - 1;
      }
    }
  }
  return mentions.sort((a, b) => a.range.start - b.range.start);
}
