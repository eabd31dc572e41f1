package io.hubgate.writes.messaging;

/**
 * A message that cannot become a write (bad JSON, a missing or wrong field); its text is the reason, and the caller's
 * id travels with it when the message had a readable one.
 */
final class InvalidWriteMessage extends RuntimeException {

  private final String id;

  InvalidWriteMessage(String reason) {
    this(reason, null);
  }

  InvalidWriteMessage(String reason, String id) {
    super(reason, null, false, false);
    this.id = id;
  }

  /** The caller's id, or null. */
  String id() {
    return id;
  }
}
