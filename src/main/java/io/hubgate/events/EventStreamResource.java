package io.hubgate.events;

import java.util.Optional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hubgate.access.Access;
import io.hubgate.access.Caller;
import io.hubgate.access.CallerAccess;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The live stream of published events as Server-Sent Events, one CloudEvent (JSON) per SSE event, filterable by
 * {@code portalId} and {@code subscriptionType}. It reads {@link Channels#HUBSPOT_EVENTS_STREAM}: the in-process topic by
 * default, the Kafka topic (a consumer group of its own per replica, from the latest offset) with Kafka. A slow client
 * that falls more than {@link #SLOW_CLIENT_BUFFER} events behind is disconnected rather than holding others back: it is
 * a live view, not a delivery guarantee.
 */
@Path("/events")
public class EventStreamResource {

  /** Events a client may lag behind before its stream is closed (it can reconnect). */
  static final int SLOW_CLIENT_BUFFER = 4096;

  private final BroadcastProcessor<String> live = BroadcastProcessor.create();
  private final ObjectMapper mapper;

  private final CallerAccess access;
  private final SecurityIdentity identity;

  EventStreamResource(ObjectMapper mapper, CallerAccess access, SecurityIdentity identity) {
    this.mapper = mapper;
    this.access = access;
    this.identity = identity; // a request-scoped proxy: the current caller
  }

  /** Non-blocking: Quarkus would otherwise run a {@code void} method on a worker thread, a hand-off per event. */
  @Incoming(Channels.HUBSPOT_EVENTS_STREAM)
  @NonBlocking
  void onEvent(String cloudEvent) {
    synchronized (live) {
      live.onNext(cloudEvent);
    }
  }

  /** Needs {@code hubspot.read}; a caller sees only the portals its token lists. */
  @GET
  @Authenticated
  @StreamAccess
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  public Multi<String> stream(@RestQuery Optional<Long> portalId, @RestQuery Optional<String> subscriptionType) {
    // EventStreamAccessFilter already refused callers without hubspot.read or the requested portal, with problem+json;
    // checked again here so that the stream never starts without it
    Caller caller = access.require(identity, Access.READ);
    return live
        .onOverflow().buffer(SLOW_CLIENT_BUFFER)
        .filter(json -> matches(json, caller, portalId, subscriptionType));
  }

  private boolean matches(String json, Caller caller, Optional<Long> portalId, Optional<String> subscriptionType) {
    if (caller.allPortals() && portalId.isEmpty() && subscriptionType.isEmpty()) {
      return true;
    }
    try {
      JsonNode ce = mapper.readTree(json);
      long portal = ce.path("hubspotportalid").asLong();
      return caller.mayActFor(portal)
          && portalId.map(p -> p == portal).orElse(true)
          && subscriptionType.map(t -> t.equals(ce.path("hubspotsubscriptiontype").asText())).orElse(true);
    } catch (Exception e) {
      Log.debug("Skipping an unreadable event on the live stream", e);
      return false;
    }
  }
}
