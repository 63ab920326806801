// How findings and the timeline look on a terminal or as JSON.
import type { Severity } from '../config';
import type { Note } from '../model/note';
import type { Finding } from '../rules/rule';
import type { TimelineEntry } from '../timeline';

export interface FileFindings {
  /** The note's path relative to the current directory, with `/`. */
  file: string;
  note: Note;
  findings: Finding[];
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
  target?: string;
  fix?: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; text: string }[] };
}

/** 1-based line and column (UTF-16 code units, as editors count) of an offset. */
function lineColumn(note: Note, offset: number): { line: number; column: number } {
  const { line, character } = note.lines.position(offset);
  return { line: line + 1, column: character + 1 };
}

export function toJson(files: FileFindings[]): JsonFinding[] {
  return files.flatMap(({ file, note, findings }) =>
    findings.map((finding) => {
      const start = lineColumn(note, finding.range.start);
      const end = lineColumn(note, finding.range.end);
      const json: JsonFinding = { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, rule: finding.rule, severity: finding.severity, message: finding.message };
      if (finding.target !== undefined) json.target = finding.target;
      if (finding.fix) {
        json.fix = {
          title: finding.fix.title,
          edits: finding.fix.edits.map((edit) => {
            const from = lineColumn(note, edit.range.start);
            const to = lineColumn(note, edit.range.end);
            return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column, text: edit.text };
          }),
        };
      }
      return json;
    }),
  );
}

export interface Colors {
  underline(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  bold(text: string): string;
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
export const terminalColors: Colors = { underline: ansi(4, 24), dim: ansi(2, 22), red: ansi(31, 39), yellow: ansi(33, 39), blue: ansi(34, 39), bold: ansi(1, 22) };
const identity = (text: string) => text;
export const noColors: Colors = { underline: identity, dim: identity, red: identity, yellow: identity, blue: identity, bold: identity };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** ESLint's "stylish" layout: findings grouped under each file, then one summary line. */
export function stylish(files: FileFindings[], colors: Colors): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, fixable: 0 };
  for (const { file, note, findings } of files) {
    if (findings.length === 0) continue;
    out.push(colors.underline(file));
    const rows = findings.map((finding) => {
      const { line, column } = lineColumn(note, finding.range.start);
      counts[finding.severity]++;
      if (finding.fix) counts.fixable++;
      return [`${line}:${column}`, finding.severity, finding.message.replace(/\s*\n\s*/g, ' '), finding.rule];
    });
    // Measured once per note, by a loop: a note can have a hundred thousand findings.
    const width = [0, 0];
    for (const row of rows) for (const i of [0, 1]) width[i] = Math.max(width[i]!, row[i]!.length);
    for (const [place, severity, message, rule] of rows) {
      const paint = severity === 'error' ? colors.red : severity === 'warning' ? colors.yellow : colors.blue;
      out.push(`  ${colors.dim(place!.padStart(width[0]!))}  ${paint(severity!.padEnd(width[1]!))}  ${message}  ${colors.dim(rule!)}`);
    }
    out.push('');
  }
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return '';
  const parts = [plural(counts.error, 'error'), plural(counts.warning, 'warning')];
  if (counts.info > 0) parts.push(plural(counts.info, 'info'));
  const paint = counts.error > 0 ? colors.red : colors.yellow;
  out.push(paint(colors.bold(`✖ ${plural(total, 'problem')} (${parts.join(', ')})`)));
  if (counts.fixable > 0) out.push(paint(`  ${counts.fixable} of them fixable with the \`--fix\` option.`));
  return out.join('\n') + '\n';
}

export function timelineText(entries: TimelineEntry[], fileOf: (note: Note) => string, colors: Colors): string {
  return entries
    .map((entry) => {
      const { line } = lineColumn(entry.note, entry.range.start);
      const where = colors.dim(`${fileOf(entry.note)}:${line}`);
      const section = entry.section.length > 0 ? colors.dim(`  ${entry.section.join(' › ')}`) : '';
      return `${colors.bold(entry.date.padEnd(10))}  ${entry.title || colors.dim('(untitled)')}  ${where}${section}\n`;
    })
    .join('');
}

export function timelineJson(entries: TimelineEntry[], fileOf: (note: Note) => string) {
  return entries.map((entry) => ({
    date: entry.date,
    precision: entry.precision,
    title: entry.title,
    file: fileOf(entry.note),
    line: lineColumn(entry.note, entry.range.start).line,
    section: entry.section,
    noteTitle: entry.noteTitle,
  }));
}
