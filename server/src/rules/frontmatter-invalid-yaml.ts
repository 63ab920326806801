import type { Rule } from './rule';

export const frontmatterInvalidYaml: Rule = {
  id: 'frontmatter-invalid-yaml',
  severity: 'error',
  description: 'Front matter that YAML cannot parse, or that is never closed.',
  rationale: 'Jekyll stops on front matter it cannot read, or publishes the note without its title, date and permalink. The finding points at the position YAML complains about.',
  fixable: false,
  scope: 'note',
  example: { bad: '---\ntitle: "Unclosed\n---', good: '---\ntitle: "Closed"\n---' },
  check(note, _context, report) {
    for (const error of note.frontMatter?.errors ?? []) {
      report({ range: error.range, message: error.message.startsWith('Unexpected') ? error.message : `Unexpected YAML: ${error.message}` });
    }
  },
};
