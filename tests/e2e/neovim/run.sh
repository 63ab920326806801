#!/usr/bin/env bash
# Neovim end-to-end test of dated-notes-server: headless Neovim (0.7 or later) starts the server
# through the package's bin, opens a note of a temporary copy of tests/e2e/workspace-nvim, and checks
# diagnostics, completion and go to definition. Ends with `neovim: N passed, N failed`; exit 1 when a
# check failed. Installs Debian's neovim only when `nvim` is missing. Needs `npm ci` (or `npm run build`) first.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
server="${DN_SERVER:-$repo/dist/server.js}"
limit="${DN_E2E_TIMEOUT:-90}"

if ! command -v nvim >/dev/null 2>&1; then
  echo "# installing neovim (apt-get)" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get install -y -o DPkg::Lock::Timeout=300 neovim >/dev/null ||
    { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" apt-get install -y -o DPkg::Lock::Timeout=300 neovim >/dev/null; }
fi
if [ ! -f "$server" ]; then
  echo "not ok - setup: $server is missing (run npm ci or npm run build)"
  echo "neovim: 0 passed, 1 failed"
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dated-notes-nvim.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cp -R "$repo/tests/e2e/workspace-nvim" "$tmp/site"
mkdir -p "$tmp/home" "$tmp/state" "$tmp/bin"
# The bin on PATH as `npm install -g` puts it there; DN_SERVER points it elsewhere.
ln -s "$server" "$tmp/bin/dated-notes-server"
echo "# $(nvim --version | head -1), node $(node --version)" >&2

# A clean Neovim whose files (logs, shada, swap) stay in the temporary folder; `timeout` bounds a hang.
status=0
HOME="$tmp/home" XDG_STATE_HOME="$tmp/state" XDG_CACHE_HOME="$tmp/state" XDG_DATA_HOME="$tmp/state" \
  PATH="$tmp/bin:$PATH" DN_WORKSPACE="$tmp/site" \
  timeout -k 5 "$limit" nvim --headless --clean -n -c "luafile $here/test.lua" </dev/null >"$tmp/out" 2>"$tmp/err" || status=$?
cat "$tmp/out"
if [ -s "$tmp/err" ]; then sed 's/^/# nvim stderr: /' "$tmp/err" >&2; fi
if ! tail -n 1 "$tmp/out" | grep -Eq '^neovim: [0-9]+ passed, [0-9]+ failed$'; then
  # Neovim died or hung before its summary: count what it printed, plus this failure.
  passed="$(grep -c '^ok - ' "$tmp/out" || true)"
  failed="$(grep -c '^not ok - ' "$tmp/out" || true)"
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then why="timed out after ${limit} s"; else why="nvim exited with status $status"; fi
  echo "not ok - neovim run: $why before its summary"
  echo "neovim: $passed passed, $((failed + 1)) failed"
  exit 1
fi
exit "$status"
