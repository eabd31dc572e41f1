package io.hubgate.webhook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SignedRequestTest {

  @Test
  void toStringShowsNeitherSignaturesNorTheBody() {
    String body = "[{\"eventId\":1,\"portalId\":62515}]";
    var request = new SignedRequest("POST", "https://gateway.example.com/webhooks", body.getBytes(StandardCharsets.UTF_8),
        "v3-signature-secret-ish", "1700000000000", "v1-signature-secret-ish", "v2");
    String printed = request.toString();
    for (String hidden : new String[] {"v3-signature-secret-ish", "v1-signature-secret-ish", body}) {
      assertFalse(printed.contains(hidden), printed);
    }
    assertTrue(printed.contains("https://gateway.example.com/webhooks") && printed.contains(body.length() + " bytes"), printed);
  }
}
