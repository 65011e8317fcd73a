-- Random keys as in random-keys.lua with "Connection: close": one TCP connection per request,
-- as the original service's JMeter plan ran. Measures accept/close cost more than the API.
--   wrk -t1 -c64 -d5s --latency -s loadtest/wrk/close.lua http://127.0.0.1:8123
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
package.path = here .. "?.lua;" .. package.path
local argus = require("argus")

local prefix, suffix

function init(args)
   argus.seed()
   prefix, suffix = argus.split_request({ Connection = "close" })
end

function request()
   return prefix .. argus.random_key() .. suffix
end

done = argus.done
