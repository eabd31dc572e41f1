-- The limiter's shared Lua functions, loaded in front of every limiter script but recovery.lua
-- (LimiterScripts: common.lua, a newline if it lacks one, then the script), so each script is one EVAL.
-- Keys (all under the portal's hash tag, so one script may touch them in Redis Cluster):
--   <prefix>{<portal>}:log:<app>  sorted set, the (app, portal) rolling log, score = slot µs
--   <prefix>{<portal>}:app:<app>  hash, bu cool-down until, li newest interactive slot, max HubSpot's Max header
--                                 (le, lq, lr, ld: the limit lowered after 429s, see lowered below)
--   <prefix>{<portal>}:portal     hash, d/n day index and count, dbu daily cool-down, sbu search cool-down,
--                                 ln last now (the clock guard), seq member counter
--   <prefix>{<portal>}:search     sorted set, the portal's search log
-- Times are Redis TIME in µs (below 2^53, exact in Lua's doubles); the last ARGV may override it for tests.
-- Numbers go back to Redis through fmt because Lua's default %.14g would round µs timestamps.
local function fmt(x) return string.format('%.0f', x) end
local function clock(portalKey, override)
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  if override ~= '' then now = tonumber(override) end
  local last = tonumber(redis.call('HGET', portalKey, 'ln') or 0)
  if last > now then now = last end
  return now
end
local function load(key, upTo)
  redis.call('ZREMRANGEBYSCORE', key, '-inf', fmt(upTo))
  local r = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local e = {}
  for i = 2, #r, 2 do e[#e + 1] = tonumber(r[i]) end
  return e
end
local function dayIndex(now, tz) return math.floor((math.floor(now / 1000000) + tz) / 86400) end
local function extend(key, ms)
  if redis.call('PTTL', key) < ms then redis.call('PEXPIRE', key, ms) end
end
-- the (app, portal) limit lowered after 429s (0: not lowered), given back one per clean window of w since the
-- last 429 or step back; at a new 429 (pending = 1) the window that ends now was not clean
local function lowered(appKey, limit, w, now, pending)
  local f = redis.call('HMGET', appKey, 'le', 'lq', 'lr')
  local le = tonumber(f[1] or 0)
  if le <= 0 then return 0 end
  local since = math.max(tonumber(f[2] or 0), tonumber(f[3] or 0))
  local clean = math.floor((now - since) / w) - pending
  if clean > 0 then
    le = le + clean
    if le >= limit then
      redis.call('HDEL', appKey, 'le', 'lr')
      return 0
    end
    redis.call('HSET', appKey, 'le', fmt(le), 'lr', fmt(since + clean * w))
  end
  return le
end
