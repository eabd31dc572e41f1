package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** CRM objects v3 single-record endpoints and list (HUBSPOT.md §3.1), under both path families. */
final class ObjectsResource {

  static final String[] PREFIXES = {"/crm/v3/objects", "/crm/objects/:version"};
  private static final int MAX_LIST_LIMIT = 100;

  private final CrmStores stores;
  private final Responses responses;
  private final Supplier<String> baseUrl;

  ObjectsResource(CrmStores stores, Responses responses, Supplier<String> baseUrl) {
    this.stores = stores;
    this.responses = responses;
    this.baseUrl = baseUrl;
  }

  void register(Router router) {
    for (String prefix : PREFIXES) {
      router.get(prefix + "/:type").handler(this::list);
      router.post(prefix + "/:type").handler(this::create);
      router.get(prefix + "/:type/:id").handler(this::read);
      router.patch(prefix + "/:type/:id").handler(this::update);
      router.delete(prefix + "/:type/:id").handler(this::archive);
    }
  }

  /** The object type the path names, or null after answering 400 as HubSpot does for unknown types. */
  static ObjectType type(RoutingContext ctx, PortalCrm crm, Responses responses, String param) {
    String name = ctx.pathParam(param);
    Optional<ObjectType> type = crm.type(name);
    if (type.isEmpty()) {
      responses.json(ctx, 400, HubSpotErrors.validation("Unable to infer object type from: " + name));
      return null;
    }
    return type.get();
  }

  /** Who is calling for which portal's data, about which object type. */
  record Target(ApiCall call, PortalCrm crm, ObjectType type) {}

  /**
   * The target of a CRM call with {@code inputs} records, or null after answering 400 (unknown object type)
   * or 403 (the token lacks the type's read or write scope).
   */
  static Target target(RoutingContext ctx, CrmStores stores, Responses responses, boolean write, int inputs) {
    ApiCall call = ApiCall.of(ctx);
    call.inputs = inputs;
    PortalCrm crm = stores.of(call.portalId);
    ObjectType type = type(ctx, crm, responses, "type");
    if (type == null || !CrmGate.requireScope(ctx, responses, write ? type.writeScope() : type.readScope())) {
      return null;
    }
    return new Target(call, crm, type);
  }

  private void list(RoutingContext ctx) {
    Target target = target(ctx, stores, responses, false, 0);
    if (target == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    int limit = intParam(ctx, "limit", 10);
    if (limit > MAX_LIST_LIMIT || limit < 1) {
      responses.json(ctx, 400, HubSpotErrors.validation("limit must be between 1 and " + MAX_LIST_LIMIT));
      return;
    }
    boolean archived = Boolean.parseBoolean(ctx.queryParams().get("archived"));
    long after = Optional.ofNullable(PortalCrm.parseId(ctx.queryParams().get("after"))).orElse(0L);
    List<String> properties = Requests.listParam(ctx, "properties");
    JsonArray results = new JsonArray();
    Long next = null;
    for (CrmRecord record : crm.store(type).tailMap(after, true).values()) {
      if (record.archived() != archived) {
        continue;
      }
      if (results.size() == limit) {
        next = Long.parseLong(record.id());
        break;
      }
      results.add(RecordJson.of(type, record, properties));
    }
    JsonObject body = new JsonObject().put("results", results);
    if (next != null) {
      body.put("paging", new JsonObject().put("next", new JsonObject().put("after", next.toString())
          .put("link", baseUrl.get() + ctx.request().path() + "?after=" + next)));
    }
    responses.json(ctx, 200, body);
  }

  private void read(RoutingContext ctx) {
    Target target = target(ctx, stores, responses, false, 1);
    if (target == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    String idProperty = ctx.queryParams().get("idProperty");
    if (idPropertyRejected(ctx, target, idProperty)) {
      return;
    }
    boolean archived = Boolean.parseBoolean(ctx.queryParams().get("archived"));
    Optional<CrmRecord> record = idProperty == null
        ? crm.find(type, ctx.pathParam("id")).filter(r -> r.archived() == archived)
        : crm.findBy(type, idProperty, ctx.pathParam("id"));
    if (record.isEmpty()) {
      responses.json(ctx, 404, HubSpotErrors.notFound());
      return;
    }
    responses.json(ctx, 200, RecordJson.of(type, record.get(), Requests.listParam(ctx, "properties")));
  }

  private void create(RoutingContext ctx) {
    Target target = target(ctx, stores, responses, true, 1);
    if (target == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    JsonObject body = Requests.body(ctx, responses);
    Map<String, String> values = body == null ? null : validValues(ctx, target, body, true);
    if (values == null) {
      return;
    }
    synchronized (crm) {
      Optional<CrmRecord> existing = Conflicts.existingContact(crm, type, values);
      if (existing.isPresent()) {
        responses.json(ctx, 409, HubSpotErrors.contactExists(existing.get().id()));
        return;
      }
      Object plan = InlineAssociations.plan(crm, type, body);
      if (plan instanceof String message) {
        responses.json(ctx, 400, HubSpotErrors.validation(message));
        return;
      }
      CrmRecord record = crm.create(type, values);
      @SuppressWarnings("unchecked")
      List<InlineAssociations.Planned> planned = (List<InlineAssociations.Planned>) plan;
      InlineAssociations.apply(crm, type, record.id(), planned);
      responses.json(ctx, 201, RecordJson.of(type, record, List.of(), values.keySet()));
    }
  }

  private void update(RoutingContext ctx) {
    Target target = target(ctx, stores, responses, true, 1);
    if (target == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    String idProperty = ctx.queryParams().get("idProperty");
    if (idPropertyRejected(ctx, target, idProperty)) {
      return;
    }
    JsonObject body = Requests.body(ctx, responses);
    Map<String, String> values = body == null ? null : validValues(ctx, target, body, false);
    if (values == null) {
      return;
    }
    synchronized (crm) {
      Optional<CrmRecord> existing = crm.findBy(type, idProperty, ctx.pathParam("id"));
      if (existing.isEmpty()) {
        responses.json(ctx, 404, HubSpotErrors.notFound());
        return;
      }
      CrmRecord updated = crm.update(type, existing.get(), values);
      responses.json(ctx, 200, RecordJson.of(type, updated, List.of(), values.keySet()));
    }
  }

  private void archive(RoutingContext ctx) {
    Target target = target(ctx, stores, responses, true, 1);
    if (target == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    synchronized (crm) {
      crm.findActive(type, ctx.pathParam("id")).ifPresent(record -> crm.archive(type, record));
    }
    responses.empty(ctx, 204);
  }

  /** True after answering 400 when {@code idProperty} is neither the record id nor a unique property. */
  private boolean idPropertyRejected(RoutingContext ctx, Target target, String idProperty) {
    if (IdProperties.usable(target.crm(), target.type(), idProperty)) {
      return false;
    }
    responses.json(ctx, 400, IdProperties.notUnique(target.type()));
    return true;
  }

  /** The body's property values, or null after answering HubSpot's 400 for invalid ones. */
  private Map<String, String> validValues(RoutingContext ctx, Target target, JsonObject body, boolean creating) {
    Map<String, String> values = Requests.properties(body);
    List<PropertyValidator.Invalid> invalid = PropertyValidator.validate(target.type(), values,
        target.crm().propertiesOf(target.type()), creating);
    if (invalid.isEmpty()) {
      return values;
    }
    responses.json(ctx, 400, PropertyValidator.errorBody(target.call().portalId, invalid));
    return null;
  }

  private static int intParam(RoutingContext ctx, String name, int fallback) {
    try {
      String value = ctx.queryParams().get(name);
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
