package io.hubgate.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The last events this replica published, newest first, for the console: what passed, not the events themselves
 * (no properties, no values). A small ring, so memory stays flat whatever the traffic.
 */
@ApplicationScoped
public class RecentEvents {

  static final int CAPACITY = 50;

  private final ArrayDeque<Recent> ring = new ArrayDeque<>(CAPACITY);
  private long sequence;

  /** One published event: a sequence number of this replica, when, and what it was about. */
  @RegisterForReflection
  public record Recent(long sequence, long publishedAtMillis, long portalId, String subscriptionType,
      String objectType, String objectId) {
  }

  synchronized void published(HubSpotEvent event, long atMillis) {
    if (ring.size() == CAPACITY) {
      ring.removeLast();
    }
    ring.addFirst(new Recent(++sequence, atMillis, event.portalId(), event.subscriptionType(), event.objectType(),
        event.objectId()));
  }

  /** Newest first, at most {@code limit}. */
  public synchronized List<Recent> latest(int limit) {
    List<Recent> out = new ArrayList<>(Math.min(limit, ring.size()));
    for (Recent r : ring) {
      if (out.size() == limit) {
        break;
      }
      out.add(r);
    }
    return out;
  }
}
