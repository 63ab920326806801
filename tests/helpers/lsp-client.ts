// A small LSP client for protocol tests: starts the bundled server over stdio, answers what a server
// asks of an editor, and lets a test await notifications instead of sleeping.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { SERVER_NODE_OPTIONS } from '../../shared/server-launch';

export const SERVER = join(__dirname, '..', '..', 'dist', 'server.js');

export interface Client {
  connection: MessageConnection;
  process: ChildProcess;
  /** Resolves with the first notification of `method` (from now on) that `accept` takes. */
  next<T>(method: string, accept?: (params: T) => boolean): Promise<T>;
  uri(path: string): string;
  stop(): Promise<void>;
  stderr(): string;
}

/** `observe` sees every notification from the start, before `initialize` has been answered. */
export async function startServer(
  root: string,
  options: { pull?: boolean; settings?: unknown; env?: NodeJS.ProcessEnv; execArgv?: string[]; server?: string; bin?: boolean } = {},
  observe?: (method: string, params: unknown) => void,
): Promise<Client> {
  // Node.js runs the server as every editor starts it (SERVER_NODE_OPTIONS); `server`: another
  // server's script (the bench's server that does nothing), run the same way, plus `execArgv`.
  // `bin`: the bin run as a program, as `dated-notes-server --stdio` is (its first line starts Node.js).
  const [program, args] = options.bin ? [SERVER, ['--stdio']] : [process.execPath, [...SERVER_NODE_OPTIONS, ...(options.execArgv ?? []), options.server ?? SERVER, '--stdio']];
  const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { method: string; accept: (params: unknown) => boolean; resolve: (params: unknown) => void }[] = [];
  const deliver = (method: string, params: unknown) => {
    for (const waiter of [...waiters]) {
      if (waiter.method === method && waiter.accept(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  };
  connection.onNotification((method, params) => {
    observe?.(method, params);
    deliver(method, params);
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.settings ?? null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  // Error messages the server shows the user (a configuration error): seen as notifications by tests.
  connection.onRequest('window/showMessageRequest', (params: unknown) => {
    observe?.('window/showMessageRequest', params);
    deliver('window/showMessageRequest', params);
    return null;
  });
  connection.onRequest('workspace/diagnostic/refresh', () => {
    deliver('workspace/diagnostic/refresh', {});
    return null;
  });
  connection.listen();
  const rootUri = pathToFileURL(root).href;
  const client: Client = {
    connection,
    process: child,
    next: <T>(method: string, accept: (params: T) => boolean = () => true) =>
      new Promise<T>((resolve) => waiters.push({ method, accept: accept as (params: unknown) => boolean, resolve: resolve as (params: unknown) => void })),
    uri: (path) => pathToFileURL(join(root, path)).href,
    stderr: () => stderr,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // the server may already be gone
      }
      await exited;
      connection.dispose();
    },
  };
  const indexed = client.next<{ indexing: boolean }>('datedNotes/indexing', (status) => !status.indexing);
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'notes' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        ...(options.pull === false ? {} : { diagnostic: { dynamicRegistration: false } }),
        publishDiagnostics: {},
        synchronization: { didSave: true },
        rename: { prepareSupport: true },
      },
      window: { workDoneProgress: true },
    },
  });
  connection.sendNotification('initialized', {});
  await indexed;
  return client;
}
