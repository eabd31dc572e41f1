package io.hubgate.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * The one way out for every answer: adds HubSpot's rate headers where HubSpot sends them and writes the
 * request log entry.
 */
final class Responses {

  private final RequestLog log;
  private final SimulatorOptions options;

  Responses(RequestLog log, SimulatorOptions options) {
    this.log = log;
    this.options = options;
  }

  void json(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, body == null ? null : body.toBuffer());
  }

  void empty(RoutingContext ctx, int status) {
    send(ctx, status, null);
  }

  void send(RoutingContext ctx, int status, Buffer body) {
    ApiCall call = ApiCall.of(ctx);
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status);
    response.putHeader("X-HubSpot-Correlation-Id", body != null && status >= 400 ? correlationId(body)
        : HubSpotErrors.uuid());
    if (call != null) {
      rateHeaders(response, call);
      log.add(call.toEntry(status));
    }
    if (body == null) {
      response.end();
    } else {
      response.putHeader("Content-Type", "application/json;charset=utf-8").end(body);
    }
  }

  /** An error answer's header names the same correlation id as its body, as HubSpot's do. */
  private static String correlationId(Buffer body) {
    try {
      String id = new JsonObject(body).getString("correlationId");
      return id != null ? id : HubSpotErrors.uuid();
    } catch (RuntimeException notAnObject) {
      return HubSpotErrors.uuid();
    }
  }

  /** HubSpot sends the window headers on every non-search answer, the daily ones only to private apps. */
  private void rateHeaders(HttpServerResponse response, ApiCall call) {
    RateLimits.Verdict verdict = call.verdict;
    if (verdict == null) {
      return;
    }
    if (options.retryAfter() && !verdict.admitted()) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(verdict.retryAfterNanos() + 999_999_999L));
      response.putHeader("Retry-After", Long.toString(seconds));
    }
    if (call.search) {
      return;
    }
    response.putHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "10000");
    response.putHeader("X-HubSpot-RateLimit-Max", Integer.toString(verdict.max()));
    response.putHeader("X-HubSpot-RateLimit-Remaining", Integer.toString(verdict.remaining()));
    if (options.secondlyHeaders()) {
      response.putHeader("X-HubSpot-RateLimit-Secondly", Integer.toString(verdict.max() / 10));
      response.putHeader("X-HubSpot-RateLimit-Secondly-Remaining", Integer.toString(verdict.remaining() / 10));
    }
    if (call.credential != null && call.credential.kind() == Credential.Kind.PRIVATE_APP) {
      response.putHeader("X-HubSpot-RateLimit-Daily", Long.toString(verdict.dailyMax()));
      response.putHeader("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(verdict.dailyRemaining()));
    }
  }

  /** The request is answered by closing the socket or not at all: only the log knows. */
  void unanswered(RoutingContext ctx) {
    ApiCall call = ApiCall.of(ctx);
    if (call != null) {
      log.add(call.toEntry(0));
    }
  }
}
