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
#   V5_SANITIZERS     set to 1 (.ci/run does) to add the sanitizer and fuzz stages after the
#                     tests, against the same servers: asan-build + asan-test (ASan + UBSan,
#                     V5_ASAN_LABELS), tsan-build + tsan-test (TSan, V5_TSAN_LABELS), fuzz
#                     (each libFuzzer target V5_FUZZ_SECONDS, default 30); see lib/sanitize.sh
# Exported to the tests: V5_TEST_PG_DSN, V5_TEST_MYSQL_DSN, V5_TEST_MYSQL_ROOT_DSN,
#   V5_TEST_PG_BIN, V5_TEST_GALERA_DSNS, V5_TEST_GALERA_DIR, V5_SOAK_SECONDS (see
#   scripts/lib/servers.sh).
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export V5_SOAK_SECONDS="${V5_SOAK_SECONDS:-5}"

# shellcheck source=lib/build.sh
source "$root/scripts/lib/build.sh"
# shellcheck source=lib/servers.sh
source "$root/scripts/lib/servers.sh"
# shellcheck source=lib/sanitize.sh
source "$root/scripts/lib/sanitize.sh"

start_time=$SECONDS
steps=()
failed_step=""
ctest_line=""

step_begin() {
  step_name="$1"
  step_start=$SECONDS
  printf '\n==> %s\n' "$step_name"
}

# step_end STATUS [NOTE]: one line of the summary.
step_end() {
  steps+=("$(printf '%-10s %-4s %4ss%s' "$step_name" "$1" $((SECONDS - step_start)) "${2:+  $2}")")
}

finish() {
  local rc=$?
  trap - EXIT
  v5_servers_stop
  [[ -n "$failed_step" ]] && rc=1
  printf '\n==> Summary\n'
  printf '  %s\n' "${steps[@]}"
  printf '  total      %ss\n' $((SECONDS - start_time))
  local cc
  cc="$(v5_ccache_summary)"
  [[ -n "$cc" ]] && printf '  ccache     %s\n' "$cc"
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

v5_ccache_env

step_begin configure
v5_configure || fail
step_end ok

step_begin build
v5_build || fail
step_end ok

step_begin servers
v5_servers_start || fail
step_end ok

step_begin ctest
ctest_log="$V5_BUILD_DIR/ctest.log"
ctest --test-dir "$V5_BUILD_DIR" --parallel "$V5_JOBS" --output-on-failure --no-tests=error \
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

[[ "${V5_SANITIZERS:-0}" == 1 ]] || exit 0

# ctest's closing line of a sanitizer run, for the summary.
san_ctest() {
  local mode="$1" log="$root/build-$1/ctest.log" line
  v5_san_ctest "$mode" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  line="$(grep -E '^[0-9]+% tests passed' "$log" | tail -n 1)"
  if [[ $rc -ne 0 ]] || grep -qE '\(Skipped\)|\(Disabled\)' "$log"; then
    failed_step="$step_name"
    step_end FAIL "$line"
    exit 1
  fi
  step_end ok "$line"
}

for mode in asan tsan; do
  step_begin "$mode-build"
  v5_san_configure "$mode" || fail
  v5_san_build "$mode" || fail
  if [[ $mode == asan ]]; then
    v5_fuzz_build || fail
  fi
  step_end ok
  step_begin "$mode-test"
  san_ctest "$mode"
done

step_begin fuzz
fuzz_log="$root/build-asan/fuzz/summary.log"
v5_fuzz_run | tee "$fuzz_log"
[[ ${PIPESTATUS[0]} -eq 0 ]] || fail
step_end ok "$(sed -n 's/^fuzz: \([a-z_]*\) ok: \([0-9]*\) inputs.*/\1 \2/p' "$fuzz_log" | paste -sd, - | sed 's/,/, /g') inputs"
