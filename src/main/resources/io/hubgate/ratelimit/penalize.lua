-- Penalize: after a 429.
-- KEYS: app, portal. ARGV: 1 policy name, 2 cool-down µs or '' (HubSpot sent no Retry-After), 3 window µs,
-- 4 UTC offset s, 5 search window µs, 6 now override or '', 7 the (app, portal) limit L. Returns the cool-down µs it
-- set. A window 429 also lowers the (app, portal) limit by a step (L / 10), at most once per window and not below
-- L / 2; each clean window since the last 429 gives one back (RATE-LIMITING.md R7).
local now = clock(KEYS[2], ARGV[6])
local policy = ARGV[1]
local given = ARGV[2]
local untilT
local key, field
if policy == 'DAILY' then
  local tz = tonumber(ARGV[4])
  if given ~= '' then untilT = now + tonumber(given)
  else untilT = ((dayIndex(now, tz) + 1) * 86400 - tz) * 1000000 end
  key, field = KEYS[2], 'dbu'
elseif policy == 'SECONDLY' then
  untilT = now + (given ~= '' and tonumber(given) or tonumber(ARGV[5]))
  key, field = KEYS[2], 'sbu'
else
  local w = tonumber(ARGV[3])
  untilT = now + (given ~= '' and tonumber(given) or w)
  key, field = KEYS[1], 'bu'
  -- a 429 despite the limiter: a step off the limit, at most once per window, down to half
  local limit = tonumber(ARGV[7])
  local le = lowered(KEYS[1], limit, w, now, 1)
  if le <= 0 then le = limit end
  if now - tonumber(redis.call('HGET', KEYS[1], 'ld') or 0) >= w then
    le = math.max(math.ceil(limit / 2), le - math.max(1, math.ceil(limit / 10)))
    redis.call('HSET', KEYS[1], 'le', fmt(le), 'ld', fmt(now))
  end
  redis.call('HSET', KEYS[1], 'lq', fmt(now))
  extend(KEYS[1], math.floor((limit - le + 1) * w / 1000) + 1000)
end
local old = tonumber(redis.call('HGET', key, field) or 0)
if old < untilT then redis.call('HSET', key, field, fmt(untilT)) end
extend(key, math.floor((untilT - now) / 1000) + 1000)
return untilT - now
