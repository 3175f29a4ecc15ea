# Shared build steps of the scripts. Source this file after setting `root` to the source tree.
#
#   v5_ccache_env            exports the ccache settings: one cache for every clone of the
#                            repository (~/.cache/ccache unless CCACHE_DIR is set), paths
#                            relative to the source tree, statistics of this run in
#                            $V5_BUILD_DIR/ccache-stats.log
#   v5_configure             configures $V5_BUILD_DIR (everything on: tests, bench, generator,
#                            examples), so the two commands share one build tree
#   v5_build [TARGET...]     builds the targets (default: all) with $V5_JOBS jobs
#
# Environment: V5_BUILD_DIR (default build), V5_BUILD_TYPE (default RelWithDebInfo),
# V5_JOBS (default 2).

V5_BUILD_DIR="${V5_BUILD_DIR:-build}"
V5_BUILD_TYPE="${V5_BUILD_TYPE:-RelWithDebInfo}"
V5_JOBS="${V5_JOBS:-2}"

v5_ccache_env() {
  command -v ccache >/dev/null || return 0
  export CCACHE_BASEDIR="$root"
  export CCACHE_NOHASHDIR=1
  mkdir -p "$root/$V5_BUILD_DIR"
  export CCACHE_STATSLOG="$root/$V5_BUILD_DIR/ccache-stats.log"
  rm -f "$CCACHE_STATSLOG"
}

# One line: hits and misses of this run.
v5_ccache_summary() {
  [[ -n "${CCACHE_STATSLOG:-}" && -f "$CCACHE_STATSLOG" ]] || return 0
  ccache --show-log-stats 2>/dev/null |
    awk '/^(  Hits|  Misses)/ {gsub(/^ +/, ""); gsub(/ +/, " "); printf "%s; ", $0}'
}

v5_configure() {
  cmake -S "$root" -B "$root/$V5_BUILD_DIR" -DCMAKE_BUILD_TYPE="$V5_BUILD_TYPE" \
    -DV5_BUILD_TESTS=ON -DV5_BUILD_BENCH=ON -DV5_BUILD_GENERATOR=ON -DV5_BUILD_EXAMPLES=ON
}

v5_build() {
  local targets=()
  local t
  for t in "$@"; do
    targets+=(--target "$t")
  done
  cmake --build "$root/$V5_BUILD_DIR" --parallel "$V5_JOBS" "${targets[@]}"
}
