// Going from a name to what the workspace says about it: the first dated entry that mentions it, and
// every mention.
import type { Location } from 'vscode-languageserver';
import { findMentions, type EntityIndex, type Mention } from '../entities/mentions';
import { compareDates } from '../model/dates';
import type { Entity } from '../entities/dictionary';
import type { Entry, Note } from '../model/note';
import { LineIndex } from '../model/text';
import type { Workspace } from '../model/workspace';
import { toRange } from '../lsp';
import type { Locator } from './navigation';

export function mentionAt(note: Note, offset: number, entities: EntityIndex): Mention | undefined {
  return findMentions(note, entities).find((mention) => mention.range.start <= offset && offset <= mention.range.end);
}

/** Every mention of the entity at the offset, across the workspace. */
export function entityReferences(note: Note, offset: number, workspace: Workspace, entities: EntityIndex, locator: Locator): Location[] | undefined {
  const mention = mentionAt(note, offset, entities);
  if (!mention) return undefined;
  return workspace.notes.flatMap((other) =>
    findMentions(other, entities)
      .filter((found) => found.entity === mention.entity)
      .map((found) => ({ uri: locator.uriOf(other), range: toRange(other, found.range) })),
  );
}

/**
 * The entity's entry in a user dictionary (whose texts are given by path), else the earliest dated
 * entry that mentions it.
 */
export function entityDefinition(note: Note, offset: number, workspace: Workspace, entities: EntityIndex, locator: Locator, dictionaries: Map<string, string>): Location | undefined {
  const mention = mentionAt(note, offset, entities);
  if (!mention) return undefined;
  const source = mention.entity.source;
  const text = source && dictionaries.get(source.file);
  if (source && text !== undefined) {
    const lines = new LineIndex(text);
    return { uri: locator.fileUri(source.file), range: { start: lines.position(source.range.start), end: lines.position(source.range.end) } };
  }
  const first = entriesMentioning(mention.entity, workspace, entities)[0];
  return first && { uri: locator.uriOf(first.note), range: toRange(first.note, first.entry.tag.range) };
}

/** The dated entries that mention the entity, oldest first. */
export function entriesMentioning(entity: Entity, workspace: Workspace, entities: EntityIndex): { note: Note; entry: Entry }[] {
  const found: { note: Note; entry: Entry }[] = [];
  for (const other of workspace.notes) {
    const starts = findMentions(other, entities).filter((mention) => mention.entity === entity).map((mention) => mention.range.start);
    for (const entry of other.entries) {
      if (entry.tag.valid && starts.some((start) => entry.range.start <= start && start < entry.range.end)) found.push({ note: other, entry });
    }
  }
  return found.sort((a, b) => compareDates(a.entry.tag, b.entry.tag));
}
