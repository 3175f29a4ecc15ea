# Sanitizer and fuzzing stages, shared by scripts/sanitize.sh, scripts/fuzz.sh and
# scripts/test.sh (V5_SANITIZERS=1, what CI runs). Source after scripts/lib/build.sh.
#
#   v5_san_configure MODE    configures the clang tree of MODE:
#                              asan  build-asan: -fsanitize=fuzzer-no-link,address,undefined;
#                                    the ASan + UBSan test executables and the three libFuzzer
#                                    targets share its one instrumented library build
#                              tsan  build-tsan: -fsanitize=thread
#   v5_san_build MODE        builds the test executables of MODE's labels (v5_tests_<label>)
#   v5_san_ctest MODE [ARG...]  runs them with ctest (servers must be up: lib/servers.sh);
#                            any sanitizer report aborts the test that produced it
#   v5_fuzz_build [TARGET...]   builds the fuzzers in the asan tree
#   v5_fuzz_run [TARGET...]  runs each fuzzer V5_FUZZ_SECONDS over its seed corpus
#
# Environment:
#   V5_ASAN_LABELS  labels of the ASan + UBSan run (default: unit foundation core records
#                   migrate backends security validation monitoring)
#   V5_TSAN_LABELS  labels of the TSan run (default: core monitoring: pool, transactions,
#                   async, monitoring)
#   V5_SAN_OPT      optimisation and debug flags of both trees (default: -O1 -g1; line tables
#                   are enough for symbolised reports and keep the build short)
#   V5_FUZZ_SECONDS seconds per fuzz target (default 30)
#   V5_JOBS         build and ctest jobs (default 2, from lib/build.sh)
# Tests also labelled servers (they stop and restart the servers), fault or soak (long-running)
# are left out of both runs; scripts/test.sh runs them uninstrumented.

V5_FUZZ_TARGETS=(spec_fuzzer dsn_fuzzer http_fuzzer api_fuzzer)

# Reports are fatal and symbolised; the LeakSanitizer suppressions name third-party code only.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/scripts/sanitizers/lsan.supp:print_suppressions=0}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1:suppressions=$root/scripts/sanitizers/tsan.supp}"

_v5_clang_cxx() {
  command -v clang++ || ls /usr/bin/clang++-* 2>/dev/null | sort -V | tail -n 1
}

_v5_san_dir() { echo "$root/build-$1"; }

_v5_san_labels() {
  case "$1" in
    asan) echo "${V5_ASAN_LABELS:-unit foundation core records migrate backends security validation monitoring}" ;;
    tsan) echo "${V5_TSAN_LABELS:-core monitoring}" ;;
  esac
}

v5_san_configure() {
  local mode="$1" cxx compile link fuzzers=OFF
  cxx="$(_v5_clang_cxx)"
  [[ -n "$cxx" ]] || { echo "sanitize: clang++ is not installed" >&2; return 2; }
  case "$mode" in
    asan)
      # UBSan's vptr check needs the type_info of SOCI's internal classes, which Debian's
      # libsoci does not export: it is left out (every other UBSan check stays on).
      # fuzzer-no-link adds libFuzzer's coverage instrumentation to the libraries without its
      # main(), so the test executables and the fuzzers link against the same build.
      compile="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined"
      link="-fsanitize=address,undefined -fno-sanitize=vptr"
      fuzzers=ON ;;
    tsan)
      compile="-fsanitize=thread"
      link="-fsanitize=thread" ;;
    *) echo "sanitize: unknown mode $mode (asan, tsan)" >&2; return 2 ;;
  esac
  cmake -S "$root" -B "$(_v5_san_dir "$mode")" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${V5_SAN_OPT:--O1 -g1} -DNDEBUG" \
    -DCMAKE_CXX_FLAGS="$compile -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="$link" -DCMAKE_SHARED_LINKER_FLAGS="$link" \
    -DV5_BUILD_TESTS=ON -DV5_BUILD_FUZZERS="$fuzzers" -DV5_BUILD_BENCH=OFF \
    -DV5_BUILD_GENERATOR=ON -DV5_BUILD_EXAMPLES=OFF -DV5_INSTALL=OFF >/dev/null
}

v5_san_build() {
  local mode="$1" labels targets=() label
  read -r -a labels <<<"$(_v5_san_labels "$mode")"
  for label in "${labels[@]}"; do
    targets+=(--target "v5_tests_$label")
  done
  cmake --build "$(_v5_san_dir "$mode")" --parallel "$V5_JOBS" "${targets[@]}"
}

v5_san_ctest() {
  local mode="$1" labels label_regex
  shift
  read -r -a labels <<<"$(_v5_san_labels "$mode")"
  label_regex="^($(IFS='|'; echo "${labels[*]}"))\$"
  echo "ctest -L '$label_regex' -LE '^(servers|fault|soak)\$' $*"
  ctest --test-dir "$(_v5_san_dir "$mode")" --parallel "$V5_JOBS" --output-on-failure \
    --no-tests=error --timeout 900 -L "$label_regex" -LE '^(servers|fault|soak)$' "$@"
}

v5_fuzz_build() {
  local targets=("$@") target args=()
  [[ ${#targets[@]} -eq 0 ]] && targets=("${V5_FUZZ_TARGETS[@]}")
  for target in "${targets[@]}"; do
    args+=(--target "$target")
  done
  cmake --build "$(_v5_san_dir asan)" --parallel "$V5_JOBS" "${args[@]}"
}

# New inputs go to build-asan/fuzz/corpus/<target> (the seeds in fuzz/corpus/<target> are never
# modified); a crash, a leak or a timeout (10 s per input) leaves its input in
# build-asan/fuzz/artifacts/ and fails. Prints one line per target: runs, and the log.
v5_fuzz_run() {
  local targets=("$@") target dir work log status=0 runs
  [[ ${#targets[@]} -eq 0 ]] && targets=("${V5_FUZZ_TARGETS[@]}")
  dir="$(_v5_san_dir asan)/fuzz"
  mkdir -p "$dir/artifacts"
  for target in "${targets[@]}"; do
    work="$dir/corpus/$target"
    log="$dir/$target.log"
    mkdir -p "$work"
    "$dir/$target" -max_total_time="${V5_FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/$target-" \
      "$work" "$root/fuzz/corpus/$target" >"$log" 2>&1
    local rc=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    if [[ $rc -ne 0 ]] || grep -qE '==[0-9]+==ERROR|^SUMMARY: |deadly signal|runtime error' "$log"; then
      echo "fuzz: $target FAILED (exit $rc); input in $dir/artifacts/, log $log:"
      grep -E '==[0-9]+==ERROR|^SUMMARY|runtime error|Test unit written' "$log" | head -n 20
      status=1
    else
      echo "fuzz: $target ok: ${runs:-?} inputs in ${V5_FUZZ_SECONDS:-30} s, corpus $(ls "$work" | wc -l) (log $log)"
    fi
  done
  return $status
}
