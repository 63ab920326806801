// Folding: the front matter, every section (a heading to the next of its level or above), every entry.
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import { textLength, trimmedEnd, type Note } from '../model/note';

export function foldingRanges(note: Note): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const line = (offset: number) => note.lines.position(offset).line;
  const add = (start: number, end: number, kind?: string) => {
    const startLine = line(start);
    const endLine = line(Math.max(start, end - 1));
    if (endLine > startLine) ranges.push({ startLine, endLine, kind });
  };
  if (note.frontMatter) add(note.frontMatter.range.start, note.frontMatter.range.end, FoldingRangeKind.Region);
  note.headings.forEach((heading, index) => {
    const next = note.headings.slice(index + 1).find((other) => other.level <= heading.level);
    add(heading.range.start, trimmedEnd(note, next ? next.range.start : textLength(note), heading.range.end));
  });
  for (const entry of note.entries) add(entry.range.start, entry.range.end);
  return ranges;
}
