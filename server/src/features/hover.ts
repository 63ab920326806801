// Hover: an entity's card, a date tag's weekday and age, an internal link's target.
import type { Hover } from 'vscode-languageserver';
import type { EntityIndex } from '../entities/mentions';
import { isoDate, type DateParts } from '../model/dates';
import { noteTitle, type Note } from '../model/note';
import type { Workspace } from '../model/workspace';
import { toRange } from '../lsp';
import { entriesMentioning, mentionAt } from './entities';
import { linkAt, linkTarget } from './navigation';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function hover(note: Note, offset: number, workspace: Workspace, entities: EntityIndex, today: Required<DateParts>): Hover | undefined {
  const within = (range: { start: number; end: number }) => range.start <= offset && offset <= range.end;
  const tag = note.dateTags.find((candidate) => within(candidate.range));
  if (tag) {
    if (!tag.valid) return undefined;
    const lines = [`**${isoDate(tag)}**`];
    if (tag.day !== undefined) {
      const day = Date.UTC(tag.year, tag.month! - 1, tag.day);
      const days = Math.round((Date.UTC(today.year, today.month - 1, today.day) - day) / 86_400_000);
      lines.push(`${WEEKDAYS[new Date(day).getUTCDay()]}, ${days === 0 ? 'today' : days > 0 ? `${ago(days)} ago` : `in ${ago(-days)}`}`);
    }
    return { contents: { kind: 'markdown', value: lines.join('\n\n') }, range: toRange(note, tag.range) };
  }
  const mention = mentionAt(note, offset, entities);
  if (mention) {
    const { entity } = mention;
    const entries = entriesMentioning(entity, workspace, entities).map(({ entry }) => ({ date: isoDate(entry.tag), title: entry.title }));
    const facts = [entity.kind, entity.organization, entity.year === undefined ? undefined : String(entity.year)].filter(Boolean).join(' · ');
    const lines = [`**${entity.name}** — ${facts}`];
    if (entity.aliases.length > 0) lines.push(`Also: ${entity.aliases.join(', ')}`);
    if (entity.homepage) lines.push(entity.homepage);
    lines.push(entries.length === 0 ? 'No dated entry mentions it yet.' : `${entries.length} dated ${entries.length === 1 ? 'entry mentions' : 'entries mention'} it: first ${entries[0]!.date} “${entries[0]!.title}”, last ${entries.at(-1)!.date} “${entries.at(-1)!.title}”`);
    return { contents: { kind: 'markdown', value: lines.join('\n\n') }, range: toRange(note, mention.range) };
  }
  const link = linkAt(note, offset);
  if (link) {
    const target = linkTarget(link, note, workspace);
    if (target?.note) {
      const value = target.heading ? `**${noteTitle(target.note)}** › ${target.heading.text}` : `**${noteTitle(target.note)}**`;
      return { contents: { kind: 'markdown', value: `${value}\n\n${target.note.path}` }, range: toRange(note, link.range) };
    }
  }
  return undefined;
}

function ago(days: number): string {
  if (days < 60) return `${days} ${days === 1 ? 'day' : 'days'}`;
  if (days < 730) return `${Math.round(days / 30.44)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}
