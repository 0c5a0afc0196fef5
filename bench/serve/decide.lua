-- wrk script: POST /v1/decide, the question bench/decide_bench.cpp asks of esc_decide
-- (Wolverhampton, Stage 1 escalated on Friday 2023-12-22, across the Christmas bank holidays).
-- A status other than 2xx or 3xx is counted by wrk itself and reported at the end (a Lua
-- response() hook would check each one, but costs wrk more than the server's answer does).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local file = assert(io.open("bench/serve/decide.json", "r"))  -- run from the repository root
wrk.body = file:read("*a")
file:close()

function done(summary, latency, requests)
  io.write(string.format("requests %d\nseconds %.3f\nrequests_per_second %.0f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms %.3f\np90_ms %.3f\np99_ms %.3f\nmax_ms %.3f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("non_200 %d\nsocket_errors %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
