package io.hubgate.webhook;

import org.jboss.resteasy.reactive.RestResponse;

import io.hubgate.config.HubgateConfig;
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
public class NoopWebhookResource {

  private final boolean enabled;

  NoopWebhookResource(HubgateConfig config) {
    this.enabled = config.webhook().noopEndpointEnabled();
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<RestResponse<WebhookReceipt>> receive(byte[] body) {
    if (!enabled) {
      return Uni.createFrom().failure(new ProblemException(404, "not-found", "Not Found", "No resource at this path."));
    }
    return Uni.createFrom().item(RestResponse.ok(new WebhookReceipt(0, 0, 0)));
  }
}
