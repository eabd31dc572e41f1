package io.hubgate.hubspot;

import java.util.Locale;
import java.util.Set;

import io.hubgate.access.Access;
import io.hubgate.ratelimit.Lane;

/**
 * What HubSpot's API paths mean for the gateway: which calls only read (scope {@code hubspot.read}), which are
 * idempotent (an unknown outcome may be retried), which are searches (their own per-second budget). Decided on the
 * parsed {@link RequestTarget} alone, the path that is sent, compared exactly (case-sensitive): a path that does not
 * match a known read-only or idempotent shape exactly is taken for a write that must not be resent.
 */
public final class HubSpotCalls {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  /** Repeating these leaves the same state: PUT and DELETE by definition; batch upsert by idProperty, batch archive. */
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

  private HubSpotCalls() {
  }

  /** GET/HEAD/OPTIONS and the read-only POSTs: {@code .../search}, {@code .../batch/read}. */
  public static boolean isReadOnly(String method, RequestTarget target) {
    String m = method.toUpperCase(Locale.ROOT);
    if (READ_METHODS.contains(m)) {
      return true;
    }
    return "POST".equals(m) && (target.pathEndsWith("/search") || target.pathEndsWith("/batch/read"));
  }

  public static boolean isIdempotent(String method, RequestTarget target) {
    String m = method.toUpperCase(Locale.ROOT);
    if (IDEMPOTENT_METHODS.contains(m) || isReadOnly(m, target)) {
      return true;
    }
    return "POST".equals(m) && (target.pathEndsWith("/batch/upsert") || target.pathEndsWith("/batch/archive"));
  }

  /** CRM search: {@code POST /crm/v3/objects/{type}/search} (and the date-versioned family). */
  public static boolean isSearch(String method, RequestTarget target) {
    return "POST".equalsIgnoreCase(method) && target.path().startsWith("/crm/") && target.pathEndsWith("/search");
  }

  public static Access access(String method, RequestTarget target) {
    return isReadOnly(method, target) ? Access.READ : Access.WRITE;
  }

  /** Search has its own lane; otherwise bulk when the caller asks for it, else interactive. */
  public static Lane lane(String method, RequestTarget target, boolean bulk) {
    if (isSearch(method, target)) {
      return Lane.SEARCH;
    }
    return bulk ? Lane.BULK : Lane.INTERACTIVE;
  }
}
