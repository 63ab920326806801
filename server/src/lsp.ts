// The one place where the core's plain data (offsets, findings, fixes) becomes LSP types.
import { CodeAction, CodeActionKind, DiagnosticSeverity, type Diagnostic, type Position, type Range as LspRange, type TextDocumentContentChangeEvent, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Severity } from './config';
import { editNote, noteFromText, updateNote, type Note, type Range } from './model/note';
import { withEdit } from './model/text';
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

/** The note made from an editor's whole text, marked when that starts with U+FEFF. */
export function fromEditorText(note: Note, text: string): Note {
  if (text.charCodeAt(0) === 0xfeff) markEditorBom(note);
  return note;
}

/**
 * The note after an editor's change to it: the edit made to the note (see editNote: no copy of the
 * whole text), or, when the editor sent its whole new text, that text. `note` is spent.
 */
export function applyChange(note: Note, change: TextDocumentContentChangeEvent): Note {
  if (!('range' in change)) return fromEditorText(updateNote(note, change.text), change.text);
  const bom = editorBom.has(note);
  let { start, end } = change.range;
  if (end.line < start.line || (end.line === start.line && end.character < start.character)) [start, end] = [end, start];
  if (start.line <= 0 && start.character <= 0) {
    // An edit at the very start, where a byte order mark is or may come to be (typed, or uncovered by
    // a deletion): made to the editor's whole text, which is read as a text opened is.
    const editorOffset = (position: Position) => (position.line <= 0 && position.character <= 0 ? 0 : toOffset(note, position) + (bom ? 1 : 0));
    const text = bom ? `\ufeff${note.text}` : note.text;
    const edited = withEdit(text, { range: { start: editorOffset(start), end: editorOffset(end) }, text: change.text });
    return fromEditorText(updateNote(note, edited), edited);
  }
  const range = { start: toOffset(note, start), end: toOffset(note, end) };
  let edited: Note;
  try {
    edited = editNote(note, { range, text: change.text });
  } catch (error) {
    // The document must not lose the edit: its note keeps its text (in pieces) even when an edit failed
    // halfway, so the edited text is read whole instead, and the failure is logged (stderr is the
    // editor's output channel).
    console.error(`dated-notes: an edit was read again whole after a failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    edited = noteFromText(note.path, withEdit(note.text, { range, text: change.text }));
    edited.bom = note.bom;
  }
  if (bom) markEditorBom(edited);
  return edited;
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
