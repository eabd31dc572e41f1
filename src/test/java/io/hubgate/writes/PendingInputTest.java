package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.vertx.core.json.JsonObject;

/** A caller's batch is checked for repeated records by {@link PendingInput#recordKey}, the key the queue uses. */
class PendingInputTest {

  private static BatchKey write(String type, HubSpotBatchOperation op) {
    return BatchKey.write(1, type, op, Lane.INTERACTIVE);
  }

  @Test
  void recordKeyIsTheKeyTheQueuedInputCarries() {
    List<Object[]> cases = List.of(
        new Object[] {write("contacts", HubSpotBatchOperation.CREATE),
            new JsonObject().put("properties", new JsonObject().put("email", "Ada@Example.com"))},
        new Object[] {write("companies", HubSpotBatchOperation.CREATE),
            new JsonObject().put("properties", new JsonObject().put("name", "Engines"))},
        new Object[] {write("contacts", HubSpotBatchOperation.UPSERT),
            new JsonObject().put("id", "ADA@example.com").put("idProperty", "email")},
        new Object[] {write("deals", HubSpotBatchOperation.UPDATE),
            new JsonObject().put("id", "42").put("properties", new JsonObject())},
        new Object[] {write("deals", HubSpotBatchOperation.ARCHIVE), new JsonObject().put("id", "42")},
        new Object[] {BatchKey.associate(1, "contacts", "companies", Lane.INTERACTIVE),
            new JsonObject().put("from", new JsonObject().put("id", "7")).put("to", new JsonObject().put("id", "9"))});
    for (Object[] c : cases) {
      BatchKey key = (BatchKey) c[0];
      JsonObject input = (JsonObject) c[1];
      assertEquals(PendingInput.of(key, input, 0).recordKey, PendingInput.recordKey(key, input), key.toString());
    }
    assertEquals("email\u0000ada@example.com", PendingInput.recordKey((BatchKey) cases.get(0)[0],
        (JsonObject) cases.get(0)[1]));
    assertEquals(PendingInput.recordKey((BatchKey) cases.get(0)[0], (JsonObject) cases.get(0)[1]),
        PendingInput.recordKey((BatchKey) cases.get(2)[0], (JsonObject) cases.get(2)[1]),
        "a create and an upsert by email name the same contact");
    assertNull(PendingInput.recordKey((BatchKey) cases.get(1)[0], (JsonObject) cases.get(1)[1]));
  }

  @Test
  void aMissingIdIsRefusedAsWhenQueued() {
    BatchKey update = write("deals", HubSpotBatchOperation.UPDATE);
    JsonObject noId = new JsonObject().put("properties", new JsonObject());
    assertThrows(ProblemException.class, () -> PendingInput.of(update, noId, 0));
    assertThrows(ProblemException.class, () -> PendingInput.recordKey(update, noId));
  }
}
