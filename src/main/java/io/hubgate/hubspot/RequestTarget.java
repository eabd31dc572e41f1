package io.hubgate.hubspot;

import java.util.Optional;

import io.hubgate.http.RequestTargetRules;
import io.hubgate.problem.ProblemException;

/**
 * One call's target, parsed once from the raw request target ({@code /hubspot/{portalId}/<HubSpot path>[?query]}): the
 * portal, and the HubSpot path and query that decide its scope, lane and idempotency ({@link HubSpotCalls}) and that
 * are sent to HubSpot byte for byte ({@link #pathAndQuery()}). Nothing else re-derives them from strings.
 * <p>
 * Parsing refuses (400 {@code bad-request-target}) what {@link RequestTargetRules} refuses for every endpoint, and what
 * only a forwarded path makes ambiguous: an empty segment ({@code //}, a trailing {@code /}: HubSpot's paths have none,
 * and servers differ on whether {@code a//b} is {@code a/b}), an encoded slash or backslash ({@code %2F}, {@code %5C}:
 * one reader's segment boundary is another's data), and a query with characters RFC 3986 does not allow. The path is
 * normalised as RFC 3986 §6.2.2 allows (escapes of unreserved characters decoded, other escapes in upper case), so that
 * {@code /crm/v3/objects/contacts/%73earch} is decided and sent as the search it is. Case is kept: the decisions are
 * case-sensitive, so a path HubSpot might read case-insensitively ({@code .../SEARCH}) is never taken for read-only.
 * The query is forwarded as received.
 *
 * @param portalId the portal, a positive number written without sign or leading zeros
 * @param path the HubSpot path, normalised, starting with {@code /}
 * @param query the raw query without its {@code ?}, or null when the target had no {@code ?}
 */
public record RequestTarget(long portalId, String path, String query) {

  public static final String PREFIX = "/hubspot/";

  /** Parses a raw gateway request target ({@code HttpServerRequest.uri()}); 400 or 404 problems when it is unusable. */
  public static RequestTarget parse(String raw) {
    Optional<String> ambiguity = RequestTargetRules.ambiguity(raw);
    if (ambiguity.isPresent()) {
      throw RequestTargetRules.refusal(ambiguity.get());
    }
    int q = raw.indexOf('?');
    String gatewayPath = RequestTargetRules.normalise(q < 0 ? raw : raw.substring(0, q));
    if (!gatewayPath.startsWith(PREFIX)) {
      throw RequestTargetRules.refusal("A HubSpot call's target is /hubspot/{portalId}/{HubSpot path}.");
    }
    String rest = gatewayPath.substring(PREFIX.length());
    for (String segment : rest.split("/", -1)) {
      if (segment.isEmpty()) {
        throw RequestTargetRules.refusal("The path has an empty segment (// or a trailing /); HubSpot's paths have none.");
      }
    }
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw RequestTargetRules.refusal("A HubSpot call's target is /hubspot/{portalId}/{HubSpot path}.");
    }
    return of(portalId(rest.substring(0, slash)), rest.substring(slash), q < 0 ? null : raw.substring(q + 1));
  }

  /** The target of a call the gateway makes itself; the same rules as {@link #parse}. */
  public static RequestTarget of(long portalId, String pathAndQuery) {
    return parse(PREFIX + portalId + pathAndQuery);
  }

  /** The rules of a forwarded path beyond the empty segments that {@link #parse} checked on the whole path. */
  private static RequestTarget of(long portalId, String path, String query) {
    String upper = path.toUpperCase(java.util.Locale.ROOT);
    if (upper.contains("%2F") || upper.contains("%5C")) {
      throw RequestTargetRules.refusal("The HubSpot path contains an encoded slash or backslash (%2F, %5C).");
    }
    if (query != null) {
      for (int i = 0; i < query.length(); i++) {
        if (!RequestTargetRules.isQueryChar(query.charAt(i))) {
          throw RequestTargetRules.refusal("The query contains '" + query.charAt(i)
              + "', which RFC 3986 does not allow there; percent-encode it.");
        }
      }
    }
    return new RequestTarget(portalId, path, query);
  }

  /** Exactly what goes to HubSpot after its base URL. */
  public String pathAndQuery() {
    return query == null ? path : path + "?" + query;
  }

  /** The path's last segments, compared exactly: {@code endsWith("/batch/read")}. */
  boolean pathEndsWith(String suffix) {
    return path.endsWith(suffix);
  }

  private static long portalId(String text) {
    boolean canonical = !text.isEmpty() && text.length() <= 18 && text.charAt(0) != '0'
        && text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (!canonical) {
      throw new ProblemException(404, "unknown-portal", "Unknown Portal", "A portal id is a positive number.");
    }
    return Long.parseLong(text);
  }
}
