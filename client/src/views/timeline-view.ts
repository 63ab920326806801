// Timeline view (`datedNotes.timeline`): every dated entry of the workspace by year and month.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TimelineRequest } from '../../../shared/protocol';
import { filterDescription, groupTimeline, type TimelineNode, type YearNode } from './timeline-tree';

export class TimelineView implements vscode.TreeDataProvider<TimelineNode> {
  private years: YearNode[] = [];
  private count = 0;
  filter: string | undefined;
  private readonly changed = new vscode.EventEmitter<TimelineNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<TimelineNode>;

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView('datedNotes.timeline', { treeDataProvider: this, showCollapseAll: true });
  }

  async refresh(): Promise<void> {
    const result = await this.client.sendRequest(TimelineRequest, { query: this.filter });
    this.years = groupTimeline(result.entries);
    this.count = result.entries.length;
    this.view.description = filterDescription(this.filter, this.count);
    this.view.message = this.count === 0 ? (this.filter ? `No entry matches “${this.filter}”.` : 'No dated entries yet: start a paragraph with 【2024-1-5】.') : undefined;
    void vscode.commands.executeCommand('setContext', 'datedNotes.timelineFiltered', this.filter !== undefined);
    this.changed.fire(undefined);
  }

  async setFilter(filter: string | undefined): Promise<void> {
    this.filter = filter?.trim() || undefined;
    await this.refresh();
  }

  /** The groups on view, for tests and other extensions. */
  items(): readonly YearNode[] {
    return this.years;
  }

  getChildren(element?: TimelineNode): TimelineNode[] {
    if (!element) return this.years;
    return element.kind === 'entry' ? [] : element.children;
  }

  getTreeItem(node: TimelineNode): vscode.TreeItem {
    if (node.kind !== 'entry') {
      const item = new vscode.TreeItem(node.label, node === this.years[0] || (node.kind === 'month' && this.years[0]?.children[0] === node) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.description = String(node.count);
      return item;
    }
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
    item.description = node.description;
    item.tooltip = `${node.entry.date} · ${node.entry.noteTitle}${node.entry.section.length ? ` › ${node.entry.section.join(' › ')}` : ''}`;
    item.iconPath = new vscode.ThemeIcon('calendar');
    const start = new vscode.Position(node.entry.range.start.line, node.entry.range.start.character);
    item.command = { command: 'datedNotes.reveal', title: 'Open Entry', arguments: [vscode.Uri.parse(node.entry.uri), new vscode.Range(start, start)] };
    return item;
  }
}
