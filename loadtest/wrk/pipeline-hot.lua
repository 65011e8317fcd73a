-- One key, "hot", 16 requests pipelined per write: the wire path of pipelining (shared reads,
-- one write and one flush per burst) without the cost of remembering a new key per request that
-- pipeline.lua adds. Answers after the first 1000 are mostly LIMITED, still 200. Throughput only,
-- as in pipeline.lua.
--   wrk -t1 -c64 -d5s --latency -s loadtest/wrk/pipeline-hot.lua http://127.0.0.1:8123
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local argus = require("argus")

local DEPTH = 16
local batch

function init(args)
   local prefix, suffix = argus.split_request()
   local one = prefix .. string.format("%-20s", "hot"):gsub(" ", "h") .. suffix
   batch = string.rep(one, DEPTH)
end

function request()
   return batch
end

done = argus.done_pipelined
