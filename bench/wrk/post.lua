-- post.lua - wrk script for bench/run.py: POST /api/v1/sessions with a
-- valid session as JSON. The body and token come from the environment
-- (BENCH_POST_BODY, BENCH_TOKEN); BENCH_LUA_DIR finds report.lua.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")
wrk.method = "POST"
wrk.body = os.getenv("BENCH_POST_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
