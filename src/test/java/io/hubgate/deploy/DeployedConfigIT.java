package io.hubgate.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.GatewayProcess;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway starts on the embedded overlay's ConfigMap as its environment, as the Deployment's
 * {@code envFrom} gives it: every value the ConfigMap sets explicitly parses and passes start-up validation.
 */
class DeployedConfigIT {

  @Test
  void gatewayStartsOnTheConfigMapAndTakesSignedDeliveries() {
    var rendered = new ManifestsTest.Rendered(Path.of("deploy/overlays/embedded"));
    Map<String, String> env = new HashMap<>(rendered.all(ConfigMap.class).stream()
        .filter(c -> c.getMetadata().getName().equals("hubgate-config")).findFirst().orElseThrow().getData());
    assertEquals("v3", env.get("HUBGATE_WEBHOOK_MIN_SIGNATURE_VERSION"), "the overlay's patch applied");
    env.put("HUBGATE_WEBHOOK_CLIENT_SECRETS", "deploy-secret");
    try (GatewayProcess gateway = GatewayProcess.start("deployed-config", env)) {
      Deliveries.postV3(gateway.baseUri(), "deploy-secret", Deliveries.body(Deliveries.event(62515))).statusCode(200);
      given().baseUri(gateway.managementUri()).get("/q/metrics").then().statusCode(200)
          .body(containsString("hubgate_webhook_requests_total{outcome=\"accepted\"} 1.0"));
    }
  }
}
