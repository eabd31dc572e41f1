package io.hubgate.webhook;

import io.hubgate.events.HubSpotEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The identity of an event for deduplication. HubSpot does not promise that eventId is unique, so the identity is every
 * field of the event except {@code attemptNumber} (which changes on each redelivery): portal, app, subscription,
 * eventId, object, occurredAt, property and value, change source and flag, and any field HubSpot adds later. Field
 * order does not matter. The key carries the portal as a Redis Cluster hash tag. The hash is also the published
 * CloudEvent's {@code id}: unique where HubSpot's eventId is not.
 */
final class EventIdentity {

  private static final String VOLATILE_FIELD = "attemptNumber";

  private EventIdentity() {
  }

  /** The dedup key of an event whose {@link #hash} is {@code hash}. */
  static String key(String prefix, HubSpotEvent event, String hash) {
    return prefix + ":{" + event.portalId() + "}:" + hash;
  }

  /** SHA-256 of the identifying fields, base64url without padding (43 characters). */
  static String hash(HubSpotEvent event) {
    List<String> names = new ArrayList<>();
    event.json().fieldNames().forEachRemaining(names::add);
    Collections.sort(names);
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (String name : names) {
        if (VOLATILE_FIELD.equals(name)) {
          continue;
        }
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(event.json().get(name).toString().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
