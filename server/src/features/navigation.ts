// Following links: clickable document links, go to definition, references to a heading, and renaming a
// heading together with every link to it.
import type { DocumentLink, Location, Range as LspRange, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { noteFromText, type Heading, type Link, type Note } from '../model/note';
import { resolveLink } from '../model/resolve';
import { withEdit } from '../model/text';
import type { Workspace } from '../model/workspace';
import { toRange } from '../lsp';

export interface Locator {
  uriOf(note: Note): string;
  fileUri(path: string): string;
}

/** The link whose text or destination holds the offset. */
export function linkAt(note: Note, offset: number): Link | undefined {
  return note.links.find((link) => link.range.start <= offset && offset <= link.range.end && link.kind !== 'definition')
    ?? note.links.find((link) => link.range.start <= offset && offset <= link.range.end);
}

export function headingAt(note: Note, offset: number): Heading | undefined {
  return note.headings.find((heading) => heading.range.start <= offset && offset <= heading.range.end);
}

/** Where an internal link leads: the heading its fragment names, else the top of the note or file. */
export function linkTarget(link: Link, note: Note, workspace: Workspace): { note?: Note; file?: string; heading?: Heading } | undefined {
  const resolution = resolveLink(link, note, workspace);
  if (resolution.kind !== 'internal' || (resolution.problem && resolution.problem !== 'anchor')) return undefined;
  if (resolution.file) return { file: resolution.file };
  if (!resolution.note) return undefined;
  const heading = resolution.fragment === undefined ? undefined : resolution.note.headings.find((candidate) => candidate.id === resolution.fragment);
  return { note: resolution.note, heading };
}

export function documentLinks(note: Note, workspace: Workspace, locator: Locator): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const link of note.links) {
    if (!link.destinationRange) continue;
    const target = linkTarget(link, note, workspace);
    if (!target) continue;
    let uri = target.file !== undefined ? locator.fileUri(target.file) : locator.uriOf(target.note!);
    // VS Code opens `file:…#L12` at line 12 (1-based).
    if (target.heading) uri += `#L${target.note!.lines.position(target.heading.range.start).line + 1}`;
    links.push({ range: toRange(note, link.destinationRange), target: uri, tooltip: target.heading ? `Go to "${target.heading.text}"` : undefined });
  }
  return links;
}

export function definition(note: Note, offset: number, workspace: Workspace, locator: Locator): Location | undefined {
  const link = linkAt(note, offset);
  if (!link) return undefined;
  const target = linkTarget(link, note, workspace);
  if (!target) return undefined;
  if (target.file !== undefined) return { uri: locator.fileUri(target.file), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  const range = target.heading ? toRange(target.note!, target.heading.range) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { uri: locator.uriOf(target.note!), range };
}

/** Every link in the workspace to the heading at the offset (with the heading itself when asked). */
export function headingReferences(note: Note, offset: number, workspace: Workspace, locator: Locator, includeDeclaration: boolean): Location[] {
  const heading = headingAt(note, offset);
  if (!heading?.id) return [];
  const locations = linksTo(note, heading.id, workspace).map(({ from, link }) => ({ uri: locator.uriOf(from), range: toRange(from, link.destinationRange ?? link.range) }));
  if (includeDeclaration) locations.unshift({ uri: locator.uriOf(note), range: toRange(note, heading.range) });
  return locations;
}

function linksTo(target: Note, id: string, workspace: Workspace): { from: Note; link: Link }[] {
  const found: { from: Note; link: Link }[] = [];
  for (const from of workspace.notes) {
    for (const link of from.links) {
      if (!link.destinationRange) continue;
      const resolution = resolveLink(link, from, workspace);
      if (resolution.kind === 'internal' && resolution.note === target && resolution.fragment === id) found.push({ from, link });
    }
  }
  return found;
}

/** The heading's own text in the source: what a rename replaces. */
export function headingTextRange(note: Note, heading: Heading): { start: number; end: number } {
  const source = note.text.slice(heading.range.start, heading.range.end);
  const atx = /^(#{1,6}[ \t]+)(.*?)(?:[ \t]+\{#[^}]*\})?(?:[ \t]+#+)?[ \t]*$/.exec(source);
  if (atx) return { start: heading.range.start + atx[1]!.length, end: heading.range.start + atx[1]!.length + atx[2]!.length };
  const firstLine = source.split(/\r?\n/)[0]!;
  const custom = /[ \t]+\{#[^}]*\}[ \t]*$/.exec(firstLine);
  return { start: heading.range.start, end: heading.range.start + (custom ? custom.index : firstLine.trimEnd().length) };
}

export function prepareRename(note: Note, offset: number): { range: LspRange; placeholder: string } | undefined {
  const heading = headingAt(note, offset);
  if (!heading) return undefined;
  const range = headingTextRange(note, heading);
  return { range: toRange(note, range), placeholder: note.text.slice(range.start, range.end) };
}

/**
 * Renames the heading at the offset and rewrites every link in the workspace to the ids that change:
 * its own, and those of headings whose `-1`, `-2` numbering the rename shifts.
 */
export function renameHeading(note: Note, offset: number, newText: string, workspace: Workspace, locator: Locator): WorkspaceEdit | undefined {
  const heading = headingAt(note, offset);
  if (!heading) return undefined;
  const range = headingTextRange(note, heading);
  const renamed = noteFromText(note.path, withEdit(note.text, { range, text: newText }));
  const changes: Record<string, TextEdit[]> = { [locator.uriOf(note)]: [{ range: toRange(note, range), newText }] };
  if (renamed.headings.length !== note.headings.length) return { changes };
  note.headings.forEach((before, index) => {
    const after = renamed.headings[index]!;
    if (!before.id || before.id === after.id || !after.id) return;
    for (const { from, link } of linksTo(note, before.id, workspace)) {
      const destination = link.destinationRange!;
      const hash = from.text.lastIndexOf('#', destination.end);
      if (hash < destination.start) continue;
      const edits = (changes[locator.uriOf(from)] ??= []);
      edits.push({ range: toRange(from, { start: hash + 1, end: destination.end }), newText: after.id });
    }
  });
  return { changes };
}
