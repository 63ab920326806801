import { postFileName } from '../model/site';
import type { Rule } from './rule';

export const frontmatterMissingKey: Rule = {
  id: 'frontmatter-missing-key',
  severity: 'warning',
  description: 'A required front-matter key is absent (by default `layout title date categories tags`; set `frontMatter.required`).',
  rationale: 'Notes without a title, date or tags drop out of the site\'s lists and of this tool\'s vocabulary. Reported once on the front matter\'s first line, naming every missing key.',
  fixable: false,
  scope: 'note',
  example: { bad: '---\ntitle: Notes\n---', good: '---\nlayout: post\ntitle: Notes\ndate: 2023-02-14 19:02:00\ncategories: AI\ntags: GPT\n---' },
  check(note, { config }, report) {
    const required = config.frontMatter.required;
    if (required.length === 0 || note.binary) return;
    // Outside `_posts`, Markdown without front matter is a static file to Jekyll, not a page (a README).
    if (!note.frontMatter && !postFileName(note.path)) return;
    const frontMatter = note.frontMatter;
    const expected = `expected keys \`${required.join(' ')}\``;
    if (!frontMatter) {
      report({ range: { start: 0, end: note.lines.lineEnd(0) }, message: `Unexpected note without front matter, ${expected}` });
      return;
    }
    // Unreadable YAML is frontmatter-invalid-yaml's finding; every key would look missing.
    if (frontMatter.errors.length > 0) return;
    const missing = required.filter((key) => !frontMatter.fields.has(key));
    if (missing.length === 0) return;
    const names = missing.map((key) => `\`${key}\``).join(', ');
    report({ range: { start: 0, end: note.lines.lineEnd(0) }, message: `Unexpected front matter without ${names}, ${expected}` });
  },
};
