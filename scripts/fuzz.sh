#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (libraries instrumented with
# -fsanitize=fuzzer-no-link,address,undefined) and runs each over its seed corpus for
# V5_FUZZ_SECONDS seconds (default 30). New inputs go to $V5_FUZZ_BUILD_DIR/corpus/<target>
# (the seeds in fuzz/corpus/<target> are never modified); a crash leaves its input in
# $V5_FUZZ_BUILD_DIR/artifacts/ and fails the script. Every crash fixed keeps its input in
# fuzz/corpus/<target>/ as a regression seed.
#
# Usage: scripts/fuzz.sh [target...]     (default: spec_fuzzer dsn_fuzzer http_fuzzer)
# Environment: V5_FUZZ_SECONDS (30), V5_FUZZ_BUILD_DIR (build-fuzz), V5_JOBS (2).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${V5_FUZZ_SECONDS:-30}"
build="${V5_FUZZ_BUILD_DIR:-build-fuzz}"
jobs="${V5_JOBS:-2}"
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(spec_fuzzer dsn_fuzzer http_fuzzer)

clang_cxx="$(command -v clang++ || ls /usr/bin/clang++-* 2>/dev/null | sort -V | tail -n 1)"
[[ -n "$clang_cxx" ]] || { echo "fuzz.sh: clang++ is not installed" >&2; exit 2; }
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1

# UBSan's vptr check needs the type_info of SOCI's internal classes, which Debian's libsoci
# does not export: it is left out (every other UBSan check stays on).
sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined"
cmake -S "$root" -B "$root/$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER="$clang_cxx" -DCMAKE_CXX_FLAGS="$sanitizers -fno-omit-frame-pointer" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined -fno-sanitize=vptr" \
  -DV5_BUILD_FUZZERS=ON -DV5_BUILD_TESTS=OFF -DV5_BUILD_BENCH=OFF -DV5_BUILD_GENERATOR=OFF \
  -DV5_BUILD_EXAMPLES=OFF -DV5_INSTALL=OFF >/dev/null
cmake --build "$root/$build" --parallel "$jobs" $(printf -- '--target %s ' "${targets[@]}")

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1"
mkdir -p "$root/$build/artifacts"
status=0
for target in "${targets[@]}"; do
  work="$root/$build/corpus/$target"
  mkdir -p "$work"
  echo "==> $target: ${seconds}s"
  if ! "$root/$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$root/$build/artifacts/${target}-" \
      "$work" "$root/fuzz/corpus/$target" 2>&1 | tee "$root/$build/$target.log" |
      grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)'; then
    :
  fi
  if grep -qE '==[0-9]+==ERROR|^SUMMARY: (Address|UndefinedBehavior)|deadly signal|runtime error' \
      "$root/$build/$target.log"; then
    echo "fuzz.sh: $target crashed; input in $build/artifacts/ (log: $build/$target.log)"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "fuzz.sh: PASSED (${#targets[@]} targets, ${seconds}s each)"
exit $status
