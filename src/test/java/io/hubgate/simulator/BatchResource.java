package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CRM objects v3 batch endpoints with HubSpot's rules (HUBSPOT.md §3.3): at most 100 inputs; duplicate ids
 * fail the request; an invalid input fails the whole batch unless every input carries an
 * {@code objectWriteTraceId}, in which case the valid ones are written and the answer is 207; unknown ids on
 * read and update give 207 with one OBJECT_NOT_FOUND error; results come back in no particular order.
 */
final class BatchResource {

  static final int MAX_INPUTS = 100;
  static final int MAX_HISTORY_INPUTS = 50;

  private final CrmStores stores;
  private final Responses responses;
  private final Shuffler shuffler;
  private final Clock clock;

  BatchResource(CrmStores stores, Responses responses, Shuffler shuffler, Clock clock) {
    this.stores = stores;
    this.responses = responses;
    this.shuffler = shuffler;
    this.clock = clock;
  }

  void register(Router router) {
    for (String prefix : ObjectsResource.PREFIXES) {
      router.post(prefix + "/:type/batch/read").handler(ctx -> batch(ctx, this::read, false));
      router.post(prefix + "/:type/batch/create").handler(ctx -> batch(ctx, this::create, true));
      router.post(prefix + "/:type/batch/update").handler(ctx -> batch(ctx, this::update, true));
      router.post(prefix + "/:type/batch/upsert").handler(ctx -> batch(ctx, this::upsert, true));
      router.post(prefix + "/:type/batch/archive").handler(ctx -> batch(ctx, this::archive, true));
    }
  }

  /** One batch operation on validated inputs. */
  private interface Operation {
    void run(RoutingContext ctx, Batch batch);
  }

  /** A batch request being answered. */
  private record Batch(PortalCrm crm, ObjectType type, JsonObject body, List<JsonObject> inputs, Instant startedAt,
      long portalId) {

    boolean allTraced() {
      return !inputs.isEmpty() && inputs.stream().allMatch(i -> i.getValue("objectWriteTraceId") != null);
    }
  }

  private void batch(RoutingContext ctx, Operation operation, boolean write) {
    ObjectsResource.Target target = ObjectsResource.target(ctx, stores, responses, write, 0);
    if (target == null) {
      return;
    }
    ApiCall call = target.call();
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    JsonObject body = Requests.body(ctx, responses);
    if (body == null) {
      return;
    }
    JsonArray rawInputs = body.getJsonArray("inputs", new JsonArray());
    List<JsonObject> inputs = new ArrayList<>();
    for (Object each : rawInputs) {
      inputs.add(each instanceof JsonObject object ? object : new JsonObject().put("id", String.valueOf(each)));
    }
    call.inputs = inputs.size();
    if (inputs.size() > MAX_INPUTS) {
      responses.json(ctx, 400, HubSpotErrors.tooManyInputs(MAX_INPUTS, inputs.size()));
      return;
    }
    synchronized (crm) {
      operation.run(ctx, new Batch(crm, type, body, inputs, clock.instant(), call.portalId));
    }
  }

  private void read(RoutingContext ctx, Batch batch) {
    List<String> history = Requests.stringList(batch.body(), "propertiesWithHistory");
    if (!history.isEmpty() && batch.inputs().size() > MAX_HISTORY_INPUTS) {
      responses.json(ctx, 400, HubSpotErrors.validation("The maximum number of inputs supported in a batch request "
          + "for property histories is 50. Please reduce the number of items and try again"));
      return;
    }
    String idProperty = batch.body().getString("idProperty");
    if (!IdProperties.usable(batch.crm(), batch.type(), idProperty)) {
      responses.json(ctx, 400, IdProperties.notUnique(batch.type()));
      return;
    }
    List<String> properties = Requests.stringList(batch.body(), "properties");
    boolean archived = Boolean.parseBoolean(ctx.queryParams().get("archived"));
    List<JsonObject> results = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonObject input : batch.inputs()) {
      String id = String.valueOf(input.getValue("id"));
      if (!seen.add(id)) {
        continue;
      }
      Optional<CrmRecord> record = idProperty == null
          ? batch.crm().find(batch.type(), id).filter(r -> r.archived() == archived)
          : batch.crm().findBy(batch.type(), idProperty, id);
      if (record.isPresent()) {
        results.add(RecordJson.of(batch.type(), record.get(), properties));
      } else {
        missing.add(id);
      }
    }
    List<JsonObject> errors = new ArrayList<>();
    if (!missing.isEmpty()) {
      errors.add(entry(HubSpotErrors.objectNotFound(batch.type().singular(), missing)));
    }
    answer(ctx, batch, errors.isEmpty() ? 200 : 207, results, errors);
  }

  private void create(RoutingContext ctx, Batch batch) {
    PortalCrm crm = batch.crm();
    ObjectType type = batch.type();
    List<Prepared> prepared = new ArrayList<>();
    for (JsonObject input : batch.inputs()) {
      Map<String, String> values = Requests.properties(input);
      List<PropertyValidator.Invalid> invalid = PropertyValidator.validate(type, values, crm.propertiesOf(type), true);
      Object plan = InlineAssociations.plan(crm, type, input);
      JsonObject error = !invalid.isEmpty() ? PropertyValidator.errorBody(batch.portalId(), invalid)
          : plan instanceof String message ? HubSpotErrors.validation(message) : null;
      prepared.add(new Prepared(input, values, plan, error, null));
    }
    for (Prepared each : prepared) {
      Optional<CrmRecord> existing = Conflicts.existingContact(crm, type, each.values());
      if (existing.isPresent()) {
        responses.json(ctx, 409, HubSpotErrors.contactExists(existing.get().id()));
        return;
      }
    }
    List<String> repeated = Conflicts.repeatedEmails(type, prepared.stream().map(Prepared::values).toList());
    if (!repeated.isEmpty()) {
      responses.json(ctx, 400, HubSpotErrors.duplicateIds(repeated));
      return;
    }
    if (!failWhole(ctx, batch, prepared)) {
      return;
    }
    List<JsonObject> results = new ArrayList<>();
    List<JsonObject> errors = new ArrayList<>();
    for (Prepared each : prepared) {
      if (each.error() != null) {
        errors.add(traced(each.error(), each.input()));
        continue;
      }
      CrmRecord record = crm.create(type, each.values());
      @SuppressWarnings("unchecked")
      List<InlineAssociations.Planned> planned = (List<InlineAssociations.Planned>) each.plan();
      InlineAssociations.apply(crm, type, record.id(), planned);
      results.add(echoTrace(RecordJson.of(type, record, List.of(), each.values().keySet()), each.input()));
    }
    answer(ctx, batch, errors.isEmpty() ? 201 : 207, results, errors);
  }

  private void update(RoutingContext ctx, Batch batch) {
    PortalCrm crm = batch.crm();
    ObjectType type = batch.type();
    if (!idPropertiesValid(ctx, batch, false) || duplicates(ctx, batch)) {
      return;
    }
    List<Prepared> prepared = new ArrayList<>();
    for (JsonObject input : batch.inputs()) {
      Map<String, String> values = Requests.properties(input);
      List<PropertyValidator.Invalid> invalid = PropertyValidator.validate(type, values, crm.propertiesOf(type), false);
      Optional<CrmRecord> existing = crm.findBy(type, input.getString("idProperty"), String.valueOf(input.getValue("id")));
      prepared.add(new Prepared(input, values, null,
          invalid.isEmpty() ? null : PropertyValidator.errorBody(batch.portalId(), invalid), existing.orElse(null)));
    }
    if (!failWhole(ctx, batch, prepared)) {
      return;
    }
    List<JsonObject> results = new ArrayList<>();
    List<JsonObject> errors = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    List<String> missingTraces = new ArrayList<>();
    for (Prepared each : prepared) {
      if (each.error() != null) {
        errors.add(traced(each.error(), each.input()));
      } else if (each.existing() == null) {
        missing.add(String.valueOf(each.input().getValue("id")));
        Optional.ofNullable(each.input().getValue("objectWriteTraceId")).map(String::valueOf).ifPresent(missingTraces::add);
      } else {
        CrmRecord updated = crm.update(type, each.existing(), each.values());
        results.add(echoTrace(RecordJson.of(type, updated, List.of(), each.values().keySet()), each.input()));
      }
    }
    if (!missing.isEmpty()) {
      JsonObject notFound = HubSpotErrors.objectNotFound(type.singular(), missing);
      if (!missingTraces.isEmpty()) {
        HubSpotErrors.withContext(notFound, "objectWriteTraceId", missingTraces);
      }
      errors.add(entry(notFound));
    }
    answer(ctx, batch, errors.isEmpty() ? 200 : 207, results, errors);
  }

  private void upsert(RoutingContext ctx, Batch batch) {
    PortalCrm crm = batch.crm();
    ObjectType type = batch.type();
    if (!idPropertiesValid(ctx, batch, true) || duplicates(ctx, batch)) {
      return;
    }
    List<Prepared> prepared = new ArrayList<>();
    for (JsonObject input : batch.inputs()) {
      String idProperty = input.getString("idProperty");
      String id = String.valueOf(input.getValue("id"));
      Optional<CrmRecord> existing = crm.findBy(type, idProperty, id);
      Map<String, String> values = new LinkedHashMap<>(Requests.properties(input));
      JsonObject error;
      if (existing.isEmpty() && "hs_object_id".equals(idProperty)) {
        error = HubSpotErrors.objectNotFound(type.singular(), List.of(id));
      } else {
        if (existing.isEmpty()) {
          values.put(idProperty, id);
        }
        List<PropertyValidator.Invalid> invalid =
            PropertyValidator.validate(type, values, crm.propertiesOf(type), existing.isEmpty());
        error = invalid.isEmpty() ? null : PropertyValidator.errorBody(batch.portalId(), invalid);
      }
      prepared.add(new Prepared(input, values, null, error, existing.orElse(null)));
    }
    if (!failWhole(ctx, batch, prepared)) {
      return;
    }
    List<JsonObject> results = new ArrayList<>();
    List<JsonObject> errors = new ArrayList<>();
    for (Prepared each : prepared) {
      if (each.error() != null) {
        errors.add(traced(each.error(), each.input()));
        continue;
      }
      boolean created = each.existing() == null;
      CrmRecord record = created ? crm.create(type, each.values()) : crm.update(type, each.existing(), each.values());
      results.add(echoTrace(RecordJson.of(type, record, List.of(), each.values().keySet()), each.input())
          .put("new", created));
    }
    answer(ctx, batch, errors.isEmpty() ? 200 : 207, results, errors);
  }

  private void archive(RoutingContext ctx, Batch batch) {
    for (JsonObject input : batch.inputs()) {
      batch.crm().findActive(batch.type(), String.valueOf(input.getValue("id")))
          .ifPresent(record -> batch.crm().archive(batch.type(), record));
    }
    responses.empty(ctx, 204);
  }

  /** One input after validation: its error (if any) or what to write. */
  private record Prepared(JsonObject input, Map<String, String> values, Object plan, JsonObject error,
      CrmRecord existing) {}

  /**
   * Without trace ids on every input, one invalid input fails the whole request with its error; returns
   * false after answering so.
   */
  private boolean failWhole(RoutingContext ctx, Batch batch, List<Prepared> prepared) {
    if (batch.allTraced()) {
      return true;
    }
    for (Prepared each : prepared) {
      if (each.error() != null) {
        responses.json(ctx, 400, each.error());
        return false;
      }
    }
    return true;
  }

  /**
   * Every input's {@code idProperty} must be unique-valued; upsert requires one, and contacts' batch update
   * takes record ids only (HUBSPOT.md §3.3). Returns false after answering 400.
   */
  private boolean idPropertiesValid(RoutingContext ctx, Batch batch, boolean upsert) {
    for (JsonObject input : batch.inputs()) {
      String idProperty = input.getString("idProperty");
      if (upsert && idProperty == null) {
        responses.json(ctx, 400, HubSpotErrors.validation("idProperty is required for upsert"));
        return false;
      }
      if (!upsert && batch.type().isContact() && "email".equals(idProperty)) {
        responses.json(ctx, 400, HubSpotErrors.validation(
            "Contacts batch update must use record IDs; email is not supported as idProperty here"));
        return false;
      }
      if (!IdProperties.usable(batch.crm(), batch.type(), idProperty)) {
        responses.json(ctx, 400, IdProperties.notUnique(batch.type()));
        return false;
      }
    }
    return true;
  }

  /** Answers 400 when two inputs name the same record (same id, or same idProperty value); true if so. */
  private boolean duplicates(RoutingContext ctx, Batch batch) {
    Set<String> seen = new LinkedHashSet<>();
    Set<String> duplicated = new LinkedHashSet<>();
    for (JsonObject input : batch.inputs()) {
      String id = String.valueOf(input.getValue("id"));
      String key = input.getString("idProperty", "hs_object_id") + "\u0000" + id;
      if (!seen.add(key)) {
        duplicated.add(id);
      }
    }
    if (duplicated.isEmpty()) {
      return false;
    }
    responses.json(ctx, 400, HubSpotErrors.duplicateIds(duplicated));
    return true;
  }

  /** An error inside a batch answer: HubSpot's StandardError, without the request's correlation id. */
  private static JsonObject entry(JsonObject error) {
    JsonObject copy = error.copy();
    copy.remove("correlationId");
    return copy;
  }

  private static JsonObject traced(JsonObject error, JsonObject input) {
    JsonObject copy = entry(error);
    Object trace = input.getValue("objectWriteTraceId");
    if (trace != null) {
      HubSpotErrors.withContext(copy, "objectWriteTraceId", List.of(String.valueOf(trace)));
    }
    return copy;
  }

  private static JsonObject echoTrace(JsonObject result, JsonObject input) {
    Object trace = input.getValue("objectWriteTraceId");
    if (trace != null) {
      result.put("objectWriteTraceId", String.valueOf(trace));
    }
    return result;
  }

  private void answer(RoutingContext ctx, Batch batch, int status, List<JsonObject> results, List<JsonObject> errors) {
    shuffler.shuffle(results);
    JsonObject body = new JsonObject()
        .put("status", "COMPLETE")
        .put("results", new JsonArray(new ArrayList<>(results)));
    if (!errors.isEmpty()) {
      body.put("numErrors", errors.size()).put("errors", new JsonArray(new ArrayList<>(errors)));
    }
    body.put("requestedAt", batch.startedAt().toString())
        .put("startedAt", batch.startedAt().toString())
        .put("completedAt", clock.instant().toString());
    responses.json(ctx, status, body);
  }
}
