// The reference reader: remark with CommonMark + GFM + YAML front matter, as the notes' Jekyll site
// reads them (kramdown with `input: GFM`). The product reads notes with the fast reader (scan.ts);
// this one is for the differential test that holds the two together, and the benchmark's baseline.
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { Root } from 'mdast';
import { maskLiquid } from './liquid';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

export function parseMarkdown(text: string): Root {
  return processor.parse(maskLiquid(text));
}
