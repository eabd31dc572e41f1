-- Acquire: one call per acquisition (and per renewal of an expired permit).
-- KEYS: log, app, portal, search. ARGV: 1 permits, 2 lane (I|B|S), 3 limit, 4 reserved for interactive,
-- 5 window µs (W + δ), 6 max wait µs, 7 daily limit (≤ 0: none), 8 UTC offset s, 9 search limit,
-- 10 search window µs, 11 search counts toward burst (1|0), 12 not before (µs from now), 13 now override or '',
-- 14 spacing µs (a slot keeps this distance from the lane's previous slot), 15 the slot µs of an expired permit
-- being renewed or '' (it is given back first; the call then takes the earliest free slot from now, ahead of its
-- lane's queue, unpaced, not counted again for the day; see AdmissionModel.reserve).
-- A group of permits shares one slot, with room for all of them in every window around it.
-- Returns {1, day count, wait µs, slot µs} or {0, reason code, retry after µs, day count}.
-- AdmissionModel makes the same decision in Java: a change here is a change there (the property tests compare them).
local function firstFree(e, limit, s, w)
  for j = 1, #e - limit + 1 do
    local first, last = e[j], e[j + limit - 1]
    if last - first < w and last - w < s and s < first + w then s = first + w end
  end
  return s
end
local now = clock(KEYS[3], ARGV[13])
local permits = tonumber(ARGV[1])
local lane = ARGV[2]
local renewal = ARGV[15] ~= ''
if renewal then
  local function release(key)
    local m = redis.call('ZRANGEBYSCORE', key, ARGV[15], ARGV[15], 'LIMIT', 0, permits)
    if #m > 0 then redis.call('ZREM', key, unpack(m)) end
  end
  if lane ~= 'S' or ARGV[11] == '1' then release(KEYS[1]) end
  if lane == 'S' then release(KEYS[4]) end
end
local w = tonumber(ARGV[5])
local maxWait = tonumber(ARGV[6])
local dailyLimit = tonumber(ARGV[7])
local tz = tonumber(ARGV[8])
local day = dayIndex(now, tz)
local p = redis.call('HMGET', KEYS[3], 'd', 'n', 'dbu', 'sbu')
local n = 0
if p[1] and tonumber(p[1]) == day then n = tonumber(p[2] or 0) end
local dbu = tonumber(p[3] or 0)
if dbu > now then return {0, 3, dbu - now, n} end
if not renewal and dailyLimit > 0 and n + permits > dailyLimit then
  return {0, 3, ((day + 1) * 86400 - tz) * 1000000 - now, n}
end
local a = redis.call('HMGET', KEYS[2], 'bu', 'li', 'max')
local bu = tonumber(a[1] or 0)
local li = tonumber(a[2] or 0)
local limit = tonumber(ARGV[3])
if a[3] and tonumber(a[3]) < limit then limit = tonumber(a[3]) end
local le = lowered(KEYS[2], tonumber(ARGV[3]), tonumber(ARGV[5]), now, 0)
if le > 0 and le < limit then limit = le end
local bulkLimit = math.max(1, limit - tonumber(ARGV[4]))
local floor = now + tonumber(ARGV[12])
if bu > floor then floor = bu end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', fmt(now - w))
local newestBurst = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')[2]
if newestBurst then newestBurst = tonumber(newestBurst) end
local inBurst = lane ~= 'S' or ARGV[11] == '1'
local reason = 1
local searchLimit = tonumber(ARGV[9])
local laneLimit = limit
if lane == 'B' then laneLimit = bulkLimit end
if lane == 'S' then reason = 2; laneLimit = searchLimit end
if permits > laneLimit or (inBurst and permits > limit) then return {0, reason, w, n} end
local room = 1 - permits
local s = floor
local sw, newestSearch
if lane ~= 'S' then
  if not renewal and lane == 'I' and li > s then s = li end
  if not renewal and lane == 'B' and newestBurst and newestBurst > s then s = newestBurst end
  local k = laneLimit + room
  local function place(from)
    if not newestBurst or from >= newestBurst then
      -- nothing booked after it: only the k-th newest slot can hold it back (firstFree reduces to this)
      if redis.call('ZCARD', KEYS[1]) >= k then
        local kth = tonumber(redis.call('ZRANGE', KEYS[1], -k, -k, 'WITHSCORES')[2])
        if kth + w > from then return kth + w end
      end
      return from
    end
    -- an interactive slot may go before booked bulk slots: every run of the log matters
    return firstFree(load(KEYS[1], now - w), k, from, w)
  end
  s = place(s)
  local previous = newestBurst
  if lane == 'I' then previous = li end
  local gap = tonumber(ARGV[14])
  if not renewal and previous and s < previous + gap then s = place(previous + gap) end
else
  sw = tonumber(ARGV[10])
  local se = load(KEYS[4], now - sw)
  local e = {}
  if inBurst then e = load(KEYS[1], now - w) end
  local sbu = tonumber(p[4] or 0)
  if sbu > s then s = sbu end
  if not renewal and #se > 0 and se[#se] > s then s = se[#se] end
  local before
  repeat
    before = s
    if inBurst then s = firstFree(e, limit + room, s, w) end
    s = firstFree(se, searchLimit + room, s, sw)
  until s == before
  newestSearch = s
  if #se > 0 and se[#se] > s then newestSearch = se[#se] end
end
if s - now > maxWait then
  if bu - now > maxWait then reason = 4 end
  return {0, reason, s - now - maxWait, n}
end
local seq = redis.call('HINCRBY', KEYS[3], 'seq', permits)
for k = 1, permits do
  local member = fmt(s) .. ':' .. fmt(seq - permits + k)
  if inBurst then redis.call('ZADD', KEYS[1], fmt(s), member) end
  if lane == 'S' then redis.call('ZADD', KEYS[4], fmt(s), member) end
end
local counted = permits
if renewal then counted = 0 end
redis.call('HSET', KEYS[3], 'd', fmt(day), 'n', fmt(n + counted), 'ln', fmt(now))
redis.call('PEXPIRE', KEYS[3], 172800000)
if lane == 'I' then redis.call('HSET', KEYS[2], 'li', fmt(math.max(s, li))) end
local newest = now
if newestBurst and newestBurst > newest then newest = newestBurst end
if inBurst and s > newest then newest = s end
local ttl = math.floor((newest - now + w) / 1000) + 1000
if inBurst or newestBurst then extend(KEYS[1], ttl) end
if redis.call('EXISTS', KEYS[2]) == 1 then
  local keep = math.max(ttl, math.floor((bu - now) / 1000) + 1000)
  if le > 0 then keep = math.max(keep, math.floor((tonumber(ARGV[3]) - le + 1) * w / 1000) + 1000) end
  extend(KEYS[2], keep)
end
if lane == 'S' then extend(KEYS[4], math.floor((newestSearch - now + sw) / 1000) + 1000) end
return {1, n + counted, s - now, s}
