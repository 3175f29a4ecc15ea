#!/usr/bin/env bash
# Sanitizer runs alone (CI runs them after the tests: scripts/test.sh with V5_SANITIZERS=1).
# asan: the test executables of a labelled subset built with clang's AddressSanitizer +
# UndefinedBehaviorSanitizer; tsan: the concurrency tests (pool, transactions, async,
# monitoring) with ThreadSanitizer. Each mode has its own build tree (build-asan, build-tsan)
# that builds only the test executables of its labels (targets v5_tests_<label>); private
# PostgreSQL and MariaDB servers are started as scripts/test.sh does. Any sanitizer report
# fails the test that produced it. Flags, labels and environment: scripts/lib/sanitize.sh.
#
# Usage: scripts/sanitize.sh [asan|tsan]... [-- ctest arguments]      (default: asan tsan)
#   e.g. scripts/sanitize.sh tsan -- -R Pool
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/build.sh
source "$root/scripts/lib/build.sh"
# shellcheck source=lib/servers.sh
source "$root/scripts/lib/servers.sh"
# shellcheck source=lib/sanitize.sh
source "$root/scripts/lib/sanitize.sh"
export V5_SOAK_SECONDS="${V5_SOAK_SECONDS:-5}"

modes=()
while [[ $# -gt 0 && "$1" != "--" ]]; do
  modes+=("$1")
  shift
done
[[ "${1:-}" == "--" ]] && shift
[[ ${#modes[@]} -eq 0 ]] && modes=(asan tsan)

V5_BUILD_DIR="build-${modes[0]}"
v5_ccache_env

trap 'v5_servers_stop' EXIT
v5_servers_start || exit 1

status=0
for mode in "${modes[@]}"; do
  echo "==> $mode: configure and build"
  if ! v5_san_configure "$mode" || ! v5_san_build "$mode"; then
    status=1
    continue
  fi
  echo "==> $mode: ctest"
  v5_san_ctest "$mode" "$@" || status=1
done
[[ $status -eq 0 ]] && echo "sanitize.sh: PASSED (${modes[*]})"
exit $status
