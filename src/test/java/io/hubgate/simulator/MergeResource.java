package io.hubgate.simulator;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Merging two records ({@code POST .../{type}/merge}) and the contacts' GDPR delete (HUBSPOT.md §3.1): both
 * make records disappear in ways a gateway's cache and webhook handling must survive.
 */
final class MergeResource {

  private final CrmStores stores;
  private final Responses responses;

  MergeResource(CrmStores stores, Responses responses) {
    this.stores = stores;
    this.responses = responses;
  }

  void register(Router router) {
    for (String prefix : ObjectsResource.PREFIXES) {
      router.post(prefix + "/:type/merge").handler(this::merge);
      router.post(prefix + "/:type/gdpr-delete").handler(this::gdprDelete);
    }
  }

  /** The primary keeps its values and gains the other's where it has none; the other is archived. */
  private void merge(RoutingContext ctx) {
    ObjectsResource.Target target = ObjectsResource.target(ctx, stores, responses, true, 2);
    JsonObject body = target == null ? null : Requests.body(ctx, responses);
    if (body == null) {
      return;
    }
    PortalCrm crm = target.crm();
    ObjectType type = target.type();
    synchronized (crm) {
      Optional<CrmRecord> primary = crm.findActive(type, String.valueOf(body.getValue("primaryObjectId")));
      Optional<CrmRecord> merged = crm.findActive(type, String.valueOf(body.getValue("objectIdToMerge")));
      if (primary.isEmpty() || merged.isEmpty() || primary.get().id().equals(merged.get().id())) {
        responses.json(ctx, 400, HubSpotErrors.validation("Both objects must exist and differ to be merged"));
        return;
      }
      Map<String, String> values = new LinkedHashMap<>();
      merged.get().properties().forEach((name, value) -> {
        PropertyDefinition def = crm.propertiesOf(type).get(name);
        if (primary.get().property(name) == null && def != null && !def.readOnlyValue()) {
          values.put(name, value);
        }
      });
      String previous = primary.get().property("hs_merged_object_ids");
      values.put("hs_merged_object_ids", previous == null ? merged.get().id() : previous + ";" + merged.get().id());
      crm.archive(type, merged.get());
      CrmRecord result = crm.update(type, primary.get(), values);
      responses.json(ctx, 200, RecordJson.of(type, result, List.of(), values.keySet()));
    }
  }

  private void gdprDelete(RoutingContext ctx) {
    ObjectsResource.Target target = ObjectsResource.target(ctx, stores, responses, true, 1);
    JsonObject body = target == null ? null : Requests.body(ctx, responses);
    if (body == null) {
      return;
    }
    if (!target.type().isContact()) {
      responses.json(ctx, 404, HubSpotErrors.notFound());
      return;
    }
    PortalCrm crm = target.crm();
    synchronized (crm) {
      Optional<CrmRecord> record = crm.findBy(target.type(), body.getString("idProperty"),
          String.valueOf(body.getValue("objectId")));
      if (record.isEmpty()) {
        responses.json(ctx, 404, HubSpotErrors.notFound());
        return;
      }
      crm.purge(target.type(), record.get());
    }
    responses.empty(ctx, 204);
  }
}
