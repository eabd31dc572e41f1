package io.hubgate.serverless;

import java.util.List;
import java.util.Map;

import io.hubgate.testsupport.RedisResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The function as deployed behind API Gateway: requests arrive as Lambda events through Quarkus' mock event server (a
 * free port), the signature URL is the configured public one, and deduplication goes through a real redis-server.
 */
public class ServerlessProfile implements QuarkusTestProfile {

  /** What HubSpot calls: API Gateway's URL, never the function's own. */
  static final String PUBLIC_BASE_URL = "https://hooks.example.com";

  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "quarkus.lambda.mock-event-server.test-port", "0",
        "hubgate.webhook.public-base-url", PUBLIC_BASE_URL);
  }

  @Override
  public List<TestResourceEntry> testResources() {
    return List.of(new TestResourceEntry(RedisResource.class));
  }
}
