// What a rule is: data plus one function. Findings are plain data with offsets into the note's text;
// the CLI and the language server turn them into their own shapes.
import type { Config, Severity } from '../config';
import type { DateParts } from '../model/dates';
import type { Note, Range, TextEdit } from '../model/note';
import type { Workspace } from '../model/workspace';

export type { TextEdit } from '../model/note';

export interface Fix {
  /** What the fix does, as a quick-fix title: "Replace with `【2023-7-3】`". */
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  /** For link findings: the destination exactly as written. */
  target?: string;
  fix?: Fix;
}

export type Report = (finding: Omit<Finding, 'rule' | 'severity'>) => void;

export interface RuleContext {
  workspace: Workspace;
  config: Config;
  /** The day that `date-future` compares against. */
  today: Required<DateParts>;
}

export interface Rule {
  id: string;
  severity: Severity;
  /** One sentence for the rule table. */
  description: string;
  /** More of the why, for the generated docs. */
  rationale: string;
  fixable: boolean;
  /**
   * `workspace` rules compare the note with other notes (URLs, headings, tags): an editor runs them
   * only once every note has been read, so that a half-read workspace raises no false alarm.
   */
  scope: 'note' | 'workspace';
  /** A failing and a passing line, shown in the docs. */
  example: { bad: string; good: string };
  check(note: Note, context: RuleContext, report: Report): void;
}
