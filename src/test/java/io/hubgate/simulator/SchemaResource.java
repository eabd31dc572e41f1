package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The read endpoints a gateway caches: properties and pipelines (HUBSPOT.md §7); and creating and updating a property
 * (name, label, type, fieldType, groupName), so that a gateway's cache invalidation can be seen.
 */
final class SchemaResource {

  private final CrmStores stores;
  private final Responses responses;

  SchemaResource(CrmStores stores, Responses responses) {
    this.stores = stores;
    this.responses = responses;
  }

  void register(Router router) {
    for (String prefix : new String[] {"/crm/v3/properties", "/crm/properties/:version"}) {
      router.get(prefix + "/:type").handler(this::properties);
      router.get(prefix + "/:type/:name").handler(this::property);
      router.post(prefix + "/:type").handler(this::createProperty);
      router.patch(prefix + "/:type/:name").handler(this::updateProperty);
    }
    for (String prefix : new String[] {"/crm/v3/pipelines", "/crm/pipelines/:version"}) {
      router.get(prefix + "/:type").handler(this::pipelines);
      router.get(prefix + "/:type/:pipelineId").handler(this::pipeline);
    }
  }

  private void properties(RoutingContext ctx) {
    PortalCrm crm = stores.of(ApiCall.of(ctx).portalId);
    ObjectType type = ObjectsResource.type(ctx, crm, responses, "type");
    if (type == null || !CrmGate.requireScope(ctx, responses, schemaScope(type), type.readScope())) {
      return;
    }
    JsonArray results = new JsonArray();
    List<PropertyDefinition> ordered = crm.orderedProperties(type);
    for (int i = 0; i < ordered.size(); i++) {
      results.add(ordered.get(i).toJson(i));
    }
    responses.json(ctx, 200, new JsonObject().put("results", results));
  }

  private void property(RoutingContext ctx) {
    PortalCrm crm = stores.of(ApiCall.of(ctx).portalId);
    ObjectType type = ObjectsResource.type(ctx, crm, responses, "type");
    if (type == null || !CrmGate.requireScope(ctx, responses, schemaScope(type), type.readScope())) {
      return;
    }
    PropertyDefinition def = crm.propertiesOf(type).get(ctx.pathParam("name"));
    if (def == null) {
      responses.json(ctx, 404, HubSpotErrors.notFound());
      return;
    }
    responses.json(ctx, 200, def.toJson(0));
  }

  private void createProperty(RoutingContext ctx) {
    PortalCrm crm = stores.of(ApiCall.of(ctx).portalId);
    ObjectType type = ObjectsResource.type(ctx, crm, responses, "type");
    JsonObject body = type == null ? null : Requests.body(ctx, responses);
    if (body == null || !CrmGate.requireScope(ctx, responses, writeScope(type))) {
      return;
    }
    String name = body.getString("name");
    if (name == null || name.isBlank() || crm.propertiesOf(type).containsKey(name)) {
      responses.json(ctx, 400, HubSpotErrors.validation("Property name missing or already taken: " + name));
      return;
    }
    PropertyDefinition def = new PropertyDefinition(name, body.getString("label", name), body.getString("type", "string"),
        body.getString("fieldType", "text"), body.getString("groupName", "information"), false, false, List.of());
    crm.addProperty(type.name(), def);
    responses.json(ctx, 201, def.toJson(0));
  }

  private void updateProperty(RoutingContext ctx) {
    PortalCrm crm = stores.of(ApiCall.of(ctx).portalId);
    ObjectType type = ObjectsResource.type(ctx, crm, responses, "type");
    JsonObject body = type == null ? null : Requests.body(ctx, responses);
    if (body == null || !CrmGate.requireScope(ctx, responses, writeScope(type))) {
      return;
    }
    PropertyDefinition old = crm.propertiesOf(type).get(ctx.pathParam("name"));
    if (old == null) {
      responses.json(ctx, 404, HubSpotErrors.notFound());
      return;
    }
    PropertyDefinition def = new PropertyDefinition(old.name(), body.getString("label", old.label()), old.type(),
        body.getString("fieldType", old.fieldType()), body.getString("groupName", old.groupName()),
        old.hasUniqueValue(), old.readOnlyValue(), old.options());
    crm.addProperty(type.name(), def);
    responses.json(ctx, 200, def.toJson(0));
  }

  private void pipelines(RoutingContext ctx) {
    PortalCrm crm = stores.of(ApiCall.of(ctx).portalId);
    ObjectType type = ObjectsResource.type(ctx, crm, responses, "type");
    if (type == null || !CrmGate.requireScope(ctx, responses, type.readScope())) {
      return;
    }
    responses.json(ctx, 200, new JsonObject().put("results", Pipelines.forType(type)));
  }

  private void pipeline(RoutingContext ctx) {
    PortalCrm crm = stores.of(ApiCall.of(ctx).portalId);
    ObjectType type = ObjectsResource.type(ctx, crm, responses, "type");
    if (type == null || !CrmGate.requireScope(ctx, responses, type.readScope())) {
      return;
    }
    for (Object each : Pipelines.forType(type)) {
      if (((JsonObject) each).getString("id").equals(ctx.pathParam("pipelineId"))) {
        responses.json(ctx, 200, (JsonObject) each);
        return;
      }
    }
    responses.json(ctx, 404, HubSpotErrors.notFound());
  }

  private static String writeScope(ObjectType type) {
    String read = schemaScope(type);
    return read.substring(0, read.length() - ".read".length()) + ".write";
  }

  /** HubSpot guards property definitions with {@code crm.schemas.<type>.read}. */
  private static String schemaScope(ObjectType type) {
    return "crm.schemas." + (type.scope().startsWith("crm.objects.") ? type.scope().substring(12) : type.name())
        + ".read";
  }
}
