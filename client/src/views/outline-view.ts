// Outline view (`datedNotes.outline`): the headings and entries of the active note, following the cursor.
import * as vscode from 'vscode';
import { SymbolKind, type LanguageClient } from 'vscode-languageclient/node';
import { parents, symbolPath, type OutlineSymbol } from './outline-tree';

export class OutlineView implements vscode.TreeDataProvider<OutlineSymbol> {
  private symbols: OutlineSymbol[] = [];
  private parentOf = new Map<OutlineSymbol, OutlineSymbol | undefined>();
  private uri: vscode.Uri | undefined;
  private readonly changed = new vscode.EventEmitter<OutlineSymbol | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<OutlineSymbol>;

  constructor(private readonly client: LanguageClient) {
    this.view = vscode.window.createTreeView('datedNotes.outline', { treeDataProvider: this, showCollapseAll: true });
  }

  /** Asks the server for the outline of the active editor's note. */
  async refresh(editor = vscode.window.activeTextEditor): Promise<void> {
    if (!editor || editor.document.languageId !== 'markdown') {
      this.symbols = [];
      this.uri = undefined;
    } else {
      this.uri = editor.document.uri;
      const result = await this.client.sendRequest<OutlineSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri: editor.document.uri.toString() } });
      this.symbols = result ?? [];
    }
    this.parentOf = parents(this.symbols);
    this.view.message = this.symbols.length === 0 ? 'Open a note to see its headings and dated entries.' : undefined;
    this.changed.fire(undefined);
  }

  /** Selects the innermost heading or entry holding the cursor, when the view is visible. */
  async follow(editor: vscode.TextEditor): Promise<void> {
    if (!this.view.visible || editor.document.uri.toString() !== this.uri?.toString()) return;
    const path = symbolPath(this.symbols, { line: editor.selection.active.line, character: editor.selection.active.character });
    const innermost = path[path.length - 1];
    if (innermost) await this.view.reveal(innermost, { select: true, focus: false, expand: false });
  }

  /** The symbols of the note on view, for tests and other extensions. */
  items(): readonly OutlineSymbol[] {
    return this.symbols;
  }

  getChildren(element?: OutlineSymbol): OutlineSymbol[] {
    return element ? (element.children ?? []) : this.symbols;
  }

  getParent(element: OutlineSymbol): OutlineSymbol | undefined {
    return this.parentOf.get(element);
  }

  getTreeItem(symbol: OutlineSymbol): vscode.TreeItem {
    const item = new vscode.TreeItem(symbol.name, symbol.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.description = symbol.detail;
    // The server's kinds are LSP's (Event is 24), not vscode.SymbolKind's, which count from 0.
    item.iconPath = new vscode.ThemeIcon(symbol.kind === SymbolKind.Event ? 'calendar' : 'symbol-string');
    const start = new vscode.Position(symbol.selectionRange.start.line, symbol.selectionRange.start.character);
    item.command = { command: 'datedNotes.reveal', title: 'Reveal', arguments: [this.uri, new vscode.Range(start, start)] };
    return item;
  }
}
