package io.hubgate.webhook;

import io.hubgate.events.HubSpotEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses a delivery: a JSON array of 1 to 100 event objects, each with the fields routing and deduplication need.
 * Unknown fields are kept. Nesting is bounded so that a hostile body cannot exhaust the stack.
 */
final class WebhookBatchParser {

  static final int MAX_EVENTS = 100;
  private static final String[] REQUIRED_NUMBERS = {"portalId", "occurredAt"};

  private final ObjectMapper mapper;

  WebhookBatchParser() {
    var factory = JsonMapper.builder().build().getFactory();
    factory.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.mapper = new ObjectMapper(factory);
  }

  List<HubSpotEvent> parse(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw WebhookProblems.malformed("The body is not valid JSON.");
    }
    if (root == null || !root.isArray()) {
      throw WebhookProblems.malformed("The body must be a JSON array of HubSpot events.");
    }
    if (root.isEmpty()) {
      throw WebhookProblems.malformed("The array holds no event.");
    }
    if (root.size() > MAX_EVENTS) {
      throw WebhookProblems.malformed("The array holds " + root.size() + " events; HubSpot sends at most " + MAX_EVENTS + ".");
    }
    var events = new ArrayList<HubSpotEvent>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode node = root.get(i);
      if (!node.isObject()) {
        throw WebhookProblems.malformed("Event " + i + " is not a JSON object.");
      }
      for (String field : REQUIRED_NUMBERS) {
        if (!node.path(field).isIntegralNumber()) {
          throw WebhookProblems.malformed("Event " + i + " lacks a numeric " + field + ".");
        }
      }
      JsonNode eventId = node.get("eventId");
      if (eventId == null || !(eventId.isIntegralNumber() || eventId.isTextual()) || eventId.asText().isEmpty()) {
        throw WebhookProblems.malformed("Event " + i + " lacks an eventId.");
      }
      if (!node.path("subscriptionType").isTextual() || node.path("subscriptionType").asText().isBlank()) {
        throw WebhookProblems.malformed("Event " + i + " lacks a subscriptionType.");
      }
      events.add(new HubSpotEvent((ObjectNode) node));
    }
    return events;
  }

  ObjectMapper mapper() {
    return mapper;
  }
}
