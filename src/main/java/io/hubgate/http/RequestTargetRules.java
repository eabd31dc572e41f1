package io.hubgate.http;

import java.util.Locale;
import java.util.Optional;

import io.hubgate.problem.ProblemException;

/**
 * Which raw request targets ({@code HttpServerRequest.uri()}, exactly as the client sent them) have a single meaning.
 * A target that two readers could take differently is refused, never repaired: the router, the access checks and
 * whatever the gateway forwards must all see one thing. Refused, for every endpoint:
 * <ul>
 *   <li>anything but origin-form ({@code /path?query}): absolute-form ({@code http://host/...}), authority-form
 *       ({@code host:443}), asterisk-form ({@code *});</li>
 *   <li>a fragment ({@code #}): clients never send one, and what follows it is dropped by some readers, kept by others;</li>
 *   <li>control characters, spaces and non-ASCII bytes, raw; control characters percent-encoded too ({@code %00},
 *       {@code %0a}, {@code %7F}), while encoded spaces and UTF-8 ({@code %20}, {@code %C3%A9}) pass, as HubSpot's
 *       clients encode names; malformed percent-encoding ({@code %zz}, {@code %4});</li>
 *   <li>dot segments ({@code .}, {@code ..}), raw or encoded ({@code %2e}, {@code .%2E}): routers remove them, HTTP
 *       clients and servers downstream may not;</li>
 *   <li>a backslash anywhere: some servers read it as {@code /};</li>
 *   <li>{@code ;} in the path: Quarkus REST drops matrix parameters when it matches a route, anything reading the raw
 *       path keeps them (no endpoint of the gateway, and no HubSpot API, takes matrix parameters);</li>
 *   <li>in the path, any character RFC 3986 does not allow there ({@code "<>[]^`{|}}).</li>
 * </ul>
 * The query is checked for characters and escapes only: its meaning belongs to the endpoint. A {@code ?} inside the
 * query is legal (RFC 3986 §3.4). Empty segments and encoded slashes are left to endpoints that forward paths
 * ({@code io.hubgate.hubspot.RequestTarget}), since they are harmless to the gateway's own routes.
 */
public final class RequestTargetRules {

  private static final String SUB_DELIMS = "!$&'()*+,;=";

  private RequestTargetRules() {
  }

  /** Why this raw request target has no single meaning; empty when it has one. Never echoes the target. */
  public static Optional<String> ambiguity(String target) {
    if (target == null || target.isEmpty() || target.charAt(0) != '/') {
      return Optional.of("Only origin-form request targets (/path?query) are accepted, not absolute-form, "
          + "authority-form or *.");
    }
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7F) {
        return Optional.of("The request target contains a control character, a space or a non-ASCII byte.");
      }
      if (c == '#') {
        return Optional.of("The request target contains a fragment (#).");
      }
      if (c == '\\') {
        return Optional.of("The request target contains a backslash.");
      }
    }
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    Optional<String> escapes = escapes(target);
    if (escapes.isPresent()) {
      return escapes;
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == ';') {
        return Optional.of("The path contains ';' (matrix parameters are not accepted).");
      }
      if (!isPathChar(c) && c != '/') {
        return Optional.of("The path contains '" + c + "', which RFC 3986 does not allow there.");
      }
    }
    for (String segment : path.split("/", -1)) {
      String decoded = decodeUnreserved(segment);
      if (decoded.equals(".") || decoded.equals("..")) {
        return Optional.of("The path contains a dot segment (. or .., raw or percent-encoded).");
      }
    }
    return Optional.empty();
  }

  /** 400 {@code bad-request-target}: the detail says what is wrong, never repeats the target. */
  public static ProblemException refusal(String detail) {
    return new ProblemException(400, "bad-request-target", "Bad Request Target", detail);
  }

  /** RFC 3986 {@code pchar}: unreserved, sub-delims, : and @, and {@code %} (its escapes are checked on their own). */
  public static boolean isPathChar(char c) {
    return isUnreserved(c) || SUB_DELIMS.indexOf(c) >= 0 || c == ':' || c == '@' || c == '%';
  }

  /** RFC 3986 {@code query}: pchar, {@code /} and {@code ?}. */
  public static boolean isQueryChar(char c) {
    return isPathChar(c) || c == '/' || c == '?';
  }

  public static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
  }

  /**
   * RFC 3986 §6.2.2 normalisation of a path: escapes of unreserved characters decoded ({@code %7E} → {@code ~},
   * {@code %2e} → {@code .}), the hex digits of the other escapes upper-cased ({@code %c3} → {@code %C3}). Equivalent
   * for every conforming reader; the input must have passed {@link #ambiguity}.
   */
  public static String normalise(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        char decoded = (char) Integer.parseInt(path.substring(i + 1, i + 3), 16);
        if (isUnreserved(decoded)) {
          out.append(decoded);
        } else {
          out.append('%').append(path.substring(i + 1, i + 3).toUpperCase(Locale.ROOT));
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String decodeUnreserved(String segment) {
    return segment.indexOf('%') < 0 ? segment : normalise(segment);
  }

  private static Optional<String> escapes(String target) {
    for (int i = target.indexOf('%'); i >= 0; i = target.indexOf('%', i + 1)) {
      if (i + 2 >= target.length() || hex(target.charAt(i + 1)) < 0 || hex(target.charAt(i + 2)) < 0) {
        return Optional.of("The request target contains malformed percent-encoding.");
      }
      int value = hex(target.charAt(i + 1)) * 16 + hex(target.charAt(i + 2));
      if (value < 0x20 || value == 0x7F) {
        return Optional.of("The request target contains a percent-encoded control character.");
      }
    }
    return Optional.empty();
  }

  private static int hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80 ? Character.digit(c, 16) : -1;
  }
}
