package io.hubgate.dedup;

import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Remembers which events were published, so that a redelivery is acknowledged without being published twice.
 * <p>
 * Contract: {@link #claim} atomically marks every absent key as in flight under the caller's token (no check-then-write
 * race between replicas) and says, per key and in input order, what it found. The owner then {@link #confirm}s the keys
 * it published (remembered for the configured TTL) and {@link #release}s those it failed to publish, so that no marker
 * survives for an event that was not published. A claim that fails leaves none of the caller's claims behind (as far as
 * the store can still be reached). A claim whose owner died expires after the claim TTL.
 */
public interface DedupStore {

  Uni<List<Claim>> claim(List<String> keys, String token);

  Uni<Void> confirm(List<String> keys);

  Uni<Void> release(List<String> keys, String token);
}
