package io.hubgate.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One portal's CRM data: object types (HubSpot's and custom ones), their properties, records and
 * associations. Tests read it directly to assert what a gateway wrote. Writes that must be all-or-nothing
 * (a batch) hold the instance's monitor.
 */
public final class PortalCrm {

  private final long portalId;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(10_000_000_000L);
  private final List<ObjectType> types = new CopyOnWriteArrayList<>(StandardObjects.TYPES);
  private final Map<String, Map<String, PropertyDefinition>> properties = new ConcurrentHashMap<>();
  private final Map<String, ConcurrentSkipListMap<Long, CrmRecord>> records = new ConcurrentHashMap<>();
  private final Map<String, Set<AssociationRecord>> associations = new ConcurrentHashMap<>();
  /** typeId|property → value → record id, for contact email and unique properties, so lookups stay O(1). */
  private final Map<String, Map<String, Long>> uniqueIndex = new ConcurrentHashMap<>();

  PortalCrm(long portalId, Clock clock) {
    this.portalId = portalId;
    this.clock = clock;
    for (ObjectType type : StandardObjects.TYPES) {
      register(type, StandardObjects.properties(type));
    }
  }

  public long portalId() {
    return portalId;
  }

  /**
   * Defines a custom object type. It answers to its type id ({@code 2-<n>}), its name and its fully
   * qualified name {@code p<portalId>_<name>}.
   */
  public synchronized PortalCrm defineCustomObject(String typeId, String name, String requiredProperty,
      PropertyDefinition... customProperties) {
    ObjectType type = new ObjectType(name, typeId, name.toUpperCase(), "p" + portalId + "_" + name,
        "crm.objects.custom", List.of(List.of(requiredProperty)),
        List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id", requiredProperty));
    types.add(type);
    List<PropertyDefinition> all = new ArrayList<>(StandardObjects.systemProperties(type));
    all.add(PropertyDefinition.string(requiredProperty));
    all.addAll(List.of(customProperties));
    register(type, all);
    return this;
  }

  /** Adds a property to a type, e.g. a unique one to upsert by. */
  public PortalCrm addProperty(String type, PropertyDefinition property) {
    ObjectType objectType = type(type).orElseThrow(() -> new IllegalArgumentException("unknown type " + type));
    synchronized (this) {
      properties.get(objectType.typeId()).put(property.name(), property);
      store(objectType).values().stream().filter(r -> !r.archived()).forEach(r -> index(objectType, null, r));
    }
    return this;
  }

  public List<CrmRecord> records(String type) {
    return type(type).map(t -> List.copyOf(store(t).values())).orElse(List.of());
  }

  public List<CrmRecord> activeRecords(String type) {
    return records(type).stream().filter(r -> !r.archived()).toList();
  }

  public Optional<CrmRecord> record(String type, String id) {
    return type(type).flatMap(t -> find(t, id));
  }

  public List<AssociationRecord> associationsOf(String type, String id) {
    return type(type).map(t -> List.copyOf(associations.getOrDefault(t.typeId() + ":" + id, Set.of())))
        .orElse(List.of());
  }

  /** Seeds a record as if created through the API, without validation, rate limits or the request log. */
  public CrmRecord seed(String type, Map<String, String> values) {
    ObjectType objectType = type(type).orElseThrow(() -> new IllegalArgumentException("unknown type " + type));
    return create(objectType, values);
  }

  Optional<ObjectType> type(String pathName) {
    for (ObjectType type : types) {
      if (type.matches(pathName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  Map<String, PropertyDefinition> propertiesOf(ObjectType type) {
    return properties.get(type.typeId());
  }

  ConcurrentSkipListMap<Long, CrmRecord> store(ObjectType type) {
    return records.computeIfAbsent(type.typeId(), id -> new ConcurrentSkipListMap<>());
  }

  Optional<CrmRecord> find(ObjectType type, String id) {
    Long key = parseId(id);
    if (key == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(store(type).get(key));
  }

  Optional<CrmRecord> findActive(ObjectType type, String id) {
    return find(type, id).filter(r -> !r.archived());
  }

  /** The active record whose {@code property} equals {@code value}; ids match {@code hs_object_id}. */
  Optional<CrmRecord> findBy(ObjectType type, String property, String value) {
    if (property == null || "hs_object_id".equals(property)) {
      return findActive(type, value);
    }
    if (indexed(type, property)) {
      Long id = uniqueIndex.getOrDefault(type.typeId() + "|" + property, Map.of()).get(indexKey(property, value));
      return id == null ? Optional.empty() : findActive(type, id.toString());
    }
    for (CrmRecord record : store(type).values()) {
      if (!record.archived() && value.equals(record.properties().get(property))) {
        return Optional.of(record);
      }
    }
    return Optional.empty();
  }

  CrmRecord create(ObjectType type, Map<String, String> values) {
    String id = Long.toString(ids.incrementAndGet());
    Instant now = clock.instant();
    Map<String, String> stored = new LinkedHashMap<>(values);
    stored.put("hs_object_id", id);
    stored.put("createdate", now.toString());
    stored.put("hs_createdate", now.toString());
    stored.put(type.modifiedProperty(), now.toString());
    CrmRecord record = new CrmRecord(id, type.typeId(), Map.copyOf(stored), now, now, false, null);
    store(type).put(Long.parseLong(id), record);
    index(type, null, record);
    return record;
  }

  CrmRecord update(ObjectType type, CrmRecord existing, Map<String, String> values) {
    Instant now = clock.instant();
    Map<String, String> stored = new LinkedHashMap<>(existing.properties());
    values.forEach((name, value) -> {
      if (value.isEmpty()) {
        stored.remove(name);
      } else {
        stored.put(name, value);
      }
    });
    stored.put(type.modifiedProperty(), now.toString());
    CrmRecord updated = new CrmRecord(existing.id(), existing.typeId(), Map.copyOf(stored), existing.createdAt(),
        now, false, null);
    store(type).put(Long.parseLong(existing.id()), updated);
    index(type, existing, updated);
    return updated;
  }

  void archive(ObjectType type, CrmRecord existing) {
    index(type, existing, null);
    Instant now = clock.instant();
    store(type).put(Long.parseLong(existing.id()), new CrmRecord(existing.id(), existing.typeId(),
        existing.properties(), existing.createdAt(), now, true, now));
  }

  /** A GDPR deletion: the record and its associations are gone for good, not archived. */
  void purge(ObjectType type, CrmRecord existing) {
    index(type, existing, null);
    store(type).remove(Long.parseLong(existing.id()));
    Set<AssociationRecord> outgoing = associations.remove(type.typeId() + ":" + existing.id());
    if (outgoing != null) {
      for (AssociationRecord association : outgoing) {
        Set<AssociationRecord> back = associations.get(association.toTypeId() + ":" + association.toId());
        if (back != null) {
          back.removeIf(a -> a.toTypeId().equals(type.typeId()) && a.toId().equals(existing.id()));
        }
      }
    }
  }

  void associate(AssociationRecord association) {
    associations.computeIfAbsent(association.fromTypeId() + ":" + association.fromId(),
        key -> ConcurrentHashMap.newKeySet()).add(association);
  }

  private boolean indexed(ObjectType type, String property) {
    if (type.isContact() && "email".equals(property)) {
      return true;
    }
    PropertyDefinition def = properties.get(type.typeId()).get(property);
    return def != null && def.hasUniqueValue();
  }

  /** Emails match whatever their case, as in HubSpot; other unique values match exactly. */
  private static String indexKey(String property, String value) {
    return "email".equals(property) ? value.toLowerCase(java.util.Locale.ROOT) : value;
  }

  /** Moves the index entries of a record from its old values (null: none) to its new ones (null: none). */
  private void index(ObjectType type, CrmRecord before, CrmRecord after) {
    CrmRecord any = after != null ? after : before;
    for (String property : any.properties().keySet()) {
      if (!indexed(type, property)) {
        continue;
      }
      Map<String, Long> values = uniqueIndex.computeIfAbsent(type.typeId() + "|" + property,
          key -> new ConcurrentHashMap<>());
      if (before != null && before.property(property) != null) {
        values.remove(indexKey(property, before.property(property)), Long.parseLong(before.id()));
      }
      if (after != null && after.property(property) != null) {
        values.put(indexKey(property, after.property(property)), Long.parseLong(after.id()));
      }
    }
    if (before != null && after != null) {
      for (String property : before.properties().keySet()) {
        if (!after.properties().containsKey(property) && indexed(type, property)) {
          uniqueIndex.getOrDefault(type.typeId() + "|" + property, new ConcurrentHashMap<>())
              .remove(indexKey(property, before.property(property)), Long.parseLong(before.id()));
        }
      }
    }
  }

  private void register(ObjectType type, List<PropertyDefinition> definitions) {
    Map<String, PropertyDefinition> byName = new ConcurrentHashMap<>();
    definitions.forEach(d -> byName.put(d.name(), d));
    properties.put(type.typeId(), byName);
  }

  List<PropertyDefinition> orderedProperties(ObjectType type) {
    List<PropertyDefinition> list = new ArrayList<>(properties.get(type.typeId()).values());
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return list;
  }

  static Long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
