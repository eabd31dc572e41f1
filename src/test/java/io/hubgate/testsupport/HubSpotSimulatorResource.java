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
}
