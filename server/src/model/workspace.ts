// The workspace index: every note, its URL, who shares an output file, the static files the site
// serves, and the tag vocabulary. Built from notes that are already parsed and a list of the other
// files; reading them is the caller's business.
import type { Entity } from '../entities/dictionary';
import { builtinEntityIndex, indexEntities, type EntityIndex } from '../entities/mentions';
import type { Note } from './note';
import { DEFAULT_PERMALINK, isPublished, noteUrl, outputPath, postFileName } from './site';

export interface Workspace {
  /** The site's permalink pattern or named style (`_config.yml`'s `permalink`). */
  permalink: string;
  notes: Note[];
  notesByPath: NotesByPath;
  /**
   * The site's index holds notes by path, and finds the note itself in notesByPath: an edit then
   * replaces one entry there instead of copying every map (see replaceNote).
   */
  urls: Map<string, string>;
  /** Paths of the notes by the file Jekyll writes them to, for finding collisions and resolving links. */
  notesByOutput: Map<string, string[]>;
  /** Files Jekyll copies to the site as they are (images, PDFs, Markdown without front matter). */
  staticFiles: Set<string>;
  /** Paths of the posts by file name without extension, for `{% post_url %}`. */
  postsByName: Map<string, string>;
  tags: Map<string, number>;
  categories: Map<string, number>;
  /** The names the notes are checked and completed against: the shipped ones and the user's. */
  entities: EntityIndex;
  /**
   * The same object for as long as the site's URLs and files stay the same (an edit that leaves front
   * matter alone keeps it, see replaceNote): what is worked out from them alone is kept by it.
   */
  siteKey: object;
}

/**
 * @param otherFiles every file under the root that is not a note, relative to it with `/`.
 */
export function buildWorkspace(notes: Note[], permalink: string = DEFAULT_PERMALINK, otherFiles: readonly string[] = [], userEntities: readonly Entity[] = []): Workspace {
  const workspace: Workspace = {
    permalink,
    notes,
    notesByPath: new NotesByPath(new Map(notes.map((note) => [note.path, note]))),
    urls: new Map(),
    notesByOutput: new Map(),
    staticFiles: new Set(otherFiles.filter(isPublished)),
    postsByName: new Map(),
    tags: new Map(),
    categories: new Map(),
    entities: entityIndex(userEntities),
    siteKey: {},
  };
  for (const note of notes) {
    if (note.binary) continue;
    const post = postFileName(note.path);
    if (post) workspace.postsByName.set(note.path.replace(/^.*\/|\.[^.]+$/g, ''), note.path);
    // Without front matter, Jekyll copies a Markdown file as it is instead of rendering it.
    if (!note.frontMatter && !post) {
      if (isPublished(note.path)) workspace.staticFiles.add(note.path);
      continue;
    }
    const url = noteUrl(note, permalink);
    workspace.urls.set(note.path, url);
    const output = outputPath(url);
    workspace.notesByOutput.set(output, [...(workspace.notesByOutput.get(output) ?? []), note.path]);
    count(workspace.tags, note, 'tags');
    count(workspace.categories, note, 'categories');
  }
  return workspace;
}

/** The same site with some notes replaced (after fixes): other files, settings and names are kept. */
export function rebuildWorkspace(workspace: Workspace, notes: Note[]): Workspace {
  const notePaths = new Set(workspace.notes.map((note) => note.path));
  const others = [...workspace.staticFiles].filter((path) => !notePaths.has(path));
  return { ...buildWorkspace(notes, workspace.permalink, others), entities: workspace.entities };
}

const userIndexes = new WeakMap<readonly Entity[], EntityIndex>();

/** The shipped names with the user's added; a user's entity of the same name replaces the shipped one. */
function entityIndex(userEntities: readonly Entity[]): EntityIndex {
  if (userEntities.length === 0) return builtinEntityIndex();
  let index = userIndexes.get(userEntities);
  if (!index) {
    const replaced = new Set(userEntities.map((entity) => entity.name));
    index = indexEntities([...userEntities, ...builtinEntityIndex().entities.filter((entity) => !replaced.has(entity.name))]);
    userIndexes.set(userEntities, index);
  }
  return index;
}

/** Counts each word once per note: "used in N notes" is what makes a form the common one. */
function count(vocabulary: Map<string, number>, note: Note, key: string): void {
  const words = new Set(note.frontMatter?.fields.get(key)?.items.map((item) => item.text));
  for (const word of words) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
}

/**
 * The workspace with one note replaced by another version of it (an edit in the editor). When the
 * front matter is the same object (the edit left it alone, see editNote), the URLs, outputs, tags
 * and categories cannot have changed: the index is copied with the note swapped, not rebuilt.
 */
export function replaceNote(workspace: Workspace, before: Note, after: Note): Workspace {
  const notes = workspace.notes.map((note) => (note === before ? after : note));
  if (before.frontMatter !== after.frontMatter || before.binary !== after.binary || before.path !== after.path || workspace.notesByPath.get(before.path) !== before) return rebuildWorkspace(workspace, notes);
  return { ...workspace, notes, notesByPath: workspace.notesByPath.with(after) };
}

/**
 * The notes by path: the map the workspace was built with, and the notes that edits put in since (one
 * per document edited), so that a keystroke copies no map of every note.
 */
export class NotesByPath {
  constructor(
    private readonly built: ReadonlyMap<string, Note>,
    private readonly replaced: ReadonlyMap<string, Note> = new Map(),
  ) {}

  get(path: string): Note | undefined {
    return this.replaced.get(path) ?? this.built.get(path);
  }

  has(path: string): boolean {
    return this.replaced.has(path) || this.built.has(path);
  }

  /** The same with `note` in place of the note at its path. */
  with(note: Note): NotesByPath {
    return new NotesByPath(this.built, new Map([...this.replaced, [note.path, note]]));
  }
}
