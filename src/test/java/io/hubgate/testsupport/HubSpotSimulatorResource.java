package io.hubgate.testsupport;

import java.util.Map;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.SimulatorOptions;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The HubSpot simulator on a free port, configured as the gateway's {@code hubgate.hubspot.base-url}. */
public class HubSpotSimulatorResource implements QuarkusTestResourceLifecycleManager {

  private static volatile HubSpotSimulator simulator;

  @Override
  public Map<String, String> start() {
    simulator = HubSpotSimulator.start(SimulatorOptions.defaults());
    return Map.of("hubgate.hubspot.base-url", simulator.baseUrl());
  }

  @Override
  public void stop() {
    if (simulator != null) {
      simulator.close();
      simulator = null;
    }
  }

  public static HubSpotSimulator simulator() {
    return simulator;
  }

  /**
   * The simulator with each portal known (budget 100 per 10 s, private-app token {@code pat-na1-<portal>} of app
   * {@code 1000 + portal}, as the test profiles configure them) and an empty request log: the state a test starts from.
   */
  public static HubSpotSimulator withPortals(long... portals) {
    for (long portal : portals) {
      if (simulator.portals().find(portal).isEmpty()) {
        simulator.portals().add(portal).burstLimit(100);
        simulator.portals().privateAppToken(portal, "pat-na1-" + portal, 1000 + portal);
      }
    }
    simulator.requestLog().clear();
    return simulator;
  }
}
