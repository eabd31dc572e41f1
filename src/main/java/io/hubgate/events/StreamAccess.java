package io.hubgate.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Binds {@link EventStreamAccessFilter} to the methods it guards: the filter runs for every request that routes to
 * such a method, whatever the request target looked like ({@code /events/}, {@code //events}, ...), and for no other.
 */
@NameBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@interface StreamAccess {
}
