// Near misses of known names. Precision matters more than recall: a candidate is only reported when it
// is close to exactly one entity, differs in no number (`GPT-3` is not a slip of `GPT-4`), is not an
// ordinary word of the workspace, and is rare in it.
import type { Note, Range } from '../model/note';
import { summer } from '../model/aggregate';
import { typoDistance } from '../model/similarity';
import type { Workspace } from '../model/workspace';
import type { Entity } from './dictionary';
import { fold, notNames, type EntityIndex } from './mentions';

export interface Misspelling {
  range: Range;
  text: string;
  entity: Entity;
  /** The name or alias it is a near miss of. */
  near: string;
}

const TOKEN = /[A-Za-z][A-Za-z0-9]*(?:[&+\-.][A-Za-z0-9]+)*/g;
const BACKTICKED_NAME = /^[A-Za-z][A-Za-z0-9 &.+-]{3,39}$/;
/** A candidate written in this many notes or more is a name of the workspace, not a slip. */
const ESTABLISHED_IN_NOTES = 3;

interface WorkspaceWords {
  /** Latin words the workspace writes in lower case somewhere: ordinary words (with note counts). */
  lowercase: Map<string, number>;
  /** In how many notes each capitalized word or pair of words occurs. */
  notesWith: Map<string, number>;
}

const lowercaseWords = summer((note) => new Map([...new Set(note.text.match(/\b[a-z][a-z]+\b/g) ?? [])].map((word) => [word, 1])));
const candidateTexts = summer((note) => new Map([...new Set(candidates(note).map((candidate) => candidate.text))].map((text) => [text, 1])));

function workspaceWords(workspace: Workspace): WorkspaceWords {
  return { lowercase: lowercaseWords(workspace), notesWith: candidateTexts(workspace) };
}

/** Capitalized words and pairs of words in prose, and backticked names. */
function candidates(note: Note): { text: string; range: Range }[] {
  const found: { text: string; range: Range }[] = [];
  for (const code of note.inlineCode) {
    const value = code.value.trim();
    if (BACKTICKED_NAME.test(value)) found.push({ text: value, range: code.range });
  }
  let previous: { text: string; range: Range } | undefined;
  let n = 0;
  const { text } = note;
  const skip = notNames(note);
  for (const match of text.matchAll(TOKEN)) {
    const start = match.index;
    while (n < skip.length && skip[n]!.end <= start) n++;
    if ((n < skip.length && skip[n]!.start <= start) || !/[A-Z]/.test(match[0][0]!) || /[\p{L}\p{N}_@/]/u.test(text[start - 1] ?? ' ')) {
      previous = undefined;
      continue;
    }
    const token = { text: match[0], range: { start, end: start + match[0].length } };
    found.push(token);
    if (previous && text.slice(previous.range.end, start) === ' ') found.push({ text: `${previous.text} ${token.text}`, range: { start: previous.range.start, end: token.range.end } });
    previous = token;
  }
  return found;
}

/** The one name `text` is a slip of, or null. */
function judge(text: string, words: WorkspaceWords, index: EntityIndex, forms: NameForm[]): { name: string } | null {
  // Entity names have a capital; lowercase terms are packages, commands and ordinary words.
  if (text.length < 5 || !/[A-Z]/.test(text) || index.byLowerName.has(text.toLowerCase())) return null;
  // `LLaMA3`, `Mid-Journey`, `Flash-attention`: another way to write a known name, not a slip.
  const folded = fold(text);
  if (index.byFoldedName.has(folded)) return null;
  if ((words.notesWith.get(text) ?? 0) >= ESTABLISHED_IN_NOTES) return null;
  if (text.split(' ').every((word) => words.lowercase.has(word.toLowerCase()))) return null;
  const textDigits = digits(text);
  let best: { name: string; distance: number } | undefined;
  let ambiguous = false;
  for (const form of forms) {
    // Slips keep the first letter (none of the hundreds read in real notes changed it): a cheap filter.
    if (form.folded[0] !== folded[0] || Math.abs(form.folded.length - folded.length) > 2 || form.digits !== textDigits) continue;
    const distance = slipDistance(text, form.name);
    if (distance === undefined) continue;
    if (!best || distance < best.distance) {
      ambiguous = false;
      best = { name: form.name, distance };
    } else if (distance === best.distance && index.byName.get(form.name) !== index.byName.get(best.name)) ambiguous = true;
  }
  return best && !ambiguous ? { name: best.name } : null;
}

const digits = (text: string) => text.replace(/\D+/g, ' ').trim();

/**
 * How many slips turn `text` into `name`, word by word, or undefined when it is not a slip: words of 7
 * letters or more allow one edit, of 5 or 6 one swap of neighbours, shorter ones none. A name written
 * inside a longer word (`LLaMAX`, `EMNIST`) or cut short (`GOOGL`) is another name, not a slip.
 */
function slipDistance(text: string, name: string): number | undefined {
  const lowerText = text.toLowerCase();
  const lowerName = name.toLowerCase();
  if (lowerText.includes(lowerName) || lowerName.startsWith(lowerText) || lowerName.endsWith(lowerText)) return undefined;
  const words = lowerText.split(' ');
  const nameWords = lowerName.split(' ');
  // `Weight&Biaes` for `Weights & Biases`: long names compare without their spaces and hyphens.
  if (words.length !== nameWords.length) {
    const [folded, foldedName] = [fold(text), fold(name)];
    if (folded.length < 10 || folded.includes(foldedName) || words.some((word) => word.replace(/\W/g, '').length < 2)) return undefined;
    // Only letters left out or added (`Weight&Biaes`), not other letters: those make other names.
    const distance = typoDistance(folded, foldedName);
    return distance > 0 && distance <= 2 && distance === Math.abs(folded.length - foldedName.length) ? distance : undefined;
  }
  let total = 0;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const nameWord = nameWords[i]!;
    if (word === nameWord) continue;
    const distance = typoDistance(word, nameWord);
    const swap = word.length === nameWord.length && [...word].sort().join('') === [...nameWord].sort().join('');
    // Two slips only inside a long word whose ends are intact: `Synthethia`, not `DeepSpeech`.
    const intactEnds = word.slice(0, 2) === nameWord.slice(0, 2) && word.slice(-2) === nameWord.slice(-2);
    const allowed = nameWord.length >= 9 && intactEnds ? 2 : nameWord.length >= 7 ? 1 : nameWord.length >= 5 && swap ? 1 : 0;
    if (distance > allowed) return undefined;
    total += distance;
  }
  return total === 0 ? undefined : total;
}

interface NameForm {
  name: string;
  folded: string;
  digits: string;
}

const formsCache = new WeakMap<EntityIndex, NameForm[]>();
/** Per workspace, what each candidate text was found to be a slip of (or null): notes repeat words. */
const verdictCache = new WeakMap<Workspace, Map<string, { name: string } | null>>();

export function findMisspellings(note: Note, workspace: Workspace, index: EntityIndex): Misspelling[] {
  const words = workspaceWords(workspace);
  let forms = formsCache.get(index);
  if (!forms) {
    forms = [...index.byName.keys()].filter((name) => /^[\x20-\x7e]+$/.test(name) && name.length >= 5).map((name) => ({ name, folded: fold(name), digits: digits(name) }));
    formsCache.set(index, forms);
  }
  let verdicts = verdictCache.get(workspace);
  if (!verdicts) verdictCache.set(workspace, (verdicts = new Map()));
  const found: Misspelling[] = [];
  for (const candidate of candidates(note)) {
    const { text } = candidate;
    let verdict = verdicts.get(text);
    if (verdict === undefined) {
      verdict = judge(text, words, index, forms);
      verdicts.set(text, verdict);
    }
    if (verdict) found.push({ range: candidate.range, text, entity: index.byName.get(verdict.name)!, near: verdict.name });
  }
  // A pair of words that is a slip wins over its single words.
  return found.filter((slip) => !found.some((other) => other !== slip && other.range.start <= slip.range.start && other.range.end >= slip.range.end && other.text.length > slip.text.length));
}
