-- Every request asks for a URL the page cache has not seen (an extra query string).
local counter = 0
local thread_id = 0
function setup(thread)
  thread_id = thread_id + 1
  thread:set("id", thread_id)
end
function request()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?r=" .. id .. "-" .. counter)
end
