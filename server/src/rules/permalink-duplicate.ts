import { outputPath } from '../model/site';
import type { Rule } from './rule';

export const permalinkDuplicate: Rule = {
  id: 'permalink-duplicate',
  severity: 'error',
  description: 'Two notes would be written to the same URL (explicit `permalink:` or the site\'s pattern).',
  rationale: 'Jekyll writes both notes to the same file and one silently replaces the other. `/aigc` and `/aigc.html` are the same file. Reported on the `permalink:` value of each note, naming the others.',
  fixable: false,
  scope: 'workspace',
  example: { bad: 'permalink: /aigc   (in two notes)', good: 'permalink: /aigc-industry' },
  check(note, { workspace }, report) {
    const url = workspace.urls.get(note.path);
    if (url === undefined) return;
    const others = (workspace.notesByOutput.get(outputPath(url)) ?? []).filter((other) => other !== note.path);
    if (others.length === 0) return;
    const field = note.frontMatter?.fields.get('permalink');
    const range = field?.valueRange ?? field?.keyRange ?? { start: 0, end: note.lines.lineEnd(0) };
    const names = others.map((other) => `\`${other}\``).join(', ');
    report({ range, message: `Unexpected URL \`${url}\`, already used by ${names}` });
  },
};
