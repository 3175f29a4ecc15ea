#!/usr/bin/env bash
# `v5gen new` end to end on one description of tests/words/descriptions: every one of the ten
# stages must pass (draft, generate, build against the installed package, smoke test, CRUD
# benchmark, service with /health/ready and /metrics checked by promtool). Prints each stage's
# time. V5_WORDS_NEW_BUDGET_S, when set, is the bound on the whole run in seconds.
# Usage: new_test.sh V5GEN DESCRIPTION WORKDIR
set -euo pipefail
v5gen=$1 description=$2 work=$3
name=$(basename "$description" .yaml)
text=$(python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["text"])' "$description")
rm -rf "$work"
mkdir -p "$work"
log="$work/new.log"

rc=0
"$v5gen" new "$text" -o "$work/project" > "$log" 2>&1 || rc=$?
cat "$log"
if [[ $rc -ne 0 ]]; then
  echo "FAIL: v5gen new on $name exited $rc"
  exit 1
fi

stages=("requirements extraction" "database requirements" "architecture"
        "component glue generation" "system scaffold" "schema and migrations"
        "deployment configuration" "integration test" "performance benchmark"
        "production readiness")
for i in "${!stages[@]}"; do
  grep -q "^\[$((i + 1))/10\] ${stages[$i]}: ok (" "$log" || {
    echo "FAIL: stage $((i + 1)) (${stages[$i]}) did not pass"; exit 1; }
done
elapsed=$(sed -n 's/^all 10 stages passed in \([0-9.]*\) s$/\1/p' "$log")
[[ -n "$elapsed" ]] || { echo "FAIL: no closing line"; exit 1; }
# The readiness checklist: every item checked.
[[ $(grep -c '^      \[x\] ' "$log") -eq 7 ]] || { echo "FAIL: a readiness check is unchecked"; exit 1; }
grep -q 'service started on SQLite and answered /health/ready' "$log"
grep -q '/metrics passed promtool check metrics' "$log"
# The API: a POST that created a row and the GET of its Location.
grep -qE '^      POST /api/[a-z_0-9]+ .* -> 201 /api/' "$log" || { echo "FAIL: no POST answered 201"; exit 1; }
grep -qE '^      GET /api/[a-z_0-9/]+ -> 200 \{' "$log" || { echo "FAIL: no GET of the new row"; exit 1; }
# One benchmark result per entity of the drafted spec.
entities=$(python3 -c 'import sys, yaml; print(len(yaml.safe_load(open(sys.argv[1]))["entities"]))' "$description")
[[ $(grep -cE '^      [a-z_0-9]+: [0-9]+ ops/s' "$log") -eq $entities ]] || {
  echo "FAIL: expected $entities benchmark results"; exit 1; }

echo "stage times ($name):"
sed -n 's/^\[\([0-9]*\)\/10\] \([a-z ]*\): ok (\([0-9.]*\) s).*/  \1 \2: \3 s/p' "$log"
echo "PASS: v5gen new $name: all 10 stages in ${elapsed} s"
if [[ -n "${V5_WORDS_NEW_BUDGET_S:-}" ]] &&
   awk -v t="$elapsed" -v b="$V5_WORDS_NEW_BUDGET_S" 'BEGIN { exit !(t > b) }'; then
  echo "FAIL: $elapsed s is over the budget of $V5_WORDS_NEW_BUDGET_S s"
  exit 1
fi
