package io.hubgate.ratelimit;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * HubSpot's view of the budget, from the {@code X-HubSpot-RateLimit-*} headers of one response (HUBSPOT.md §5.2).
 * Any field may be absent: search responses carry none, OAuth calls carry no daily headers.
 */
public record RateLimitHeaders(OptionalLong max, OptionalLong remaining, OptionalLong intervalMillis,
    OptionalLong daily, OptionalLong dailyRemaining) {

  public static RateLimitHeaders of(long max, long remaining, long intervalMillis) {
    return new RateLimitHeaders(OptionalLong.of(max), OptionalLong.of(remaining), OptionalLong.of(intervalMillis),
        OptionalLong.empty(), OptionalLong.empty());
  }

  public RateLimitHeaders withDaily(long dailyLimit, long dailyLeft) {
    return new RateLimitHeaders(max, remaining, intervalMillis, OptionalLong.of(dailyLimit), OptionalLong.of(dailyLeft));
  }

  /** Reads the headers through any lookup (case-insensitive lookups are the caller's business); bad numbers count as absent. */
  public static RateLimitHeaders from(Function<String, String> header) {
    return new RateLimitHeaders(
        number(header.apply("X-HubSpot-RateLimit-Max")),
        number(header.apply("X-HubSpot-RateLimit-Remaining")),
        number(header.apply("X-HubSpot-RateLimit-Interval-Milliseconds")),
        number(header.apply("X-HubSpot-RateLimit-Daily")),
        number(header.apply("X-HubSpot-RateLimit-Daily-Remaining")));
  }

  private static OptionalLong number(String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  boolean hasWindow() {
    return max.isPresent() && remaining.isPresent();
  }

  boolean hasDaily() {
    return daily.isPresent() && dailyRemaining.isPresent();
  }
}
