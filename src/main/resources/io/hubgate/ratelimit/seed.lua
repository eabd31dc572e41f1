-- Seed: recovery writes a replica's local admissions into the shared logs before it trusts Redis again.
-- KEYS: log, portal, search. ARGV: 1 window µs, 2 search window µs, 3 UTC offset s, 4 day count last seen,
-- 5 requests admitted locally, 6 number b of burst offsets, then b burst offsets (µs from now), then search
-- offsets. Returns the slots written.
local now = clock(KEYS[2], '')
local w, sw = tonumber(ARGV[1]), tonumber(ARGV[2])
local b = tonumber(ARGV[6])
local seq = redis.call('HINCRBY', KEYS[2], 'seq', #ARGV)
local newest, newestSearch = now, now
for i = 7, #ARGV do
  local s = now + tonumber(ARGV[i])
  local key = KEYS[1]
  if i > 6 + b then
    key = KEYS[3]
    if s > newestSearch then newestSearch = s end
  elseif s > newest then newest = s end
  redis.call('ZADD', key, fmt(s), 'r' .. fmt(seq - #ARGV + i))
end
if b > 0 then extend(KEYS[1], math.floor((newest - now + w) / 1000) + 1000) end
if #ARGV > 6 + b then extend(KEYS[3], math.floor((newestSearch - now + sw) / 1000) + 1000) end
local tz = tonumber(ARGV[3])
local day = dayIndex(now, tz)
local p = redis.call('HMGET', KEYS[2], 'd', 'n')
local n = tonumber(ARGV[4])
if p[1] and tonumber(p[1]) == day and tonumber(p[2] or 0) > n then n = tonumber(p[2]) end
n = n + tonumber(ARGV[5])
redis.call('HSET', KEYS[2], 'd', fmt(day), 'n', fmt(n), 'ln', fmt(now))
redis.call('PEXPIRE', KEYS[2], 172800000)
return #ARGV - 6
