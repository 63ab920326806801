import { readFileSync, writeFileSync } from 'node:fs';
import { withRuleDocs } from './rule-docs';

const file = new URL('../README.md', `file://${__filename}`);
writeFileSync(file, withRuleDocs(readFileSync(file, 'utf8')));
