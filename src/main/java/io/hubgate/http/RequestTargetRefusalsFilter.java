package io.hubgate.http;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.hubgate.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Writes {@link RequestTargetGuard}'s refusals into the API description: every operation of the API port may get 400
 * {@code bad-request-target} and 414 {@code request-target-too-long}, whatever its own responses, since the guard runs
 * before any route. Added here once rather than on every resource method, so that a new endpoint cannot forget them.
 * The management interface ({@code /q/...}) has no guard and keeps its responses.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class RequestTargetRefusalsFilter implements OASFilter {

  static final String BAD_TARGET = "bad-request-target";
  static final String TOO_LONG = "request-target-too-long";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (path.getKey().startsWith("/q/")) {
        continue;
      }
      for (Operation operation : path.getValue().getOperations().values()) {
        refusals(operation);
      }
    }
  }

  private static void refusals(Operation operation) {
    APIResponses responses = operation.getResponses();
    if (responses == null) {
      responses = OASFactory.createAPIResponses();
      operation.setResponses(responses);
    }
    if (!responses.hasAPIResponse("414")) {
      responses.addAPIResponse("414", OASFactory.createAPIResponse()
          .description("The request target is longer than hubgate.http.max-request-target-length.")
          .content(problem(TOO_LONG)));
    }
    APIResponse badRequest = responses.getAPIResponse("400");
    if (badRequest == null) {
      responses.addAPIResponse("400", OASFactory.createAPIResponse()
          .description("A request target without a single meaning, refused before routing and authentication.")
          .content(problem(BAD_TARGET)));
    } else if (badRequest.getRef() == null) {
      // a shared response by reference (HubSpotCallBadRequest) names the refusal itself
      Content content = badRequest.getContent();
      if (content == null) {
        badRequest.setContent(problem(BAD_TARGET));
      } else if (content.hasMediaType(Problem.MEDIA_TYPE)) {
        content.getMediaType(Problem.MEDIA_TYPE).addExample(BAD_TARGET, OASFactory.createExample().ref(BAD_TARGET));
      } else {
        content.addMediaType(Problem.MEDIA_TYPE, problemMedia(BAD_TARGET));
      }
    }
  }

  private static Content problem(String slug) {
    return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problemMedia(slug));
  }

  private static MediaType problemMedia(String slug) {
    return OASFactory.createMediaType()
        .schema(OASFactory.createSchema().ref("Problem"))
        .addExample(slug, OASFactory.createExample().ref(slug));
  }
}
