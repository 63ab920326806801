// Near misses of known names. Precision matters more than recall: a candidate is only reported when it
// is close to exactly one entity, differs in no number (`GPT-3` is not a slip of `GPT-4`), is not an
// ordinary word of the workspace, and is rare in it.
import { noteSections, textPieces, type Note, type Range } from '../model/note';
import { perSection, type Section } from '../model/sections';
import { summer, type Summer } from '../model/aggregate';
import { typoDistance } from '../model/similarity';
import type { Workspace } from '../model/workspace';
import type { Entity } from './dictionary';
import { foldLowercase, sectionStretch, wholeNote, type EntityIndex, type Stretch } from './mentions';
import { Memo } from '../model/memo';

export interface Misspelling {
  range: Range;
  text: string;
  entity: Entity;
  /** The name or alias it is a near miss of. */
  near: string;
}

const BACKTICKED_NAME = /^[A-Za-z][A-Za-z0-9 &.+-]{3,39}$/;
/** A candidate written in this many notes or more is a name of the workspace, not a slip. */
const ESTABLISHED_IN_NOTES = 3;
/** Shorter candidates are never slips: too many names and words are that close to each other. */
const MIN_SLIP_LENGTH = 5;

/**
 * A token that begins with a capital after no ASCII letter, digit, `_`, `@` or `/`. A token is a letter
 * and the letters, digits and joined parts after it: `[A-Za-z][A-Za-z0-9]*(?:[&+\-.][A-Za-z0-9]+)*`.
 * Most tokens are lowercase words; matching only these leaves a fifth of the matches, and the matches
 * are most of the cost of reading a note.
 */
const CAPITALIZED = /(?<![A-Za-z0-9_@/])[A-Z][A-Za-z0-9]*(?:[&+\-.][A-Za-z0-9]+)*/g;
/** What makes a capital the middle of a word, a handle or a path rather than the start of a name. */
const INSIDE_WORD = /[\p{L}\p{N}_@/]/u;

/**
 * Each backticked name, and each capitalized word and pair of words in prose, in that order, in a
 * stretch of the note (a section, or all): no candidate crosses one.
 */
function forEachCandidate(visit: (text: string, start: number, end: number) => void, { text, codes, skip }: Stretch): void {
  for (const code of codes) {
    const value = code.value.trim();
    if (BACKTICKED_NAME.test(value)) visit(value, code.range.start, code.range.end);
  }
  let previous: { text: string; start: number; end: number } | undefined;
  let n = 0;
  const tokens = new RegExp(CAPITALIZED);
  for (let match = tokens.exec(text); match; match = tokens.exec(text)) {
    const start = match.index;
    while (n < skip.length && skip[n]!.end <= start) n++;
    const skipped = n < skip.length && skip[n]!.start <= start;
    // Nothing in code, URLs or front matter is read: the search goes on after it.
    if (skipped) tokens.lastIndex = Math.max(tokens.lastIndex, skip[n]!.end);
    // The pattern has ruled out ASCII before the capital; other letters and digits are tested here.
    if (skipped || (text.charCodeAt(start - 1) >= 128 && INSIDE_WORD.test(text[start - 1]!)) || continuesToken(text, start)) {
      previous = undefined;
      continue;
    }
    const token = { text: match[0], start, end: start + match[0].length };
    visit(token.text, token.start, token.end);
    if (previous && previous.end === start - 1 && text[previous.end] === ' ') visit(`${previous.text} ${token.text}`, previous.start, token.end);
    previous = token;
  }
}

const isLetter = (code: number) => (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
const isLetterOrDigit = (code: number) => isLetter(code) || (code >= 48 && code <= 57);
const isJoiner = (code: number) => code === 38 || code === 43 || code === 45 || code === 46;

/**
 * Whether the letter at `offset`, after a joiner, is inside a token that began before it (`x-Ray`,
 * `v1.Pro`) rather than the start of one (`12-Bit`): a token runs from the first letter of a chain of
 * letters and digits joined by `&+-.` to the chain's end.
 */
function continuesToken(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 1 && isJoiner(text.charCodeAt(i)) && isLetterOrDigit(text.charCodeAt(i - 1))) {
    i--;
    for (; i >= 0 && isLetterOrDigit(text.charCodeAt(i)); i--) if (isLetter(text.charCodeAt(i))) return true;
  }
  return false;
}

/**
 * Whether `text` may be a near miss at all. Entity names have a capital (lowercase terms are packages,
 * commands and ordinary words), and most texts are near no name of their group, which their shape
 * shows without making their forms.
 */
function mayBeNearMiss(text: string, forms: NameForms): boolean {
  if (text.length < MIN_SLIP_LENGTH || !(isUpper(text.charCodeAt(0)) || /[A-Z]/.test(text))) return false;
  const shape = plainShape(text);
  if (!shape) return true;
  // The answer depends on the shape alone, and texts repeat: 150,000 candidates in the corpus have a
  // few tens of thousands of shapes. Keyed by its letters (a small integer) within its first letter,
  // length and word count.
  const slot = shape.foldedLength < 64 && shape.wordCount < 8 ? (shape.first * 64 + shape.foldedLength) * 8 + shape.wordCount : -1;
  const known = slot === -1 ? undefined : (forms.byShape[slot] ??= new Map());
  let answer = known?.get(shape.letters);
  if (answer !== undefined) return answer;
  answer = false;
  const byLength = forms.plain[shape.first] ?? [];
  for (let length = Math.max(0, shape.foldedLength - 2); length <= shape.foldedLength + 2 && !answer; length++) {
    for (const form of byLength[length] ?? []) {
      if (mayBeNear(shape, form)) {
        answer = true;
        break;
      }
    }
  }
  known?.set(shape.letters, answer);
  return answer;
}

const isUpper = (code: number) => code >= 65 && code <= 90;

/**
 * The one name `text` is a near miss of, or null, from the text and the names alone; whether the
 * workspace uses the text as a word or a name of its own is asked only of the few near misses.
 */
function nearName(text: string, index: EntityIndex, forms: NameForms): string | null {
  if (!mayBeNearMiss(text, forms)) return null;
  const written = nameForm(text);
  let best: { name: string; distance: number } | undefined;
  let ambiguous = false;
  for (const form of forms.groups.get(groupKey(written)) ?? []) {
    if (!mayBeNear(written, form)) continue;
    const distance = slipDistance(written, form);
    if (distance === undefined) continue;
    if (!best || distance < best.distance) {
      ambiguous = false;
      best = { name: form.name, distance };
    } else if (distance === best.distance && index.byName.get(form.name) !== index.byName.get(best.name)) ambiguous = true;
  }
  if (!best || ambiguous) return null;
  // `LLaMA3`, `Mid-Journey`, `Flash-attention`: another way to write a known name, not a slip. (Asked
  // last: most texts are near no name at all.)
  return index.byLowerName.has(written.lower) || index.byFoldedName.has(written.folded) ? null : best.name;
}

/** What the cheap tests read of a text or name. */
interface Shape {
  /** The letters `a` to `z` it has (in lower case), one bit each. */
  letters: number;
  foldedLength: number;
  wordCount: number;
}

/** A name, or a text judged against names, in the forms the comparison reads. */
interface NameForm extends Shape {
  name: string;
  lower: string;
  /** The lowercased words. */
  words: string[];
  folded: string;
  /** Its numbers, which a slip never changes. */
  digits: string;
}

function nameForm(name: string): NameForm {
  const lower = name.toLowerCase();
  // (Most texts are one word: `split` would still cost a cache lookup and a copy.)
  const words = lower.includes(' ') ? lower.split(' ') : [lower];
  const folded = foldLowercase(lower);
  let letters = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (code >= 97 && code <= 122) letters |= 1 << (code - 97);
  }
  return { name, lower, words, folded, digits: /\d/.test(name) ? name.replace(/\D+/g, ' ').trim() : '', letters, foldedLength: folded.length, wordCount: words.length };
}

/**
 * The shape of an ASCII text without numbers (nearly every candidate), and the first character of its
 * folded form, which with no numbers picks its group: what `nameForm` would give for the tests that
 * rule out most names, read in one pass without making strings. Other texts have none.
 */
function plainShape(text: string): (Shape & { first: number }) | undefined {
  let letters = 0;
  let foldedLength = 0;
  let wordCount = 1;
  let first = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 128 || (code >= 48 && code <= 57)) return undefined;
    if (code === 32) wordCount++;
    // What `fold` leaves out: whitespace, `.`, `-` and `_`.
    if (code === 32 || (code >= 9 && code <= 13) || code === 46 || code === 45 || code === 95) continue;
    if (isUpper(code)) code += 32;
    if (code >= 97 && code <= 122) letters |= 1 << (code - 97);
    if (foldedLength++ === 0) first = code;
  }
  return foldedLength === 0 ? undefined : { letters, foldedLength, wordCount, first };
}

/**
 * Whether `name` can be what a text of this shape is a slip of: names more than two letters longer or
 * shorter are never compared; and by what `slipDistance` allows, word by word, no more change in length
 * and letters than the slips its words allow, or written with other spaces, a long text with one or two
 * letters more or fewer, and no other letters.
 */
function mayBeNear(text: Shape, name: Name): boolean {
  const longer = Math.abs(name.foldedLength - text.foldedLength);
  if (longer > 2) return false;
  const apart = bitCount(text.letters ^ name.letters);
  if (text.wordCount === name.wordCount) return longer <= name.slack.length && apart <= name.slack.letters;
  return text.foldedLength >= 10 && longer >= 1 && apart <= 2;
}

/** How many bits are set (of a non-negative 32-bit number). */
function bitCount(bits: number): number {
  bits -= (bits >>> 1) & 0x55555555;
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return Math.imul((bits + (bits >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/**
 * Names grouped by what a slip keeps: the first letter (none of the hundreds of slips read in real
 * notes changed it) and the numbers. A text is compared only with its own group, in dictionary order.
 */
interface NameForms {
  groups: Map<string, Name[]>;
  /**
   * The names without numbers by the character code their folded form begins with, then by its length:
   * what a glance at a text needs, as names more than two letters longer or shorter are never compared.
   */
  plain: Name[][][];
  /** Whether a text of each shape may be near a name: by first letter, length and word count, then letters. */
  byShape: Map<number, boolean>[];
}

/** A known name, with how far slips of it can go from it. */
interface Name extends NameForm {
  slack: Slack;
}

/**
 * The most that slips can change in a text, word by word as `wordSlips` allows them: its folded length,
 * and how many letters `a` to `z` it has that the name has not, or the other way round. An edit changes
 * the length by at most one, and brings in or leaves out at most two letters.
 */
interface Slack {
  length: number;
  letters: number;
}

function slackOf(nameWords: string[]): Slack {
  const slack = { length: 0, letters: 0 };
  for (const word of nameWords) {
    // No slip below 5 letters; a swap of neighbours, which changes neither, below 7; one edit below 9;
    // up to two from 9.
    const edits = word.length < 7 ? 0 : word.length < 9 ? 1 : 2;
    slack.length += edits;
    slack.letters += 2 * edits;
  }
  return slack;
}

const groupKey = (form: NameForm) => `${form.folded.slice(0, 1)} ${form.digits}`;

/**
 * How many slips turn `text` into `name`, word by word, or undefined when it is not a slip: words of 7
 * letters or more allow one edit, of 5 or 6 one swap of neighbours, shorter ones none. A name written
 * inside a longer word (`LLaMAX`, `EMNIST`) or cut short (`GOOGL`) is another name, not a slip.
 * Edits are counted as `typoDistance` counts them; candidates are ASCII, so that one character is one
 * code point, and one slip can be recognised without computing a distance.
 */
function slipDistance(text: NameForm, name: NameForm): number | undefined {
  const slips = text.words.length === name.words.length ? wordSlips(text.words, name.words) : foldedSlips(text, name);
  // Tested last, as few texts get this far.
  if (slips === undefined || text.lower.includes(name.lower) || name.lower.startsWith(text.lower) || name.lower.endsWith(text.lower)) return undefined;
  return slips;
}

function wordSlips(words: string[], nameWords: string[]): number | undefined {
  let total = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const nameWord = nameWords[i]!;
    if (word === nameWord) continue;
    // Words differ by at least their difference in length, and no word allows more than two slips.
    if (nameWord.length < 5 || Math.abs(word.length - nameWord.length) > 2) return undefined;
    if (nameWord.length < 7) {
      if (!isNeighbourSwap(word, nameWord)) return undefined;
      total += 1;
      continue;
    }
    // Two slips only inside a long word whose ends are intact: `Synthethia`, not `DeepSpeech`.
    if (nameWord.length >= 9 && word.slice(0, 2) === nameWord.slice(0, 2) && word.slice(-2) === nameWord.slice(-2)) {
      const distance = typoDistance(word, nameWord);
      if (distance > 2) return undefined;
      total += distance;
    } else {
      if (!isOneTypo(word, nameWord)) return undefined;
      total += 1;
    }
  }
  return total === 0 ? undefined : total;
}

/** `Weight&Biaes` for `Weights & Biases`: long names written with other spaces compare without them. */
function foldedSlips(text: NameForm, name: NameForm): number | undefined {
  const [folded, foldedName] = [text.folded, name.folded];
  // Only one or two letters left out or added (`Weight&Biaes`), not other letters: those make other
  // names. That is, the shorter is the longer with some letters taken out.
  const added = Math.abs(folded.length - foldedName.length);
  if (folded.length < 10 || added === 0 || added > 2) return undefined;
  if (folded.includes(foldedName) || text.words.some((word) => word.replace(/\W/g, '').length < 2)) return undefined;
  return folded.length < foldedName.length ? (isSubsequence(folded, foldedName) ? added : undefined) : isSubsequence(foldedName, folded) ? added : undefined;
}

/** Whether `b` is `a` with two neighbouring characters swapped. */
function isNeighbourSwap(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const i = commonPrefix(a, b);
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && sameTail(a, i + 2, b, i + 2);
}

/** Whether two different strings are one edit or one swap of neighbours apart (`typoDistance` 1). */
function isOneTypo(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  const i = commonPrefix(a, b);
  if (a.length === b.length) return sameTail(a, i + 1, b, i + 1) || isNeighbourSwap(a, b);
  // One character added: after the first difference, the longer goes on as the shorter did.
  return a.length > b.length ? sameTail(a, i + 1, b, i) : sameTail(b, i + 1, a, i);
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Whether `a` from `i` on is `b` from `j` on (`a.slice(i) === b.slice(j)` without the copies). */
function sameTail(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/** Whether `short` is `long` with some characters taken out. */
function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (short[i] === long[j]) i++;
  return i === short.length;
}

const formsCache = new WeakMap<EntityIndex, NameForms>();

function nameForms(index: EntityIndex): NameForms {
  let forms = formsCache.get(index);
  if (!forms) {
    forms = { groups: new Map(), plain: [], byShape: [] };
    for (const name of index.byName.keys()) {
      if (!/^[\x20-\x7e]+$/.test(name) || name.length < 5) continue;
      const written = nameForm(name);
      const form: Name = { ...written, slack: slackOf(written.words) };
      const key = groupKey(form);
      let group = forms.groups.get(key);
      if (!group) forms.groups.set(key, (group = []));
      group.push(form);
      if (form.digits === '' && form.folded !== '') {
        const byLength = (forms.plain[form.folded.charCodeAt(0)] ??= []);
        (byLength[form.foldedLength] ??= []).push(form);
      }
    }
    formsCache.set(index, forms);
  }
  return forms;
}

interface NearMiss {
  text: string;
  range: Range;
  /** The name or alias it is a near miss of. */
  near: string;
}

/** Per note and names: every note of a workspace is checked, and an edit changes one note. */
const nearMissCache = new Memo<Note, WeakMap<EntityIndex, NearMiss[]>>('near misses');
/** Per names, what each text is a near miss of: notes repeat words. */
const nearNameCache = new WeakMap<EntityIndex, Map<string, string | null>>();
/**
 * The shipped names live as long as the server: past this many texts (a workspace of 300 long notes
 * has 7,000 that `mayBeNearMiss`) the cache starts again, rather than keep every word typed in a long
 * session.
 */
const MAX_CACHED_TEXTS = 100_000;

/** The note's candidates that are near misses of a name, whatever the rest of the workspace says. */
function nearMisses(note: Note, index: EntityIndex): NearMiss[] {
  let perIndex = nearMissCache.get(note);
  if (!perIndex) nearMissCache.set(note, (perIndex = new WeakMap()));
  let misses = perIndex.get(index);
  if (misses) return misses;
  let names = nearNameCache.get(index);
  if (!names || names.size > MAX_CACHED_TEXTS) nearNameCache.set(index, (names = new Map()));
  const forms = nameForms(index);
  const search = (stretch: Stretch): NearMiss[] => {
    const found: NearMiss[] = [];
    forEachCandidate(
      (text, start, end) => {
        // Most candidates are ruled out at a glance, which is cheaper than looking them up.
        if (!mayBeNearMiss(text, forms)) return;
        let near = names!.get(text);
        if (near === undefined) names!.set(text, (near = nearName(text, index, forms)));
        if (near !== null) found.push({ text, range: { start, end }, near });
      },
      stretch,
    );
    return found;
  };
  const sections = noteSections(note);
  // In a note being edited, section by section: a keystroke searches one section.
  misses = sections ? perSection(sections, sectionMisses, index, (section) => search(sectionStretch(section))) : search(wholeNote(note));
  perIndex.set(index, misses);
  return misses;
}

const sectionMisses = new Memo<Section, { key: EntityIndex; items: NearMiss[] }>('section near misses');

/**
 * In how many notes each near miss occurs. Only near misses are counted, not every candidate: whether
 * a text is one depends on the text alone, so a note has the near miss exactly when it has the text.
 */
const nearMissCounts = new WeakMap<EntityIndex, Summer<string>>();

function notesWith(workspace: Workspace, index: EntityIndex): Map<string, number> {
  let counts = nearMissCounts.get(index);
  if (!counts) {
    counts = summer((note) => new Map(nearMisses(note, index).map((miss) => [miss.text, 1])));
    nearMissCounts.set(index, counts);
  }
  return counts(workspace);
}

/** Per note, which words it was searched for and whether it writes them in lower case. */
const lowercaseAnswers = new Memo<Note, Map<string, boolean>>('lowercase answers');
/** Per workspace, whether it writes each word asked about so far in lower case. */
const ordinaryCache = new Memo<Workspace, Map<string, boolean>>('ordinary words');

/**
 * Whether the workspace writes each word of `texts` in lower case somewhere, as `\b[a-z][a-z]+\b` reads
 * words: ordinary words, which capitalized are no slips. Only the words of rare near misses are asked
 * about, a few dozen, so the notes are searched for them, instead of collecting every word of every
 * note (a million in a large workspace). The first question asks about all the workspace's rare near
 * misses, so that one search answers for every note; each note keeps its answers, so that after an
 * edit only the edited note, and other notes only for new words, are searched again.
 */
function ordinaryWords(workspace: Workspace, index: EntityIndex, texts: string[]): Map<string, boolean> {
  let ordinary = ordinaryCache.get(workspace);
  if (!ordinary) {
    ordinaryCache.set(workspace, (ordinary = new Map()));
    texts = [...texts];
    for (const [text, count] of notesWith(workspace, index)) if (count < ESTABLISHED_IN_NOTES) texts.push(text);
  }
  const asked = new Set<string>();
  for (const text of texts) {
    for (const word of lowerWords(text)) {
      if (ordinary.has(word) || asked.has(word)) continue;
      if (/^[a-z]{2,}$/.test(word)) asked.add(word);
      else ordinary.set(word, false);
    }
  }
  if (asked.size === 0) return ordinary;
  const found = new Set<string>();
  for (const note of workspace.notes) {
    let answers = lowercaseAnswers.get(note);
    if (!answers) lowercaseAnswers.set(note, (answers = new Map()));
    // Words found already need no more searching: ordinary words (`ai`, `stable`) are found in the first
    // notes, and the pattern left for the rest is of rare words, which the search skips over quickly.
    const unknown = [...asked].filter((word) => !found.has(word) && !answers.has(word));
    if (unknown.length > 0) {
      for (const word of unknown) answers.set(word, false);
      // The words are letters only: nothing to escape.
      const words = new RegExp(`\\b(?:${unknown.join('|')})\\b`, 'g');
      // (Piece by piece: the pieces of a note being edited begin at line starts, where no word goes on.)
      for (const piece of textPieces(note)) for (const [word] of piece.matchAll(words)) answers.set(word, true);
    }
    for (const word of asked) if (answers.get(word)) found.add(word);
  }
  for (const word of asked) ordinary.set(word, found.has(word));
  return ordinary;
}

const lowerWords = (text: string) => text.toLowerCase().split(' ');

export function findMisspellings(note: Note, workspace: Workspace, index: EntityIndex): Misspelling[] {
  const misses = nearMisses(note, index);
  if (misses.length === 0) return [];
  const established = notesWith(workspace, index);
  const rare = misses.filter((miss) => (established.get(miss.text) ?? 0) < ESTABLISHED_IN_NOTES);
  if (rare.length === 0) return [];
  const ordinary = ordinaryWords(workspace, index, rare.map((miss) => miss.text));
  const found: Misspelling[] = [];
  for (const { text, range, near } of rare) {
    if (lowerWords(text).every((word) => ordinary.get(word))) continue;
    found.push({ range, text, entity: index.byName.get(near)!, near });
  }
  // A pair of words that is a slip wins over its single words.
  return withoutContained(found);
}

/**
 * The slips that no longer slip contains (`Open AI` over `AI`). A sweep in text order that keeps only
 * the slips still open at each start: comparing every pair took minutes on a note with 40,000 slips.
 */
function withoutContained(slips: Misspelling[]): Misspelling[] {
  const sorted = [...slips].sort((a, b) => a.range.start - b.range.start);
  const contained = new Set<Misspelling>();
  let open: Misspelling[] = [];
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i]!.range.start;
    let next = i;
    while (next < sorted.length && sorted[next]!.range.start === start) next++;
    // Whatever contains a slip starts no later and ends no sooner: it is open here.
    open = open.filter((other) => other.range.end > start);
    for (let k = i; k < next; k++) open.push(sorted[k]!);
    for (let k = i; k < next; k++) {
      const slip = sorted[k]!;
      if (open.some((other) => other !== slip && other.range.end >= slip.range.end && other.text.length > slip.text.length)) contained.add(slip);
    }
    i = next;
  }
  return contained.size === 0 ? slips : slips.filter((slip) => !contained.has(slip));
}
