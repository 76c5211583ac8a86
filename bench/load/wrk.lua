-- wrk's requests for the benchmarks (bench/lib.mjs `wrk`): a POST of the body in the file
-- WRK_BODY with the bench token, and with WRK_KEYED=1 a fresh Idempotency-Key on every request,
-- as the clients send by default. Prints one JSON line at the end.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local file = assert(io.open(os.getenv("WRK_BODY"), "rb"))
  body = file:read("*a")
  file:close()
  keyed = os.getenv("WRK_KEYED") == "1"
  prefix = string.format("%s-%d", os.getenv("WRK_KEY_PREFIX") or "bench", id)
  count = 0
  headers = {
    ["Authorization"] = "Bearer " .. os.getenv("WRK_TOKEN"),
    ["Content-Type"] = "application/json",
  }
  if not keyed then
    plain = wrk.format("POST", nil, headers, body)
  end
end

function request()
  if not keyed then return plain end
  count = count + 1
  headers["Idempotency-Key"] = prefix .. "-" .. count
  return wrk.format("POST", nil, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"non2xx":%d,"errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
