import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { rules } from '../server/src/rules/index';
import { withRuleDocs, withRuleIds } from '../scripts/rule-docs';

test('the README rule reference is what the rules generate (run `npm run docs` when this fails)', () => {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  assert.equal(readme, withRuleDocs(readme));
  for (const rule of rules) assert.ok(readme.includes(`### ${rule.id}`), `README documents ${rule.id}`);
});

test('every rule lives in a file named after its id', () => {
  for (const rule of rules) {
    const source = readFileSync(join(__dirname, '..', 'server', 'src', 'rules', `${rule.id}.ts`), 'utf8');
    assert.match(source, new RegExp(`id: '${rule.id}'`));
  }
});

test('the .dated-notes.json schema lists every rule id (run `npm run docs` when this fails)', () => {
  const schema = readFileSync(join(__dirname, '..', 'schemas', 'dated-notes.schema.json'), 'utf8');
  assert.equal(schema, withRuleIds(schema));
});
