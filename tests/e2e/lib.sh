# Shared by the real-editor scripts (sourced, not run): Debian packages installed only when missing, and
# for the scripts that drive the server from another editor (neovim/, emacs/), the temporary site, the
# server's bin on PATH, and the summary line when the editor died before printing its own.

# apt_install PACKAGE...: installs those not installed yet (dpkg's status), quietly; shows apt's log on failure.
apt_install() {
  local missing=() package
  for package in "$@"; do dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  echo "# apt-get install ${missing[*]}" >&2
  local sudo=() log
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  log=$(mktemp)
  "${sudo[@]}" apt-get update -qq >"$log" 2>&1
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 "${missing[@]}" >>"$log" 2>&1 ||
    { cat "$log" >&2; rm -f "$log"; return 1; }
  rm -f "$log"
}

# editor_site NAME: checks that the server is built, then sets `tmp` to a temporary folder (removed on
# exit) holding `site` (a copy of tests/e2e/workspace-lsp), `home`, and `bin` with `dated-notes-server`
# linked to the server as `npm install -g` puts it on PATH (DN_SERVER points it elsewhere). NAME is
# the suite's name in its summary line.
editor_site() {
  local name="$1" repo
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local server="${DN_SERVER:-$repo/dist/server.js}"
  if [ ! -f "$server" ]; then
    echo "not ok - setup: $server is missing (run npm ci or npm run build)"
    echo "$name: 0 passed, 1 failed"
    exit 1
  fi
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/dated-notes-$name.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  cp -R "$repo/tests/e2e/workspace-lsp" "$tmp/site"
  mkdir -p "$tmp/home" "$tmp/bin"
  ln -s "$server" "$tmp/bin/dated-notes-server"
}

# editor_finish NAME PROGRAM STATUS LIMIT: prints the editor's output ($tmp/out, and $tmp/err on
# stderr) and exits. When the editor died or hung before its summary line, the checks it printed are
# counted, plus this failure.
editor_finish() {
  local name="$1" program="$2" status="$3" limit="$4"
  cat "$tmp/out"
  if [ -s "$tmp/err" ]; then sed "s/^/# $program stderr: /" "$tmp/err" >&2; fi
  if ! tail -n 1 "$tmp/out" | grep -Eq "^$name: [0-9]+ passed, [0-9]+ failed\$"; then
    local passed failed why
    passed="$(grep -c '^ok - ' "$tmp/out" || true)"
    failed="$(grep -c '^not ok - ' "$tmp/out" || true)"
    if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then why="timed out after ${limit} s"; else why="$program exited with status $status"; fi
    echo "not ok - $name run: $why before its summary"
    echo "$name: $passed passed, $((failed + 1)) failed"
    exit 1
  fi
  exit "$status"
}
