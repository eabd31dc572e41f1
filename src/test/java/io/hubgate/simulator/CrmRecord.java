package io.hubgate.simulator;

import java.time.Instant;
import java.util.Map;

/** One stored CRM record; immutable, replaced on every write so that readers never see half a write. */
public record CrmRecord(String id, String typeId, Map<String, String> properties, Instant createdAt,
    Instant updatedAt, boolean archived, Instant archivedAt) {

  public String property(String name) {
    return properties.get(name);
  }
}
