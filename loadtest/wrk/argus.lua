-- Shared by the Argus wrk scripts (random-keys, hot-key, pipeline, close): builds the
-- POST /api/v1/limit request once as a prefix and a suffix around the key, so that request()
-- only draws a key and concatenates three strings, and prints a machine-readable summary.
--
-- Loaded with require() from the scripts beside it; they add this folder to package.path.

local M = {}

local KEY_LENGTH = 20
local PLACEHOLDER = string.rep("x", KEY_LENGTH)

-- The original service's JMeter scenario: capacity 1000 per 60 s for every key.
function M.body(key)
   return '{"key":"' .. key .. '","capacity":1000,"interval":60,"unit":"s"}'
end

M.METHOD, M.PATH = "POST", "/api/v1/limit"
M.CONTENT_TYPE = "application/json"

-- Returns (prefix, suffix) of one complete request whose key sits between them. The body has
-- the same length whatever the key, so Content-Length is computed once by wrk.format.
function M.split_request(extra_headers)
   local headers = { ["Content-Type"] = M.CONTENT_TYPE }
   for name, value in pairs(extra_headers or {}) do
      headers[name] = value
   end
   -- wrk.init has put Host into wrk.headers by the time a script's init() runs.
   headers["Host"] = wrk.headers["Host"]
   local req = wrk.format(M.METHOD, M.PATH, headers, M.body(PLACEHOLDER))
   local at = req:find(PLACEHOLDER, 1, true)
   return req:sub(1, at - 1), req:sub(at + KEY_LENGTH)
end

-- Seeds math.random per thread and per run: LuaJIT starts every state on the same sequence,
-- so without this each wrk thread, and each run, would replay the same "random" keys (and a
-- second run against the same server would hit existing records instead of new ones).
function M.seed()
   local seed = os.time()
   local urandom = io.open("/dev/urandom", "rb")
   if urandom then
      local b1, b2, b3, b4 = urandom:read(4):byte(1, 4)
      urandom:close()
      seed = ((b1 * 256 + b2) * 256 + b3) * 256 + b4
   end
   math.randomseed(seed)
end

-- A random 20-letter lowercase key: one string.char call, no intermediate table or strings.
local random, char = math.random, string.char
function M.random_key()
   return char(random(97, 122), random(97, 122), random(97, 122), random(97, 122), random(97, 122),
               random(97, 122), random(97, 122), random(97, 122), random(97, 122), random(97, 122),
               random(97, 122), random(97, 122), random(97, 122), random(97, 122), random(97, 122),
               random(97, 122), random(97, 122), random(97, 122), random(97, 122), random(97, 122))
end

-- A latency percentile in microseconds, or "na" when wrk has none to give.
local function percentile(latency, p)
   local us = latency:percentile(p)
   return us > 0 and string.format("%d", us) or "na"
end

local function result(summary, p50, p90, p99, max)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d duration_s=%.2f rps=%.0f p50_us=%s p90_us=%s p99_us=%s max_us=%d errors=%d status_err=%d\n",
      summary.requests, seconds, summary.requests / seconds, p50, p90, p99, max,
      e.connect + e.read + e.write + e.timeout, e.status))
end

-- done(): one line for scripts/bench to parse. Counts come from wrk's own summary, not from a
-- response() callback (defining one makes wrk hand every response to Lua, which slows it down).
--   errors     socket errors: connect + read + write + timeout
--   status_err responses with status >= 400 (wrk counts status > 399)
function M.done(summary, latency, requests)
   result(summary, percentile(latency, 50), percentile(latency, 90), percentile(latency, 99), latency.max)
end

-- done() for pipelined scripts: throughput only, percentiles "na". wrk records one latency per
-- batch but "corrects" its histogram for coordinated omission with an interval computed from
-- responses per connection, i.e. 1/depth of a batch: it adds synthetic samples, many below the
-- histogram's minimum where its percentile scan never looks, so percentiles come out shifted
-- or 0 (wrk stats.c, stats_correct and stats_percentile). The max is a real batch latency.
function M.done_pipelined(summary, latency, requests)
   result(summary, "na", "na", "na", latency.max)
end

return M
