// The outline of a note (headings, with the entries under each as children) and the workspace's
// symbols (notes by title, headings, entries by title).
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import { noteTitle, textLength, trimmedEnd, type Note } from '../model/note';
import type { Workspace } from '../model/workspace';
import { toRange } from '../lsp';

export function documentSymbols(note: Note): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const stack: { level: number; symbol: DocumentSymbol }[] = [];
  const sectionEnd = (index: number): number => {
    const level = note.headings[index]!.level;
    const next = note.headings.slice(index + 1).find((heading) => heading.level <= level);
    return next ? next.range.start : textLength(note);
  };
  const items = [
    ...note.headings.map((heading, index) => ({ start: heading.range.start, heading, index })),
    ...note.entries.map((entry) => ({ start: entry.range.start, entry })),
  ].sort((a, b) => a.start - b.start);
  for (const item of items) {
    if ('heading' in item && item.heading) {
      const { heading, index } = item as { heading: Note['headings'][number]; index: number };
      const symbol: DocumentSymbol = {
        name: heading.text || '(empty heading)',
        kind: SymbolKind.String,
        range: toRange(note, { start: heading.range.start, end: Math.max(heading.range.end, trimmedEnd(note, sectionEnd(index))) }),
        selectionRange: toRange(note, heading.range),
        detail: heading.id ? `#${heading.id}` : undefined,
        children: [],
      };
      while (stack.length > 0 && stack[stack.length - 1]!.level >= heading.level) stack.pop();
      (stack.length > 0 ? stack[stack.length - 1]!.symbol.children! : roots).push(symbol);
      stack.push({ level: heading.level, symbol });
    } else if ('entry' in item && item.entry) {
      const { entry } = item;
      const symbol: DocumentSymbol = {
        name: `${entry.tag.raw} ${entry.title}`.trim(),
        kind: SymbolKind.Event,
        range: toRange(note, entry.range),
        selectionRange: toRange(note, entry.tag.range),
        children: [],
      };
      (stack.length > 0 ? stack[stack.length - 1]!.symbol.children! : roots).push(symbol);
    }
  }
  return roots;
}

const WORKSPACE_SYMBOL_LIMIT = 500;

export function workspaceSymbols(workspace: Workspace, query: string, uriOf: (note: Note) => string): WorkspaceSymbol[] {
  const needle = query.trim().toLowerCase();
  const matches = (text: string) => needle === '' || text.toLowerCase().includes(needle);
  const symbols: WorkspaceSymbol[] = [];
  for (const note of workspace.notes) {
    const uri = uriOf(note);
    const title = noteTitle(note);
    const add = (name: string, kind: SymbolKind, range: { start: number; end: number }, containerName?: string) => {
      if (symbols.length < WORKSPACE_SYMBOL_LIMIT && matches(name)) symbols.push({ name, kind, location: { uri, range: toRange(note, range) }, containerName });
    };
    add(title, SymbolKind.File, { start: 0, end: 0 });
    for (const heading of note.headings) add(heading.text, SymbolKind.String, heading.range, title);
    for (const entry of note.entries) add(`${entry.tag.canonical} ${entry.title}`, SymbolKind.Event, entry.tag.range, title);
    if (symbols.length >= WORKSPACE_SYMBOL_LIMIT) break;
  }
  return symbols;
}
