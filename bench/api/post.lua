-- POST /api/orders: one new order a request.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  local body = string.format(
    '{"customer_id":%d,"status":"paid","total_cents":%d,"note":"Gift wrap, please"}',
    math.random(1, 1000), math.random(100, 100000))
  return wrk.format(nil, "/api/orders", nil, body)
end
