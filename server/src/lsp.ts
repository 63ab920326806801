// The one place where the core's plain data (offsets, findings, fixes) becomes LSP types.
import { CodeAction, CodeActionKind, DiagnosticSeverity, type Diagnostic, type Position, type Range as LspRange, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Severity } from './config';
import type { Note, Range } from './model/note';
import type { Finding, Fix } from './rules/rule';

export const SOURCE = 'dated-notes';
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.datedNotes`;

/**
 * Notes whose editor text starts with a byte order mark (U+FEFF) that the model leaves out, as it
 * leaves out a file's: on their first line the editor counts one character more. (VS Code keeps a
 * BOM out of the text; a client that keeps it in must still get positions, and a fix-all that keeps it.)
 */
const editorBom = new WeakSet<Note>();

/** Marks a note made from an editor's text that starts with U+FEFF. */
export function markEditorBom(note: Note): void {
  editorBom.add(note);
}

export function toPosition(note: Note, offset: number): Position {
  const position = note.lines.position(offset);
  return position.line === 0 && editorBom.has(note) ? { line: 0, character: position.character + 1 } : position;
}

export function toRange(note: Note, range: Range): LspRange {
  return { start: toPosition(note, range.start), end: toPosition(note, range.end) };
}

/** An LSP position as an offset, clamped into the text: a client may send positions out of range. */
export function toOffset(note: Note, position: Position): number {
  const line = Math.max(0, position.line);
  const shift = line === 0 && editorBom.has(note) ? 1 : 0;
  return note.lines.offset(line, Math.max(0, position.character - shift));
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(note: Note, finding: Finding): Diagnostic {
  return {
    range: toRange(note, finding.range),
    severity: SEVERITIES[finding.severity],
    source: SOURCE,
    code: finding.rule,
    message: finding.message,
    // The fix travels with the diagnostic, so a code action needs no second lint.
    data: finding.fix ? { fix: finding.fix } : undefined,
  };
}

export function toTextEdits(note: Note, fix: Fix): LspTextEdit[] {
  return fix.edits.map((edit) => ({ range: toRange(note, edit.range), newText: edit.text }));
}

export function quickFix(note: Note, uri: string, fix: Fix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [uri]: toTextEdits(note, fix) } },
  };
}
