-- Random keys as in random-keys.lua, 16 requests pipelined per write: measures how well
-- responses to pipelined requests share reads, writes and flushes. wrk counts each response in
-- requests/s; its latency percentiles are meaningless here, so done() reports throughput only.
--   wrk -t1 -c64 -d5s --latency -s loadtest/wrk/pipeline.lua http://127.0.0.1:8123
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local argus = require("argus")

local DEPTH = 16
local prefix, suffix
local batch = {}

function init(args)
   argus.seed()
   prefix, suffix = argus.split_request()
end

function request()
   for i = 1, DEPTH do
      batch[i] = prefix .. argus.random_key() .. suffix
   end
   return table.concat(batch)
end

done = argus.done_pipelined
