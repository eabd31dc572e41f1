package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The {@code associations} a create may carry: checked before anything is written, applied after. */
final class InlineAssociations {

  /** One association to write, in the direction the caller named. */
  record Planned(String toTypeId, String toId, String category, int typeId) {}

  private InlineAssociations() {
  }

  /** The planned associations, or an error message when one names an unknown type or a missing record. */
  static Object plan(PortalCrm crm, ObjectType from, JsonObject input) {
    JsonArray associations = input.getJsonArray("associations");
    List<Planned> planned = new ArrayList<>();
    if (associations == null) {
      return planned;
    }
    for (Object each : associations) {
      if (!(each instanceof JsonObject association) || association.getJsonObject("to") == null) {
        return "Association input is missing \"to\"";
      }
      String toId = String.valueOf(association.getJsonObject("to").getValue("id"));
      JsonArray types = association.getJsonArray("types", new JsonArray());
      for (Object t : types) {
        JsonObject type = (JsonObject) t;
        int typeId = type.getInteger("associationTypeId", -1);
        String category = type.getString("associationCategory", "HUBSPOT_DEFINED");
        var direction = AssociationTypes.byId(typeId)
            .filter(d -> d.fromTypeId().equals(from.typeId()))
            .orElse(null);
        if (direction == null) {
          return "Association type id " + typeId + " is not valid from " + from.singular();
        }
        ObjectType toType = crm.type(direction.toTypeId()).orElseThrow();
        if (crm.findActive(toType, toId).isEmpty()) {
          return "The object " + toType.singular() + " " + toId + " to associate with does not exist";
        }
        planned.add(new Planned(direction.toTypeId(), toId, category, typeId));
      }
    }
    return planned;
  }

  /** Writes both directions, as HubSpot does. */
  static void apply(PortalCrm crm, ObjectType from, String fromId, List<Planned> planned) {
    for (Planned p : planned) {
      crm.associate(new AssociationRecord(from.typeId(), fromId, p.toTypeId(), p.toId(), p.category(), p.typeId()));
      crm.associate(new AssociationRecord(p.toTypeId(), p.toId(), from.typeId(), fromId, p.category(),
          AssociationTypes.reverse(p.typeId())));
    }
  }
}
