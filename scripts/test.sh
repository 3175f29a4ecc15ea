#!/usr/bin/env bash
# The test command: installs what is missing, configures and builds everything, starts private
# PostgreSQL and MariaDB servers, runs every test with ctest, stops the servers whatever
# happened, prints a summary and exits non-zero on any failure.
#
# Usage: scripts/test.sh [ctest arguments...]      e.g. scripts/test.sh -R Pool -L backends
#
# Environment:
#   V5_BUILD_DIR      build directory (default: build)
#   V5_BUILD_TYPE     CMAKE_BUILD_TYPE (default: RelWithDebInfo)
#   V5_JOBS           parallel build jobs and ctest jobs (default: 2)
#   V5_SOAK_SECONDS   how long tests labelled `soak` run (default: 5, the short form CI runs)
#   V5_SKIP_INSTALL   set to 1 to skip the package check (scripts/install-deps.sh)
# Exported to the tests: V5_TEST_PG_DSN, V5_TEST_MYSQL_DSN, V5_TEST_MYSQL_ROOT_DSN,
#   V5_TEST_PG_BIN, V5_SOAK_SECONDS (see scripts/lib/servers.sh).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_dir="${V5_BUILD_DIR:-build}"
build_type="${V5_BUILD_TYPE:-RelWithDebInfo}"
jobs="${V5_JOBS:-2}"
export V5_SOAK_SECONDS="${V5_SOAK_SECONDS:-5}"

# shellcheck source=lib/servers.sh
source "$root/scripts/lib/servers.sh"

start_time=$SECONDS
steps=()
failed_step=""
ctest_line=""

step_begin() {
  step_name="$1"
  step_start=$SECONDS
  printf '\n==> %s\n' "$step_name"
}

step_end() {
  steps+=("$(printf '%-10s %-4s %4ss' "$step_name" "$1" $((SECONDS - step_start)))")
}

finish() {
  local rc=$?
  trap - EXIT
  v5_servers_stop
  [[ -n "$failed_step" ]] && rc=1
  printf '\n==> Summary\n'
  printf '  %s\n' "${steps[@]}"
  printf '  total      %ss\n' $((SECONDS - start_time))
  if [[ -n "${CCACHE_STATSLOG:-}" && -f "$CCACHE_STATSLOG" ]]; then
    printf '  ccache     %s\n' "$(ccache --show-log-stats 2>/dev/null |
      awk '/^(Cacheable calls|  Hits|  Misses)/ {gsub(/^ +/, ""); gsub(/ +/, " "); printf "%s; ", $0}')"
  fi
  # On success ctest's closing line comes last, as the runner reports it.
  if [[ $rc -eq 0 ]]; then
    echo "test.sh: PASSED"
    echo "$ctest_line"
  else
    [[ -n "$ctest_line" ]] && echo "ctest: $ctest_line"
    echo "test.sh: FAILED${failed_step:+ at step '$failed_step'}"
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM

fail() {
  failed_step="$step_name"
  step_end FAIL
  exit 1
}

step_begin packages
if [[ "${V5_SKIP_INSTALL:-0}" != 1 ]]; then
  "$root/scripts/install-deps.sh" || fail
fi
step_end ok

# ccache: a cache shared by every clone of the repository (paths relative to the source dir).
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR="$root"
  export CCACHE_NOHASHDIR=1
  mkdir -p "$build_dir"
  export CCACHE_STATSLOG="$root/$build_dir/ccache-stats.log"
  rm -f "$CCACHE_STATSLOG"
fi

step_begin configure
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DV5_BUILD_TESTS=ON \
  -DV5_BUILD_BENCH=ON -DV5_BUILD_GENERATOR=ON -DV5_BUILD_EXAMPLES=ON || fail
step_end ok

step_begin build
cmake --build "$build_dir" --parallel "$jobs" || fail
step_end ok

step_begin servers
v5_servers_start || fail
step_end ok

step_begin ctest
ctest_log="$build_dir/ctest.log"
ctest --test-dir "$build_dir" --parallel "$jobs" --output-on-failure --no-tests=error \
  --timeout 900 "$@" 2>&1 | tee "$ctest_log"
ctest_rc=${PIPESTATUS[0]}
ctest_line="$(grep -E '^[0-9]+% tests passed' "$ctest_log" | tail -n 1)"
if [[ $ctest_rc -ne 0 ]]; then
  fail
fi
# A skipped test is a failure: every backend must really run.
if grep -qE '\(Skipped\)|\(Disabled\)' "$ctest_log"; then
  echo "test.sh: some tests were skipped or disabled (see above); nothing may be skipped"
  fail
fi
step_end ok
