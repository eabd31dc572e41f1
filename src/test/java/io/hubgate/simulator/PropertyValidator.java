package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks property values against a type's definitions, the way HubSpot rejects writes. */
final class PropertyValidator {

  /** One rejected property, with HubSpot's error code. */
  record Invalid(String name, String code, String message) {}

  /** Loose on purpose: HubSpot rejects what is plainly not an address, not every RFC 5322 oddity. */
  private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private PropertyValidator() {
  }

  static List<Invalid> validate(ObjectType type, Map<String, String> values, Map<String, PropertyDefinition> defs,
      boolean creating) {
    List<Invalid> invalid = new ArrayList<>();
    values.forEach((name, value) -> {
      PropertyDefinition def = defs.get(name);
      if (def == null) {
        invalid.add(new Invalid(name, "PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist"));
      } else if (def.readOnlyValue()) {
        invalid.add(new Invalid(name, "READ_ONLY_VALUE",
            "\"" + name + "\" is a read only property; its value cannot be set."));
      } else if (!value.isEmpty()) {
        checkValue(def, value, invalid);
        if (type.isContact() && "email".equals(name) && !EMAIL.matcher(value).matches()) {
          invalid.add(new Invalid(name, "INVALID_EMAIL", "Email address " + value + " is invalid"));
        }
      }
    });
    if (creating) {
      for (List<String> group : type.required()) {
        boolean present = group.stream().anyMatch(name -> values.get(name) != null && !values.get(name).isEmpty());
        if (!present) {
          invalid.add(new Invalid(group.get(0), "REQUIRED_PROPERTY",
              "Property \"" + String.join("\" or \"", group) + "\" is required"));
        }
      }
    }
    return invalid;
  }

  private static void checkValue(PropertyDefinition def, String value, List<Invalid> invalid) {
    switch (def.type()) {
      case "number" -> {
        try {
          Double.parseDouble(value);
        } catch (NumberFormatException e) {
          invalid.add(new Invalid(def.name(), "INVALID_FLOAT", value + " was not a valid number."));
        }
      }
      case "enumeration" -> {
        if (!def.options().isEmpty() && !def.options().contains(value)) {
          invalid.add(new Invalid(def.name(), "INVALID_OPTION",
              value + " was not one of the allowed options: " + def.options()));
        }
      }
      case "datetime", "date" -> {
        if (!isDate(value)) {
          invalid.add(new Invalid(def.name(), "INVALID_DATE", value + " is not a valid date or timestamp."));
        }
      }
      default -> {
      }
    }
  }

  private static boolean isDate(String value) {
    try {
      Long.parseLong(value);
      return true;
    } catch (NumberFormatException ignored) {
      // not epoch milliseconds, try ISO forms
    }
    try {
      Instant.parse(value);
      return true;
    } catch (RuntimeException ignored) {
      // not an instant
    }
    try {
      LocalDate.parse(value);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** HubSpot's 400 body: the validation results inlined in {@code message}, one entry per property in errors. */
  static JsonObject errorBody(long portalId, List<Invalid> invalid) {
    JsonArray results = new JsonArray();
    JsonArray errors = new JsonArray();
    for (Invalid each : invalid) {
      results.add(new JsonObject().put("isValid", false).put("message", each.message()).put("error", each.code())
          .put("name", each.name()).put("localizedErrorMessage", each.message()).put("portalId", portalId));
      errors.add(new JsonObject().put("message", each.message()).put("code", each.code())
          .put("context", new JsonObject().put("propertyName", new JsonArray().add(each.name()))));
    }
    return HubSpotErrors.validation("Property values were not valid: " + results.encode()).put("errors", errors);
  }
}
