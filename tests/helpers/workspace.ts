import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const made: string[] = [];
// Each test file runs in a process of its own: its folders go when it ends, whatever the outcome.
process.on('exit', () => {
  for (const folder of made) rmSync(folder, { recursive: true, force: true });
});

/** A new empty temporary folder, removed when the test process exits. */
export function temporaryFolder(prefix = 'dated-notes-test-'): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}

/** Writes the files into a new temporary folder (see temporaryFolder) and returns it. */
export function writeWorkspace(files: Record<string, string | Buffer>, prefix?: string): string {
  const root = temporaryFolder(prefix);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
