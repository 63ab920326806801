// The timeline view's tree, as plain data: years, then months, then entries, newest first, each group
// with its count. No VS Code API here, so that it is tested without an editor.
import type { TimelineItem } from '../../../shared/protocol';

export interface EntryNode {
  kind: 'entry';
  entry: TimelineItem;
  label: string;
  description: string;
}

export interface MonthNode {
  kind: 'month';
  label: string;
  /** `YYYY-MM`, or `YYYY` for the entries dated only by their year. */
  key: string;
  count: number;
  children: EntryNode[];
}

export interface YearNode {
  kind: 'year';
  label: string;
  count: number;
  children: MonthNode[];
}

export type TimelineNode = YearNode | MonthNode | EntryNode;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Groups entries (already newest first, as the server sends them) by year and month. */
export function groupTimeline(entries: readonly TimelineItem[]): YearNode[] {
  const years: YearNode[] = [];
  for (const entry of entries) {
    const [year, month] = entry.date.split('-');
    let yearNode = years.find((node) => node.label === year);
    if (!yearNode) years.push((yearNode = { kind: 'year', label: year!, count: 0, children: [] }));
    const key = month === undefined ? year! : `${year}-${month}`;
    let monthNode = yearNode.children.find((node) => node.key === key);
    if (!monthNode) {
      monthNode = { kind: 'month', key, label: month === undefined ? `${year} (no month)` : `${MONTHS[Number(month) - 1]} ${year}`, count: 0, children: [] };
      yearNode.children.push(monthNode);
    }
    monthNode.children.push({ kind: 'entry', entry, label: entry.title || '(untitled)', description: entryDescription(entry) });
    monthNode.count++;
    yearNode.count++;
  }
  return years;
}

function entryDescription(entry: TimelineItem): string {
  const day = entry.precision === 'day' ? entry.date.slice(8) : '';
  const where = [entry.noteTitle, ...entry.section].filter((part) => part !== '').join(' › ');
  return [day, where].filter((part) => part !== '').join('  ');
}

/** What the view's description says about the filter in force. */
export function filterDescription(filter: string | undefined, count: number): string {
  return filter ? `“${filter}”: ${count} ${count === 1 ? 'entry' : 'entries'}` : `${count} ${count === 1 ? 'entry' : 'entries'}`;
}
