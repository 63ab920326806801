// Findings for a note as an editor shows them: while the workspace is being read, only the rules that
// look at the note alone run, so that a half-read workspace raises no false "broken link".
import { lintNote, type RuleFailure } from '../lint';
import type { Note } from '../model/note';
import { rules } from '../rules/index';
import type { Finding, RuleContext } from '../rules/rule';

const noteRules = rules.filter((rule) => rule.scope === 'note');

export function editorFindings(note: Note, context: RuleContext, indexing: boolean, onRuleFailure?: RuleFailure): Finding[] {
  return lintNote(note, context, indexing ? noteRules : rules, onRuleFailure);
}
