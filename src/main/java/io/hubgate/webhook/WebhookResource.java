package io.hubgate.webhook;

import java.net.URI;
import java.util.Optional;

import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.config.HubgateConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code POST /webhooks/hubspot}: HubSpot's webhook deliveries. Runs on the event loop end to end (it returns a
 * {@code Uni}; the body is read without blocking before the method runs). Open to the internet, so everything is
 * verified before anything is parsed; refusals are problem+json and publish nothing.
 */
@Path(WebhookResource.PATH)
public class WebhookResource {

  static final String PATH = "/webhooks/hubspot";

  private final WebhookReceiver receiver;
  private final Optional<URI> publicBaseUrl;

  WebhookResource(WebhookReceiver receiver, HubgateConfig config) {
    this.receiver = receiver;
    this.publicBaseUrl = config.webhook().publicBaseUrl();
  }

  @POST
  @WebhookIntake
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<WebhookReceipt>> receive(byte[] body, @Context HttpServerRequest request) {
    var signed = new SignedRequest(request.method().name(), calledUri(request), body == null ? new byte[0] : body,
        request.getHeader("X-HubSpot-Signature-v3"), request.getHeader("X-HubSpot-Request-Timestamp"),
        request.getHeader("X-HubSpot-Signature"), request.getHeader("X-HubSpot-Signature-Version"));
    return receiver.receive(signed).map(RestResponse::ok);
  }

  /** The URL HubSpot called: the configured public base plus the path and query as received, else the request's own URL. */
  private String calledUri(HttpServerRequest request) {
    return publicBaseUrl
        .map(base -> stripTrailingSlash(base.toString()) + request.uri())
        .orElseGet(request::absoluteURI);
  }

  private static String stripTrailingSlash(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
