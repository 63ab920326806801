// Where Jekyll writes each note: the URL from `permalink:` or from the site's permalink pattern.
import { isCalendarDate, type DateParts } from './dates';
import type { Note } from './note';

/** Jekyll 4's named permalink styles. */
const NAMED_STYLES: Record<string, string> = {
  date: '/:categories/:year/:month/:day/:title:output_ext',
  pretty: '/:categories/:year/:month/:day/:title/',
  ordinal: '/:categories/:year/:y_day/:title:output_ext',
  weekdate: '/:categories/:year/W:week/:short_day/:title:output_ext',
  none: '/:categories/:title:output_ext',
};

export const DEFAULT_PERMALINK = 'date';

export function permalinkPattern(style: string): string {
  return NAMED_STYLES[style] ?? style;
}

/** `_posts/2023-02-14-aigc.md` → its date and slug; undefined for notes that are not posts. */
export function postFileName(path: string): { date: Required<DateParts>; slug: string } | undefined {
  const match = /(?:^|\/)_posts\/(?:.*\/)?(\d{4})-(\d{2})-(\d{2})-([^/]+)\.(?:md|markdown)$/.exec(path);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isCalendarDate(date) ? { date, slug: match[4]! } : undefined;
}

/**
 * A `date:` value as Jekyll accepts it: `YYYY-MM-DD`, optionally with a time and a zone.
 * Ruby's Time.parse takes more shapes, but these are the ones Jekyll documents.
 */
const FRONT_MATTER_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[ \t]+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:[ \t]*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?$/;

export interface FrontMatterDate extends Required<DateParts> {
  hour: number;
  minute: number;
  second: number;
}

export function parseFrontMatterDate(source: string): FrontMatterDate | undefined {
  const match = FRONT_MATTER_DATE.exec(source.trim());
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const date = { year: Number(year), month: Number(month), day: Number(day), hour: Number(hour), minute: Number(minute), second: Number(second) };
  if (!isCalendarDate(date) || date.hour > 23 || date.minute > 59 || date.second > 60) return undefined;
  return date;
}

/** The note's URL path as Jekyll would publish it (not percent-encoded). */
export function noteUrl(note: Note, pattern: string): string {
  const permalink = note.frontMatter?.fields.get('permalink')?.source?.trim();
  const post = postFileName(note.path);
  if (permalink) return permalink.startsWith('/') ? permalink : `/${permalink}`;
  if (!post) return pageUrl(note.path);
  const dateSource = note.frontMatter?.fields.get('date')?.source;
  const date = (dateSource !== undefined ? parseFrontMatterDate(dateSource) : undefined) ?? { ...post.date, hour: 0, minute: 0, second: 0 };
  const categories = note.frontMatter?.fields.get('categories')?.items.map((item) => item.text.toLowerCase()) ?? [];
  const pad = (n: number) => String(n).padStart(2, '0');
  const placeholders: Record<string, string> = {
    year: String(date.year),
    short_year: pad(date.year % 100),
    month: pad(date.month),
    i_month: String(date.month),
    day: pad(date.day),
    i_day: String(date.day),
    y_day: String(dayOfYear(date)).padStart(3, '0'),
    hour: pad(date.hour),
    minute: pad(date.minute),
    second: pad(date.second),
    title: post.slug,
    slug: post.slug.toLowerCase(),
    categories: [...new Set(categories)].join('/'),
    output_ext: '.html',
  };
  const url = permalinkPattern(pattern).replace(/:([a-z_]+)/g, (whole, name: string) => placeholders[name] ?? whole);
  return url.replace(/\/{2,}/g, '/');
}

function pageUrl(path: string): string {
  const withoutExt = path.replace(/\.(?:md|markdown)$/, '');
  if (withoutExt === 'index' || withoutExt.endsWith('/index')) return `/${withoutExt.slice(0, -'index'.length)}`;
  return `/${withoutExt}.html`;
}

/** Jekyll leaves out of the site every file or folder whose name starts with `_`, `.` or `#`, or ends with `~`. */
export function isPublished(path: string): boolean {
  return path.split('/').every((part) => !/^[_.#]|~$/.test(part));
}

/** The file Jekyll writes for a URL: `/aigc` and `/aigc.html` are both `aigc.html`. */
export function outputPath(url: string): string {
  let path = url.replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) path += 'index';
  return path.endsWith('.html') ? path : `${path}.html`;
}

function dayOfYear({ year, month, day }: Required<DateParts>): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}
