package io.hubgate.simulator;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading what a CRM request asks for: JSON bodies, property lists and property maps. */
final class Requests {

  private Requests() {
  }

  /** The JSON body, or null after answering HubSpot's 400 for malformed JSON (which has no category). */
  static JsonObject body(RoutingContext ctx, Responses responses) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return new JsonObject();
    }
    try {
      Object parsed = ctx.body().buffer().toJson();
      if (parsed instanceof JsonObject object) {
        return object;
      }
      responses.json(ctx, 400, HubSpotErrors.malformedJson("expected a JSON object"));
      return null;
    } catch (DecodeException e) {
      responses.json(ctx, 400, HubSpotErrors.malformedJson(firstLine(e.getMessage())));
      return null;
    }
  }

  /** {@code properties=a,b} and {@code properties=a&properties=b} are both accepted, as by HubSpot. */
  static List<String> listParam(RoutingContext ctx, String name) {
    List<String> out = new ArrayList<>();
    for (String value : ctx.queryParam(name)) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  static List<String> stringList(JsonObject body, String key) {
    List<String> out = new ArrayList<>();
    if (body.getValue(key) instanceof io.vertx.core.json.JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v)));
    }
    return out;
  }

  /** Property values as strings; HubSpot coerces numbers and booleans, and treats null as clearing. */
  static Map<String, String> properties(JsonObject input) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonObject properties = input.getJsonObject("properties");
    if (properties != null) {
      properties.forEach(e -> out.put(e.getKey(), e.getValue() == null ? "" : String.valueOf(e.getValue())));
    }
    return out;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "malformed JSON";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
