-- Anonymous readers of one page (no cookies). Counts the answers by the page cache's
-- X-Page-Cache header (hit, stale, miss; none when the answer did not go through it) and by
-- status, so the runner can tell renders per post and 5xx answers apart from wrk's totals.
local threads = {}
hit, stale, miss, none, server_errors = 0, 0, 0, 0, 0  -- globals: read in done()

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  local how = headers["X-Page-Cache"] or headers["x-page-cache"]
  if how == "hit" then hit = hit + 1
  elseif how == "stale" then stale = stale + 1
  elseif how == "miss" then miss = miss + 1
  else none = none + 1 end
  if status >= 500 then server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  for _, name in ipairs({"hit", "stale", "miss", "none", "server_errors"}) do
    local total = 0
    for _, thread in ipairs(threads) do total = total + thread:get(name) end
    io.write("count " .. name .. " " .. total .. "\n")
  end
end
