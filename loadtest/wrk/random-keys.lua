-- The original service's JMeter scenario on persistent connections: POST /api/v1/limit with a
-- random 20-letter lowercase key per request, capacity 1000, interval 60 s. Almost every request
-- creates a key, so this measures the new-key path.
--   wrk -t1 -c64 -d5s --latency -s loadtest/wrk/random-keys.lua http://127.0.0.1:8123
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local argus = require("argus")

local prefix, suffix

function init(args)
   argus.seed()
   prefix, suffix = argus.split_request()
end

function request()
   return prefix .. argus.random_key() .. suffix
end

done = argus.done
