package io.hubgate.simulator;

import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code SimplePublicObject}: id and values as strings, ISO-8601 dates, {@code archived}. */
final class RecordJson {

  private RecordJson() {
  }

  /**
   * The record with the requested properties (null when unset, as HubSpot returns them) or, when none were
   * requested, the type's defaults; identity and date properties always.
   */
  static JsonObject of(ObjectType type, CrmRecord record, Collection<String> requested, Collection<String> written) {
    Set<String> names = new LinkedHashSet<>(requested.isEmpty() ? type.defaultProperties() : requested);
    names.addAll(written);
    names.add("hs_object_id");
    names.add(type.createdProperty());
    names.add(type.modifiedProperty());
    JsonObject properties = new JsonObject();
    for (String name : names) {
      properties.put(name, record.properties().get(name));
    }
    JsonObject json = new JsonObject()
        .put("id", record.id())
        .put("properties", properties)
        .put("createdAt", record.createdAt().toString())
        .put("updatedAt", record.updatedAt().toString())
        .put("archived", record.archived());
    if (record.archivedAt() != null) {
      json.put("archivedAt", record.archivedAt().toString());
    }
    return json;
  }

  static JsonObject of(ObjectType type, CrmRecord record, Collection<String> requested) {
    return of(type, record, requested, List.of());
  }
}
