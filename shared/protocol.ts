// What the client and the server say to each other beyond LSP: settings and custom requests.
// Both sides import these declarations, so a request's shape is written once.
import { RequestType } from 'vscode-languageserver-protocol';
import type { Diagnostic, Location, Position, Range, TextDocumentIdentifier } from 'vscode-languageserver-protocol';

/** `datedNotes.*` settings, read per resource through `workspace/configuration`. */
export interface Settings {
  lint: { run: 'onType' | 'onSave' };
}

export const SETTINGS_SECTION = 'datedNotes';
export const DEFAULT_SETTINGS: Settings = { lint: { run: 'onType' } };

export interface TimelineParams {
  /** Case-insensitive text in an entry's title, section or note title. */
  query?: string;
  /** Inclusive bounds, `YYYY[-MM[-DD]]`. */
  from?: string;
  to?: string;
}

export interface TimelineItem {
  /** `YYYY-MM-DD`, or `YYYY-MM` / `YYYY` at lower precision. */
  date: string;
  precision: 'day' | 'month' | 'year';
  title: string;
  uri: string;
  range: Range;
  /** Headings above the entry, outermost first. */
  section: string[];
  noteTitle: string;
}

export interface TimelineResult {
  entries: TimelineItem[];
}

export const TimelineRequest = new RequestType<TimelineParams, TimelineResult, void>('datedNotes/timeline');

export interface RelatedParams {
  textDocument: TextDocumentIdentifier;
  position: Position;
}

export interface RelatedItem extends TimelineItem {
  /** Why it is related: the links and names both entries share. */
  shared: string[];
  score: number;
}

export interface RelatedResult {
  /** The entry at the position, when there is one. */
  entry?: TimelineItem;
  related: RelatedItem[];
}

export const RelatedRequest = new RequestType<RelatedParams, RelatedResult, void>('datedNotes/related');

export interface LintWorkspaceResult {
  /** Every note of the workspace with its findings, those without findings included. */
  notes: { uri: string; diagnostics: Diagnostic[] }[];
}

export const LintWorkspaceRequest = new RequestType<Record<string, never>, LintWorkspaceResult, void>('datedNotes/lintWorkspace');

/** Sent by the server while it reads the workspace, for the status bar. */
export interface IndexingStatus {
  indexing: boolean;
  notes: number;
  total: number;
}

export const INDEXING_NOTIFICATION = 'datedNotes/indexing';

export type { Location };
