-- POST distinct submissions of a public form (a reflection, a pledge) with a token fetched in
-- advance; counts the answers that accepted one (302) so the runner can compare them with the
-- rows written. BENCH_FIELDS holds the form's other fields, with WHO where each request puts
-- its own name, e.g. "text=Bench+reflection+WHO".
local token = os.getenv("BENCH_TOKEN")
local origin = os.getenv("BENCH_ORIGIN")
local fields = os.getenv("BENCH_FIELDS")
local threads = {}
local counter = 0
ok = 0  -- global: the runner reads it from each thread in done()

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local function encode(value)
  return (value:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  counter = counter + 1
  local who = id .. "-" .. counter
  local body = "token=" .. encode(token) .. "&website=&name=Bench+" .. who ..
    "&email=bench-" .. who .. "%40example.org&" .. fields:gsub("WHO", who)
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Origin"] = origin,
  }, body)
end

function response(status, headers, body)
  if status == 302 then ok = ok + 1 end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("ok") end
  io.write("ok_responses " .. total .. "\n")
end
