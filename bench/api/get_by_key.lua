-- GET /api/orders/<id> with an id drawn at random from the rows run.sh filled (BENCH_ROWS).
local rows = tonumber(os.getenv("BENCH_ROWS") or "100000")

request = function()
  return wrk.format("GET", "/api/orders/" .. math.random(1, rows))
end
