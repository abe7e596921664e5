-- wrk script of bench/load.py: counts every answer outside 2xx as an error (a redirect to the login page is an
-- error, not a page), sends POST bodies from a file when WRK_BODIES names one (one JSON body per line; each wrk
-- thread takes its own slice, so no two connections write the same record at once; WRK_OFFSET skips that many
-- bodies, so consecutive runs go on through the file), and prints one JSON line.
local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  table.insert(threads, thread)
  next_id = next_id + 1
end

function init(args)
  errors = 0
  first_error = 0
  nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  local file = os.getenv("WRK_BODIES")
  if file and file ~= "" then
    bodies = {}
    for line in io.lines(file) do
      bodies[#bodies + 1] = line
    end
    -- wrk calls request() once per thread before the first request it sends (and discards that one): start a step
    -- back so the first body sent is the one after the offset.
    index = id + tonumber(os.getenv("WRK_OFFSET") or "0") - nthreads
  end
end

function request()
  if bodies then
    local body = bodies[((index - 1) % #bodies) + 1]
    index = index + nthreads
    return wrk.format("POST", nil, nil, body)
  end
  return wrk.request()
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    errors = errors + 1
    if first_error == 0 then
      first_error = status
    end
  end
end

function done(summary, latency, requests)
  local errs, first = 0, 0
  for _, thread in ipairs(threads) do
    errs = errs + thread:get("errors")
    local f = thread:get("first_error")
    if first == 0 and f ~= 0 then
      first = f
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "non2xx": %d, "first_status": %d, "socket_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, errs, first, e.connect + e.read + e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
