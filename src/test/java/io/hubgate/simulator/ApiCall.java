package io.hubgate.simulator;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;

/** What the simulator learns about one request on its way through the gate, for headers and the log. */
final class ApiCall {

  static final String KEY = "hubspot.call";

  final long arrivalNanos = System.nanoTime();
  final Instant arrival;
  final String method;
  final String path;
  final String target;
  Credential credential;
  RateLimits.Verdict verdict;
  boolean search;
  int inputs;
  String fault;
  long portalId;
  long appId;

  ApiCall(Instant arrival, String method, String path, String target) {
    this.arrival = arrival;
    this.method = method;
    this.path = path;
    this.target = target;
  }

  static ApiCall of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  void authenticated(Credential credential) {
    this.credential = credential;
    this.portalId = credential.portalId();
    this.appId = credential.appId();
  }

  RequestLogEntry toEntry(int status) {
    String policy = verdict == null || verdict.rejectedBy() == null ? null : verdict.rejectedBy().name();
    if (policy == null && status == 429 && fault != null) {
      policy = RateLimits.Policy.TEN_SECONDLY_ROLLING.name();
    }
    return new RequestLogEntry(arrivalNanos, arrival, portalId, appId, method, path, inputs, status, fault, policy, target);
  }
}
