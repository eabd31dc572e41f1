-- Recovery after an outage: the first replica back opens a recovery period, every replica that comes back during it
-- ends its own recovery at the same instant. KEYS: the recovery key (no portal, its own slot). ARGV: 1 period ms.
-- Returns the ms left in the period. Runs alone: without common.lua.
redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1])
return redis.call('PTTL', KEYS[1])
