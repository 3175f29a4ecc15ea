#!/usr/bin/env bash
# The main job: installs what is missing, builds v5store and v5gen, installs them into the
# build tree, generates the shop service from the shop spec, builds it, runs it on SQLite and
# shows its /health, a few lines of /metrics and a POST and GET against its API, then stops it
# with SIGTERM.
#
# Usage: scripts/run-example.sh [SPEC]
#   SPEC defaults to ../shared/examples/shop.yaml when that exists, else examples/specs/shop.yaml.
# Environment: V5_BUILD_DIR, V5_BUILD_TYPE, V5_JOBS (see scripts/lib/build.sh),
#   V5_SKIP_INSTALL=1 to skip the package check.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=lib/build.sh
source "$root/scripts/lib/build.sh"

spec="${1:-}"
if [[ -z "$spec" ]]; then
  if [[ -f "$root/../shared/examples/shop.yaml" ]]; then
    spec="$root/../shared/examples/shop.yaml"
  else
    spec="$root/examples/specs/shop.yaml"
  fi
fi
spec="$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")"

if [[ "${V5_SKIP_INSTALL:-0}" != 1 ]]; then
  "$root/scripts/install-deps.sh"
fi
v5_ccache_env
build="$root/$V5_BUILD_DIR"
prefix="$build/prefix"
work="$build/example"

echo "==> build and install v5store and v5gen into $prefix"
v5_configure >/dev/null
v5_build v5gen
cmake --install "$build" --prefix "$prefix" >/dev/null

echo "==> v5gen generate $spec"
"$prefix/bin/v5gen" generate "$spec" -o "$work/service"

echo "==> build the generated service"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$work/service" -B "$work/build" -DCMAKE_BUILD_TYPE="$V5_BUILD_TYPE" "${launcher[@]}" \
  -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/build" --parallel "$V5_JOBS"
system=$(sed -n 's/^  name: *\([a-z_0-9]*\).*/\1/p' "$spec" | head -1)

echo "==> smoke test on SQLite"
"$work/build/${system}_smoke_test" sqlite

echo "==> run ${system}_service on SQLite"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
service_spec="$work/service.yaml"
sed -e 's/backend: *postgresql/backend: sqlite/' -e 's/backend: *mysql/backend: sqlite/' \
    -e "s|dsn: .*|dsn: \"db=$work/${system}.db\"|" "$spec" > "$service_spec"
rm -f "$work/${system}.db"*
api_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
V5_MONITORING_LISTEN="127.0.0.1:$port" V5_API_LISTEN="127.0.0.1:$api_port" \
  "$work/build/${system}_service" "$service_spec" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && break
  sleep 0.1
done
echo
echo "==> GET /health"
curl -sS "http://127.0.0.1:$port/health"
echo
echo "==> GET /metrics (first lines of the pool and health metrics)"
curl -sS "http://127.0.0.1:$port/metrics" | grep -E '^v5store_(pool_connections|pool_max|health_status|build_info)' | head -20
echo
if grep -q 'type: api' "$service_spec"; then
  api="http://127.0.0.1:$api_port/api"
  echo "==> POST $api/customers"
  curl -sS -X POST -H 'Content-Type: application/json' \
    -d '{"email":"ann@example.com","name":"Ann"}' -D - "$api/customers"
  echo
  echo "==> GET $api/customers?email=like.*@example.com&order=id.desc&limit=5"
  curl -sS "$api/customers?email=like.*@example.com&order=id.desc&limit=5"
  echo
  echo "==> GET $api/customers/1"
  curl -sS "$api/customers/1"
  echo
fi
echo "==> stop with SIGTERM"
kill -TERM $pid
wait $pid
trap - EXIT
echo "==> done: the generated project is in $work/service"
