package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * HubSpot's default deal and ticket pipelines as {@code /crm/v3/pipelines/{type}} returns them. Stage
 * metadata values are strings, as HubSpot sends them (HUBSPOT.md §7).
 */
final class Pipelines {

  private static final String CREATED = "2020-01-01T00:00:00Z";

  private Pipelines() {
  }

  static JsonArray forType(ObjectType type) {
    return switch (type.name()) {
      case "deals" -> new JsonArray().add(pipeline("default", "Sales Pipeline", new JsonArray()
          .add(dealStage("appointmentscheduled", "Appointment Scheduled", 0, "0.2", false))
          .add(dealStage("qualifiedtobuy", "Qualified To Buy", 1, "0.4", false))
          .add(dealStage("presentationscheduled", "Presentation Scheduled", 2, "0.6", false))
          .add(dealStage("decisionmakerboughtin", "Decision Maker Bought-In", 3, "0.8", false))
          .add(dealStage("contractsent", "Contract Sent", 4, "0.9", false))
          .add(dealStage("closedwon", "Closed Won", 5, "1.0", true))
          .add(dealStage("closedlost", "Closed Lost", 6, "0.0", true))));
      case "tickets" -> new JsonArray().add(pipeline("0", "Support Pipeline", new JsonArray()
          .add(ticketStage("1", "New", 0, "OPEN"))
          .add(ticketStage("2", "Waiting on contact", 1, "OPEN"))
          .add(ticketStage("3", "Waiting on us", 2, "OPEN"))
          .add(ticketStage("4", "Closed", 3, "CLOSED"))));
      default -> new JsonArray();
    };
  }

  private static JsonObject pipeline(String id, String label, JsonArray stages) {
    return new JsonObject().put("id", id).put("label", label).put("displayOrder", 0).put("stages", stages)
        .put("createdAt", CREATED).put("updatedAt", CREATED).put("archived", false);
  }

  private static JsonObject dealStage(String id, String label, int order, String probability, boolean closed) {
    return stage(id, label, order, new JsonObject().put("isClosed", Boolean.toString(closed))
        .put("probability", probability));
  }

  private static JsonObject ticketStage(String id, String label, int order, String state) {
    return stage(id, label, order, new JsonObject().put("ticketState", state).put("isClosed",
        Boolean.toString("CLOSED".equals(state))));
  }

  private static JsonObject stage(String id, String label, int order, JsonObject metadata) {
    return new JsonObject().put("id", id).put("label", label).put("displayOrder", order)
        .put("metadata", metadata).put("createdAt", CREATED).put("updatedAt", CREATED).put("archived", false)
        .put("writePermissions", "CRM_PERMISSIONS_ENFORCEMENT");
  }
}
