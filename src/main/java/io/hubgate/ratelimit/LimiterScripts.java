package io.hubgate.ratelimit;

import io.hubgate.config.LuaScript;

/**
 * The Lua scripts, one call per operation. Keys (all under the portal's hash tag, so one script may touch them in
 * Redis Cluster):
 * <ol>
 *   <li>{@code <prefix>{<portal>}:log:<app>}: sorted set, the (app, portal) rolling log, score = slot µs</li>
 *   <li>{@code <prefix>{<portal>}:app:<app>}: hash, {@code bu} cool-down until, {@code li} newest interactive slot,
 *       {@code max} HubSpot's Max header</li>
 *   <li>{@code <prefix>{<portal>}:portal}: hash, {@code d}/{@code n} day index and count, {@code dbu} daily
 *       cool-down, {@code sbu} search cool-down, {@code ln} last now (the clock guard), {@code seq} member counter</li>
 *   <li>{@code <prefix>{<portal>}:search}: sorted set, the portal's search log</li>
 * </ol>
 * Times are Redis {@code TIME} in µs (below 2^53, exact in Lua's doubles); the last ARGV may override it for tests.
 * Numbers go back to Redis through {@code fmt} because Lua's default {@code %.14g} would round µs timestamps.
 */
final class LimiterScripts {

  private LimiterScripts() {
  }

  private static final String COMMON = """
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
      """;

  /**
   * KEYS: log, app, portal, search. ARGV: 1 permits, 2 lane (I|B|S), 3 limit, 4 reserved for interactive,
   * 5 window µs (W + δ), 6 max wait µs, 7 daily limit (≤ 0: none), 8 UTC offset s, 9 search limit,
   * 10 search window µs, 11 search counts toward burst (1|0), 12 not before (µs from now), 13 now override or '',
   * 14 spacing µs (a slot keeps this distance from the lane's previous slot), 15 the slot µs of an expired permit
   * being renewed or '' (it is given back first; the call then takes the earliest free slot from now, ahead of its
   * lane's queue, unpaced, not counted again for the day; see {@link AdmissionModel#reserve}).
   * A group of permits shares one slot, with room for all of them in every window around it.
   * Returns {1, day count, wait µs, slot µs} or {0, reason code, retry after µs, day count}.
   */
  static final LuaScript ACQUIRE = LuaScript.of(COMMON + """
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
      """);

  /**
   * KEYS: app, portal. ARGV: 1 policy name, 2 cool-down µs or '' (HubSpot sent no Retry-After), 3 window µs,
   * 4 UTC offset s, 5 search window µs, 6 now override or '', 7 the (app, portal) limit L. Returns the cool-down µs it
   * set. A window 429 also lowers the (app, portal) limit by a step (L / 10), at most once per window and not below
   * L / 2; each clean window since the last 429 gives one back (RATE-LIMITING.md R7).
   */
  static final LuaScript PENALIZE = LuaScript.of(COMMON + """
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
      """);

  /**
   * KEYS: log, app, portal. ARGV: 1 Max, 2 Remaining, 3 interval ms, 4 Daily, 5 Daily-Remaining (each -1 when absent),
   * 6 window µs, 7 UTC offset s, 8 now override or '', 9 δ µs. Returns the phantom slots it booked.
   * HubSpot counted at the request's arrival, earlier than now and up to δ after its slot, so our slots of the
   * interval's last δ before it may still be in HubSpot's count: they are counted as ours, never as someone else's.
   */
  static final LuaScript OBSERVE = LuaScript.of(COMMON + """
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
      """);

  /**
   * Recovery: writes a replica's local admissions into the shared logs before it trusts Redis again.
   * KEYS: log, portal, search. ARGV: 1 window µs, 2 search window µs, 3 UTC offset s, 4 day count last seen,
   * 5 requests admitted locally, 6 number b of burst offsets, then b burst offsets (µs from now), then search
   * offsets. Returns the slots written.
   */
  static final LuaScript SEED = LuaScript.of(COMMON + """
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
      """);

  /**
   * Recovery after an outage: the first replica back opens a recovery period, every replica that comes back during it
   * ends its own recovery at the same instant. KEYS: the recovery key (no portal, its own slot). ARGV: 1 period ms.
   * Returns the ms left in the period.
   */
  static final LuaScript RECOVERY = LuaScript.of("""
      redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1])
      return redis.call('PTTL', KEYS[1])
      """);

  /**
   * Read-only, for the console. KEYS: log, portal. ARGV: 1 window µs (HubSpot's W), 2 UTC offset s, 3 now override
   * or ''. Returns {slots in (now − W, now], slots after now, day count}.
   */
  static final LuaScript USAGE = LuaScript.of(COMMON + """
      local now = clock(KEYS[2], ARGV[3])
      local w = tonumber(ARGV[1])
      local inWindow = redis.call('ZCOUNT', KEYS[1], '(' .. fmt(now - w), fmt(now))
      local booked = redis.call('ZCOUNT', KEYS[1], '(' .. fmt(now), '+inf')
      local p = redis.call('HMGET', KEYS[2], 'd', 'n')
      local n = 0
      if p[1] and tonumber(p[1]) == dayIndex(now, tonumber(ARGV[2])) then n = tonumber(p[2] or 0) end
      return {inWindow, booked, n}
      """);
}
