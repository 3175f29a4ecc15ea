#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ in the clang ASan + UBSan tree (build-asan, shared with
# scripts/sanitize.sh asan) and runs each over its seed corpus for V5_FUZZ_SECONDS seconds
# (default 30); CI runs this after the tests (scripts/test.sh with V5_SANITIZERS=1).
# New inputs go to build-asan/fuzz/corpus/<target> (the seeds in fuzz/corpus/<target> are never
# modified); a crash, leak or timeout leaves its input in build-asan/fuzz/artifacts/ and fails
# the script. Every crash fixed keeps its input in fuzz/corpus/<target>/ as a regression seed.
#
# Usage: scripts/fuzz.sh [target...]     (default: spec_fuzzer dsn_fuzzer http_fuzzer api_fuzzer)
# Environment: V5_FUZZ_SECONDS (30), V5_JOBS (2); flags: scripts/lib/sanitize.sh.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/build.sh
source "$root/scripts/lib/build.sh"
# shellcheck source=lib/sanitize.sh
source "$root/scripts/lib/sanitize.sh"

V5_BUILD_DIR=build-asan
v5_ccache_env
v5_san_configure asan || exit 1
v5_fuzz_build "$@" || exit 1
if v5_fuzz_run "$@"; then
  echo "fuzz.sh: PASSED"
else
  exit 1
fi
