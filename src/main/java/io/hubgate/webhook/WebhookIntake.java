package io.hubgate.webhook;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Binds {@link WebhookPrechecks} to the webhook method: the header checks run for every request that routes there,
 * whatever its request target looked like ({@code /webhooks/hubspot/}, ...), and for no other.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@interface WebhookIntake {
}
