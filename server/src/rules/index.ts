// Every rule, in the order they are documented.
import { dateFormat } from './date-format';
import { dateFuture } from './date-future';
import { dateInvalid } from './date-invalid';
import { entitySpelling } from './entity-spelling';
import { fileEncoding } from './file-encoding';
import { frontmatterDateMismatch } from './frontmatter-date-mismatch';
import { frontmatterInvalidDate } from './frontmatter-invalid-date';
import { frontmatterInvalidYaml } from './frontmatter-invalid-yaml';
import { frontmatterMissingKey } from './frontmatter-missing-key';
import { permalinkDuplicate } from './permalink-duplicate';
import { linkBrokenAnchor } from './link-broken-anchor';
import { linkBrokenInternal } from './link-broken-internal';
import { linkEmptyText } from './link-empty-text';
import { linkInvisibleChar } from './link-invisible-char';
import { linkMissingFile } from './link-missing-file';
import { linkNoScheme } from './link-no-scheme';
import { linkUnsafeScheme } from './link-unsafe-scheme';
import type { Rule } from './rule';
import { tagVariant } from './tag-variant';

export const rules: readonly Rule[] = [
  dateInvalid,
  dateFuture,
  dateFormat,
  frontmatterInvalidYaml,
  frontmatterMissingKey,
  frontmatterInvalidDate,
  frontmatterDateMismatch,
  permalinkDuplicate,
  tagVariant,
  fileEncoding,
  linkEmptyText,
  linkNoScheme,
  linkInvisibleChar,
  linkUnsafeScheme,
  linkBrokenInternal,
  linkBrokenAnchor,
  linkMissingFile,
  entitySpelling,
];

export const ruleIds: readonly string[] = rules.map((rule) => rule.id);
