#!/usr/bin/env bash
# Sanitizer runs: a labelled subset of the test suite built with AddressSanitizer +
# UndefinedBehaviorSanitizer, and the concurrency tests (pool, transactions, async, monitoring)
# with ThreadSanitizer. Each in its own build tree that builds only the test executables of
# its labels (targets v5_tests_<label>); private PostgreSQL and MariaDB servers are started as
# scripts/test.sh does. Any sanitizer report fails the test that produced it.
#
# Usage: scripts/sanitize.sh [asan|tsan]...       (default: both)
# Environment:
#   V5_ASAN_LABELS  labels of the ASan+UBSan run (default: unit foundation core records
#                   migrate backends security validation monitoring)
#   V5_TSAN_LABELS  labels of the TSan run (default: core monitoring)
#   Tests also labelled servers (they stop and restart the shared servers), fault or soak
#   (long-running) are left out of both; scripts/test.sh runs them unsanitized.
#   V5_JOBS         build and ctest jobs (default 2)
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/build.sh
source "$root/scripts/lib/build.sh"
# shellcheck source=lib/servers.sh
source "$root/scripts/lib/servers.sh"
export V5_SOAK_SECONDS="${V5_SOAK_SECONDS:-5}"
modes=("$@")
[[ ${#modes[@]} -eq 0 ]] && modes=(asan tsan)

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"

trap 'v5_servers_stop' EXIT
v5_servers_start || exit 1

status=0
for mode in "${modes[@]}"; do
  case "$mode" in
    asan)
      # vptr needs the type_info of SOCI's internal classes, which Debian's libsoci does not
      # export; every other UBSan check stays on.
      flags="-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined"
      labels=(${V5_ASAN_LABELS:-unit foundation core records migrate backends security validation monitoring}) ;;
    tsan)
      flags="-fsanitize=thread"
      labels=(${V5_TSAN_LABELS:-core monitoring}) ;;
    *) echo "sanitize.sh: unknown mode $mode (asan, tsan)" >&2; exit 2 ;;
  esac
  label_regex="^($(IFS='|'; echo "${labels[*]}"))\$"
  select=(-L "$label_regex" -LE '^(servers|fault|soak)$')
  V5_BUILD_DIR="build-$mode"
  v5_ccache_env
  echo "==> $mode: configure and build"
  cmake -S "$root" -B "$root/$V5_BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" \
    -DV5_BUILD_TESTS=ON -DV5_BUILD_BENCH=OFF -DV5_BUILD_GENERATOR=ON -DV5_BUILD_EXAMPLES=OFF \
    >/dev/null || { status=1; continue; }
  v5_build "${labels[@]/#/v5_tests_}" || { status=1; continue; }
  echo "==> $mode: ctest ${select[*]}"
  ctest --test-dir "$root/$V5_BUILD_DIR" --parallel "$V5_JOBS" --output-on-failure \
    --no-tests=error --timeout 900 "${select[@]}" || status=1
done
[[ $status -eq 0 ]] && echo "sanitize.sh: PASSED (${modes[*]})"
exit $status
