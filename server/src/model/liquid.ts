// Liquid inside Markdown, as Jekyll sees it: rendered before the Markdown is read.

/** A Liquid output `{{ … }}` or tag `{% … %}` on one line. */
export const LIQUID = /\{\{[^{}\n]{0,200}?\}\}|\{%[^{}\n]{0,200}?%\}/g;

/**
 * Jekyll renders Liquid before Markdown, so `[x]({{ site.baseurl }}{% post_url a %}#b)` is a link
 * there. The spaces inside Liquid would end a CommonMark link destination, so they are replaced, one
 * for one, before parsing: offsets stay the same, and what the note shows is read from the real text.
 */
export function maskLiquid(text: string): string {
  if (!text.includes('{')) return text;
  // A no-break space is no space to CommonMark's link syntax, and still looks like one in any text.
  return text.replace(LIQUID, (liquid) => liquid.replace(/[ \t]/g, '\u00a0'));
}
