package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A CRM property as {@code /crm/v3/properties/{type}} returns it. {@code options} empty on an enumeration
 * means any value is accepted (pipelines and stages, whose valid values live in the pipelines API).
 */
public record PropertyDefinition(String name, String label, String type, String fieldType, String groupName,
    boolean hasUniqueValue, boolean readOnlyValue, List<String> options) {

  public static PropertyDefinition string(String name) {
    return new PropertyDefinition(name, label(name), "string", "text", "information", false, false, List.of());
  }

  public static PropertyDefinition number(String name) {
    return new PropertyDefinition(name, label(name), "number", "number", "information", false, false, List.of());
  }

  public static PropertyDefinition datetime(String name) {
    return new PropertyDefinition(name, label(name), "datetime", "date", "information", false, false, List.of());
  }

  public static PropertyDefinition enumeration(String name, String... options) {
    return new PropertyDefinition(name, label(name), "enumeration", "select", "information", false, false,
        List.of(options));
  }

  /** A property whose values are unique in the portal, so it can serve as an {@code idProperty}. */
  public PropertyDefinition unique() {
    return new PropertyDefinition(name, label, type, fieldType, groupName, true, readOnlyValue, options);
  }

  PropertyDefinition readOnly() {
    return new PropertyDefinition(name, label, type, fieldType, groupName, hasUniqueValue, true, options);
  }

  JsonObject toJson(int displayOrder) {
    JsonArray optionJson = new JsonArray();
    for (int i = 0; i < options.size(); i++) {
      optionJson.add(new JsonObject().put("label", label(options.get(i))).put("value", options.get(i))
          .put("displayOrder", i).put("hidden", false).put("description", ""));
    }
    return new JsonObject()
        .put("name", name)
        .put("label", label)
        .put("type", type)
        .put("fieldType", fieldType)
        .put("description", "")
        .put("groupName", groupName)
        .put("options", optionJson)
        .put("displayOrder", displayOrder)
        .put("calculated", false)
        .put("externalOptions", false)
        .put("hasUniqueValue", hasUniqueValue)
        .put("hidden", false)
        .put("hubspotDefined", !hasUniqueValue)
        .put("formField", !readOnlyValue)
        .put("archived", false)
        .put("createdAt", "2020-01-01T00:00:00Z")
        .put("updatedAt", "2020-01-01T00:00:00Z")
        .put("modificationMetadata", new JsonObject()
            .put("archivable", !readOnlyValue)
            .put("readOnlyDefinition", true)
            .put("readOnlyValue", readOnlyValue));
  }

  private static String label(String name) {
    String spaced = name.replace('_', ' ').trim();
    return spaced.isEmpty() ? name : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
  }
}
