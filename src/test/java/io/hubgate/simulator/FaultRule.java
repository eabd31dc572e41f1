package io.hubgate.simulator;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;

/**
 * Faults for the requests whose method and path match: added latency, and a share each of error answers,
 * dropped connections and timeouts (no answer ever). Draws come from one seeded random sequence per rule, so
 * the same requests in the same order meet the same faults.
 */
public final class FaultRule {

  enum Kind { NONE, ERROR, DROP, TIMEOUT }

  private final String method;
  private final Pattern path;
  private volatile Duration latency = Duration.ZERO;
  private volatile double errorShare;
  private volatile int errorStatus = 503;
  private volatile double dropShare;
  private volatile double timeoutShare;
  private volatile CompletionStage<?> release;
  private Random random = new Random(42);
  private int remaining = Integer.MAX_VALUE;

  FaultRule(String method, String pathRegex) {
    this.method = method;
    this.path = Pattern.compile(pathRegex);
  }

  /** Delays every matching answer (after the request was counted, as a slow HubSpot would). */
  public FaultRule latency(Duration value) {
    this.latency = value;
    return this;
  }

  /**
   * Holds every matching request (after it was counted) until {@code release} completes, then answers it: a HubSpot
   * that stalls exactly as long as a test needs, with no timing involved.
   */
  public FaultRule holdUntil(CompletionStage<?> release) {
    this.release = release;
    return this;
  }

  CompletionStage<?> release() {
    return release;
  }

  /**
   * Answers this share of matching requests with {@code status}: 500, 502, 503, 504, 423 (locked), 477 (with
   * {@code Retry-After}) or 429 (a TEN_SECONDLY_ROLLING body, as if another integration had used the budget).
   */
  public FaultRule errorShare(double share, int status) {
    this.errorShare = share;
    this.errorStatus = status;
    return this;
  }

  /** Closes the connection without an answer for this share of matching requests. */
  public FaultRule dropConnectionShare(double share) {
    this.dropShare = share;
    return this;
  }

  /** Never answers this share of matching requests; the client's own timeout ends them. */
  public FaultRule timeoutShare(double share) {
    this.timeoutShare = share;
    return this;
  }

  /**
   * Applies the rule to the first {@code count} matching requests only; later ones pass untouched. With a share
   * of 1.0 this scripts "the first two calls fail, the third succeeds" without any randomness.
   */
  public synchronized FaultRule onlyFirst(int count) {
    this.remaining = count;
    return this;
  }

  public synchronized FaultRule seed(long seed) {
    this.random = new Random(seed);
    return this;
  }

  boolean matches(String requestMethod, String requestPath) {
    return (method == null || method.equalsIgnoreCase(requestMethod)) && path.matcher(requestPath).matches();
  }

  Duration latency() {
    return latency;
  }

  int errorStatus() {
    return errorStatus;
  }

  synchronized boolean exhausted() {
    return remaining <= 0;
  }

  synchronized Kind draw() {
    if (remaining <= 0) {
      return Kind.NONE;
    }
    remaining--;
    double r = random.nextDouble();
    if (r < dropShare) {
      return Kind.DROP;
    }
    if (r < dropShare + timeoutShare) {
      return Kind.TIMEOUT;
    }
    if (r < dropShare + timeoutShare + errorShare) {
      return Kind.ERROR;
    }
    return Kind.NONE;
  }
}
