package io.hubgate.simulator;

import java.util.List;

/**
 * A CRM object type as the API names it.
 *
 * @param name the plural path name ({@code contacts}) or a custom object's name
 * @param typeId {@code 0-1} for HubSpot's types, {@code 2-<n>} for custom objects
 * @param singular the upper-case name HubSpot puts in messages ({@code CONTACT})
 * @param associationName the singular name association paths also accept ({@code contact})
 * @param scope the scope stem: {@code <scope>.read} and {@code <scope>.write}; {@code tickets} and
 *     {@code e-commerce} are HubSpot's historic single scopes for both
 * @param required groups of create properties; each group needs at least one of its names (companies need
 *     {@code domain} or {@code name})
 * @param defaultProperties what a read returns when the caller names no properties
 */
record ObjectType(String name, String typeId, String singular, String associationName, String scope,
    List<List<String>> required, List<String> defaultProperties) {

  String readScope() {
    return scope.startsWith("crm.") ? scope + ".read" : scope;
  }

  String writeScope() {
    return scope.startsWith("crm.") ? scope + ".write" : scope;
  }

  boolean isContact() {
    return "0-1".equals(typeId);
  }

  /** Contacts call their modification date {@code lastmodifieddate}; every other type {@code hs_lastmodifieddate}. */
  String modifiedProperty() {
    return isContact() ? "lastmodifieddate" : "hs_lastmodifieddate";
  }

  /** Engagements and custom objects call their creation date {@code hs_createdate}; the rest {@code createdate}. */
  String createdProperty() {
    return defaultProperties.contains("createdate") ? "createdate" : "hs_createdate";
  }

  boolean matches(String pathName) {
    return name.equals(pathName) || typeId.equals(pathName) || associationName.equals(pathName);
  }
}
