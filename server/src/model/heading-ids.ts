// Heading ids exactly as kramdown's GFM parser (kramdown-parser-gfm 1.1, the one Jekyll uses with
// `input: GFM`) makes them. Its steps, which differ from GitHub's slugs:
// - the text is that of text, code spans and math, recursing into emphasis, links and inline HTML,
//   but not image alt texts; `--`, `---`, `...`, `<<`, `>>` are typographic symbols by then;
// - lowercase, delete every character that is not \p{Word}, `-`, space or tab, turn each space or
//   tab into `-` (no trimming, no collapsing);
// - a per-document counter appends `-1`, `-2`, … to repeats (of the id before the suffix);
// - an empty id is not written, but still counts; `{#custom}` sets the id and skips the counter.
import type { Nodes, PhrasingContent } from 'mdast';

/** Ruby's \p{Word} (Onigmo): alphabetic characters (letters and letter numbers such as Ⅷ), marks, decimal digits, connector punctuation, joiners. */
const NOT_ID_CHARACTER = /[^\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}\- \t]/gu;

/** `{#id}` at the end of a heading, with the id an XML name as kramdown requires. */
const CUSTOM_ID = /[\t ]\{#([A-Za-z_:\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][-.0-9A-Za-z_:\u00B7\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*)\}$/;

/**
 * kramdown's typographic symbols, as far as they change an id: `<< ` and ` >>` become a guillemet and
 * a no-break space, `<<` and `>>` a guillemet, and the id drops all of these (the space too); runs of
 * hyphens become dashes (`---` em, `--` en), which it drops as well, so a run keeps one `-` only when
 * its length leaves a remainder of 1 after taking em dashes.
 */
function typographic(text: string): string {
  return text.replace(/<< | >>|<<|>>/g, '').replace(/-{2,}/g, (run) => (run.length % 3 === 1 ? '-' : ''));
}

/** The heading's text as kramdown collects it for the id (`raw_text`). */
export function headingRawText(node: Nodes): string {
  let result = '';
  // Adjacent text is joined before typographic symbols are read, since `<<` may span two nodes.
  let prose = '';
  const flush = () => {
    result += typographic(prose);
    prose = '';
  };
  const visit = (child: Nodes): void => {
    switch (child.type) {
      case 'text':
        prose += child.value;
        return;
      case 'html':
        // `<<tight>>`: remark reads `<tight>` as HTML, kramdown reads `<<` first and keeps the word.
        if (prose.endsWith('<')) prose += child.value;
        return;
      case 'inlineCode':
        flush();
        result += child.value;
        return;
      case 'image':
      case 'imageReference':
      case 'footnoteReference':
      case 'break':
        return;
      default:
        if ('children' in child) for (const grandchild of child.children as PhrasingContent[]) visit(grandchild);
    }
  };
  visit(node);
  flush();
  return result;
}

/** Splits a `{#custom}` id off the heading's raw text. */
export function customHeadingId(rawText: string): { text: string; id?: string } {
  const match = CUSTOM_ID.exec(rawText);
  return match ? { text: rawText.slice(0, match.index), id: match[1] } : { text: rawText };
}

/** The id a heading's raw text makes before the counter of repeats is applied. */
export function headingIdBase(rawText: string): string {
  return rawText.toLowerCase().replace(NOT_ID_CHARACTER, '').replace(/[ \t]/g, '-');
}

/** One document's id generator, fed the bases of its headings in order: it keeps the counter of repeats. */
export function headingIdGenerator(): (base: string) => string {
  const counter = new Map<string, number>();
  return (base) => {
    const count = (counter.get(base) ?? -1) + 1;
    counter.set(base, count);
    return count > 0 ? `${base}-${count}` : base;
  };
}
