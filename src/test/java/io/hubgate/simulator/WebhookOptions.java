package io.hubgate.simulator;

import java.time.Duration;

/**
 * How the webhook sender behaves. HubSpot's defaults (HUBSPOT.md §2): at most 100 events a request, 10
 * requests in flight per portal, a 5-second response timeout, up to 10 retries spread over about a day.
 *
 * @param timeScale multiplies every retry delay: 1.0 is HubSpot's pace, 0.0001 replays a day in seconds
 * @param duplicateShare share of delivered batches HubSpot sends again (duplicates are documented)
 * @param splitBatches send each batch in randomly smaller pieces, as HubSpot's batch size varies
 * @param shuffleEvents deliver events out of order (ordering is not guaranteed)
 * @param tamper a deliberate defect, for testing the receiver's verification
 */
public record WebhookOptions(int batchSize, int maxInFlightPerPortal, Duration responseTimeout, int maxRetries,
    double timeScale, double duplicateShare, boolean splitBatches, boolean shuffleEvents, Tamper tamper,
    long seed) {

  /** Defects a receiver must reject (HUBSPOT.md §9.12). */
  public enum Tamper { NONE, STALE_TIMESTAMP, TAMPERED_BODY, WRONG_SECRET }

  public static WebhookOptions defaults() {
    return new WebhookOptions(100, 10, Duration.ofSeconds(5), 10, 1.0, 0, false, false, Tamper.NONE, 42);
  }

  /** HubSpot's policy with retry delays compressed by {@code timeScale}. */
  public static WebhookOptions compressed(double timeScale) {
    return defaults().withTimeScale(timeScale);
  }

  public WebhookOptions withTimeScale(double value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, maxRetries, value, duplicateShare,
        splitBatches, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withResponseTimeout(Duration value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, value, maxRetries, timeScale, duplicateShare,
        splitBatches, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withMaxRetries(int value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, value, timeScale, duplicateShare,
        splitBatches, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withBatchSize(int value) {
    return new WebhookOptions(value, maxInFlightPerPortal, responseTimeout, maxRetries, timeScale, duplicateShare,
        splitBatches, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withMaxInFlightPerPortal(int value) {
    return new WebhookOptions(batchSize, value, responseTimeout, maxRetries, timeScale, duplicateShare,
        splitBatches, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withDuplicateShare(double value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, maxRetries, timeScale, value,
        splitBatches, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withSplitBatches(boolean value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, maxRetries, timeScale,
        duplicateShare, value, shuffleEvents, tamper, seed);
  }

  public WebhookOptions withShuffleEvents(boolean value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, maxRetries, timeScale,
        duplicateShare, splitBatches, value, tamper, seed);
  }

  public WebhookOptions withTamper(Tamper value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, maxRetries, timeScale,
        duplicateShare, splitBatches, shuffleEvents, value, seed);
  }

  public WebhookOptions withSeed(long value) {
    return new WebhookOptions(batchSize, maxInFlightPerPortal, responseTimeout, maxRetries, timeScale,
        duplicateShare, splitBatches, shuffleEvents, tamper, value);
  }
}
