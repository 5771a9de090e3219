-- The original walkthrough's URL mix, one after the other on each connection.
local paths = {"/", "/purchase_item?item=sword", "/purchase_item?item=knife",
               "/purchase_item?item=shield", "/join_guild?guild_id=1", "/join_guild?guild_id=a"}
local counter = 0

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

-- One machine-readable line for run.sh: requests answered, non-2xx answers, socket errors, latency (us).
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d non2xx=%d socket_errors=%d duration_us=%d p50_us=%d p99_us=%d\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
