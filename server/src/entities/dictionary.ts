// The dictionary of names: the one shipped with the tool (server/data/entities.yaml) and the user's
// own files. Data only: a file is parsed as YAML and checked field by field; a bad entry is a finding
// on that file, never a crash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { Range } from '../model/note';

export const ENTITY_KINDS = ['model', 'company', 'lab', 'product', 'person', 'dataset', 'paper', 'framework'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface Entity {
  name: string;
  kind: EntityKind;
  aliases: string[];
  organization?: string;
  year?: number;
  homepage?: string;
  /** The file that defines it and where. */
  source?: { file: string; range: Range };
}

export interface DictionaryProblem {
  file: string;
  range: Range;
  message: string;
}

const FIELDS = new Set(['name', 'kind', 'aliases', 'organization', 'year', 'homepage']);

/** Reads a dictionary file's text: `entities:` followed by a list of entries. */
export function parseDictionary(text: string, file: string): { entities: Entity[]; problems: DictionaryProblem[] } {
  const problems: DictionaryProblem[] = [];
  const entities: Entity[] = [];
  const doc = parseDocument(text, { prettyErrors: false });
  const at = (node: YamlNode | null | undefined): Range => ({ start: node?.range?.[0] ?? 0, end: node?.range?.[1] ?? 0 });
  for (const error of doc.errors) problems.push({ file, range: { start: error.pos[0], end: error.pos[1] }, message: `Unexpected YAML: ${error.message.split('\n')[0]}` });
  if (problems.length > 0) return { entities, problems };
  const list = isMap(doc.contents) ? doc.contents.get('entities', true) : undefined;
  if (!isSeq(list)) {
    problems.push({ file, range: at(doc.contents as YamlNode | null), message: 'Unexpected dictionary shape, expected `entities:` followed by a list of entries' });
    return { entities, problems };
  }
  for (const item of list.items as YamlNode[]) {
    const value = item?.toJSON() as Record<string, unknown> | null;
    const fail = (message: string) => problems.push({ file, range: at(item), message });
    if (!isMap(item) || value === null || typeof value !== 'object') {
      fail('Unexpected entry, expected a map with `name` and `kind`');
      continue;
    }
    const unknown = Object.keys(value).filter((key) => !FIELDS.has(key));
    if (unknown.length > 0) fail(`Unexpected field ${unknown.map((key) => `\`${key}\``).join(', ')}, expected ${[...FIELDS].map((key) => `\`${key}\``).join(', ')}`);
    const { name, kind, aliases = [], organization, year, homepage } = value;
    if (typeof name !== 'string' || name.trim() === '') {
      fail('Unexpected entry without a `name`');
      continue;
    }
    if (!ENTITY_KINDS.includes(kind as EntityKind)) {
      fail(`Unexpected kind ${JSON.stringify(kind)} for \`${name}\`, expected one of ${ENTITY_KINDS.join(', ')}`);
      continue;
    }
    if (!Array.isArray(aliases) || !aliases.every((alias) => typeof alias === 'string' || typeof alias === 'number')) fail(`Unexpected \`aliases\` for \`${name}\`, expected a list of names`);
    if (organization !== undefined && typeof organization !== 'string') fail(`Unexpected \`organization\` for \`${name}\`, expected a name`);
    if (year !== undefined && (!Number.isInteger(year) || (year as number) < 1000 || (year as number) > 3000)) fail(`Unexpected \`year\` for \`${name}\`, expected a four-digit year`);
    if (homepage !== undefined && (typeof homepage !== 'string' || !/^https?:\/\/\S+$/.test(homepage))) fail(`Unexpected \`homepage\` for \`${name}\`, expected an http(s) address`);
    entities.push({
      name: name.trim(),
      kind: kind as EntityKind,
      aliases: Array.isArray(aliases) ? aliases.map(String) : [],
      organization: typeof organization === 'string' ? organization : undefined,
      year: Number.isInteger(year) ? (year as number) : undefined,
      homepage: typeof homepage === 'string' ? homepage : undefined,
      source: { file, range: at(item) },
    });
  }
  return { entities, problems };
}

let builtin: Entity[] | undefined;

/** Where the build writes the shipped dictionary already parsed and checked (see scripts/build.mjs). */
export const BUILTIN_JSON = 'entities.json';

/**
 * The shipped dictionary. Beside the bundle in dist/ it is read from the JSON the build made of it:
 * parsing its YAML took about 130 ms, more than a third of a small lint. Run from source, the YAML
 * in server/data/ is parsed. Either way the names point into the YAML file, for go to definition.
 */
export function builtinEntities(): Entity[] {
  if (!builtin) {
    const compiled = join(__dirname, BUILTIN_JSON);
    if (existsSync(compiled)) {
      const file = join(__dirname, 'entities.yaml');
      builtin = (JSON.parse(readFileSync(compiled, 'utf8')) as Entity[]).map((entity) => ({ ...entity, source: { file, range: entity.source!.range } }));
    } else builtin = compileBuiltinEntities(join(__dirname, '..', '..', 'data', 'entities.yaml'));
  }
  return builtin;
}

/** Parses and checks the shipped dictionary; a problem in it is the tool's own bug, so it throws. */
export function compileBuiltinEntities(file: string): Entity[] {
  if (!existsSync(file)) throw new Error(`The shipped entity dictionary (${file}) is missing`);
  const { entities, problems } = parseDictionary(readFileSync(file, 'utf8'), file);
  if (problems.length > 0) throw new Error(`The shipped entity dictionary is invalid: ${problems[0]!.message}`);
  return entities;
}
