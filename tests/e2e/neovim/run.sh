#!/usr/bin/env bash
# Neovim end-to-end test of dated-notes-server: headless Neovim (0.7 or later) starts the server
# through the package's bin, opens a note of a temporary copy of tests/e2e/workspace-lsp, and checks
# diagnostics, completion and go to definition. Ends with `neovim: N passed, N failed`; exit 1 when a
# check failed. Installs Debian's neovim only when missing. Needs `npm ci` (or `npm run build`) first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib.sh"
limit="${DN_E2E_TIMEOUT:-90}"

apt_install neovim
editor_site neovim
mkdir -p "$tmp/state"
echo "# $(nvim --version | head -1), node $(node --version)" >&2

# A clean Neovim whose files (logs, shada, swap) stay in the temporary folder; `timeout` bounds a hang.
status=0
HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/state" \
  PATH="$tmp/bin:$PATH" DN_WORKSPACE="$tmp/site" \
  timeout -k 5 "$limit" nvim --headless --clean -n -c "luafile $here/test.lua" </dev/null >"$tmp/out" 2>"$tmp/err" || status=$?
editor_finish neovim nvim "$status" "$limit"
