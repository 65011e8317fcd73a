-- One key, "hot", for every request (capacity 1000, interval 60 s): after the first 1000 the
-- answers are mostly LIMITED, still 200. Measures the existing-key path under contention. No
-- request() function: the request never changes, so wrk builds it once and resends the bytes.
--   wrk -t1 -c64 -d5s --latency -s loadtest/wrk/hot-key.lua http://127.0.0.1:8123
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local argus = require("argus")

wrk.method = argus.METHOD
wrk.path = argus.PATH
wrk.headers["Content-Type"] = argus.CONTENT_TYPE
wrk.body = argus.body("hot")

done = argus.done
