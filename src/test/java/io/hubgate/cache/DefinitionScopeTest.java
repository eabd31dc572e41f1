package io.hubgate.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.hubgate.hubspot.RequestTarget;

class DefinitionScopeTest {

  private static String read(String method, String pathAndQuery) {
    return family(DefinitionScope.cacheableRead(method, RequestTarget.of(7, pathAndQuery)));
  }

  private static String written(String method, String pathAndQuery) {
    return family(DefinitionScope.invalidatedBy(method, RequestTarget.of(7, pathAndQuery)));
  }

  private static String family(Optional<DefinitionScope> scope) {
    scope.ifPresent(s -> assertEquals(7, s.portalId()));
    return scope.map(DefinitionScope::family).orElse("-");
  }

  @ParameterizedTest
  @CsvSource({
      "GET, /crm/v3/properties/contacts, properties/contacts",
      "GET, /crm/v3/properties/contacts?archived=true&locale=de, properties/contacts",
      "GET, /crm/v3/properties/contacts/email, properties/contacts",
      "GET, /crm/properties/2026-03/contacts/email, properties/contacts",
      "GET, /crm/v3/pipelines/deals, pipelines/deals",
      "GET, /crm/v3/pipelines/deals/default/stages/appointmentscheduled, pipelines/deals",
      "GET, /crm/pipelines/2026-03/tickets/0, pipelines/tickets",
      "GET, /crm/v4/associations/contacts/companies/labels, labels/companies/contacts",
      "GET, /crm/v4/associations/companies/contacts/labels, labels/companies/contacts",
      // not definitions, or not exactly their shapes
      "HEAD, /crm/v3/properties/contacts, -",
      "POST, /crm/v3/properties/contacts, -",
      "GET, /crm/v3/properties/contacts/email/extra, -",
      "GET, /crm/v3/pipelines/deals/default/audit, -",
      "GET, /crm/v3/objects/contacts, -",
      "GET, /crm/v3/objects/properties/x, -",
      "GET, /crm/v4/associations/contacts/companies/batch/read, -",
      "GET, /crm/v4/associations/contacts/companies/labels/12, -",
      "GET, /crm/properties/v3/contacts, -",
      "GET, /crm/V3/properties/contacts, -",
      "GET, /cms/v3/properties/contacts, -"})
  void readsOnlyTheDefinitionShapes(String method, String target, String family) {
    assertEquals(family, read(method, target));
  }

  @ParameterizedTest
  @CsvSource({
      "POST, /crm/v3/properties/deals, properties/deals",
      "PATCH, /crm/v3/properties/deals/dealname, properties/deals",
      "DELETE, /crm/v3/properties/deals/dealname, properties/deals",
      "POST, /crm/v3/properties/deals/batch/create, properties/deals",
      "POST, /crm/v3/properties/deals/batch/archive, properties/deals",
      "POST, /crm/v3/properties/deals/groups, properties/deals",
      "PATCH, /crm/properties/2026-03/deals/dealname, properties/deals",
      "POST, /crm/v3/pipelines/deals, pipelines/deals",
      "PUT, /crm/v3/pipelines/deals/default, pipelines/deals",
      "DELETE, /crm/v3/pipelines/deals/default/stages/closedwon, pipelines/deals",
      "POST, /crm/v4/associations/contacts/companies/labels, labels/companies/contacts",
      "DELETE, /crm/v4/associations/companies/contacts/labels/12, labels/companies/contacts",
      // reads and other writes invalidate nothing
      "POST, /crm/v3/properties/deals/batch/read, -",
      "GET, /crm/v3/properties/deals, -",
      "POST, /crm/v3/objects/deals, -",
      "POST, /crm/v4/associations/contacts/companies/batch/create, -"})
  void writesInvalidateTheirScope(String method, String target, String family) {
    assertEquals(family, written(method, target));
  }
}
