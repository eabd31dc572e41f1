package io.hubgate.webhook;

/** The answer to an accepted delivery: how many events it held, how many were published now, how many were redeliveries. */
public record WebhookReceipt(int events, int published, int duplicates) {
}
