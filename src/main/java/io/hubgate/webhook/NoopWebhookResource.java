package io.hubgate.webhook;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.config.HubgateConfig;
import io.hubgate.problem.Problem;
import io.hubgate.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The benchmark's baseline: the same app, the same event loop and body reading as {@link WebhookResource}, and nothing
 * else. Off unless {@code hubgate.webhook.noop-endpoint-enabled=true}.
 */
@Path("/webhooks/noop")
@Tag(name = "Webhooks")
public class NoopWebhookResource {

  private final boolean enabled;

  NoopWebhookResource(HubgateConfig config) {
    this.enabled = config.webhook().noopEndpointEnabled();
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  @Operation(summary = "Benchmark baseline", description = "The webhook intake's cost without its work; 404 unless "
      + "hubgate.webhook.noop-endpoint-enabled=true.")
  @APIResponse(responseCode = "200", description = "A receipt of nothing.",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookReceipt.class)))
  @APIResponse(responseCode = "404", description = "The endpoint is off.",
      content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"),
          examples = @ExampleObject(name = "not-found", ref = "not-found")))
  public Uni<RestResponse<WebhookReceipt>> receive(byte[] body) {
    if (!enabled) {
      return Uni.createFrom().failure(new ProblemException(404, "not-found", "Not Found", "No resource at this path."));
    }
    return Uni.createFrom().item(RestResponse.ok(new WebhookReceipt(0, 0, 0)));
  }
}
