-- Usage: read-only, for the console. KEYS: log, portal. ARGV: 1 window µs (HubSpot's W), 2 UTC offset s,
-- 3 now override or ''. Returns {slots in (now − W, now], slots after now, day count}.
local now = clock(KEYS[2], ARGV[3])
local w = tonumber(ARGV[1])
local inWindow = redis.call('ZCOUNT', KEYS[1], '(' .. fmt(now - w), fmt(now))
local booked = redis.call('ZCOUNT', KEYS[1], '(' .. fmt(now), '+inf')
local p = redis.call('HMGET', KEYS[2], 'd', 'n')
local n = 0
if p[1] and tonumber(p[1]) == dayIndex(now, tonumber(ARGV[2])) then n = tonumber(p[2] or 0) end
return {inWindow, booked, n}
