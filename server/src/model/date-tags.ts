// Date tags: `【2023-7-3】` and the slips people make when typing them.
import { formatDateTag, isCalendarDate, precisionOf, type DateParts, type Precision } from './dates';
import type { Range } from './text';

export interface DateTag extends DateParts {
  range: Range;
  /** The tag as written, brackets included. */
  raw: string;
  precision: Precision;
  /** A real calendar date (no month 20, no 29 February in 2023). */
  valid: boolean;
  /** The tag in the default (unpadded) canonical form, `【2023-7-3】`. */
  canonical: string;
  /** Written with ASCII brackets `[2023-5-6]`: only recognised where it opens a paragraph. */
  halfWidth: boolean;
  /** The tag starts its paragraph or list item, so it opens an entry. */
  opensBlock: boolean;
}

const NUMBER = String.raw`(\d{1,2}|\*)`;
const SEPARATOR = String.raw`\s*[-./／]\s*`;
const BODY = String.raw`\s*(\d{4})(?:${SEPARATOR}${NUMBER}(?:${SEPARATOR}${NUMBER})?)?\s*`;
/** A full-width tag anywhere in prose. */
export const FULL_WIDTH_TAG = new RegExp(`【${BODY}】`, 'g');
/** A half-width tag at the start of a paragraph, not followed by what would make it a link. */
export const HALF_WIDTH_TAG = new RegExp(String.raw`^\[${BODY}\](?![(\[:])`);

export function readDateTag(match: RegExpExecArray, start: number, halfWidth: boolean): DateTag {
  const [raw, yearText, monthText, dayText] = match;
  // `*` stands for "some day this month": the tag really has month precision.
  const year = Number(yearText);
  const month = monthText !== undefined && monthText !== '*' ? Number(monthText) : undefined;
  const day = month !== undefined && dayText !== undefined && dayText !== '*' ? Number(dayText) : undefined;
  const parts = { year, month, day };
  // Every tag has every field, absent parts as undefined: a corpus holds tens of thousands of tags.
  return {
    year,
    month,
    day,
    range: { start, end: start + raw!.length },
    raw: raw!,
    precision: precisionOf(parts),
    valid: isCalendarDate(parts) && !(monthText === '*' && dayText !== undefined),
    canonical: formatDateTag(parts, 'unpadded'),
    halfWidth,
    opensBlock: halfWidth,
  };
}
