package io.hubgate.access;

import io.hubgate.problem.ProblemException;

/** 401 and 403 answers; their details say what is missing, never what the token held. */
public final class AccessProblems {

  private AccessProblems() {
  }

  public static ProblemException unauthenticated() {
    return ProblemException.unauthenticated();
  }

  public static ProblemException missingScope(Access access) {
    return new ProblemException(403, "missing-scope", "Missing Scope", "This call needs the scope " + access.scope() + ".");
  }

  public static ProblemException portalNotAllowed(long portalId) {
    return new ProblemException(403, "portal-not-allowed", "Portal Not Allowed",
        "The token does not allow acting for portal " + portalId + " (claim hubgate_portals).");
  }
}
