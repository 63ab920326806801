// Completion: entity names from a prefix, today's date tag after `【`, permalinks inside `](`, heading
// ids after `#`, and the workspace's tags and categories on those front-matter lines.
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver';
import type { Config } from '../config';
import type { Entity } from '../entities/dictionary';
import { mentionCountsOf, type EntityIndex } from '../entities/mentions';
import { summer, type Summer } from '../model/aggregate';
import { formatDateTag, type DateParts } from '../model/dates';
import { noteTitle, textSlice, type Note } from '../model/note';
import { resolveLink } from '../model/resolve';
import type { Workspace } from '../model/workspace';
import { buildTimeline } from '../timeline';
import { toRange } from '../lsp';

const MAX_ITEMS = 100;
const HAN = /\p{Script=Han}/u;

interface Context {
  workspace: Workspace;
  entities: EntityIndex;
  config: Config;
  today: Required<DateParts>;
}

export function completions(note: Note, offset: number, context: Context): CompletionItem[] {
  const lineStart = note.lines.lineStart(note.lines.position(offset).line);
  const before = textSlice(note, lineStart, offset);
  const frontMatter = note.frontMatter;
  if (frontMatter && offset <= frontMatter.contentRange.end && offset >= frontMatter.contentRange.start) {
    const key = /^(tags|categories):(.*)$/.exec(before);
    if (!key) return [];
    const prefix = /(\S*)$/.exec(key[2]!)![1]!;
    const vocabulary = key[1] === 'tags' ? context.workspace.tags : context.workspace.categories;
    const range = toRange(note, { start: offset - prefix.length, end: offset });
    return [...vocabulary]
      .filter(([word]) => word.toLowerCase().startsWith(prefix.toLowerCase()))
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_ITEMS)
      .map(([word, count], rank) => ({ label: word, kind: CompletionItemKind.Keyword, detail: `in ${count} ${count === 1 ? 'note' : 'notes'}`, sortText: rankText(rank), textEdit: { range, newText: word } }));
  }
  const destination = /\]\(([^()\s]*)$/.exec(before);
  if (destination) return linkCompletions(note, offset, destination[1]!, context.workspace);
  const tag = /【[\d-]*$/.exec(before);
  if (tag) return dateCompletions(note, offset - tag[0].length, offset, context);
  return entityCompletions(note, offset, before, context);
}

const rankText = (rank: number) => String(rank).padStart(5, '0');

function linkCompletions(note: Note, offset: number, typed: string, workspace: Workspace): CompletionItem[] {
  const hash = typed.indexOf('#');
  if (hash !== -1) {
    const path = typed.slice(0, hash);
    const resolution = resolveLink({ kind: 'inline', text: '', destination: path, range: { start: 0, end: 0 } }, note, workspace);
    const target = path === '' ? note : resolution.kind === 'internal' ? resolution.note : undefined;
    if (!target) return [];
    const range = toRange(note, { start: offset - (typed.length - hash - 1), end: offset });
    return target.headings
      .filter((heading) => heading.id !== undefined)
      .map((heading, rank) => ({ label: `#${heading.id}`, filterText: heading.id, kind: CompletionItemKind.Reference, detail: heading.text, sortText: rankText(rank), textEdit: { range, newText: heading.id! } }));
  }
  const range = toRange(note, { start: offset - typed.length, end: offset });
  return [...workspace.urls]
    .map(([path, url]) => [workspace.notesByPath.get(path)!, url] as const)
    .filter(([other]) => other !== note && other.frontMatter)
    .map(([other, url]) => ({ label: url, kind: CompletionItemKind.File, detail: noteTitle(other), filterText: `${url} ${noteTitle(other)}`, textEdit: { range, newText: url } }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function dateCompletions(note: Note, start: number, offset: number, context: Context): CompletionItem[] {
  const end = textSlice(note, offset, offset + 1) === '】' ? offset + 1 : offset;
  const range = toRange(note, { start, end });
  const today = formatDateTag(context.today, context.config.dateTag.style);
  const items: CompletionItem[] = [{ label: today, kind: CompletionItemKind.Constant, detail: 'today', sortText: rankText(0), textEdit: { range, newText: today }, preselect: true }];
  const seen = new Set([today]);
  for (const entry of buildTimeline(context.workspace)) {
    const tag = formatDateTag(entry.parts, context.config.dateTag.style);
    if (seen.has(tag) || entry.precision !== 'day') continue;
    seen.add(tag);
    items.push({ label: tag, kind: CompletionItemKind.Constant, detail: `recent: ${entry.title}`, sortText: rankText(items.length), textEdit: { range, newText: tag } });
    if (items.length >= 6) break;
  }
  return items;
}

const mentionCountsByIndex = new WeakMap<EntityIndex, Summer<Entity>>();

function mentionSummer(entities: EntityIndex): Summer<Entity> {
  let counts = mentionCountsByIndex.get(entities);
  if (!counts) mentionCountsByIndex.set(entities, (counts = summer((note) => mentionCountsOf(note, entities))));
  return counts;
}

/** How many mentions each entity has in the workspace: completion ranks by it. */
export function mentionCounts(workspace: Workspace, entities: EntityIndex): Map<Entity, number> {
  return mentionSummer(entities)(workspace);
}

/** Counts one note's mentions ahead of the first completion (the server does it note by note while indexing). */
export function primeMentionCounts(note: Note, entities: EntityIndex): void {
  mentionSummer(entities).prime(note);
}

function entityCompletions(note: Note, offset: number, before: string, context: Context): CompletionItem[] {
  const backticked = /`([^`]*)$/.exec(before);
  const word = backticked ? backticked[1]! : (/[A-Za-z][A-Za-z0-9.+&-]*$/.exec(before)?.[0] ?? /\p{Script=Han}+$/u.exec(before)?.[0] ?? '');
  if (!backticked && !(HAN.test(word) ? [...word].length >= 1 : word.length >= 2)) return [];
  const counts = mentionCounts(context.workspace, context.entities);
  const range = toRange(note, { start: offset - word.length, end: offset });
  const matchesWord = typedMatcher(word);
  const matches: { entity: Entity; label: string }[] = [];
  for (const entity of context.entities.entities) {
    const label = matchesWord(entity.name) ? entity.name : entity.aliases.find(matchesWord);
    if (label) matches.push({ entity, label });
  }
  const entityItems = matches
    .sort((a, b) => (counts.get(b.entity) ?? 0) - (counts.get(a.entity) ?? 0) || a.entity.name.localeCompare(b.entity.name))
    .slice(0, MAX_ITEMS)
    .map(({ entity, label }, rank): CompletionItem => ({
      label: entity.name,
      kind: entity.kind === 'person' ? CompletionItemKind.Unit : entity.kind === 'company' || entity.kind === 'lab' ? CompletionItemKind.Module : CompletionItemKind.Class,
      detail: [entity.kind, entity.organization].filter(Boolean).join(' · '),
      filterText: label,
      sortText: rankText(rank),
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range, newText: entity.name },
      labelDetails: { description: `${counts.get(entity) ?? 0} mentions` },
    }));
  const learned = learnedNames(context.workspace, matchesWord)
    // (By name among equals: the terms are found in no fixed order.)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, MAX_ITEMS - entityItems.length)
    .map(([name, notes], rank): CompletionItem => ({
      label: name,
      kind: CompletionItemKind.Text,
      detail: `backticked in ${notes} notes`,
      sortText: rankText(entityItems.length + rank),
      textEdit: { range, newText: name },
    }));
  return [...entityItems, ...learned];
}

/**
 * Whether a name completes the typed word: it starts with it in any case, or (Chinese) holds it. Asked
 * of every name and every backticked term of the workspace (tens of thousands) on each completion, so
 * an ASCII name is compared character by character instead of lowercased whole.
 */
export function typedMatcher(word: string): (name: string) => boolean {
  const prefix = word.toLowerCase();
  const slow = (name: string) => name.toLowerCase().startsWith(prefix);
  if (HAN.test(word)) return (name) => name.includes(word) || slow(name);
  // (/[^\x00-\x7f]/: lowercasing may change a non-ASCII text's length, or give ASCII: the slow way.)
  if (/[^\x00-\x7f]/.test(prefix)) return slow;
  return (name) => {
    if (name.length < prefix.length) return false;
    for (let i = 0; i < prefix.length; i++) {
      let code = name.charCodeAt(i);
      if (code >= 128) return slow(name);
      if (code >= 65 && code <= 90) code += 32;
      if (code !== prefix.charCodeAt(i)) return false;
    }
    return true;
  };
}

/** (A constant: esbuild writes a literal with `\p{…}` as `new RegExp(…)`, which would be made anew at each use.) */
const LETTER = /\p{L}/u;

/** A backticked term in this many notes is a name of the workspace, offered beside the dictionary's. */
const LEARNED_IN_NOTES = 3;
const backtickedTerms = summer((note) => new Map([...new Set(note.inlineCode.map((code) => code.value.trim()))].map((term) => [term, 1])), LEARNED_IN_NOTES);

/**
 * Backticked terms that several notes use and the dictionary does not know, with their note counts;
 * only those `wanted` takes (tested first: it is the cheap test, and there are many terms).
 */
export function learnedNames(workspace: Workspace, wanted: (term: string) => boolean = () => true): [string, number][] {
  const learned: [string, number][] = [];
  // Only the terms in enough notes: a few hundred of tens of thousands (asked per keystroke).
  const totals = backtickedTerms(workspace);
  for (const term of backtickedTerms.frequent(workspace)) {
    if (wanted(term) && term.length >= 2 && term.length <= 40 && LETTER.test(term) && !workspace.entities.byLowerName.has(term.toLowerCase())) learned.push([term, totals.get(term)!]);
  }
  return learned;
}
