// The server's only mutable state: the workspace root, its configuration, every note (open documents
// over their files on disk) and the index built from them. Everything else is pure functions of what
// this hands out.
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { defaultConfig, type Config } from './config';
import { insideWorkspace, listFiles, loadConfig, loadPermalink, loadUserEntities, type LoadedWorkspace } from './files';
import type { Entity } from './entities/dictionary';
import { todayParts } from './model/dates';
import { noteForEditor, noteFromBytes, type Note } from './model/note';
import { applyChange, fromEditorText } from './lsp';
import { DEFAULT_PERMALINK } from './model/site';
import { buildWorkspace, replaceNote, type Workspace } from './model/workspace';
import type { RuleContext } from './rules/rule';

/**
 * A document open in an editor, kept as its note rather than as a text: each change the editor sends
 * is made to the note (see applyChange), so a keystroke in a long note reads one section again and
 * makes no copy of the whole text.
 */
export class EditorDocument {
  constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    public note: Note,
  ) {}

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): this {
    for (const change of changes) this.note = applyChange(this.note, change);
    this.version = version;
    return this;
  }
}

export class State {
  root: string | undefined;
  config: Config = defaultConfig();
  /** Why `.dated-notes.json` could not be read, shown to the user once. */
  configError: string | undefined;
  private permalink = DEFAULT_PERMALINK;
  private otherFiles: string[] = [];
  private userEntities: Entity[] = [];
  /** What is wrong in the user's dictionaries: shown as diagnostics on those files. */
  dictionaryProblems: LoadedWorkspace['dictionaryProblems'] = [];
  /** The user's dictionaries' texts by path, for going to an entity's entry. */
  dictionaryTexts = new Map<string, string>();
  private readonly disk = new Map<string, Note>();
  private readonly open = new Map<string, { note: Note; fromDisk?: Note }>();
  private index: Workspace | undefined;
  /** True until every note on disk has been read once: cross-note rules wait for it. */
  indexing = false;

  /** The path of a URI relative to the root with `/`, or undefined for documents outside it. */
  pathOf(uri: string): string | undefined {
    if (!this.root || !uri.startsWith('file:')) return undefined;
    const path = relative(this.root, fileURLToPath(uri));
    return path.startsWith('..') || path === '' ? undefined : path.split(sep).join('/');
  }

  uriOf(path: string): string {
    return pathToFileURL(join(this.root ?? '/', path)).href;
  }

  /** Reads the configuration and the list of files; notes are then read by `indexNext`. */
  load(root: string): string[] {
    this.root = root;
    this.reloadConfig();
    this.permalink = loadPermalink(root);
    const files = listFiles(root, this.config);
    this.otherFiles = files.others;
    const user = loadUserEntities(root, this.config);
    this.userEntities = user.entities;
    this.dictionaryProblems = user.problems;
    this.dictionaryTexts = user.texts;
    this.indexing = true;
    return files.notes;
  }

  reloadConfig(): void {
    if (!this.root) return;
    try {
      this.config = loadConfig(this.root);
      this.configError = undefined;
    } catch (error) {
      this.config = defaultConfig();
      this.configError = error instanceof Error ? error.message : String(error);
    }
  }

  /** Reads (or re-reads) one note from disk; a missing file is forgotten. */
  readFromDisk(path: string): void {
    const file = join(this.root!, path);
    // Never through a link that leads out of the workspace (a watched-file event may name one).
    if (insideWorkspace(this.root!, file)) this.disk.set(path, noteFromBytes(path, readFileSync(file)));
    else this.disk.delete(path);
    this.index = undefined;
  }

  forget(path: string): void {
    this.disk.delete(path);
    this.index = undefined;
  }

  /** A document the editor opened, as its note: the file's when it has the file's text (see noteForEditor). */
  openDocument(uri: string, languageId: string, version: number, text: string): EditorDocument {
    const path = this.pathOf(uri);
    const disk = path === undefined ? undefined : this.disk.get(path);
    return new EditorDocument(uri, languageId, version, fromEditorText(noteForEditor(path ?? uri.replace(/^.*\//, ''), text, disk), text));
  }

  /** The note of an open document, with the workspace index brought up to its version. */
  noteOf(document: EditorDocument): Note {
    const known = this.open.get(document.uri);
    const note = document.note;
    if (known && known.note === note) return note;
    const path = this.pathOf(document.uri);
    const disk = path === undefined ? undefined : this.disk.get(path);
    if (disk) note.bom = disk.bom;
    // `fromDisk`: the note read from the file, taken for the editor, which its first edit will spend.
    const fromDisk = known ? known.fromDisk : note === disk ? disk : undefined;
    this.open.set(document.uri, { note, fromDisk });
    // The edited note replaces its previous version in the index; anything else rebuilds it.
    const previous = known?.note ?? disk;
    if (previous !== note) this.index = this.index && previous && path !== undefined && this.index.notesByPath.get(path) === previous ? replaceNote(this.index, previous, note) : undefined;
    return note;
  }

  close(uri: string): void {
    const known = this.open.get(uri);
    this.open.delete(uri);
    const path = this.pathOf(uri);
    if (known?.fromDisk && path !== undefined && this.disk.get(path) === known.fromDisk) {
      // The note read from the file was edited in place: the file is the last version when that has
      // the file's text (nothing left unsaved), and the index already holds that version; else the
      // file is read again.
      if (known.note.text === known.fromDisk.text) this.disk.set(path, known.note);
      else this.readFromDisk(path);
      return;
    }
    this.index = undefined;
  }

  /** A note by workspace path: the open document's when it is open, else the one on disk. */
  noteAt(path: string): Note | undefined {
    for (const [uri, { note }] of this.open) if (this.pathOf(uri) === path) return note;
    return this.disk.get(path);
  }

  get workspace(): Workspace {
    if (!this.index) {
      const notes = new Map(this.disk);
      for (const [uri, { note }] of this.open) {
        const path = this.pathOf(uri);
        if (path !== undefined) notes.set(path, note);
      }
      this.index = buildWorkspace([...notes.values()], this.permalink, this.otherFiles, this.userEntities);
    }
    return this.index;
  }

  /** The rule context; a note outside the root is checked as a workspace of its own. */
  context(note: Note): RuleContext {
    const inside = this.workspace.notesByPath.get(note.path) === note;
    const workspace = inside ? this.workspace : buildWorkspace([note], this.permalink, [], this.userEntities);
    return { workspace, config: this.config, today: todayParts() };
  }
}
