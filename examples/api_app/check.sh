#!/usr/bin/env bash
# The example as a user runs it: api_app on a fresh SQLite file with a bearer token; a
# request without the token is refused, a customer is created, read back and found by a
# filter, and SIGTERM stops the program with exit status 0.
# Usage: check.sh API_APP SPEC WORK_DIR
set -euo pipefail
app=$1 spec=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
export SHOP_DB="$work/shop.db" API_TOKEN="example-token"

"$app" "$spec" > "$work/out.log" 2> "$work/err.log" &
pid=$!
trap 'kill -9 $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  grep -q "serving" "$work/out.log" && break
  kill -0 $pid 2>/dev/null || { cat "$work/err.log" >&2; exit 1; }
  sleep 0.1
done
base=$(sed -n 's/^api_app: serving \(http[^ ]*\)\/customers.*/\1/p' "$work/out.log")
[ -n "$base" ] || { echo "check: no URL in: $(cat "$work/out.log")" >&2; exit 1; }
echo "check: serving at $base"

expect() {  # expect STATUS DESCRIPTION CURL_ARGS...
  local want=$1 what=$2; shift 2
  local got
  got=$(curl -s -o "$work/body" -w '%{http_code}' "$@")
  echo "check: $what -> $got $(head -c 300 "$work/body")"
  [ "$got" = "$want" ] || { echo "check: expected $want" >&2; exit 1; }
}
auth=(-H "Authorization: Bearer $API_TOKEN")
expect 401 "GET without the token" "$base/customers"
expect 201 "POST a customer" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"email":"grace@example.com","name":"Grace Hopper"}' "$base/customers"
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/body")
expect 200 "GET the customer $id" "${auth[@]}" "$base/customers/$id"
grep -q '"Grace Hopper"' "$work/body"
expect 200 "GET customers whose name is like Grace*" "${auth[@]}" "$base/customers?name=like.Grace*"
python3 -c 'import json,sys; rows=json.load(open(sys.argv[1])); assert len(rows)==1, rows' "$work/body"
expect 422 "POST an invalid email" "${auth[@]}" -H 'Content-Type: application/json' \
  -d '{"email":"not-an-email","name":"Nobody"}' "$base/customers"
expect 404 "GET orders (not exposed by this app)" "${auth[@]}" "$base/orders"

kill -TERM $pid
status=0; wait $pid || status=$?
trap - EXIT
grep -q "stopped on signal" "$work/out.log"
[ "$status" = 0 ] || { echo "check: exit status $status" >&2; exit 1; }
echo "check: stopped cleanly on SIGTERM"
