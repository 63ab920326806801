/**
 * A value worked out from an object, kept on the object itself (in a property no one else sees): it
 * lives and dies with the object. For caches keyed by what every keystroke makes anew (the edited
 * note, its re-read sections and links, the workspace that holds them).
 *
 * Not a WeakMap for those: V8's young-generation collections keep a WeakMap's values alive even when
 * their keys have died (the entries are only cleared after the values were copied), so each
 * keystroke's cached values, and through them that version's whole text, moved to the old generation
 * to wait there for a full collection: 160 KB a keystroke in a 115 KB note, a megabyte in the largest.
 * WeakMaps keyed by what lives long (a site, an entity index) are fine and stay.
 */
export class Memo<K extends object, V> {
  private readonly slot: symbol;

  constructor(name: string) {
    this.slot = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as Record<symbol, V | undefined>)[this.slot];
  }

  set(owner: K, value: V): V {
    // Not enumerable: copies of the object (`{ ...workspace }`), JSON and deep equality leave it out.
    if (this.slot in owner) (owner as Record<symbol, V>)[this.slot] = value;
    else Object.defineProperty(owner, this.slot, { value, writable: true, configurable: true, enumerable: false });
    return value;
  }

  delete(owner: K): void {
    if (this.slot in owner) (owner as Record<symbol, V | undefined>)[this.slot] = undefined;
  }
}
