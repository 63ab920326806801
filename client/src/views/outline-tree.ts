// The outline view's data: the note's symbols as the server gives them, and which one holds the cursor.
// No VS Code API here, so that it is tested without an editor.

export interface Position {
  line: number;
  character: number;
}

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: { start: Position; end: Position };
  selectionRange: { start: Position; end: Position };
  children?: OutlineSymbol[];
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

function contains(symbol: OutlineSymbol, position: Position): boolean {
  return before(symbol.range.start, position) && before(position, symbol.range.end);
}

/** The chain of symbols from the outermost to the innermost one holding the position. */
export function symbolPath(symbols: readonly OutlineSymbol[], position: Position): OutlineSymbol[] {
  const path: OutlineSymbol[] = [];
  let level: readonly OutlineSymbol[] | undefined = symbols;
  while (level) {
    const holder: OutlineSymbol | undefined = level.find((symbol) => contains(symbol, position));
    if (!holder) break;
    path.push(holder);
    level = holder.children;
  }
  return path;
}

/** Each symbol's parent, for the tree view's `getParent` (needed to reveal an item). */
export function parents(symbols: readonly OutlineSymbol[]): Map<OutlineSymbol, OutlineSymbol | undefined> {
  const map = new Map<OutlineSymbol, OutlineSymbol | undefined>();
  const walk = (level: readonly OutlineSymbol[], parent: OutlineSymbol | undefined) => {
    for (const symbol of level) {
      map.set(symbol, parent);
      walk(symbol.children ?? [], symbol);
    }
  };
  walk(symbols, undefined);
  return map;
}
