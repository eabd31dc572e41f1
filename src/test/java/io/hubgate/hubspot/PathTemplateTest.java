package io.hubgate.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which parts of a HubSpot path may appear in logs: structure yes, identifiers never. */
class PathTemplateTest {

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {
      "/crm/v3/objects/contacts /crm/v3/objects/contacts",
      "/crm/v3/objects/contacts/10000000001 /crm/v3/objects/contacts/{id}",
      // an idProperty value, whatever it looks like, is a record position
      "/crm/v3/objects/contacts/alice@example.com /crm/v3/objects/contacts/{id}",
      "/crm/v3/objects/contacts/johndoe /crm/v3/objects/contacts/{id}",
      "/crm/v3/objects/contacts/%E2%82%AC /crm/v3/objects/contacts/{id}",
      "/crm/v3/objects/contacts/batch/read /crm/v3/objects/contacts/batch/read",
      "/crm/v3/objects/contacts/search /crm/v3/objects/contacts/search",
      "/crm/v3/objects/contacts/merge /crm/v3/objects/contacts/merge",
      "/crm/v3/objects/2-123/456 /crm/v3/objects/2-123/{id}",
      "/crm/v3/objects/p123_cars/456 /crm/v3/objects/p123_cars/{id}",
      "/crm/objects/2026-03/contacts/123 /crm/objects/2026-03/contacts/{id}",
      "/crm/objects/2026-03/contacts/batch/create /crm/objects/2026-03/contacts/batch/create",
      "/crm/v4/objects/contacts/1/associations/default/companies/2 /crm/v4/objects/contacts/{id}/associations/default/companies/{toId}",
      "/crm/v3/objects/contacts/1/associations/companies/2/279 /crm/v3/objects/contacts/{id}/associations/companies/{toId}/{id}",
      "/crm/v4/associations/contacts/companies/batch/associate/default /crm/v4/associations/contacts/companies/batch/associate/default",
      "/crm/v3/owners/12345 /crm/v3/owners/{id}",
      "/crm/v3/properties/contacts/firstname /crm/v3/properties/contacts/firstname",
      "/crm/v3/pipelines/deals/default/stages /crm/v3/pipelines/deals/default/stages",
      // outside the CRM object paths: anything but plain words and versions is an identifier
      "/contacts/v1/contact/email/alice@example.com/profile /contacts/v1/contact/email/{id}/profile",
      "/files/v3/files/AbC123 /files/v3/files/{id}",
      "/oauth/v1/access-tokens/CJSP5qf1KhICAQEYs-gDIIGOBii1hQIyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4 /oauth/v1/access-tokens/{id}",
  })
  void keepsTheStructureAndHidesIdentifiers(String path, String template) {
    assertEquals(template, PathTemplate.of(path));
  }
}
