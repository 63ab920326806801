// Running the rules over a note, and applying their fixes to its text. Shared by the CLI and the server.
import type { Severity } from './config';
import { noteFromSource, type Note } from './model/note';
import { withEdit } from './model/text';
import { rebuildWorkspace } from './model/workspace';
import { rules as allRules } from './rules/index';
import type { Finding, Fix, Rule, RuleContext } from './rules/rule';

export function severityOf(rule: Rule, context: RuleContext): Severity | undefined {
  const configured = context.config.rules[rule.id];
  if (configured === 'off') return undefined;
  return configured ?? rule.severity;
}

/** Told about a rule that threw, so that the CLI and the server can say so where their users look. */
export type RuleFailure = (rule: string, error: unknown, note: Note) => void;

/**
 * Every finding for one note, in text order. A rule that throws is reported once, as an error at the
 * top of the note (and to `onRuleFailure`), and the other rules still run.
 */
export function lintNote(note: Note, context: RuleContext, rules: readonly Rule[] = allRules, onRuleFailure?: RuleFailure): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = severityOf(rule, context);
    if (!severity) continue;
    try {
      rule.check(note, context, (finding) => findings.push({ rule: rule.id, severity, ...finding }));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      onRuleFailure?.(rule.id, error, note);
      findings.push({ rule: rule.id, severity: 'error', range: { start: 0, end: 0 }, message: `Internal error in rule ${rule.id}: ${detail}` });
    }
  }
  return findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.rule.localeCompare(b.rule));
}

/**
 * Applies as many fixes as do not overlap each other (the first in text order wins); the caller lints
 * again and repeats for the rest.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: number } {
  const accepted: Fix[] = [];
  let lastEnd = -1;
  const sorted = [...fixes].sort((a, b) => fixStart(a) - fixStart(b));
  for (const fix of sorted) {
    const edits = [...fix.edits].sort((a, b) => a.range.start - b.range.start);
    if (edits.length === 0 || edits[0]!.range.start < lastEnd) continue;
    if (edits.some((edit, i) => i > 0 && edit.range.start < edits[i - 1]!.range.end)) continue;
    accepted.push({ ...fix, edits });
    lastEnd = edits[edits.length - 1]!.range.end;
  }
  let result = text;
  for (const edit of accepted.flatMap((fix) => fix.edits).reverse()) {
    result = withEdit(result, edit);
  }
  return { text: result, applied: accepted.length };
}

function fixStart(fix: Fix): number {
  return Math.min(...fix.edits.map((edit) => edit.range.start));
}

/** Fixes can enable other fixes, and cross-note rules see the fixed workspace: a few passes. */
const FIX_PASSES = 10;

/**
 * The notes with every fix applied, and a context whose workspace holds them. A note comes back as the
 * same object when nothing in it changed. Notes that are not valid UTF-8 are never fixed: writing their
 * decoded text back would lose the bytes that could not be read.
 */
export function fixWorkspace(context: RuleContext, notes: readonly Note[], rules: readonly Rule[] = allRules, onRuleFailure?: RuleFailure): { context: RuleContext; notes: Note[] } {
  let current = [...notes];
  for (let pass = 0; pass < FIX_PASSES; pass++) {
    let changed = false;
    current = current.map((note) => {
      if (note.invalidUtf8 || note.binary) return note;
      const fixes = lintNote(note, context, rules, onRuleFailure).flatMap((finding) => (finding.fix ? [finding.fix] : []));
      const { text } = applyFixes(note.text, fixes);
      if (text === note.text) return note;
      changed = true;
      // The fixed text exactly as it is: noteFromText would take a leading U+FEFF for a BOM and drop
      // it, and a note that starts with two (bytes EF BB BF EF BB BF) lost the second on every fix.
      return noteFromSource(note.path, { text, bom: note.bom, binary: false });
    });
    if (!changed) break;
    const byPath = new Map(current.map((note) => [note.path, note]));
    const all = context.workspace.notes.map((note) => byPath.get(note.path) ?? note);
    context = { ...context, workspace: rebuildWorkspace(context.workspace, all) };
  }
  return { context, notes: current };
}
