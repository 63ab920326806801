// Every rule, in the order they are documented.
import { dateFormat } from './date-format';
import { dateFuture } from './date-future';
import { dateInvalid } from './date-invalid';
import { fileEncoding } from './file-encoding';
import { frontmatterDateMismatch } from './frontmatter-date-mismatch';
import { frontmatterInvalidDate } from './frontmatter-invalid-date';
import { frontmatterInvalidYaml } from './frontmatter-invalid-yaml';
import { frontmatterMissingKey } from './frontmatter-missing-key';
import { permalinkDuplicate } from './permalink-duplicate';
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
];

export const ruleIds: readonly string[] = rules.map((rule) => rule.id);
