package io.hubgate.simulator;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What every CRM request meets before its handler, in HubSpot's order as far as a client can tell: injected
 * network faults, then authentication, then the rate limits, then (after any injected latency) the handler.
 * Faults that replace the answer (errors, drops, timeouts) are not counted against the limits.
 */
final class CrmGate {

  private final Vertx vertx;
  private final Portals portals;
  private final OAuth oauth;
  private final RateLimits limits;
  private final Faults faults;
  private final Responses responses;
  private final Clock clock;

  CrmGate(Vertx vertx, Portals portals, OAuth oauth, RateLimits limits, Faults faults, Responses responses,
      Clock clock) {
    this.vertx = vertx;
    this.portals = portals;
    this.oauth = oauth;
    this.limits = limits;
    this.faults = faults;
    this.responses = responses;
    this.clock = clock;
  }

  void handle(RoutingContext ctx) {
    ApiCall call = ApiCall.of(ctx);
    identify(ctx, call);
    FaultRule rule = faults.match(call.method, call.path);
    FaultRule.Kind fault = rule == null ? FaultRule.Kind.NONE : rule.draw();
    if (fault == FaultRule.Kind.DROP) {
      call.fault = "DROP";
      responses.unanswered(ctx);
      ctx.request().connection().close();
      return;
    }
    if (fault == FaultRule.Kind.TIMEOUT) {
      call.fault = "TIMEOUT";
      responses.unanswered(ctx);
      return;
    }
    Duration latency = rule == null ? Duration.ZERO : rule.latency();
    if (fault == FaultRule.Kind.ERROR) {
      call.fault = "ERROR";
      later(latency, () -> injectedError(ctx, call, rule.errorStatus()));
      return;
    }
    if (!authenticate(ctx, call) || !admit(ctx, call)) {
      return;
    }
    java.util.concurrent.CompletionStage<?> release = rule == null ? null : rule.release();
    if (release != null) {
      call.fault = "HELD";
      io.vertx.core.Context context = vertx.getOrCreateContext();
      release.whenComplete((ignored, failure) -> context.runOnContext(v -> later(latency, ctx::next)));
    } else if (latency.isZero()) {
      ctx.next();
    } else {
      call.fault = "LATENCY";
      later(latency, ctx::next);
    }
  }

  /** Learns whose token it is, so that even faulted requests are logged under their portal and app. */
  private void identify(RoutingContext ctx, ApiCall call) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    Credential credential = token == null ? null : portals.privateToken(token);
    if (credential == null && token != null) {
      credential = oauth.accessToken(token);
    }
    if (credential != null) {
      call.authenticated(credential);
    }
  }

  private boolean authenticate(RoutingContext ctx, ApiCall call) {
    Credential credential = call.credential;
    if (credential == null) {
      responses.json(ctx, 401, HubSpotErrors.invalidAuthentication());
      return false;
    }
    if (credential.expiredAt(clock.instant())) {
      responses.json(ctx, 401, HubSpotErrors.expiredAuthentication(credential.expiresAt(), clock.instant()));
      return false;
    }
    return true;
  }

  private boolean admit(RoutingContext ctx, ApiCall call) {
    Instant now = clock.instant();
    call.search = call.method.equals("POST") && call.path.endsWith("/search");
    call.verdict = call.search
        ? limits.acquireSearch(call.portalId, call.arrivalNanos, now)
        : limits.acquire(call.portalId, call.appId, call.credential.kind(), call.arrivalNanos, now);
    if (call.verdict.admitted()) {
      return true;
    }
    responses.json(ctx, 429, HubSpotErrors.rateLimit(call.verdict.rejectedBy(), call.portalId, call.appId));
    return false;
  }

  /** Answers 403 MISSING_SCOPES unless the caller's token grants one of the scopes. */
  static boolean requireScope(RoutingContext ctx, Responses responses, String... anyOf) {
    Credential credential = ApiCall.of(ctx).credential;
    for (String scope : anyOf) {
      if (credential.grants(scope)) {
        return true;
      }
    }
    responses.json(ctx, 403, HubSpotErrors.missingScopes(List.of(anyOf)));
    return false;
  }

  private void injectedError(RoutingContext ctx, ApiCall call, int status) {
    JsonObject body = switch (status) {
      case 429 -> HubSpotErrors.rateLimit(RateLimits.Policy.TEN_SECONDLY_ROLLING, call.portalId, call.appId);
      case 423 -> HubSpotErrors.error("LOCKED", "The resource is locked. Locks last for 2 seconds.");
      case 477 -> HubSpotErrors.error("MIGRATION_IN_PROGRESS", "This portal is being migrated.");
      default -> HubSpotErrors.error("INTERNAL_ERROR", "internal error (simulated)");
    };
    if (status == 477) {
      ctx.response().putHeader("Retry-After", "1");
    }
    responses.json(ctx, status, body);
  }

  private void later(Duration delay, Runnable action) {
    if (delay.isZero()) {
      action.run();
    } else {
      vertx.setTimer(Math.max(1, delay.toMillis()), id -> action.run());
    }
  }
}
