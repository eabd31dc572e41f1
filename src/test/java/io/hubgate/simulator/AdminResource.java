package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * For the standalone simulator, where a benchmark or demo cannot call Java methods: the request log's summary,
 * a reset and the token clock, under {@code /_simulator}, a prefix HubSpot does not use. Not logged, not limited.
 */
final class AdminResource {

  private final HubSpotSimulator simulator;

  AdminResource(HubSpotSimulator simulator) {
    this.simulator = simulator;
  }

  void register(Router router) {
    router.get("/_simulator/stats").handler(this::stats);
    router.post("/_simulator/reset").handler(ctx -> {
      simulator.reset();
      ctx.response().setStatusCode(204).end();
    });
    router.post("/_simulator/clock/advance").handler(ctx -> {
      simulator.clock().advance(Duration.ofSeconds(Long.parseLong(ctx.queryParams().get("seconds"))));
      json(ctx, new JsonObject().put("now", simulator.clock().now().toString()));
    });
  }

  private void stats(RoutingContext ctx) {
    RequestLog log = simulator.requestLog();
    Map<String, Long> byStatus = log.entries().stream()
        .collect(Collectors.groupingBy(e -> Integer.toString(e.status()), TreeMap::new, Collectors.counting()));
    Map<String, Long> byPolicy = log.entries(e -> e.policyName() != null).stream()
        .collect(Collectors.groupingBy(RequestLogEntry::policyName, TreeMap::new, Collectors.counting()));
    Set<String> pairs = log.entries(e -> e.portalId() != 0).stream()
        .map(e -> e.portalId() + ":" + e.appId()).collect(Collectors.toCollection(java.util.TreeSet::new));
    JsonArray windows = new JsonArray();
    for (String pair : pairs) {
      long portalId = Long.parseLong(pair.split(":")[0]);
      long appId = Long.parseLong(pair.split(":")[1]);
      windows.add(new JsonObject().put("portalId", portalId).put("appId", appId)
          .put("requests", log.entries(e -> e.portalId() == portalId && e.appId() == appId).size())
          .put("maxInAnyTenSeconds", log.maxInAnyWindow(portalId, appId, Duration.ofSeconds(10)))
          .put("maxAcceptedInAnyTenSeconds", log.maxAcceptedInAnyWindow(portalId, appId, Duration.ofSeconds(10))));
    }
    json(ctx, new JsonObject()
        .put("requests", log.size())
        .put("byStatus", new JsonObject(new java.util.LinkedHashMap<>(byStatus)))
        .put("rateLimitedByPolicy", new JsonObject(new java.util.LinkedHashMap<>(byPolicy)))
        .put("windows", windows));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
  }
}
