// `npm start`: lint the bundled examples (which hold deliberate mistakes) and print their timeline.
import { spawnSync } from 'node:child_process';

const cli = (args) => spawnSync(process.execPath, ['dist/cli.js', ...args], { stdio: 'inherit' }).status;

console.log('$ dated-notes lint examples');
const lintStatus = cli(['lint', 'examples']);
// Exit 1 means "errors were found", which the examples are written to show; anything else is a failure.
if (lintStatus !== 0 && lintStatus !== 1) process.exit(lintStatus ?? 2);
console.log('\n$ dated-notes timeline examples');
process.exit(cli(['timeline', 'examples']) ?? 2);
