package io.hubgate.simulator;

import java.time.Instant;
import java.util.List;

/** What happened to every batch of one {@code deliver} call. */
public record DeliveryReport(List<Batch> batches) {

  /** One attempt: the answer's status, or 0 with the failure (connection refused, timeout). */
  public record Attempt(int attemptNumber, Instant at, int status, String failure) {
    public boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  /** One request body's journey: its events, its attempts, and whether it finally got a 2xx. */
  public record Batch(long portalId, List<Long> eventIds, List<Attempt> attempts, boolean delivered,
      boolean duplicate) {}

  public boolean allDelivered() {
    return batches.stream().allMatch(Batch::delivered);
  }

  public int totalAttempts() {
    return batches.stream().mapToInt(b -> b.attempts().size()).sum();
  }

  public List<Long> deliveredEventIds() {
    return batches.stream().filter(Batch::delivered).flatMap(b -> b.eventIds().stream()).toList();
  }
}
