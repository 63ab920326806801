// package.json's contributions agree with the code that implements them.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import picomatch from 'picomatch';
import packageJson from '../package.json';
import { DEFAULT_SETTINGS, SETTINGS_SECTION } from '../shared/protocol';

const root = join(__dirname, '..');
const source = (path: string) => readFileSync(join(root, path), 'utf8');
const contributes = packageJson.contributes;

test('every contributed command is registered by the extension, and every registered one is contributed', () => {
  const extension = source('client/src/extension.ts');
  const registered = [...extension.matchAll(/^\s+'(datedNotes\.[A-Za-z]+)':/gm)].map((match) => match[1]);
  const contributed = contributes.commands.map((command) => command.command);
  // datedNotes.reveal is the views' click target, not a palette command.
  assert.deepEqual(registered.filter((id) => id !== 'datedNotes.reveal').sort(), [...contributed].sort());
  for (const command of contributes.commands) assert.equal(command.category, 'Dated Notes', command.command);
});

test('menus and key bindings name contributed commands', () => {
  const ids = new Set(contributes.commands.map((command) => command.command));
  const used = [...Object.values(contributes.menus).flat().map((item) => item.command), ...contributes.keybindings.map((binding) => binding.command)];
  for (const id of used) assert.ok(ids.has(id), `${id} is not a contributed command`);
});

test('the two views exist in their own container, and the code creates them', () => {
  assert.deepEqual(contributes.viewsContainers.activitybar.map((container) => container.id), ['datedNotes']);
  assert.deepEqual(contributes.views.datedNotes.map((view) => view.id), ['datedNotes.outline', 'datedNotes.timeline']);
  for (const view of contributes.views.datedNotes) assert.notEqual(view.name, 'Timeline', 'VS Code already has a view called Timeline');
  assert.match(source('client/src/views/outline-view.ts'), /createTreeView\('datedNotes\.outline'/);
  assert.match(source('client/src/views/timeline-view.ts'), /createTreeView\('datedNotes\.timeline'/);
  assert.ok(existsSync(join(root, contributes.viewsContainers.activitybar[0]!.icon)));
});

test('every setting the server reads is contributed, with a description and the same default', () => {
  const properties = contributes.configuration.properties as Record<string, { description: string; default: unknown; enum?: string[] }>;
  const read: Record<string, unknown> = { [`${SETTINGS_SECTION}.lint.run`]: DEFAULT_SETTINGS.lint.run, [`${SETTINGS_SECTION}.trace.server`]: 'off' };
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(read).sort());
  for (const [key, value] of Object.entries(read)) {
    assert.equal(properties[key]!.default, value, key);
    assert.ok(properties[key]!.description.length > 20, `${key} has a description`);
  }
  assert.deepEqual(properties['datedNotes.lint.run']!.enum, ['onType', 'onSave']);
});

test('the grammar and the schema are where package.json says, and they parse', () => {
  const grammar = JSON.parse(source(contributes.grammars[0]!.path)) as { scopeName: string };
  assert.equal(grammar.scopeName, contributes.grammars[0]!.scopeName);
  JSON.parse(source(contributes.jsonValidation[0]!.url));
});

test('the .vsix allowlist takes the bundles and every contributed file, and leaves the rest out', () => {
  const patterns = source('.vscodeignore').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  const included = (path: string) => {
    let keep = true;
    for (const pattern of patterns) {
      const negated = pattern.startsWith('!');
      if (picomatch(negated ? pattern.slice(1) : pattern, { dot: true })(path)) keep = negated;
    }
    return keep;
  };
  const wanted = [packageJson.main, 'dist/server.js', 'dist/entities.yaml', 'dist/entities.json', 'README.md', 'LICENSE', 'package.json', contributes.grammars[0]!.path, contributes.jsonValidation[0]!.url, contributes.viewsContainers.activitybar[0]!.icon];
  for (const path of wanted) assert.ok(included(path.replace(/^\.\//, '')), `${path} is packaged`);
  for (const path of ['node_modules/yaml/package.json', 'server/src/server.ts', 'tests/cli.test.ts', 'dist/cli.js.map', 'examples/_config.yml']) assert.ok(!included(path), `${path} is left out`);
});

test('workspace trust: limited support, still linting, with every setting that names a file restricted', () => {
  const trust = (packageJson as { capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string; restrictedConfigurations?: string[] } } }).capabilities?.untrustedWorkspaces;
  assert.ok(trust, 'capabilities.untrustedWorkspaces is declared');
  assert.equal(trust.supported, 'limited');
  assert.ok((trust.description ?? '').length > 40, 'the limits are described');
  const properties = contributes.configuration.properties as Record<string, { type: string; description: string }>;
  // A setting names a file when its description or type says so; none does today, and any that is
  // added must be listed as restricted.
  const namesFiles = Object.entries(properties).filter(([key, property]) => /\b(path|file|folder|directory|executable|command)\b/i.test(`${key} ${property.description}`)).map(([key]) => key);
  assert.deepEqual([...(trust.restrictedConfigurations ?? [])].sort(), namesFiles.sort());
  for (const key of trust.restrictedConfigurations ?? []) assert.ok(key in properties, `${key} is a contributed setting`);
  // The extension starts the server (and so lints) whatever the trust: it never asks for it.
  assert.doesNotMatch(source('client/src/extension.ts'), /isTrusted|onDidGrantWorkspaceTrust/);
});
