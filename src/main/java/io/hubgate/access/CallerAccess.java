package io.hubgate.access;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides what the current internal caller may do. The token's claim {@code hubgate_portals} lists the portals (ids as
 * numbers or strings, or {@code "*"}); its {@code scope} (space-separated) or {@code scp} (list) claim holds
 * {@code hubspot.read} / {@code hubspot.write}. Anything missing denies.
 */
@ApplicationScoped
public class CallerAccess {

  public static final String PORTALS_CLAIM = "hubgate_portals";

  /** The caller behind this identity; 401 if there is none. */
  public Caller caller(SecurityIdentity identity) {
    if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
      throw AccessProblems.unauthenticated();
    }
    return new Caller(jwt.getSubject(), scopes(jwt), portals(jwt), allPortals(jwt));
  }

  /** The caller, checked for this access to this portal; 401 or 403 otherwise. */
  public Caller require(SecurityIdentity identity, long portalId, Access access) {
    Caller caller = require(identity, access);
    if (!caller.mayActFor(portalId)) {
      throw AccessProblems.portalNotAllowed(portalId);
    }
    return caller;
  }

  /** The caller, checked for this access to some portal. */
  public Caller require(SecurityIdentity identity, Access access) {
    Caller caller = caller(identity);
    if (!caller.has(access)) {
      throw AccessProblems.missingScope(access);
    }
    return caller;
  }

  private static Set<String> scopes(JsonWebToken jwt) {
    Set<String> scopes = new HashSet<>();
    Object scope = jwt.getClaim("scope");
    if (scope != null) {
      for (String s : scope.toString().replace("\"", "").split("\\s+")) {
        if (!s.isBlank()) {
          scopes.add(s);
        }
      }
    }
    addAll(scopes, jwt.getClaim("scp"));
    return scopes;
  }

  private static Set<Long> portals(JsonWebToken jwt) {
    Set<String> raw = new HashSet<>();
    addAll(raw, jwt.getClaim(PORTALS_CLAIM));
    Set<Long> portals = new HashSet<>();
    for (String value : raw) {
      try {
        portals.add(Long.parseLong(value));
      } catch (NumberFormatException ignored) {
        // "*" or garbage: never a portal id
      }
    }
    return portals;
  }

  private static boolean allPortals(JsonWebToken jwt) {
    Set<String> raw = new HashSet<>();
    addAll(raw, jwt.getClaim(PORTALS_CLAIM));
    return raw.contains("*");
  }

  /** Claims arrive as JSON values (jakarta.json), collections or strings; collect their string forms. */
  private static void addAll(Set<String> into, Object claim) {
    if (claim == null) {
      return;
    }
    if (claim instanceof jakarta.json.JsonArray array) {
      for (var value : array) {
        into.add(unquote(value.toString()));
      }
    } else if (claim instanceof Collection<?> collection) {
      collection.forEach(v -> into.add(unquote(String.valueOf(v))));
    } else {
      into.add(unquote(claim.toString()));
    }
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }
}
