#!/usr/bin/env bash
# Generates each adversarial spec of attack_specs/, builds the project with -Wall -Wextra
# -Werror against the installed package and runs its smoke test on SQLite: the injected code
# must not run (no "INJECTED CODE RAN"), and every hostile value must round-trip as data.
# Usage: attacks_build_test.sh V5GEN SPECS_DIR WORKDIR PREFIX
set -euo pipefail
v5gen=$1 specs=$2 work=$3 prefix=$4
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
rm -rf "$work"
for spec in "$specs"/*.yaml; do
  name=$(basename "$spec" .yaml)
  out="$work/$name/project" build="$work/$name/build"
  "$v5gen" validate "$spec"
  "$v5gen" generate "$spec" -o "$out"
  cmake -S "$out" -B "$build" -DCMAKE_BUILD_TYPE=Debug "${launcher[@]}" \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_CXX_FLAGS="-Wall -Wextra -Werror" >/dev/null
  cmake --build "$build" --parallel 2 --target attack_smoke_test
  log="$work/$name/smoke.log"
  if ! "$build/attack_smoke_test" sqlite > "$log" 2>&1; then
    cat "$log"; echo "FAIL: $name: the smoke test failed"; exit 1
  fi
  cat "$log"
  if grep -q "INJECTED CODE RAN" "$log"; then
    echo "FAIL: $name: code from the spec ran"; exit 1
  fi
  grep -q ", 0 failed" "$log"
done
echo "PASS: every adversarial spec generated, built with -Werror and smoke-tested as data"
