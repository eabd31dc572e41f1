package io.hubgate.writes.messaging;

import io.smallrye.mutiny.Uni;

/**
 * The result of each message that was written (2xx), by portal and caller id, so that a redelivered message is
 * answered from it instead of written again.
 */
interface WriteResultStore {

  /** The stored result JSON, or null. */
  Uni<String> get(long portalId, String id);

  Uni<Void> put(long portalId, String id, String result);
}
