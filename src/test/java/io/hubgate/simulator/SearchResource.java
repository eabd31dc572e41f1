package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code POST .../{type}/search} with simple filters (HUBSPOT.md §3.3, [SEARCH]): filter groups are ORed,
 * filters within a group ANDed; at most 200 per page and 10,000 results in all. Its 5-per-second limit and
 * the absence of rate headers are handled by the gate.
 */
final class SearchResource {

  private static final int MAX_LIMIT = 200;
  private static final int MAX_TOTAL = 10_000;

  private final CrmStores stores;
  private final Responses responses;

  SearchResource(CrmStores stores, Responses responses) {
    this.stores = stores;
    this.responses = responses;
  }

  void register(Router router) {
    for (String prefix : ObjectsResource.PREFIXES) {
      router.post(prefix + "/:type/search").handler(this::search);
    }
  }

  private void search(RoutingContext ctx) {
    ObjectsResource.Target target = ObjectsResource.target(ctx, stores, responses, false, 0);
    if (target == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    JsonObject body = Requests.body(ctx, responses);
    if (body == null) {
      return;
    }
    if (body.encode().length() > 3000) {
      responses.json(ctx, 400, HubSpotErrors.validation("Search request body must not exceed 3000 characters"));
      return;
    }
    int limit = body.getInteger("limit", 10);
    int after = Integer.parseInt(String.valueOf(body.getValue("after", "0")));
    if (limit > MAX_LIMIT || after + limit > MAX_TOTAL) {
      responses.json(ctx, 400, HubSpotErrors.validation("limit must be at most " + MAX_LIMIT
          + " and paging may not go past " + MAX_TOTAL + " results"));
      return;
    }
    JsonArray groups = body.getJsonArray("filterGroups", new JsonArray());
    String query = body.getString("query");
    List<CrmRecord> matches = new ArrayList<>();
    for (CrmRecord record : crm.store(type).values()) {
      if (!record.archived() && matchesAny(record, groups) && matchesQuery(record, query)) {
        matches.add(record);
      }
    }
    sort(matches, body.getJsonArray("sorts", new JsonArray()));
    List<String> properties = Requests.stringList(body, "properties");
    JsonArray results = new JsonArray();
    for (int i = after; i < Math.min(matches.size(), after + limit); i++) {
      results.add(RecordJson.of(type, matches.get(i), properties));
    }
    JsonObject answer = new JsonObject().put("total", matches.size()).put("results", results);
    if (after + limit < matches.size()) {
      answer.put("paging", new JsonObject().put("next", new JsonObject().put("after", Integer.toString(after + limit))));
    }
    responses.json(ctx, 200, answer);
  }

  private static boolean matchesAny(CrmRecord record, JsonArray groups) {
    if (groups.isEmpty()) {
      return true;
    }
    for (Object group : groups) {
      boolean all = true;
      for (Object filter : ((JsonObject) group).getJsonArray("filters", new JsonArray())) {
        all &= matches(record, (JsonObject) filter);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(CrmRecord record, JsonObject filter) {
    String actual = record.properties().get(filter.getString("propertyName"));
    String value = filter.getValue("value") == null ? null : String.valueOf(filter.getValue("value"));
    List<String> values = new ArrayList<>();
    filter.getJsonArray("values", new JsonArray()).forEach(v -> values.add(String.valueOf(v)));
    return switch (filter.getString("operator", "EQ")) {
      case "EQ" -> actual != null && actual.equalsIgnoreCase(value);
      case "NEQ" -> actual == null || !actual.equalsIgnoreCase(value);
      case "LT" -> compare(actual, value) < 0;
      case "LTE" -> compare(actual, value) <= 0 && actual != null;
      case "GT" -> compare(actual, value) > 0 && actual != null;
      case "GTE" -> compare(actual, value) >= 0 && actual != null;
      case "HAS_PROPERTY" -> actual != null && !actual.isEmpty();
      case "NOT_HAS_PROPERTY" -> actual == null || actual.isEmpty();
      case "IN" -> actual != null && values.stream().anyMatch(actual::equalsIgnoreCase);
      case "NOT_IN" -> actual == null || values.stream().noneMatch(actual::equalsIgnoreCase);
      case "CONTAINS_TOKEN" -> actual != null && value != null
          && actual.toLowerCase(Locale.ROOT).contains(value.replace("*", "").toLowerCase(Locale.ROOT));
      case "NOT_CONTAINS_TOKEN" -> actual == null || value == null
          || !actual.toLowerCase(Locale.ROOT).contains(value.replace("*", "").toLowerCase(Locale.ROOT));
      case "BETWEEN" -> actual != null && compare(actual, value) >= 0
          && compare(actual, filter.getValue("highValue") == null ? null : String.valueOf(filter.getValue("highValue"))) <= 0;
      default -> false;
    };
  }

  private static boolean matchesQuery(CrmRecord record, String query) {
    if (query == null || query.isBlank()) {
      return true;
    }
    String needle = query.toLowerCase(Locale.ROOT);
    return record.properties().values().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(needle));
  }

  /** Numbers compare as numbers, anything else as text; a missing value sorts first. */
  private static int compare(String actual, String expected) {
    if (actual == null || expected == null) {
      return actual == null ? -1 : 1;
    }
    try {
      return Double.compare(Double.parseDouble(actual), Double.parseDouble(expected));
    } catch (NumberFormatException e) {
      return actual.compareTo(expected);
    }
  }

  private static void sort(List<CrmRecord> matches, JsonArray sorts) {
    if (sorts.isEmpty()) {
      return;
    }
    Object first = sorts.getValue(0);
    String property = first instanceof JsonObject o ? o.getString("propertyName") : String.valueOf(first);
    boolean descending = first instanceof JsonObject o && "DESCENDING".equals(o.getString("direction"));
    Comparator<CrmRecord> order = (a, b) -> compare(a.properties().get(property), b.properties().get(property));
    matches.sort(descending ? order.reversed() : order);
  }
}
