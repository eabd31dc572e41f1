package io.hubgate.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * How a {@link HubSpotSimulator} behaves where HubSpot leaves room or a test needs control.
 *
 * @param host address to bind; loopback by default so that a test server is never reachable from outside
 * @param port 0 for a free port (tests), a fixed one for the standalone simulator
 * @param eventLoops HTTP event loops; two use both cores of a small machine
 * @param seed seeds every random choice (result order, ids of tokens, fault draws) so that a run repeats
 * @param retryAfter whether 429s carry {@code Retry-After}; HubSpot does not document it for CRM 429s, so off
 * @param rejectedCountInWindow whether a 429'd request still takes a slot of the rolling window. HubSpot does
 *     not say; off means a client that backs off correctly is never punished for its rejected attempts
 * @param secondlyHeaders whether to add the deprecated {@code X-HubSpot-RateLimit-Secondly*} headers
 * @param searchPerSecond the search endpoints' own per-portal budget per rolling second
 * @param accessTokenLifetime the {@code expires_in} of issued OAuth access tokens (HubSpot: 30 minutes)
 * @param rotateRefreshTokens whether a refresh grant returns a new refresh token (HubSpot returns the same one)
 * @param clockStart where the controllable token clock starts
 * @param clockRunning whether that clock also follows real time (standalone) or stays frozen (tests)
 * @param logRequests whether to keep the request log (a long benchmark may switch it off)
 */
public record SimulatorOptions(
    String host,
    int port,
    int eventLoops,
    long seed,
    boolean retryAfter,
    boolean rejectedCountInWindow,
    boolean secondlyHeaders,
    int searchPerSecond,
    Duration accessTokenLifetime,
    boolean rotateRefreshTokens,
    Instant clockStart,
    boolean clockRunning,
    boolean logRequests) {

  public static SimulatorOptions defaults() {
    return new SimulatorOptions("127.0.0.1", 0, 2, 42L, false, false, false, 5, Duration.ofMinutes(30), false,
        Instant.parse("2026-03-10T09:00:00Z"), false, true);
  }

  public SimulatorOptions withHost(String value) {
    return new SimulatorOptions(value, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withPort(int value) {
    return new SimulatorOptions(host, value, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withEventLoops(int value) {
    return new SimulatorOptions(host, port, value, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withSeed(long value) {
    return new SimulatorOptions(host, port, eventLoops, value, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withRetryAfter(boolean value) {
    return new SimulatorOptions(host, port, eventLoops, seed, value, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withRejectedCountInWindow(boolean value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, value, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withSecondlyHeaders(boolean value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, value,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withSearchPerSecond(int value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        value, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withAccessTokenLifetime(Duration value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, value, rotateRefreshTokens, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withRotateRefreshTokens(boolean value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, value, clockStart, clockRunning, logRequests);
  }

  public SimulatorOptions withClockStart(Instant value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, value, clockRunning, logRequests);
  }

  public SimulatorOptions withLogRequests(boolean value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, clockRunning, value);
  }

  public SimulatorOptions withClockRunning(boolean value) {
    return new SimulatorOptions(host, port, eventLoops, seed, retryAfter, rejectedCountInWindow, secondlyHeaders,
        searchPerSecond, accessTokenLifetime, rotateRefreshTokens, clockStart, value, logRequests);
  }
}
