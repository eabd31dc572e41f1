package io.hubgate.ratelimit;

import io.hubgate.config.LuaScript;

/**
 * The limiter's Lua scripts, one call per operation, kept as {@code .lua} resources in this package
 * ({@code src/main/resources/io/hubgate/ratelimit}) and read once, when this class is first used (the Redis limiter's
 * start-up, or a test). Each script's KEYS, ARGV and return value are documented at the head of its file; the Redis
 * keys, the time unit and the number formatting at the head of {@code common.lua}, the local functions every script but
 * {@link #RECOVERY} runs with: the source sent to Redis is {@code common.lua} followed by the script.
 */
final class LimiterScripts {

  private LimiterScripts() {
  }

  private static final String COMMON = "common.lua";

  /** One acquisition or renewal: {@code acquire.lua}; {@link AdmissionModel} decides the same in Java. */
  static final LuaScript ACQUIRE = load("acquire.lua");

  /** After a 429: cool-down and the lowered (app, portal) limit, {@code penalize.lua}. */
  static final LuaScript PENALIZE = load("penalize.lua");

  /** HubSpot's rate-limit headers of a response: phantom slots and the day count, {@code observe.lua}. */
  static final LuaScript OBSERVE = load("observe.lua");

  /** Recovery: a replica's local admissions written into the shared logs, {@code seed.lua}. */
  static final LuaScript SEED = load("seed.lua");

  /** The shared recovery period after an outage, {@code recovery.lua}: no portal keys, so without the common part. */
  static final LuaScript RECOVERY = LuaScript.load(LimiterScripts.class, "recovery.lua");

  /** Read-only window and day usage for the console, {@code usage.lua}. */
  static final LuaScript USAGE = load("usage.lua");

  private static LuaScript load(String script) {
    return LuaScript.load(LimiterScripts.class, COMMON, script);
  }
}
