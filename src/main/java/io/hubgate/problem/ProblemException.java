package io.hubgate.problem;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that maps to one problem+json answer. Subclasses name the class of problem; the message is the
 * {@code detail} shown to the caller, so it must never contain a secret.
 */
public class ProblemException extends RuntimeException {

  /** The slug of a request without a valid bearer token: its answer carries {@code WWW-Authenticate: Bearer}. */
  public static final String UNAUTHENTICATED = "unauthenticated";

  private final int status;
  private final String slug;
  private final String title;
  private final transient Duration retryAfter;
  private final String policyName;

  public ProblemException(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, null);
  }

  /** A problem whose answer tells the caller when to try again ({@code Retry-After}, whole seconds rounded up). */
  public ProblemException(int status, String slug, String title, String detail, Duration retryAfter) {
    this(status, slug, title, detail, retryAfter, null);
  }

  /** A problem that stands for one of HubSpot's limits, named as HubSpot names it ({@link Problem#policyName()}). */
  public ProblemException(int status, String slug, String title, String detail, Duration retryAfter,
      String policyName) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.retryAfter = retryAfter;
    this.policyName = policyName;
  }

  /** 401: no valid bearer token from the configured identity provider (missing, forged, expired, foreign issuer). */
  public static ProblemException unauthenticated() {
    return new ProblemException(401, UNAUTHENTICATED, "Unauthenticated",
        "A valid bearer token from the configured identity provider is required.");
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  public Problem toProblem(String instance) {
    Problem problem = new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), instance, null);
    return policyName == null ? problem : problem.withPolicyName(policyName);
  }
}
