#!/usr/bin/env bash
# Emacs end-to-end test of dated-notes-server: Emacs 28 in batch mode with Debian's eglot starts the
# server through the package's bin (on PATH, as `npm install -g` puts it), opens a note of a temporary
# copy of tests/e2e/workspace-nvim, and checks diagnostics (through flymake), go to definition (through
# xref) and completion (through completion-at-point). Ends with `emacs: N passed, N failed`; exit 1 when
# a check failed. Installs emacs-nox and elpa-eglot only when missing. Needs `npm ci` (or `npm run build`).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
server="${DN_SERVER:-$repo/dist/server.js}"
limit="${DN_E2E_TIMEOUT:-90}"

if ! command -v emacs >/dev/null 2>&1 || [ ! -d /usr/share/emacs/site-lisp/elpa-src ] || ! ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1; then
  echo "# installing emacs-nox elpa-eglot (apt-get)" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
  install=(apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 emacs-nox elpa-eglot)
  "${sudo[@]}" "${install[@]}" >/dev/null || { "${sudo[@]}" apt-get update >/dev/null && "${sudo[@]}" "${install[@]}" >/dev/null; }
fi
if [ ! -f "$server" ]; then
  echo "not ok - setup: $server is missing (run npm ci or npm run build)"
  echo "emacs: 0 passed, 1 failed"
  exit 1
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/dated-notes-emacs.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
cp -R "$repo/tests/e2e/workspace-nvim" "$tmp/site"
mkdir -p "$tmp/home" "$tmp/bin"
# The bin on PATH as `npm install -g` puts it there; DN_SERVER points it elsewhere.
ln -s "$server" "$tmp/bin/dated-notes-server"
echo "# $(emacs --version | head -1), node $(node --version)" >&2

# -Q: no init files; HOME in the temporary folder keeps ~/.emacs.d untouched; `timeout` bounds a hang.
status=0
(cd "$tmp" && HOME="$tmp/home" PATH="$tmp/bin:$PATH" DN_WORKSPACE="$tmp/site" \
  timeout -k 5 "$limit" emacs --batch -Q -l "$here/test.el" </dev/null >"$tmp/out" 2>"$tmp/err") || status=$?
cat "$tmp/out"
if [ -s "$tmp/err" ]; then sed 's/^/# emacs stderr: /' "$tmp/err" >&2; fi
if ! tail -n 1 "$tmp/out" | grep -Eq '^emacs: [0-9]+ passed, [0-9]+ failed$'; then
  # Emacs died or hung before its summary: count what it printed, plus this failure.
  passed="$(grep -c '^ok - ' "$tmp/out" || true)"
  failed="$(grep -c '^not ok - ' "$tmp/out" || true)"
  if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then why="timed out after ${limit} s"; else why="emacs exited with status $status"; fi
  echo "not ok - emacs run: $why before its summary"
  echo "emacs: $passed passed, $((failed + 1)) failed"
  exit 1
fi
exit "$status"
