package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** The read endpoints a gateway caches: properties and pipelines (HUBSPOT.md §7). */
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

  /** HubSpot guards property definitions with {@code crm.schemas.<type>.read}. */
  private static String schemaScope(ObjectType type) {
    return "crm.schemas." + (type.scope().startsWith("crm.objects.") ? type.scope().substring(12) : type.name())
        + ".read";
  }
}
