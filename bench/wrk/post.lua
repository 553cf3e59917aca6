-- post.lua - wrk script for bench/run.py: POST /api/v1/sessions with a
-- valid session as JSON, for several accounts in turn (each keeps at most
-- 10,000 sessions, more than one account takes in a long run).
-- BENCH_POST_FILE has a line per account: her API token, a tab, and a
-- session of her kit as JSON; BENCH_LUA_DIR finds report.lua.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
local requests = {}
local next_one = 0

init = function(args)
  for line in io.lines(os.getenv("BENCH_POST_FILE")) do
    local token, body = line:match("^([^\t]+)\t(.+)$")
    if token then
      requests[#requests + 1] = wrk.format("POST", nil, {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. token,
      }, body)
    end
  end
  assert(#requests > 0, "no accounts in BENCH_POST_FILE")
end

request = function()
  next_one = next_one % #requests + 1
  return requests[next_one]
end
