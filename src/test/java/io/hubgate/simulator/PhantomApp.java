package io.hubgate.simulator;

import io.vertx.core.Vertx;

/**
 * Another integration calling the same portal at a steady rate: its calls take burst budget from its own
 * (portal, app) window, which is the gateway's window when it uses the same app id, and daily budget from
 * the portal. Close it to stop.
 */
public final class PhantomApp implements AutoCloseable {

  private final Vertx vertx;
  private final long timerId;

  PhantomApp(Vertx vertx, long timerId) {
    this.vertx = vertx;
    this.timerId = timerId;
  }

  @Override
  public void close() {
    vertx.cancelTimer(timerId);
  }
}
