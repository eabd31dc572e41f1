package io.hubgate.webhook;

import java.util.Locale;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.hubgate.config.HubgateConfig;
import io.hubgate.problem.Problem;
import io.hubgate.problem.ProblemMappers;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses a delivery from its headers alone, before its body is read: a declared length over the limit (413) or a
 * content type other than JSON (415). A chunked body over the limit is caught after reading, by the receiver. Bound to
 * the webhook method ({@link WebhookIntake}), not to a path string, so that every target routed there is checked; it
 * runs after matching and before the body is read.
 */
class WebhookPrechecks {

  private final int maxBodyBytes;
  private final WebhookMetrics metrics;

  WebhookPrechecks(HubgateConfig config, WebhookMetrics metrics) {
    this.maxBodyBytes = config.webhook().maxBodyBytes();
    this.metrics = metrics;
  }

  @WebhookIntake
  @ServerRequestFilter
  Optional<RestResponse<Problem>> check(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          return refuse(WebhookProblems.tooLarge(maxBodyBytes));
        }
      } catch (NumberFormatException e) {
        return refuse(WebhookProblems.malformed("Content-Length is not a number."));
      }
    }
    if (!isJson(request.getHeader("Content-Type"))) {
      return refuse(WebhookProblems.unsupportedMediaType());
    }
    return Optional.empty();
  }

  private Optional<RestResponse<Problem>> refuse(WebhookProblems.Refused refused) {
    Log.debugf("Refused a webhook delivery: %s (%s)", refused.outcome(), refused.getMessage());
    metrics.request(refused.outcome());
    return Optional.of(ProblemMappers.respond(refused, WebhookResource.PATH));
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json");
  }
}
