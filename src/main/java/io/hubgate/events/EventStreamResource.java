package io.hubgate.events;

import java.util.Optional;
import java.util.concurrent.Executor;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hubgate.access.Access;
import io.hubgate.access.Caller;
import io.hubgate.access.CallerAccess;
import io.hubgate.problem.Problem;
import io.hubgate.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/**
 * The stream of published events as Server-Sent Events, one CloudEvent (JSON) per SSE event, with the event's journal
 * sequence number as its {@code id}, filterable by {@code portalId} and {@code subscriptionType}. It reads an
 * {@link EventJournal}: the embedded broker's own by default (so events that arrived while nobody watched are there to
 * replay), with Kafka a journal of this replica fed by {@link Channels#HUBSPOT_EVENTS_STREAM} (a consumer group of its
 * own per replica, from the latest offset). A client resumes after {@code Last-Event-ID} (header, or the
 * {@code lastEventId} query parameter) or replays the journal with {@code from=start}. Where events it asked for are no
 * longer held, it gets an {@code event: gap} naming them first; a client so slow that unread events leave the journal
 * gets that gap and is disconnected (it can reconnect): a slow client holds no memory and holds no one back.
 */
@Path("/events")
@Tag(name = "Events")
public class EventStreamResource {

  static final String GAP_EVENT = "gap";
  static final String FROM_START = "start";

  private final EventJournal journal;
  private final boolean fedByChannel;
  private final ObjectMapper mapper;
  private final CallerAccess access;
  private final SecurityIdentity identity;

  EventStreamResource(@Connector(LocalBrokerConnector.NAME) LocalBrokerConnector broker, EventJournals journals, ObjectMapper mapper, CallerAccess access,
      SecurityIdentity identity) {
    Optional<EventJournal> embedded = broker.journalOfOutgoing(Channels.HUBSPOT_EVENTS);
    this.journal = embedded.orElseGet(() -> journals.create(Channels.HUBSPOT_EVENTS_STREAM));
    this.fedByChannel = embedded.isEmpty();
    this.mapper = mapper;
    this.access = access;
    this.identity = identity; // a request-scoped proxy: the current caller
  }

  /**
   * With Kafka, the topic read back into this replica's journal (with the embedded broker the channel is off: the
   * stream reads the broker's journal). Non-blocking: Quarkus would otherwise run a {@code void} method on a worker
   * thread, a hand-off per event.
   */
  @Incoming(Channels.HUBSPOT_EVENTS_STREAM)
  @NonBlocking
  void onEvent(String cloudEvent) {
    if (fedByChannel) {
      journal.append(cloudEvent);
    }
  }

  /** Needs {@code hubspot.read}; a caller sees only the portals its token lists. */
  @GET
  @Authenticated
  @StreamAccess
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(summary = "Stream published events (Server-Sent Events)",
      description = "One CloudEvent JSON per SSE event, id: its journal sequence. Resumes after Last-Event-ID with every "
          + "missed event the journal still holds, then live, none twice; from=start replays the journal first. Missed "
          + "events no longer held come as event: gap with {\"first\":a,\"last\":b}; a client so slow that unread "
          + "events leave the journal gets that gap and is disconnected. A caller sees only its token's portals.")
  @SecurityRequirement(name = "bearer", scopes = "hubspot.read")
  @APIResponse(responseCode = "200", description = "The stream.",
      content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS, schema = @Schema(type = SchemaType.STRING)))
  @APIResponse(responseCode = "400", description = "A position or portal that cannot be read.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = {@ExampleObject(name = "bad-stream-position", ref = "bad-stream-position"),
              @ExampleObject(name = "bad-portal-id", ref = "bad-portal-id")}))
  @APIResponse(responseCode = "401", ref = "Unauthenticated")
  @APIResponse(responseCode = "403", ref = "AccessRefused")
  public Multi<OutboundSseEvent> stream(
      @Parameter(description = "Only this portal's events (it must be among the token's portals)") @RestQuery Optional<Long> portalId,
      @Parameter(description = "Only events of this subscription type (contact.creation, ...)") @RestQuery Optional<String> subscriptionType,
      @Parameter(description = "Resume after this id (as a browser's EventSource sends it)") @RestHeader("Last-Event-ID") String lastEventIdHeader,
      @Parameter(description = "Resume after this id (when no header can be set)") @RestQuery String lastEventId,
      @Parameter(description = "start: replay the whole journal first") @RestQuery String from,
      @Context Sse sse) {
    // EventStreamAccessFilter already refused callers without hubspot.read or the requested portal, with problem+json;
    // checked again here so that the stream never starts without it
    Caller caller = access.require(identity, Access.READ);
    Multi<JournalItem> items = read(lastEventIdHeader != null ? lastEventIdHeader : lastEventId, from, eventLoop());
    return items
        .filter(item -> item instanceof JournalGap || matches(((JournalEntry) item).payload(), caller, portalId, subscriptionType))
        .map(item -> toSse(item, sse));
  }

  /** A reconnect's position wins over {@code from}: a browser reconnects to the same URL, with the id it saw last. */
  private Multi<JournalItem> read(String lastSeen, String from, Executor executor) {
    if (lastSeen != null && !lastSeen.isBlank()) {
      return journal.readAfter(parseId(lastSeen.trim()), true, executor);
    }
    if (from == null) {
      return journal.readLive(true, executor);
    }
    if (!FROM_START.equals(from)) {
      throw new ProblemException(400, "bad-stream-position", "Bad Stream Position", "from must be 'start'.");
    }
    return journal.readFromStart(executor);
  }

  private static long parseId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw new ProblemException(400, "bad-stream-position", "Bad Stream Position",
          "Last-Event-ID (or lastEventId) must be an id this stream sent.");
    }
  }

  /** Appends wake a client's reader on the client's own event loop, not on the thread that appended. */
  private static Executor eventLoop() {
    io.vertx.core.Context context = Vertx.currentContext();
    return context == null ? null : task -> context.runOnContext(ignored -> task.run());
  }

  private static OutboundSseEvent toSse(JournalItem item, Sse sse) {
    if (item instanceof JournalGap gap) {
      // its id is the last missed one: a client reconnecting after it resumes at the oldest event held, without a gap again
      return sse.newEventBuilder()
          .name(GAP_EVENT)
          .id(Long.toString(gap.last()))
          .mediaType(MediaType.APPLICATION_JSON_TYPE)
          .data(String.class, "{\"first\":" + gap.first() + ",\"last\":" + gap.last() + "}")
          .build();
    }
    JournalEntry entry = (JournalEntry) item;
    entry.markRead();
    return sse.newEventBuilder()
        .id(Long.toString(entry.sequence()))
        .mediaType(MediaType.APPLICATION_JSON_TYPE)
        .data(String.class, entry.payload())
        .build();
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
