package io.hubgate.portals.oauth;

import java.util.Map;

import io.hubgate.simulator.HubSpotSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The HubSpot simulator with the gateway's public app registered, as HubSpot's API and authorize page of the test
 * gateway. Any redirect URI is accepted (the test port is only known once the gateway runs).
 */
public class OAuthSimulatorResource implements QuarkusTestResourceLifecycleManager {

  static final String CLIENT_ID = "hubgate-test-app";
  static final String CLIENT_SECRET = "client-secret-must-not-leak";
  static final long APP_ID = 2002;
  static final String KEYS = TokenCipherTest.K1 + "," + TokenCipherTest.K0;

  private static volatile HubSpotSimulator sim;

  @Override
  public Map<String, String> start() {
    sim = HubSpotSimulator.start();
    sim.oauth().registerApp(CLIENT_ID, CLIENT_SECRET, APP_ID);
    return Map.of(
        "hubgate.hubspot.base-url", sim.baseUrl(),
        "hubgate.oauth.authorize-url", sim.baseUrl() + "/oauth/authorize",
        "hubgate.oauth.client-id", CLIENT_ID,
        "hubgate.oauth.client-secret", CLIENT_SECRET,
        "hubgate.oauth.scopes", "oauth,crm.objects.contacts.read",
        "hubgate.oauth.encryption-keys", KEYS);
  }

  @Override
  public void stop() {
    if (sim != null) {
      sim.close();
      sim = null;
    }
  }

  static HubSpotSimulator sim() {
    return sim;
  }
}
