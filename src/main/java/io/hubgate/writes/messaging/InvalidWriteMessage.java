package io.hubgate.writes.messaging;

/** A message that cannot become a write (bad JSON, a missing or wrong field); its text is the reason. */
final class InvalidWriteMessage extends RuntimeException {

  InvalidWriteMessage(String reason) {
    super(reason, null, false, false);
  }
}
