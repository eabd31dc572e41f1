package io.hubgate.simulator;

import io.vertx.core.json.JsonObject;

/** Which properties may identify a record ({@code idProperty}): unique ones, contact email, the record id. */
final class IdProperties {

  private IdProperties() {
  }

  static boolean usable(PortalCrm crm, ObjectType type, String idProperty) {
    if (idProperty == null || "hs_object_id".equals(idProperty)) {
      return true;
    }
    if (type.isContact() && "email".equals(idProperty)) {
      return true;
    }
    PropertyDefinition def = crm.propertiesOf(type).get(idProperty);
    return def != null && def.hasUniqueValue();
  }

  static JsonObject notUnique(ObjectType type) {
    return HubSpotErrors.validation("Unable to perform update/upsert by non-unique " + type.typeId() + " property");
  }
}
