# Shared by bench/compare_pgbench.sh and bench/compare_sysbench.sh (sourced, not run).
#
#   V5BENCH               the v5bench executable (default: build/bench/v5bench of the checkout)
#   V5_COMPARE_SECONDS    seconds of each measured run (default 20)

V5_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
V5BENCH="${V5BENCH:-$V5_ROOT/build/bench/v5bench}"
V5_COMPARE_SECONDS="${V5_COMPARE_SECONDS:-20}"

# Fails unless the v5bench executable exists.
v5_compare_require_bench() {
  if [[ ! -x "$V5BENCH" ]]; then
    echo "compare: $V5BENCH not found; build it: cmake --build build --target v5bench" >&2
    exit 1
  fi
}

# v5_compare_bench FILTER: runs the v5bench benchmarks matching FILTER for V5_COMPARE_SECONDS
# and prints the items_per_second of the (last) one that ran. Exits on a benchmark error.
v5_compare_bench() {
  local filter="$1" json
  json="$(mktemp)"
  "$V5BENCH" --benchmark_filter="$filter" --benchmark_min_time="$V5_COMPARE_SECONDS" \
    --benchmark_format=json >"$json"
  python3 - "$json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
if not runs:
    sys.exit("compare: no benchmark matched")
run = runs[-1]
if run.get("error_occurred"):
    sys.exit("compare: %s: %s" % (run["name"], run.get("error_message", "")))
print("%.1f" % run["items_per_second"])
PY
  local status=$?
  rm -f "$json"
  return $status
}

# v5_compare_report LABEL BASELINE_NAME BASELINE_RATE V5_RATE: one result line with the ratio.
v5_compare_report() {
  python3 - "$@" <<'PY'
import sys
label, baseline, base, v5 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
print("%-22s %-9s %12.1f/s   v5 %12.1f/s   ratio %.3f" % (label, baseline, base, v5, v5 / base))
PY
}
