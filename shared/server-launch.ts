// How Node.js runs the language server, wherever it is started: the VS Code client's `execArgv`, the
// first line of the `dated-notes-server` bin (scripts/build.mjs), and the tests' and the bench's
// server process (tests/helpers/lsp-client.ts). The list itself is in server-node-options.json, which
// the build script reads as plain JSON.
import options from './server-node-options.json';

/**
 * `--v8-pool-size=1`: V8 compiles hot functions and helps its garbage collector on a pool of helper
 * threads, four of them by default whatever the machine has. When the server first sees a note, many
 * functions are compiled (or compiled again for the shapes of that note) at once; on two cores four
 * such threads left the thread that answers the editor waiting for a core, and the first keystrokes
 * in a note took several times as long as the rest. One helper thread leaves it a core. The README's
 * Speed section has the measurements.
 *
 * It is Node's option, read when Node.js starts: VS Code's desktop app runs the server in its own
 * Electron, which (going by Electron's source) sizes V8's pool itself and ignores it.
 */
export const SERVER_NODE_OPTIONS: readonly string[] = options;
