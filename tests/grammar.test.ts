// The injection grammar, tokenized by vscode-textmate (VS Code's own engine) over VS Code's Markdown
// grammar (from the tm-grammars package), as an editor colours a note.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { loadWASM, OnigScanner, OnigString } from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';
import packageJson from '../package.json';

const root = join(__dirname, '..');
const contribution = packageJson.contributes.grammars[0]!;

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const files: Record<string, string> = {
    'text.html.markdown': join(root, 'node_modules', 'tm-grammars', 'grammars', 'markdown.json'),
    [contribution.scopeName]: join(root, contribution.path),
  };
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (sources) => new OnigScanner(sources), createOnigString: (text) => new OnigString(text) }),
    loadGrammar: async (scopeName) => (files[scopeName] ? parseRawGrammar(readFileSync(files[scopeName]!, 'utf8'), files[scopeName]) : null),
    getInjections: (scopeName) => (contribution.injectTo.includes(scopeName) ? [contribution.scopeName] : undefined),
  });
  grammar = (await registry.loadGrammar('text.html.markdown'))!;
});

/** The scopes of every character of the given lines, tokenized in order as an editor does. */
function scopesOf(lines: string[]): { text: string; scopes: string[] }[][] {
  let stack = INITIAL;
  return lines.map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return result.tokens.map((token) => ({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  });
}

const scopesAt = (tokens: { text: string; scopes: string[] }[], text: string) => tokens.find((token) => token.text === text)?.scopes ?? [];

describe('injection grammar', () => {
  test('scopes a canonical date tag and its brackets', () => {
    const [line] = scopesOf(['【2023-7-3】[Llama 2](https://example.com)']);
    assert.ok(scopesAt(line!, '【').includes('punctuation.definition.date-tag.begin.dated-notes'));
    assert.ok(scopesAt(line!, '2023-7-3').includes('constant.numeric.date.dated-notes'));
    assert.ok(scopesAt(line!, '】').includes('punctuation.definition.date-tag.end.dated-notes'));
  });

  test('scopes a slip as invalid', () => {
    const [line] = scopesOf(['【2023.07.03】 a slip']);
    assert.ok(scopesAt(line!, '【2023.07.03】').includes('invalid.deprecated.date-tag.dated-notes'));
  });

  test('scopes backticked names', () => {
    const [line] = scopesOf(['with `Stable Diffusion` and `OpenAI`']);
    assert.ok(scopesAt(line!, 'Stable Diffusion').includes('entity.name.type.dated-notes'));
    assert.ok(scopesAt(line!, 'OpenAI').includes('entity.name.type.dated-notes'));
  });

  test('leaves fenced code alone', () => {
    const lines = scopesOf(['```text', '【2023-7-3】 in a fence', '```']);
    assert.ok(lines[1]!.every((token) => !token.scopes.some((scope) => scope.endsWith('.dated-notes'))), JSON.stringify(lines[1]));
  });
});
