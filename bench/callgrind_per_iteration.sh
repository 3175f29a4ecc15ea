#!/usr/bin/env bash
# Instructions per iteration of v5bench benchmarks, counted by callgrind (repeatable, unlike
# CPU time on a shared machine). Each benchmark runs twice under
# `valgrind --tool=callgrind`, with V5_BENCH_ITERATIONS=N1 and =N2 (the benchmark must be
# registered with `->Apply(v5bench::iterations_from_env)`, bench/support/fixed_iterations.hpp);
# start-up, set-up and tear-down cancel out in the difference of the two program totals:
#
#   instructions per iteration = (total(N2) - total(N1)) / ((N2 - N1) * threads)
#
# where `threads` is the benchmark's threads:<n> (each thread runs N iterations). Callgrind
# runs the threads one at a time, so a multi-threaded count shows the work per iteration, not
# the cost of contention.
#
# Usage: bench/callgrind_per_iteration.sh FILTER [FILTER...]
#   FILTER: a --benchmark_filter regex matching exactly one benchmark, e.g.
#           'BM_PoolAcquireRelease/v5/.*threads:1$'. Each line after the first also prints
#           its ratio to the first.
# Environment: V5_BENCH_BIN (default build/bench/v5bench of this checkout),
#              V5_CALLGRIND_N1 / V5_CALLGRIND_N2 (default 2000 / 12000),
#              V5_CALLGRIND_KEEP=1 keeps the callgrind.out files (printed) for callgrind_annotate.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${V5_BENCH_BIN:-$root/build/bench/v5bench}
n1=${V5_CALLGRIND_N1:-2000}
n2=${V5_CALLGRIND_N2:-12000}

if [[ $# -lt 1 ]]; then
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
[[ -x $bin ]] || { echo "error: $bin not found; build the v5bench target" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "error: valgrind not installed" >&2; exit 2; }
(( n2 > n1 && n1 > 0 )) || { echo "error: need 0 < V5_CALLGRIND_N1 < V5_CALLGRIND_N2" >&2; exit 2; }

work=$(mktemp -d)
[[ ${V5_CALLGRIND_KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT

# Total instructions of one run of FILTER with N iterations.
total() {
  local filter=$1 n=$2 out=$work/callgrind.out.$3
  V5_BENCH_ITERATIONS=$n valgrind --tool=callgrind --callgrind-out-file="$out" \
      "$bin" --benchmark_filter="$filter" >"$work/log.$3" 2>&1 \
    || { cat "$work/log.$3" >&2; echo "error: valgrind run failed" >&2; exit 1; }
  awk '/^(summary|totals):/ { print $2; exit }' "$out"
}

first=""
index=0
for filter in "$@"; do
  names=$(V5_BENCH_ITERATIONS=$n1 "$bin" --benchmark_filter="$filter" --benchmark_list_tests)
  count=$(grep -c . <<<"$names" || true)
  if [[ $count -ne 1 ]]; then
    echo "error: filter '$filter' matches $count benchmarks (need 1):" >&2
    echo "$names" >&2
    exit 2
  fi
  if [[ ! $names =~ /iterations:$n1 ]]; then
    echo "error: $names does not take V5_BENCH_ITERATIONS (register it with" \
         "->Apply(v5bench::iterations_from_env))" >&2
    exit 2
  fi
  threads=1
  [[ $names =~ /threads:([0-9]+) ]] && threads=${BASH_REMATCH[1]}
  index=$((index + 1))
  t1=$(total "$filter" "$n1" "$index.a")
  t2=$(total "$filter" "$n2" "$index.b")
  per=$(awk -v a="$t1" -v b="$t2" -v d="$((n2 - n1))" -v t="$threads" \
            'BEGIN { printf "%.1f", (b - a) / (d * t) }')
  line="${names/\/iterations:$n1/}: $per instructions per iteration ($t1 at $n1, $t2 at $n2, $threads thread(s))"
  if [[ -z $first ]]; then
    first=$per
  else
    line+=$(awk -v p="$per" -v f="$first" 'BEGIN { printf "; ratio to the first %.3f", p / f }')
  fi
  echo "$line"
  if [[ ${V5_CALLGRIND_KEEP:-0} == 1 ]]; then
    echo "  callgrind files: $work/callgrind.out.$index.a $work/callgrind.out.$index.b"
  fi
done
