package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Associations v4 (HUBSPOT.md §4): the default (unlabelled) association of two records, single and batch,
 * written in both directions with HubSpot's per-direction type ids, and listing a record's associations.
 */
final class AssociationsResource {

  private static final int MAX_BATCH = 2000;
  private static final int MAX_BATCH_READ = 1000;

  private final CrmStores stores;
  private final Responses responses;
  private final Clock clock;

  AssociationsResource(CrmStores stores, Responses responses, Clock clock) {
    this.stores = stores;
    this.responses = responses;
    this.clock = clock;
  }

  void register(Router router) {
    for (String prefix : new String[] {"/crm/v4/objects", "/crm/objects/:version", "/crm/associations/:version"}) {
      router.put(prefix + "/:type/:id/associations/default/:toType/:toId").handler(this::associateDefault);
      router.get(prefix + "/:type/:id/associations/:toType").handler(this::list);
    }
    for (String prefix : new String[] {"/crm/v4/associations", "/crm/associations/:version"}) {
      router.post(prefix + "/:type/:toType/batch/associate/default").handler(this::batchDefault);
      router.post(prefix + "/:type/:toType/batch/read").handler(this::batchRead);
      router.get(prefix + "/:type/:toType/labels").handler(this::labels);
    }
  }

  /** The two object types of an association call and the portal's data. */
  private record Pair(ApiCall call, PortalCrm crm, ObjectType from, ObjectType to) {}

  /** The pair the path names, or null after answering 400 (unknown type) or 403 (missing scope). */
  private Pair pair(RoutingContext ctx, boolean write) {
    ApiCall call = ApiCall.of(ctx);
    PortalCrm crm = stores.of(call.portalId);
    ObjectType from = ObjectsResource.type(ctx, crm, responses, "type");
    ObjectType to = from == null ? null : ObjectsResource.type(ctx, crm, responses, "toType");
    if (to == null || !CrmGate.requireScope(ctx, responses, write ? from.writeScope() : from.readScope())) {
      return null;
    }
    return new Pair(call, crm, from, to);
  }

  /** HubSpot's default type ids for the pair (each direction), or null after answering 400. */
  private int[] defaultTypeIds(RoutingContext ctx, Pair pair) {
    int[] typeIds = AssociationTypes.defaults(pair.from().typeId(), pair.to().typeId()).orElse(null);
    if (typeIds == null) {
      responses.json(ctx, 400, HubSpotErrors.validation("No default association type between "
          + pair.from().singular() + " and " + pair.to().singular()));
    }
    return typeIds;
  }

  /** Adds the ids of the two records that do not exist (or are archived) to {@code missing}; true if none. */
  private static boolean bothExist(Pair pair, String fromId, String toId, Collection<String> missing) {
    boolean fromExists = pair.crm().findActive(pair.from(), fromId).isPresent();
    boolean toExists = pair.crm().findActive(pair.to(), toId).isPresent();
    if (!fromExists) {
      missing.add(fromId);
    }
    if (!toExists) {
      missing.add(toId);
    }
    return fromExists && toExists;
  }

  private void associateDefault(RoutingContext ctx) {
    Pair pair = pair(ctx, true);
    int[] typeIds = pair == null ? null : defaultTypeIds(ctx, pair);
    if (typeIds == null) {
      return;
    }
    pair.call().inputs = 1;
    Instant started = clock.instant();
    String fromId = ctx.pathParam("id");
    String toId = ctx.pathParam("toId");
    PortalCrm crm = pair.crm();
    ObjectType from = pair.from();
    ObjectType to = pair.to();
    synchronized (crm) {
      List<String> missing = new ArrayList<>();
      if (!bothExist(pair, fromId, toId, missing)) {
        responses.json(ctx, 404, HubSpotErrors.withContext(HubSpotErrors.error("OBJECT_NOT_FOUND",
            "One or more objects to associate do not exist: " + missing), "ids", missing));
        return;
      }
      JsonArray results = write(crm, from, fromId, to, toId, typeIds);
      responses.json(ctx, 200, envelope(results, List.of(), started));
    }
  }

  private void batchDefault(RoutingContext ctx) {
    Pair pair = pair(ctx, true);
    JsonObject body = pair == null ? null : Requests.body(ctx, responses);
    if (body == null) {
      return;
    }
    Instant started = clock.instant();
    JsonArray inputs = body.getJsonArray("inputs", new JsonArray());
    pair.call().inputs = inputs.size();
    if (inputs.size() > MAX_BATCH) {
      responses.json(ctx, 400, HubSpotErrors.tooManyInputs(MAX_BATCH, inputs.size()));
      return;
    }
    int[] typeIds = defaultTypeIds(ctx, pair);
    if (typeIds == null) {
      return;
    }
    PortalCrm crm = pair.crm();
    synchronized (crm) {
      JsonArray results = new JsonArray();
      Set<String> missing = new LinkedHashSet<>();
      for (Object each : inputs) {
        JsonObject input = (JsonObject) each;
        String fromId = String.valueOf(input.getJsonObject("from", new JsonObject()).getValue("id"));
        String toId = String.valueOf(input.getJsonObject("to", new JsonObject()).getValue("id"));
        if (bothExist(pair, fromId, toId, missing)) {
          write(crm, pair.from(), fromId, pair.to(), toId, typeIds).forEach(results::add);
        }
      }
      List<JsonObject> errors = new ArrayList<>();
      if (!missing.isEmpty()) {
        JsonObject error = HubSpotErrors.withContext(HubSpotErrors.error("OBJECT_NOT_FOUND",
            "Could not find objects to associate: " + missing), "ids", missing);
        error.remove("correlationId");
        errors.add(error);
      }
      responses.json(ctx, errors.isEmpty() ? 200 : 207, envelope(results, errors, started));
    }
  }

  /** Each input record's associations to the other type; records without any are left out of results. */
  private void batchRead(RoutingContext ctx) {
    Pair pair = pair(ctx, false);
    JsonObject body = pair == null ? null : Requests.body(ctx, responses);
    if (body == null) {
      return;
    }
    Instant started = clock.instant();
    JsonArray inputs = body.getJsonArray("inputs", new JsonArray());
    pair.call().inputs = inputs.size();
    if (inputs.size() > MAX_BATCH_READ) {
      responses.json(ctx, 400, HubSpotErrors.tooManyInputs(MAX_BATCH_READ, inputs.size()));
      return;
    }
    JsonArray results = new JsonArray();
    for (Object each : inputs) {
      String id = String.valueOf(((JsonObject) each).getValue("id"));
      JsonArray targets = targets(pair, id);
      if (!targets.isEmpty()) {
        results.add(new JsonObject().put("from", new JsonObject().put("id", id)).put("to", targets));
      }
    }
    responses.json(ctx, 200, envelope(results, List.of(), started));
  }

  /** HubSpot-defined labels of the pair: the unlabelled default and, where HubSpot has one, "Primary". */
  private void labels(RoutingContext ctx) {
    Pair pair = pair(ctx, false);
    if (pair == null) {
      return;
    }
    JsonArray results = new JsonArray();
    AssociationTypes.defaults(pair.from().typeId(), pair.to().typeId()).ifPresent(ids ->
        results.add(new JsonObject().put("category", "HUBSPOT_DEFINED").put("typeId", ids[0]).putNull("label")));
    AssociationTypes.primary(pair.from().typeId(), pair.to().typeId()).ifPresent(id ->
        results.add(new JsonObject().put("category", "HUBSPOT_DEFINED").put("typeId", id).put("label", "Primary")));
    responses.json(ctx, 200, new JsonObject().put("results", results));
  }

  private void list(RoutingContext ctx) {
    Pair pair = pair(ctx, false);
    if (pair == null) {
      return;
    }
    responses.json(ctx, 200, new JsonObject().put("results", targets(pair, ctx.pathParam("id"))));
  }

  /** The record's associations to the pair's other type, one entry per target with all its types. */
  private static JsonArray targets(Pair pair, String id) {
    JsonObject byTarget = new JsonObject();
    for (AssociationRecord association : pair.crm().associationsOf(pair.from().name(), id)) {
      if (!association.toTypeId().equals(pair.to().typeId())) {
        continue;
      }
      JsonObject target = byTarget.getJsonObject(association.toId());
      if (target == null) {
        target = new JsonObject().put("toObjectId", Long.parseLong(association.toId()))
            .put("associationTypes", new JsonArray());
        byTarget.put(association.toId(), target);
      }
      target.getJsonArray("associationTypes").add(new JsonObject().put("category", association.category())
          .put("typeId", association.typeId()).putNull("label"));
    }
    JsonArray results = new JsonArray();
    byTarget.forEach(e -> results.add(e.getValue()));
    return results;
  }

  private JsonArray write(PortalCrm crm, ObjectType from, String fromId, ObjectType to, String toId, int[] typeIds) {
    crm.associate(new AssociationRecord(from.typeId(), fromId, to.typeId(), toId, "HUBSPOT_DEFINED", typeIds[0]));
    crm.associate(new AssociationRecord(to.typeId(), toId, from.typeId(), fromId, "HUBSPOT_DEFINED", typeIds[1]));
    return new JsonArray()
        .add(result(fromId, toId, typeIds[0]))
        .add(result(toId, fromId, typeIds[1]));
  }

  private static JsonObject result(String fromId, String toId, int typeId) {
    return new JsonObject()
        .put("from", new JsonObject().put("id", fromId))
        .put("to", new JsonObject().put("id", toId))
        .put("associationSpec", new JsonObject().put("associationCategory", "HUBSPOT_DEFINED")
            .put("associationTypeId", typeId));
  }

  private JsonObject envelope(JsonArray results, List<JsonObject> errors, Instant started) {
    JsonObject body = new JsonObject().put("status", "COMPLETE").put("results", results);
    if (!errors.isEmpty()) {
      body.put("numErrors", errors.size()).put("errors", new JsonArray(new ArrayList<>(errors)));
    }
    return body.put("startedAt", started.toString()).put("completedAt", clock.instant().toString());
  }
}
