#!/usr/bin/env bash
# The main job: installs what is missing, builds the quickstart example and runs it on the
# shop spec with SQLite: it creates the schema and does a round trip, printing what it did.
#
# Usage: scripts/run-example.sh [SPEC]
#   SPEC defaults to ../shared/examples/shop.yaml when that exists, else examples/specs/shop.yaml.
# Environment: V5_BUILD_DIR, V5_BUILD_TYPE, V5_JOBS (see scripts/lib/build.sh),
#   V5_SKIP_INSTALL=1 to skip the package check, SHOP_DB (default: a fresh file in the build tree).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/build.sh
source "$root/scripts/lib/build.sh"

spec="${1:-}"
if [[ -z "$spec" ]]; then
  if [[ -f "$root/../shared/examples/shop.yaml" ]]; then
    spec="$root/../shared/examples/shop.yaml"
  else
    spec="$root/examples/specs/shop.yaml"
  fi
fi

if [[ "${V5_SKIP_INSTALL:-0}" != 1 ]]; then
  "$root/scripts/install-deps.sh"
fi
v5_ccache_env
v5_configure >/dev/null
v5_build quickstart

if [[ -z "${SHOP_DB:-}" ]]; then
  export SHOP_DB="$root/$V5_BUILD_DIR/examples/shop.db"
  rm -f "$SHOP_DB" "$SHOP_DB-wal" "$SHOP_DB-shm" "$SHOP_DB-journal"
fi
echo
echo "==> quickstart $spec (SQLite database $SHOP_DB)"
exec "$root/$V5_BUILD_DIR/examples/quickstart/quickstart" "$spec"
