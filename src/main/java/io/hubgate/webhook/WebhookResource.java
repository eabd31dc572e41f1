package io.hubgate.webhook;

import java.net.URI;
import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.config.HubgateConfig;
import io.hubgate.problem.Problem;
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
@Tag(name = "Webhooks")
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
  @Operation(summary = "Receive a HubSpot webhook delivery",
      description = "Open (HubSpot calls it): the signature is verified before anything is parsed. Every event is "
          + "published as a CloudEvent, and deduplicated across replicas, before the answer; a 503 leaves nothing "
          + "marked, so HubSpot's retry publishes what is missing.")
  @Parameter(name = "X-HubSpot-Signature-v3", in = ParameterIn.HEADER, description = "v3 signature (with the timestamp)")
  @Parameter(name = "X-HubSpot-Request-Timestamp", in = ParameterIn.HEADER, description = "v3: milliseconds since the epoch")
  @Parameter(name = "X-HubSpot-Signature", in = ParameterIn.HEADER, description = "v1 or v2 signature")
  @Parameter(name = "X-HubSpot-Signature-Version", in = ParameterIn.HEADER, description = "v1 or v2")
  @RequestBody(required = true, description = "HubSpot's delivery: an array of 1 to 100 events",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.ARRAY)))
  @APIResponse(responseCode = "200", description = "Every event of the delivery is published (now, or by an earlier delivery).",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookReceipt.class)))
  @APIResponse(responseCode = "400", description = "A body that is not a valid delivery.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "malformed-webhook", ref = "malformed-webhook")))
  @APIResponse(responseCode = "401", description = "Signature missing, wrong, or too old a timestamp (a replay).",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = {@ExampleObject(name = "bad-signature", ref = "bad-signature"),
              @ExampleObject(name = "stale-timestamp", ref = "stale-timestamp")}))
  @APIResponse(responseCode = "413", description = "Body over hubgate.webhook.max-body-bytes.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "payload-too-large", ref = "payload-too-large")))
  @APIResponse(responseCode = "415", description = "Content type other than application/json.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "unsupported-media-type", ref = "unsupported-media-type")))
  @APIResponse(responseCode = "503", description = "Not every event could be published in time; HubSpot retries, nothing is lost.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "publish-failed", ref = "publish-failed")))
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
