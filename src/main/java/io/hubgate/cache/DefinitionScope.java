package io.hubgate.cache;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.hubgate.hubspot.HubSpotCalls;
import io.hubgate.hubspot.RequestTarget;

/**
 * The definitions a HubSpot call reads or changes, decided on the parsed {@link RequestTarget} alone: one portal's
 * property definitions of one object type, its pipelines of one type, or the association labels of one pair of types.
 * A write to any of them invalidates every cached read of the same scope (the list and the single entries).
 * <p>
 * Cacheable reads are GETs of exactly these shapes (segments compared exactly, case-sensitive):
 * <ul>
 *   <li>{@code /crm/v3/properties/{type}} and {@code /crm/v3/properties/{type}/{name}}, and the date-versioned
 *       {@code /crm/properties/{version}/{type}[/{name}]};</li>
 *   <li>{@code /crm/v3/pipelines/{type}} and everything below it (a pipeline, its stages, a stage), and the
 *       date-versioned {@code /crm/pipelines/{version}/{type}/...};</li>
 *   <li>{@code /crm/v4/associations/{from}/{to}/labels}.</li>
 * </ul>
 * Writes that invalidate: any POST, PUT, PATCH or DELETE at or below the same roots (batch create and archive, groups,
 * stages, label creation and deletion), except the read-only POSTs ({@code .../batch/read}).
 *
 * @param portalId the portal
 * @param family what is cached together: {@code properties/contacts}, {@code pipelines/deals},
 *     {@code labels/0-1/0-2} (the pair in a fixed order: a label belongs to both directions)
 */
public record DefinitionScope(long portalId, String family) {

  private static final int MAX_PROPERTY_SEGMENTS = 5; // crm, v3, properties, {type}, {name}

  /** The scope a GET reads from the cache, if it is one of the cacheable shapes. */
  public static Optional<DefinitionScope> cacheableRead(String method, RequestTarget target) {
    if (!"GET".equals(method.toUpperCase(Locale.ROOT)) || target.path().endsWith("/audit")) {
      return Optional.empty(); // audits are a log of changes, not a definition
    }
    return classify(target, true);
  }

  /** The scope a successful write invalidates, if it writes definitions. */
  public static Optional<DefinitionScope> invalidatedBy(String method, RequestTarget target) {
    String m = method.toUpperCase(Locale.ROOT);
    boolean write = "POST".equals(m) || "PUT".equals(m) || "PATCH".equals(m) || "DELETE".equals(m);
    if (!write || HubSpotCalls.isReadOnly(m, target)) {
      return Optional.empty();
    }
    return classify(target, false);
  }

  private static Optional<DefinitionScope> classify(RequestTarget target, boolean exactRead) {
    List<String> s = List.of(target.path().substring(1).split("/"));
    if (s.size() < 4 || !"crm".equals(s.get(0))) {
      return Optional.empty();
    }
    // /crm/v3/{kind}/{type}/... or /crm/{kind}/{date version}/{type}/...
    String kind;
    int typeAt;
    if ("v3".equals(s.get(1))) {
      kind = s.get(2);
      typeAt = 3;
    } else if (isDateVersion(s.get(2))) {
      kind = s.get(1);
      typeAt = 3;
    } else if ("v4".equals(s.get(1)) && "associations".equals(s.get(2))) {
      return labels(target.portalId(), s, exactRead);
    } else {
      return Optional.empty();
    }
    int below = s.size() - typeAt - 1; // segments after {type}
    return switch (kind) {
      case "properties" -> !exactRead || below <= MAX_PROPERTY_SEGMENTS - 4
          ? Optional.of(new DefinitionScope(target.portalId(), "properties/" + s.get(typeAt)))
          : Optional.empty();
      case "pipelines" -> Optional.of(new DefinitionScope(target.portalId(), "pipelines/" + s.get(typeAt)));
      default -> Optional.empty();
    };
  }

  /** {@code /crm/v4/associations/{from}/{to}/labels[/{typeId}]}: reads only the list itself. */
  private static Optional<DefinitionScope> labels(long portalId, List<String> s, boolean exactRead) {
    boolean labels = s.size() >= 6 && "labels".equals(s.get(5)) && (!exactRead || s.size() == 6);
    if (!labels) {
      return Optional.empty();
    }
    String from = s.get(3);
    String to = s.get(4);
    String pair = from.compareTo(to) <= 0 ? from + "/" + to : to + "/" + from;
    return Optional.of(new DefinitionScope(portalId, "labels/" + pair));
  }

  /** HubSpot's date versions: {@code 2026-03}. */
  private static boolean isDateVersion(String segment) {
    return segment.length() == 7 && segment.charAt(4) == '-'
        && segment.chars().filter(c -> c != '-').allMatch(c -> c >= '0' && c <= '9');
  }
}
