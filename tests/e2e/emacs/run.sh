#!/usr/bin/env bash
# Emacs end-to-end test of dated-notes-server: Emacs 28 in batch mode with Debian's eglot starts the
# server through the package's bin (on PATH, as `npm install -g` puts it), opens a note of a temporary
# copy of tests/e2e/workspace-lsp, and checks diagnostics (through flymake), go to definition (through
# xref) and completion (through completion-at-point). Ends with `emacs: N passed, N failed`; exit 1 when
# a check failed. Installs emacs-nox and elpa-eglot only when missing. Needs `npm ci` (or `npm run build`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib.sh"
limit="${DN_E2E_TIMEOUT:-90}"

apt_install emacs-nox elpa-eglot
editor_site emacs
echo "# $(emacs --version | head -1), node $(node --version)" >&2

# -Q: no init files; HOME in the temporary folder keeps ~/.emacs.d untouched; `timeout` bounds a hang.
status=0
(cd "$tmp" && HOME="$tmp/home" PATH="$tmp/bin:$PATH" DN_WORKSPACE="$tmp/site" \
  timeout -k 5 "$limit" emacs --batch -Q -l "$here/test.el" </dev/null >"$tmp/out" 2>"$tmp/err") || status=$?
editor_finish emacs emacs "$status" "$limit"
