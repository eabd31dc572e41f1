package io.hubgate.problem;

import java.util.UUID;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.logging.Log;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;

/**
 * The one place where failures become {@code application/problem+json}. Expected problems keep their status; anything
 * unexpected is logged here with a correlation id (Quarkus REST does not log mapped exceptions) and answered 500
 * without internals.
 */
public class ProblemMappers {

  @ServerExceptionMapper
  public RestResponse<Problem> problem(ProblemException e, UriInfo uri) {
    return respond(e, uri.getPath());
  }

  @ServerExceptionMapper({io.quarkus.security.AuthenticationFailedException.class,
      io.quarkus.security.UnauthorizedException.class, io.quarkus.security.AuthenticationCompletionException.class})
  public RestResponse<Problem> unauthenticated(RuntimeException e, UriInfo uri) {
    return respond(ProblemException.unauthenticated(), uri.getPath());
  }

  @ServerExceptionMapper
  public RestResponse<Problem> forbidden(io.quarkus.security.ForbiddenException e, UriInfo uri) {
    return respond(new Problem(Problem.TYPE_BASE + "forbidden", "Forbidden", 403, "This caller may not do this.",
        uri.getPath(), null));
  }

  @ServerExceptionMapper
  public RestResponse<Problem> notFound(NotFoundException e, UriInfo uri) {
    return respond(new Problem(Problem.TYPE_BASE + "not-found", "Not Found", 404, "No resource at this path.", uri.getPath(), null));
  }

  @ServerExceptionMapper
  public RestResponse<Problem> notAllowed(NotAllowedException e, UriInfo uri) {
    return respond(new Problem(Problem.TYPE_BASE + "method-not-allowed", "Method Not Allowed", 405,
        "This resource does not accept this method.", uri.getPath(), null));
  }

  @ServerExceptionMapper
  public RestResponse<Problem> unsupported(NotSupportedException e, UriInfo uri) {
    return respond(new Problem(Problem.TYPE_BASE + "unsupported-media-type", "Unsupported Media Type", 415,
        "This resource does not accept this content type.", uri.getPath(), null));
  }

  @ServerExceptionMapper
  public RestResponse<Problem> web(WebApplicationException e, UriInfo uri) {
    int status = e.getResponse().getStatus();
    var reason = RestResponse.Status.fromStatusCode(status);
    String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
    return respond(new Problem(Problem.TYPE_BASE + "http-" + status, title, status, title + ".", uri.getPath(), null));
  }

  @ServerExceptionMapper
  public RestResponse<Problem> unexpected(Throwable e, UriInfo uri) {
    String correlationId = UUID.randomUUID().toString();
    Log.errorf(e, "Unexpected failure on %s (correlation id %s)", uri.getPath(), correlationId);
    return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal Server Error", 500,
        "The gateway failed unexpectedly; quote the correlation id when reporting it.", uri.getPath(), correlationId));
  }

  /**
   * The answer to a problem, with the headers it implies: {@code Retry-After} (whole seconds, rounded up) when the
   * problem says when to retry, and the bearer challenge when a token is missing or invalid. Filters, which run outside
   * the exception mappers, answer through this too.
   */
  public static RestResponse<Problem> respond(ProblemException e, String instance) {
    var response = respond(e.toProblem(instance));
    e.retryAfter().ifPresent(wait -> response.getHeaders().putSingle("Retry-After",
        Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000))));
    if (ProblemException.UNAUTHENTICATED.equals(e.slug())) {
      response.getHeaders().putSingle("WWW-Authenticate", "Bearer");
    }
    return response;
  }

  /** A problem answer with its status and {@code application/problem+json}. */
  public static RestResponse<Problem> respond(Problem problem) {
    return RestResponse.ResponseBuilder.<Problem>create(problem.status())
        .entity(problem)
        .header("Content-Type", Problem.MEDIA_TYPE)
        .build();
  }
}
