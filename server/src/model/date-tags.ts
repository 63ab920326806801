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
  const [raw, year, month, day] = match;
  // `*` stands for "some day this month": the tag really has month precision.
  const parts: DateParts = { year: Number(year) };
  if (month !== undefined && month !== '*') {
    parts.month = Number(month);
    if (day !== undefined && day !== '*') parts.day = Number(day);
  }
  return {
    ...parts,
    range: { start, end: start + raw.length },
    raw,
    precision: precisionOf(parts),
    valid: isCalendarDate(parts) && !(month === '*' && day !== undefined),
    canonical: formatDateTag(parts, 'unpadded'),
    halfWidth,
    opensBlock: halfWidth,
  };
}
