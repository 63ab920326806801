// The VS Code client: placeholder until the language-server issue wires vscode-languageclient.
import type { ExtensionContext } from 'vscode';

export function activate(_context: ExtensionContext): void {}

export function deactivate(): void {}
