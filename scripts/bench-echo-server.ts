// A language server that does nothing: it answers every pull for diagnostics at once, with none. The
// bench times the keystroke loop against it too, so that a run shows what the protocol over stdio
// costs on the machine before any server work (the floor under the keystroke figures).
import { createConnection, DocumentDiagnosticReportKind, ProposedFeatures, TextDocumentSyncKind } from 'vscode-languageserver/node';

const connection = createConnection(ProposedFeatures.all);
connection.onInitialize(() => ({ capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental }, diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } }));
// What the bench's client waits for before it starts, as our server sends it when the workspace is read.
connection.onInitialized(() => void connection.sendNotification('datedNotes/indexing', { indexing: false }));
connection.onDidOpenTextDocument(() => undefined);
connection.onDidChangeTextDocument(() => undefined);
connection.onDidCloseTextDocument(() => undefined);
connection.languages.diagnostics.on(() => ({ kind: DocumentDiagnosticReportKind.Full, items: [] }));
connection.listen();
