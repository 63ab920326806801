// The one remark processor: CommonMark + GFM + YAML front matter, as the notes' Jekyll site reads them
// (kramdown with `input: GFM`). Only parsing is used: no transformers run.
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

/** A Liquid output `{{ … }}` or tag `{% … %}` on one line. */
export const LIQUID = /\{\{[^{}\n]{0,200}?\}\}|\{%[^{}\n]{0,200}?%\}/g;

/**
 * Jekyll renders Liquid before Markdown, so `[x]({{ site.baseurl }}{% post_url a %}#b)` is a link
 * there. The spaces inside Liquid would end a CommonMark link destination, so they are replaced, one
 * for one, before parsing: offsets stay the same, and what the note shows is read from the real text.
 */
function maskLiquid(text: string): string {
  if (!text.includes('{{') && !text.includes('{%')) return text;
  // A no-break space is no space to CommonMark's link syntax, and still looks like one in any text.
  return text.replace(LIQUID, (liquid) => liquid.replace(/[ \t]/g, '\u00a0'));
}

export function parseMarkdown(text: string): Root {
  return processor.parse(maskLiquid(text));
}
