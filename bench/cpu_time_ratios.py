#!/usr/bin/env python3
"""CPU-time ratios from a v5bench run with repetitions (--benchmark_format=csv).

Usage: bench/cpu_time_ratios.py RESULTS.csv NUMERATOR DENOMINATOR [NUMERATOR DENOMINATOR ...]

NUMERATOR and DENOMINATOR are benchmark names as v5bench prints them (for example
BM_PoolAcquireRelease/v5/threads:1). For each pair it prints the number of repetitions, the
median and minimum CPU time of each side, and two ratios: median / median and min / min.
Aggregate rows (_mean, _median, _stddev, _cv) are ignored. Meant for runs with
--benchmark_repetitions=15 --benchmark_enable_random_interleaving=true, so that load changes
on a shared machine hit both sides alike (see BENCHMARKS.md).
"""
import csv
import statistics
import sys


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    times = {}
    with open(argv[1], newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    start = next((i for i, line in enumerate(lines) if line.startswith("name,")), None)
    if start is None:
        print(f"error: no CSV header in {argv[1]}", file=sys.stderr)
        return 2
    for row in csv.DictReader(lines[start:]):
        name = row["name"]
        if name.endswith(("_mean", "_median", "_stddev", "_cv")) or not row["cpu_time"]:
            continue
        times.setdefault(name, []).append(float(row["cpu_time"]))
    status = 0
    for numerator, denominator in zip(argv[2::2], argv[3::2]):
        missing = [n for n in (numerator, denominator) if n not in times]
        if missing:
            print(f"error: not in {argv[1]}: {', '.join(missing)}", file=sys.stderr)
            status = 1
            continue
        a, b = times[numerator], times[denominator]
        print(f"{numerator} / {denominator}: reps {len(a)}/{len(b)}; "
              f"median {statistics.median(a):.1f} / {statistics.median(b):.1f} = "
              f"{statistics.median(a) / statistics.median(b):.3f}; "
              f"min {min(a):.1f} / {min(b):.1f} = {min(a) / min(b):.3f}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
