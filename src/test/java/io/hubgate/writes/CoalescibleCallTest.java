package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.hubspot.RequestTarget;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.vertx.core.json.JsonObject;

/** Which single-record calls a batch carries, decided on the parsed target; everything else is forwarded. */
class CoalescibleCallTest {

  static final long PORTAL = 7;

  private static CoalescibleCall call(String method, String pathAndQuery, String body) {
    return CoalescibleCall.of(method, RequestTarget.of(PORTAL, pathAndQuery), Lane.INTERACTIVE,
        body == null ? null : body.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "POST   | /crm/v3/objects/contacts              | {\"properties\":{\"email\":\"a@example.com\"}} | CREATE  | contacts | -",
      "POST   | /crm/v3/objects/notes                 | {\"properties\":{\"hs_timestamp\":\"1\"},\"associations\":[]} | CREATE | notes | -",
      "POST   | /crm/v3/objects/p_cars                | {\"properties\":{}}                          | CREATE  | p_cars   | -",
      "POST   | /crm/objects/2026-03/2-123            | {\"properties\":{}}                          | CREATE  | 2-123    | 2026-03",
      "PATCH  | /crm/v3/objects/deals/12              | {\"properties\":{\"amount\":\"3\"}}          | UPDATE  | deals    | -",
      "PATCH  | /crm/v3/objects/p_cars/VIN1?idProperty=vin | {\"properties\":{}}                    | UPDATE  | p_cars   | -",
      "GET    | /crm/v3/objects/tasks/5               | -                                            | READ    | tasks    | -",
      "GET    | /crm/v3/objects/contacts/5?properties=b,a&archived=false | -                         | READ    | contacts | -",
      "GET    | /crm/objects/2026-03/meetings/5       | -                                            | READ    | meetings | 2026-03",
      "DELETE | /crm/v3/objects/calls/5               | -                                            | ARCHIVE | calls    | -",
      "PUT    | /crm/v4/objects/contacts/1/associations/default/companies/2 | -                      | ASSOCIATE_DEFAULT | contacts | -",
      "PUT    | /crm/objects/2026-03/emails/1/associations/default/contacts/2 | -                    | ASSOCIATE_DEFAULT | emails | 2026-03",
      "POST   | /crm/v3/objects/contacts/batch/create | {\"inputs\":[{\"properties\":{\"email\":\"a@x.io\"},\"objectWriteTraceId\":\"t1\"},{\"properties\":{\"email\":\"b@x.io\"}}]} | CREATE | contacts | -",
      "POST   | /crm/v3/objects/deals/batch/update    | {\"inputs\":[{\"id\":\"1\",\"properties\":{}},{\"id\":2,\"properties\":{}}]} | UPDATE | deals | -",
      "POST   | /crm/v3/objects/contacts/batch/upsert | {\"inputs\":[{\"id\":\"a@x.io\",\"idProperty\":\"email\",\"properties\":{}}]} | UPSERT | contacts | -",
      "POST   | /crm/objects/2026-03/p_cars/batch/upsert | {\"inputs\":[{\"id\":\"V1\",\"idProperty\":\"vin\",\"properties\":{}}]} | UPSERT | p_cars | 2026-03",
  })
  void recognisesTheSingleRecordCallsABatchCarries(String method, String path, String body, HubSpotBatchOperation op,
      String type, String version) {
    CoalescibleCall call = call(method, path, body);
    assertEquals(op, call.key().operation());
    assertEquals(type, call.key().objectType());
    assertEquals(version, call.key().apiVersion());
    assertEquals(PORTAL, call.key().portalId());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "GET    | /crm/v3/objects/contacts                                 | -",
      "GET    | /crm/v3/objects/contacts/5?associations=companies        | -",
      "GET    | /crm/v3/objects/contacts/5?archived=true                 | -",
      "GET    | /crm/v3/objects/contacts/5?properties=a&limit=3          | -",
      "GET    | /crm/v3/objects/contacts/a%40b.com                       | -",
      "GET    | /crm/v3/objects/contacts/5?idProperty=email&idProperty=x | -",
      "POST   | /crm/v3/objects/contacts/search                          | {}",
      "POST   | /crm/v3/objects/contacts/batch/create                    | {\"inputs\":[]}",
      "POST   | /crm/v3/objects/contacts/batch/create                    | {\"inputs\":[{\"properties\":{}}],\"x\":1}",
      "POST   | /crm/v3/objects/contacts/batch/create                    | {\"inputs\":[{\"properties\":{\"email\":\"a@x.io\"}},{\"properties\":{\"email\":\"A@x.io\"}}]}",
      "POST   | /crm/v3/objects/contacts/batch/create?x=1                | {\"inputs\":[{\"properties\":{}}]}",
      "POST   | /crm/v3/objects/contacts/batch/read                      | {\"inputs\":[{\"id\":\"1\"}]}",
      "POST   | /crm/v3/objects/contacts/batch/archive                   | {\"inputs\":[{\"id\":\"1\"}]}",
      "POST   | /crm/v3/objects/deals/batch/update                       | {\"inputs\":[{\"id\":\"1\",\"properties\":{}},{\"id\":\"1\",\"properties\":{}}]}",
      "POST   | /crm/v3/objects/deals/batch/update                       | {\"inputs\":[{\"properties\":{}}]}",
      "POST   | /crm/v3/objects/contacts/batch/update                    | {\"inputs\":[{\"id\":\"a@x.io\",\"idProperty\":\"email\",\"properties\":{}}]}",
      "POST   | /crm/v3/objects/contacts/batch/upsert                    | {\"inputs\":[{\"id\":\"a@x.io\",\"properties\":{}}]}",
      "POST   | /crm/v3/objects/contacts/batch/upsert                    | {\"inputs\":[{\"id\":\"a@x.io\",\"idProperty\":\"email\",\"properties\":{},\"objectWriteTraceId\":7}]}",
      "POST   | /crm/v3/objects/contacts?x=1                             | {\"properties\":{}}",
      "POST   | /crm/v3/objects/contacts                                 | {\"properties\":\"x\"}",
      "POST   | /crm/v3/objects/contacts                                 | {\"properties\":{},\"objectWriteTraceId\":\"t\"}",
      "POST   | /crm/v3/objects/contacts                                 | []",
      "POST   | /crm/v3/objects/contacts%21                              | {\"properties\":{}}",
      "PATCH  | /crm/v3/objects/contacts/5                               | {\"properties\":{},\"x\":1}",
      "PATCH  | /crm/v3/objects/contacts/5?archived=true                 | {\"properties\":{}}",
      "PATCH  | /crm/v3/objects/contacts/a%40b.com?idProperty=email       | {\"properties\":{}}",
      "PATCH  | /crm/v3/objects/0-1/a%40b.com?idProperty=email            | {\"properties\":{}}",
      "DELETE | /crm/v3/objects/contacts/5?idProperty=email              | -",
      "PUT    | /crm/v4/objects/contacts/1/associations/companies/2      | [{\"associationCategory\":\"USER_DEFINED\",\"associationTypeId\":36}]",
      "PUT    | /crm/v4/objects/contacts/1/associations/default/companies/2 | {}",
      "PUT    | /crm/v3/objects/contacts/5                               | {\"properties\":{}}",
      "GET    | /crm/v3/properties/contacts/email                        | -",
      "GET    | /crm/objects/v9/contacts/5                               | -",
  })
  void forwardsEverythingElse(String method, String path, String body) {
    assertNull(call(method, path, body));
  }

  @Test
  void aCallersBatchOfMoreThanAHundredInputsIsForwardedForHubSpotsOwnAnswer() {
    io.vertx.core.json.JsonArray inputs = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < 101; i++) {
      inputs.add(new JsonObject().put("properties", new JsonObject().put("email", i + "@x.io")));
    }
    String body = new JsonObject().put("inputs", inputs).encode();
    assertNull(call("POST", "/crm/v3/objects/contacts/batch/create", body));
    inputs.remove(100);
    CoalescibleCall hundred = call("POST", "/crm/v3/objects/contacts/batch/create",
        new JsonObject().put("inputs", inputs).encode());
    assertEquals(100, hundred.inputs().size());
    assertTrue(hundred.callerBatch());
  }

  @Test
  void readsAreGroupedByWhatTheyAskForInAnyOrder() {
    BatchKey a = call("GET", "/crm/v3/objects/contacts/1?properties=email,firstname", null).key();
    BatchKey b = call("GET", "/crm/v3/objects/contacts/2?properties=firstname&properties=email", null).key();
    assertEquals(a, b);
    assertEquals(List.of("email", "firstname"), a.properties());
    BatchKey history = call("GET", "/crm/v3/objects/contacts/3?propertiesWithHistory=email", null).key();
    assertEquals(List.of("email"), history.propertiesWithHistory());
    assertTrue(!history.equals(a));
    BatchKey byEmail = call("GET", "/crm/v3/objects/contacts/a%40b.com?idProperty=email", null).key();
    assertEquals("email", byEmail.idProperty());
  }

  @Test
  void inputsAreWhatTheBatchEndpointTakes() {
    assertEquals(new JsonObject().put("id", "V+1 x").put("properties", new JsonObject().put("x", "1"))
        .put("idProperty", "vin"),
        call("PATCH", "/crm/v3/objects/p_cars/V+1%20x?idProperty=vin", "{\"properties\":{\"x\":\"1\"}}").input());
    assertEquals(new JsonObject("{\"from\":{\"id\":\"1\"},\"to\":{\"id\":\"2\"}}"),
        call("PUT", "/crm/v4/objects/contacts/1/associations/default/companies/2", null).input());
    assertEquals("companies",
        call("PUT", "/crm/v4/objects/contacts/1/associations/default/companies/2", null).key().toObjectType());
  }

  @Test
  void aBodyThatIsNotJsonIsA400ProblemNotAForward() {
    ProblemException problem = assertThrows(ProblemException.class,
        () -> call("POST", "/crm/v3/objects/contacts", "{\"properties\":"));
    assertEquals(400, problem.status());
    assertEquals("invalid-json", problem.slug());
  }
}
