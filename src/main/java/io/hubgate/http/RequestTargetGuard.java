package io.hubgate.http;

import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.hubgate.problem.Problem;
import io.hubgate.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses, for every endpoint of the HTTP port (webhooks, events, OAuth, HubSpot), a request target without a single
 * meaning ({@link RequestTargetRules}) or longer than {@code hubgate.http.max-request-target-length}, before any route,
 * authentication or access decision sees it: 400 {@code bad-request-target} or 414 {@code request-target-too-long}, as
 * problem+json. A Vert.x filter rather than a REST filter, so that it also covers what Quarkus REST would never match.
 */
@ApplicationScoped
class RequestTargetGuard {

  /** Filters with a higher priority run first; this one should see the request before any other. */
  static final int PRIORITY = 100_000;
  /** Room for the method, the spaces and {@code HTTP/1.1} on the request line. */
  private static final int REQUEST_LINE_OVERHEAD = 32;

  private final int maxLength;

  RequestTargetGuard(RequestTargetSettings settings,
      @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096") int maxInitialLine) {
    this.maxLength = settings.maxRequestTargetLength();
    if (maxLength + REQUEST_LINE_OVERHEAD > maxInitialLine) {
      throw new IllegalStateException("hubgate.http.max-request-target-length (" + maxLength + ") must be at least "
          + REQUEST_LINE_OVERHEAD + " below quarkus.http.limits.max-initial-line-length (" + maxInitialLine
          + "), or the HTTP server refuses long targets before the gateway can answer them.");
    }
  }

  void register(@Observes Filters filters) {
    filters.register(this::check, PRIORITY);
  }

  private void check(RoutingContext ctx) {
    String target = ctx.request().uri();
    if (target != null && target.length() > maxLength) {
      refuse(ctx, new ProblemException(414, "request-target-too-long", "Request Target Too Long",
          "The request target is longer than " + maxLength + " characters."));
      return;
    }
    Optional<String> ambiguity = RequestTargetRules.ambiguity(target);
    if (ambiguity.isPresent()) {
      refuse(ctx, RequestTargetRules.refusal(ambiguity.get()));
      return;
    }
    ctx.next();
  }

  private static void refuse(RoutingContext ctx, ProblemException problem) {
    Log.debugf("Refused a request target: %s", problem.getMessage());
    Problem body = problem.toProblem(null);
    ctx.response()
        .setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        // the rest of the request (its body) is not read: do not reuse the connection
        .putHeader("Connection", "close")
        .end(Json.encode(body));
  }
}
