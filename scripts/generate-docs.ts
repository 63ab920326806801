import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withRuleDocs, withRuleIds } from './rule-docs';

const readme = join(__dirname, '..', 'README.md');
writeFileSync(readme, withRuleDocs(readFileSync(readme, 'utf8')));
const schema = join(__dirname, '..', 'schemas', 'dated-notes.schema.json');
writeFileSync(schema, withRuleIds(readFileSync(schema, 'utf8')));
