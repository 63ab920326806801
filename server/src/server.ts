// `dated-notes-server --stdio`: placeholder until the language-server issue; it answers `--version`.
import packageJson from '../../package.json';

if (process.argv.includes('--version')) {
  process.stdout.write(`${packageJson.version}\n`);
} else {
  process.stderr.write('dated-notes-server: the language server is not built yet; run `dated-notes lint` instead.\n');
  process.exitCode = 2;
}
