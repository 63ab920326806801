// The workspace index: every note, its URL, who shares an output file, and the tag vocabulary.
// Built from notes that are already parsed; reading files is the caller's business.
import type { Note } from './note';
import { DEFAULT_PERMALINK, noteUrl, outputPath } from './site';

export interface Workspace {
  /** The site's permalink pattern or named style (`_config.yml`'s `permalink`). */
  permalink: string;
  notes: Note[];
  notesByPath: Map<string, Note>;
  urls: Map<Note, string>;
  /** Notes by the file Jekyll writes them to, for finding collisions. */
  notesByOutput: Map<string, Note[]>;
  tags: Map<string, number>;
  categories: Map<string, number>;
}

export function buildWorkspace(notes: Note[], permalink: string = DEFAULT_PERMALINK): Workspace {
  const workspace: Workspace = {
    permalink,
    notes,
    notesByPath: new Map(notes.map((note) => [note.path, note])),
    urls: new Map(),
    notesByOutput: new Map(),
    tags: new Map(),
    categories: new Map(),
  };
  for (const note of notes) {
    if (note.binary) continue;
    const url = noteUrl(note, permalink);
    workspace.urls.set(note, url);
    const output = outputPath(url);
    workspace.notesByOutput.set(output, [...(workspace.notesByOutput.get(output) ?? []), note]);
    count(workspace.tags, note, 'tags');
    count(workspace.categories, note, 'categories');
  }
  return workspace;
}

/** Counts each word once per note: "used in N notes" is what makes a form the common one. */
function count(vocabulary: Map<string, number>, note: Note, key: string): void {
  const words = new Set(note.frontMatter?.fields.get(key)?.items.map((item) => item.text));
  for (const word of words) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1);
}
