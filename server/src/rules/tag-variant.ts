import type { Rule } from './rule';

export const tagVariant: Rule = {
  id: 'tag-variant',
  severity: 'warning',
  description: 'A tag that differs only in case or character width from a more common form in the workspace.',
  rationale: 'Jekyll treats `gpt` and `GPT` (or full-width `ＧＰＴ`) as different tags, splitting one topic in two. The fix is the form most notes use.',
  fixable: true,
  scope: 'workspace',
  example: { bad: 'tags: gpt AIGC   (while most notes write GPT)', good: 'tags: GPT AIGC' },
  check(note, { workspace }, report) {
    const field = note.frontMatter?.fields.get('tags');
    if (!field) return;
    for (const item of field.items) {
      const common = mostCommonForm(item.text, workspace.tags);
      if (common === undefined) continue;
      report({
        range: item.range,
        message: `Unexpected tag \`${item.text}\`, expected \`${common.form}\` (used in ${common.count} notes, \`${item.text}\` in ${workspace.tags.get(item.text) ?? 0})`,
        fix: { title: `Replace with \`${common.form}\``, edits: [{ range: item.range, text: common.form }] },
      });
    }
  },
};

/** Case and width folded: `ＧＰＴ`, `gpt` and `GPT` are one tag. */
function tagKey(tag: string): string {
  return tag.normalize('NFKC').toLowerCase();
}

const groupsCache = new WeakMap<Map<string, number>, Map<string, { form: string; count: number }>>();

/** The form of the tag most notes use, when it is strictly more common than `tag` itself. */
function mostCommonForm(tag: string, vocabulary: Map<string, number>): { form: string; count: number } | undefined {
  let groups = groupsCache.get(vocabulary);
  if (!groups) {
    groups = new Map();
    for (const [form, count] of vocabulary) {
      const best = groups.get(tagKey(form));
      if (!best || count > best.count || (count === best.count && form < best.form)) groups.set(tagKey(form), { form, count });
    }
    groupsCache.set(vocabulary, groups);
  }
  const best = groups.get(tagKey(tag));
  if (!best || best.form === tag || best.count <= (vocabulary.get(tag) ?? 0)) return undefined;
  return best;
}
