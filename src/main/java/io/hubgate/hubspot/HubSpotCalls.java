package io.hubgate.hubspot;

import java.util.Locale;
import java.util.Set;

import io.hubgate.access.Access;
import io.hubgate.ratelimit.Lane;

/**
 * What HubSpot's API paths mean for the gateway: which calls only read (scope {@code hubspot.read}), which are
 * idempotent (an unknown outcome may be retried), which are searches (their own per-second budget).
 */
public final class HubSpotCalls {

  private static final Set<String> READ_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  /** Repeating these leaves the same state: PUT and DELETE by definition; batch upsert by idProperty, batch archive. */
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

  private HubSpotCalls() {
  }

  /** GET/HEAD/OPTIONS and the read-only POSTs: {@code .../search}, {@code .../batch/read}. */
  public static boolean isReadOnly(String method, String path) {
    String m = method.toUpperCase(Locale.ROOT);
    if (READ_METHODS.contains(m)) {
      return true;
    }
    String p = trimmed(path);
    return "POST".equals(m) && (p.endsWith("/search") || p.endsWith("/batch/read"));
  }

  public static boolean isIdempotent(String method, String path) {
    String m = method.toUpperCase(Locale.ROOT);
    if (IDEMPOTENT_METHODS.contains(m) || isReadOnly(m, path)) {
      return true;
    }
    String p = trimmed(path);
    return "POST".equals(m) && (p.endsWith("/batch/upsert") || p.endsWith("/batch/archive"));
  }

  /** CRM search: {@code POST /crm/v3/objects/{type}/search} (and the date-versioned family). */
  public static boolean isSearch(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String p = trimmed(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    return "POST".equalsIgnoreCase(method) && p.startsWith("/crm/") && p.endsWith("/search");
  }

  public static Access access(String method, String path) {
    return isReadOnly(method, path) ? Access.READ : Access.WRITE;
  }

  /** Search has its own lane; otherwise bulk when the caller asks for it, else interactive. */
  public static Lane lane(String method, String pathAndQuery, boolean bulk) {
    if (isSearch(method, pathAndQuery)) {
      return Lane.SEARCH;
    }
    return bulk ? Lane.BULK : Lane.INTERACTIVE;
  }

  private static String trimmed(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }
}
