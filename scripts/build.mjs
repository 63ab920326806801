// One esbuild call bundles the CLI, the language server and the VS Code client into dist/.
// CommonJS output: the VS Code extension host loads extensions with require().
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// The Node.js options the language server runs with (see shared/server-launch.ts), on its bin's first
// line: `env -S` splits them (GNU coreutils 8.30 and later, macOS, FreeBSD; npm's Windows shims too).
const serverOptions = JSON.parse(readFileSync('shared/server-node-options.json', 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: { cli: 'server/src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } }),
  build({ ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env -S node ${serverOptions.join(' ')}` } }),
  build({ ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] }),
]);

// The bins run directly (`dated-notes`, `dated-notes-server`) when linked or installed.
for (const bin of ['dist/cli.js', 'dist/server.js']) chmodSync(bin, 0o755);

// The entity dictionary ships as data beside the bundles: the YAML (what go to definition shows) and
// the same entries parsed and checked at build time, so that no run pays for parsing the YAML.
copyFileSync('server/data/entities.yaml', 'dist/entities.yaml');
const compiler = 'dist/.compile-dictionary.cjs';
await build({ ...common, sourcemap: false, entryPoints: ['server/src/entities/dictionary.ts'], outfile: compiler });
try {
  const { compileBuiltinEntities, BUILTIN_JSON } = createRequire(import.meta.url)(`../${compiler}`);
  const entities = compileBuiltinEntities('server/data/entities.yaml').map(({ source, ...entity }) => ({ ...entity, source: { range: source.range } }));
  writeFileSync(`dist/${BUILTIN_JSON}`, JSON.stringify(entities));
} finally {
  rmSync(compiler);
}
