// The shipped dictionary, user dictionaries, and where notes mention entities.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BUILTIN_JSON, builtinEntities, compileBuiltinEntities, ENTITY_KINDS, parseDictionary, type Entity } from '../server/src/entities/dictionary';
import { findMentions, indexEntities } from '../server/src/entities/mentions';
import { noteFromText } from '../server/src/model/note';
import { CORPUS, corpusAbsent, corpusPresent } from './helpers/oracle';

describe('the shipped dictionary', () => {
  const entities = builtinEntities();

  test('has at least 400 well-formed entities', () => {
    const { problems } = parseDictionary(readFileSync(join(__dirname, '..', 'server', 'data', 'entities.yaml'), 'utf8'), 'entities.yaml');
    assert.deepEqual(problems, []);
    assert.ok(entities.length >= 400, `${entities.length} entities`);
    for (const entity of entities) {
      assert.ok(ENTITY_KINDS.includes(entity.kind), entity.name);
      assert.equal(entity.name, entity.name.trim());
      if (entity.year !== undefined) assert.ok(entity.year >= 1900 && entity.year <= 2026, `${entity.name} ${entity.year}`);
    }
  });

  test('the bundle reads the same entries from the JSON the build made of the YAML', () => {
    const yaml = join(__dirname, '..', 'server', 'data', 'entities.yaml');
    const compiled = JSON.parse(readFileSync(join(__dirname, '..', 'dist', BUILTIN_JSON), 'utf8')) as Entity[];
    const fromYaml = compileBuiltinEntities(yaml);
    // (Through JSON on both sides: a field left undefined is simply absent there.)
    assert.deepEqual(compiled, JSON.parse(JSON.stringify(fromYaml.map(({ source, ...entity }) => ({ ...entity, source: { range: source!.range } })))));
    // Run from source, the YAML itself is read: the same entries, pointing into it.
    assert.deepEqual(entities, fromYaml);
  });

  test('no name or alias stands for two entities', () => {
    const owner = new Map<string, string>();
    for (const entity of entities) {
      for (const name of [entity.name, ...entity.aliases]) {
        assert.ok(!owner.has(name) || owner.get(name) === entity.name, `${name} is both ${owner.get(name)} and ${entity.name}`);
        owner.set(name, entity.name);
      }
    }
  });

  test('an organization, where given, is an entity of the dictionary', () => {
    const names = new Set(entities.map((entity) => entity.name));
    for (const entity of entities) if (entity.organization && entity.organization !== entity.name) assert.ok(names.has(entity.organization), `${entity.name}: ${entity.organization}`);
  });

  test('every entity occurs in the corpus', { skip: corpusPresent ? false : corpusAbsent }, () => {
    const text = readdirSync(join(CORPUS, '_posts'))
      .map((name) => readFileSync(join(CORPUS, '_posts', name), 'utf8'))
      .join('\n');
    const occurs = (name: string) => (/\p{Script=Han}/u.test(name) ? text.includes(name) : new RegExp(`(?<![A-Za-z0-9])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9])`).test(text));
    const missing = entities.filter((entity) => ![entity.name, ...entity.aliases].some(occurs)).map((entity) => entity.name);
    assert.deepEqual(missing, []);
  });
});

describe('user dictionaries', () => {
  test('bad entries are problems with positions, not crashes', () => {
    const text = 'entities:\n- { name: Foo, kind: robot }\n- { kind: model }\n- { name: Bar, kind: model, year: 99, colour: red }\n- { name: Baz, kind: model }\n';
    const { entities, problems } = parseDictionary(text, 'mine.yaml');
    assert.deepEqual(entities.map((entity) => entity.name), ['Bar', 'Baz']);
    assert.deepEqual(
      problems.map((problem) => [text.slice(problem.range.start, problem.range.start + 6), problem.message]),
      [
        ['{ name', 'Unexpected kind "robot" for `Foo`, expected one of model, company, lab, product, person, dataset, paper, framework'],
        ['{ kind', 'Unexpected entry without a `name`'],
        ['{ name', 'Unexpected field `colour`, expected `name`, `kind`, `aliases`, `organization`, `year`, `homepage`'],
        ['{ name', 'Unexpected `year` for `Bar`, expected a four-digit year'],
      ],
    );
    assert.match(parseDictionary('entities: [', 'x.yaml').problems[0]!.message, /^Unexpected YAML/);
    assert.match(parseDictionary('names: []', 'x.yaml').problems[0]!.message, /expected `entities:`/);
  });
});

describe('mentions', () => {
  const index = indexEntities(parseDictionary('entities:\n- { name: OpenAI, kind: lab }\n- { name: Qwen, kind: model, aliases: [通义千问, 千问] }\n- { name: Go, kind: framework }\n- { name: Stable Diffusion, kind: model }\n', 'd.yaml').entities);
  const mentioned = (text: string) => findMentions(noteFromText('n.md', text), index).map((mention) => [mention.text, mention.entity.name, mention.backticked]);

  test('backticked names, prose on word boundaries, CJK anywhere with the longest match', () => {
    assert.deepEqual(mentioned('`OpenAI` and OpenAI, not OpenAIs or myOpenAI; 阿里通义千问发布 and `go` and Go and Stable Diffusion'), [
      ['OpenAI', 'OpenAI', true],
      ['OpenAI', 'OpenAI', false],
      ['通义千问', 'Qwen', false],
      ['go', 'Go', true],
      ['Stable Diffusion', 'Stable Diffusion', false],
    ]);
  });

  test('never in URLs, code blocks or front matter', () => {
    assert.deepEqual(mentioned('---\ntitle: OpenAI\n---\n\n[x](https://openai.com/OpenAI) https://example.com/OpenAI\n\n```\nOpenAI\n```\n'), []);
  });
});
