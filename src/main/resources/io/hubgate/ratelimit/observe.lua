-- Observe: HubSpot's rate-limit headers of a response.
-- KEYS: log, app, portal. ARGV: 1 Max, 2 Remaining, 3 interval ms, 4 Daily, 5 Daily-Remaining (each -1 when absent),
-- 6 window µs, 7 UTC offset s, 8 now override or '', 9 δ µs. Returns the phantom slots it booked.
-- HubSpot counted at the request's arrival, earlier than now and up to δ after its slot, so our slots of the
-- interval's last δ before it may still be in HubSpot's count: they are counted as ours, never as someone else's.
local now = clock(KEYS[3], ARGV[8])
local max, remaining = tonumber(ARGV[1]), tonumber(ARGV[2])
local w = tonumber(ARGV[6])
local added = 0
if max >= 0 and remaining >= 0 then
  local interval = tonumber(ARGV[3])
  if interval > 0 then interval = interval * 1000 else interval = w end
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now - w))
  local ours = redis.call('ZCOUNT', KEYS[1], '(' .. fmt(now - interval - tonumber(ARGV[9])), fmt(now))
  local external = max - remaining - ours
  if external > 0 then
    local seq = redis.call('HINCRBY', KEYS[3], 'seq', external)
    for i = 1, external do
      redis.call('ZADD', KEYS[1], fmt(now), 'x' .. fmt(seq - external + i))
    end
    added = external
    extend(KEYS[1], math.floor(w / 1000) + 1000)
  end
  if max > 0 then
    redis.call('HSET', KEYS[2], 'max', fmt(max))
    extend(KEYS[2], math.floor(w / 1000) + 1000)
  end
end
local daily, left = tonumber(ARGV[4]), tonumber(ARGV[5])
if daily >= 0 and left >= 0 then
  local used = daily - left
  local tz = tonumber(ARGV[7])
  local day = dayIndex(now, tz)
  local p = redis.call('HMGET', KEYS[3], 'd', 'n')
  if p[1] and tonumber(p[1]) == day and tonumber(p[2] or 0) > used then used = tonumber(p[2]) end
  redis.call('HSET', KEYS[3], 'd', fmt(day), 'n', fmt(used))
  redis.call('PEXPIRE', KEYS[3], 172800000)
end
redis.call('HSET', KEYS[3], 'ln', fmt(now))
return added
