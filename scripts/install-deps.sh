#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/packages.txt that are not installed yet, and
# the npm tools of scripts/npm (pinned by its package-lock.json) into scripts/npm/node_modules.
# Runs `apt-get update` and `npm ci` only when something is missing, so a rerun costs nothing.
# Usage: scripts/install-deps.sh [packages-file]     (as root, or with sudo available)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
list="${1:-$here/packages.txt}"

mapfile -t wanted < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$list" | grep -v '^$')

missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  if [[ "$status" != "installed" ]]; then
    missing+=("$pkg")
  fi
done

# The npm tools of the tests (Node.js comes with npm on these machines; see packages.txt).
install_npm_tools() {
  local dir="$here/npm"
  command -v npm >/dev/null || { echo "install-deps: npm not found (needed for scripts/npm)"; return 1; }
  if [[ -x "$dir/node_modules/.bin/redocly" &&
        ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]]; then
    return 0
  fi
  echo "install-deps: npm ci in scripts/npm"
  npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
}

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#wanted[@]} packages already installed"
  install_npm_tools
  exit 0
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
install_npm_tools
echo "install-deps: done"
