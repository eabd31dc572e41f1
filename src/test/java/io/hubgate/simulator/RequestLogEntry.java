package io.hubgate.simulator;

import java.time.Instant;

/**
 * One request as the simulator saw it. {@code arrivalNanos} is on {@link System#nanoTime()}, the clock the
 * rate windows use; {@code arrival} is wall time for reading. {@code portalId}/{@code appId} are 0 when the
 * request carried no valid token. {@code status} is 0 when no answer was sent (dropped connection, timeout).
 *
 * @param inputs the number of batch inputs, 1 for a single-record call, 0 when the call has no records
 * @param fault the injected fault that shaped the answer, or null
 * @param policyName the limit a 429 reports, or null
 * @param target the request target exactly as it arrived (path and raw query)
 */
public record RequestLogEntry(
    long arrivalNanos,
    Instant arrival,
    long portalId,
    long appId,
    String method,
    String path,
    int inputs,
    int status,
    String fault,
    String policyName,
    String target) {

  /** An entry whose target is its path (no query), for entries made up by tests and the simulator's phantoms. */
  public RequestLogEntry(long arrivalNanos, Instant arrival, long portalId, long appId, String method, String path,
      int inputs, int status, String fault, String policyName) {
    this(arrivalNanos, arrival, portalId, appId, method, path, inputs, status, fault, policyName, path);
  }

  public boolean rateLimited() {
    return status == 429;
  }
}
