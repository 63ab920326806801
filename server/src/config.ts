// `.dated-notes.json`: read strictly. An unknown key or value is an error that names the file and the
// key, never silently ignored, so that a typo cannot quietly turn a check off.
import { posix, win32 } from 'node:path';
import type { DateTagStyle } from './model/dates';

export type SeverityName = 'off' | 'info' | 'warning' | 'error';
export type Severity = Exclude<SeverityName, 'off'>;

export interface Config {
  rules: Record<string, SeverityName>;
  dateTag: { style: DateTagStyle };
  frontMatter: { required: string[] };
  /** Globs, relative to the workspace root, of notes not to check. */
  ignore: string[];
  /** User dictionaries of names, relative to the root; undefined means `.dated-notes/entities.yaml` if it exists. */
  entities: { files?: string[] };
}

export const CONFIG_FILE = '.dated-notes.json';
export const SEVERITY_NAMES: readonly SeverityName[] = ['off', 'info', 'warning', 'error'];
export const DATE_TAG_STYLES: readonly DateTagStyle[] = ['unpadded', 'padded'];
export const DEFAULT_REQUIRED_KEYS = ['layout', 'title', 'date', 'categories', 'tags'];

export function defaultConfig(): Config {
  return { rules: {}, dateTag: { style: 'unpadded' }, frontMatter: { required: [...DEFAULT_REQUIRED_KEYS] }, ignore: [], entities: {} };
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** Checks a parsed `.dated-notes.json` against what the tool understands and fills in defaults. */
export function parseConfig(json: unknown, file: string, ruleIds: readonly string[]): Config {
  const fail = (message: string): never => {
    throw new ConfigError(file, message);
  };
  const config = defaultConfig();
  const top = object(json, '', fail);
  for (const [key, value] of Object.entries(top)) {
    switch (key) {
      case 'rules':
        for (const [id, severity] of Object.entries(object(value, 'rules', fail))) {
          if (!ruleIds.includes(id)) fail(`unknown rule "${id}" in "rules" (known rules: ${ruleIds.join(', ')})`);
          config.rules[id] = oneOf(severity, `rules.${id}`, SEVERITY_NAMES, fail);
        }
        break;
      case 'dateTag':
        for (const [sub, subValue] of Object.entries(object(value, 'dateTag', fail))) {
          if (sub !== 'style') fail(`unknown key "dateTag.${sub}" (expected "dateTag.style")`);
          config.dateTag.style = oneOf(subValue, 'dateTag.style', DATE_TAG_STYLES, fail);
        }
        break;
      case 'frontMatter':
        for (const [sub, subValue] of Object.entries(object(value, 'frontMatter', fail))) {
          if (sub !== 'required') fail(`unknown key "frontMatter.${sub}" (expected "frontMatter.required")`);
          config.frontMatter.required = strings(subValue, 'frontMatter.required', fail);
        }
        break;
      case 'ignore':
        config.ignore = strings(value, 'ignore', fail);
        break;
      case 'entities':
        for (const [sub, subValue] of Object.entries(object(value, 'entities', fail))) {
          if (sub !== 'files') fail(`unknown key "entities.${sub}" (expected "entities.files")`);
          config.entities.files = strings(subValue, 'entities.files', fail);
          // Configuration never reaches out of the workspace: an absolute path or one that climbs out
          // of the root is refused here, by name, rather than quietly read or quietly skipped.
          for (const entry of config.entities.files) {
            if (outsideRoot(entry)) fail(`unexpected "entities.files" entry ${JSON.stringify(entry)}: it is outside the workspace root (expected a path relative to the root, inside it)`);
          }
        }
        break;
      default:
        fail(`unknown key "${key}" (expected one of "rules", "dateTag", "frontMatter", "ignore", "entities")`);
    }
  }
  return config;
}

function object(value: unknown, key: string, fail: (message: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${key ? `"${key}"` : 'the file'} must be a JSON object`);
  return value as Record<string, unknown>;
}

function oneOf<T extends string>(value: unknown, key: string, allowed: readonly T[], fail: (message: string) => never): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    fail(`unexpected value ${JSON.stringify(value)} for "${key}" (expected one of ${allowed.map((a) => `"${a}"`).join(', ')})`);
  }
  return value as T;
}

function strings(value: unknown, key: string, fail: (message: string) => never): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) fail(`"${key}" must be an array of strings`);
  return value as string[];
}

/** True for a path that is absolute (POSIX or Windows) or that climbs above the folder it is relative to. */
export function outsideRoot(path: string): boolean {
  if (posix.isAbsolute(path) || win32.isAbsolute(path)) return true;
  const normal = posix.normalize(path.replace(/\\/g, '/'));
  return normal === '..' || normal.startsWith('../');
}
