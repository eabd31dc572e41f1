package io.hubgate.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.hubgate.access.Access;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.RawHttp;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Request-target shapes against every protected endpoint, sent byte for byte over a socket with a token of each scope:
 * each shape is refused (and nothing reaches HubSpot), or authorised exactly as its normalised form, and then HubSpot
 * receives exactly that normalised form.
 */
@QuarkusTest
@TestProfile(HubSpotApiResourceTest.WithSimulator.class)
class RequestTargetAccessTest {

  static final long PORTAL = 105;
  static final String PREFIX = "/hubspot/" + PORTAL;

  /** The tokens of each scope, all for the portal. */
  enum Token {
    NONE(null), READ("hubspot.read"), WRITE("hubspot.write"), ADMIN("hubgate.admin");

    final String scope;

    Token(String scope) {
      this.scope = scope;
    }

    boolean grants(Access access) {
      return scope != null && (scope.equals(access.scope())
          || (access == Access.READ && this == WRITE));
    }
  }

  /** A protected endpoint in its plain form: the canonical target and what it needs. */
  record Endpoint(String method, String target, Access needs, String body) {

    boolean hubspot() {
      return target.startsWith(PREFIX);
    }

    /** Read-only only by its last path word ({@code search}, {@code read}). */
    boolean readOnlyPost() {
      return method.equals("POST") && needs == Access.READ;
    }

    @Override
    public String toString() {
      return method + " " + target;
    }
  }

  static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint("GET", PREFIX + "/crm/v3/objects/contacts", Access.READ, null),
      new Endpoint("POST", PREFIX + "/crm/v3/objects/contacts/search", Access.READ, "{\"filterGroups\":[]}"),
      new Endpoint("POST", PREFIX + "/crm/v3/objects/contacts/batch/read", Access.READ, "{\"inputs\":[{\"id\":\"1\"}]}"),
      new Endpoint("POST", PREFIX + "/crm/v3/objects/contacts", Access.WRITE, "{\"properties\":{}}"),
      new Endpoint("PATCH", PREFIX + "/crm/v3/objects/contacts/1", Access.WRITE, "{\"properties\":{}}"),
      new Endpoint("DELETE", PREFIX + "/crm/v3/objects/contacts/1", Access.WRITE, null),
      new Endpoint("GET", "/events", Access.READ, null),
      new Endpoint("GET", "/oauth/install", Access.ADMIN, null));

  enum Kind {
    /** 400 {@code bad-request-target} (414 {@code request-target-too-long}) problem for every token. */
    REFUSED,
    /** 401 without a token (authentication comes first), else 400 {@code bad-request-target}. */
    REFUSED_AFTER_AUTHENTICATION,
    /** The HTTP server itself refuses (400, or 404 for a target that is no path), before any of the gateway's code. */
    REFUSED_BY_SERVER,
    /** 404: nothing routes there. */
    NOT_FOUND,
    /** Authorised as {@code needs} says, and sent to HubSpot as {@code sent}. */
    DECIDED
  }

  record Expect(Kind kind, Access needs, String sent) {

    static final Expect REFUSED = new Expect(Kind.REFUSED, null, null);
    static final Expect REFUSED_AFTER_AUTHENTICATION = new Expect(Kind.REFUSED_AFTER_AUTHENTICATION, null, null);
    static final Expect REFUSED_BY_SERVER = new Expect(Kind.REFUSED_BY_SERVER, null, null);
    static final Expect NOT_FOUND = new Expect(Kind.NOT_FOUND, null, null);

    /** As the endpoint's plain form: its access, and its HubSpot path with this suffix (a query) sent. */
    static Expect asPlain(Endpoint e, String querySuffix) {
      return new Expect(Kind.DECIDED, e.needs(), e.hubspot() ? e.target().substring(PREFIX.length()) + querySuffix : null);
    }

    /** For HubSpot: refused after authentication; elsewhere as the plain form (the router reads it so). */
    static Expect hubspotRefusesOthersAsPlain(Endpoint e) {
      return e.hubspot() ? REFUSED_AFTER_AUTHENTICATION : asPlain(e, "");
    }
  }

  record Shape(String name, Function<Endpoint, String> target, Function<Endpoint, Expect> expect) {
  }

  static int port;

  static final List<Shape> SHAPES = List.of(
      new Shape("plain", Endpoint::target, e -> Expect.asPlain(e, "")),
      new Shape("trailing slash", e -> e.target() + "/", Expect::hubspotRefusesOthersAsPlain),
      new Shape("double slash inside", e -> replaceLastSlash(e.target(), "//"), Expect::hubspotRefusesOthersAsPlain),
      new Shape("double slash in front", e -> "/" + e.target(), Expect::hubspotRefusesOthersAsPlain),
      new Shape("matrix parameter on the last segment", e -> e.target() + ";x", e -> Expect.REFUSED),
      new Shape("matrix parameter inside", e -> insertAfterFirstSegment(e.target(), ";v=1"), e -> Expect.REFUSED),
      new Shape("encoded slash %2F", e -> replaceLastSlash(e.target(), "%2F"), RequestTargetAccessTest::encodedSeparator),
      new Shape("encoded slash %2f", e -> replaceLastSlash(e.target(), "%2f"), RequestTargetAccessTest::encodedSeparator),
      new Shape("encoded backslash %5C", e -> replaceLastSlash(e.target(), "%5C"), RequestTargetAccessTest::encodedSeparator),
      new Shape("encoded backslash %5c", e -> replaceLastSlash(e.target(), "%5c"), RequestTargetAccessTest::encodedSeparator),
      new Shape("raw backslash", e -> replaceLastSlash(e.target(), "\\"), e -> Expect.REFUSED_BY_SERVER),
      new Shape("dot-dot segment", e -> beforeLastSegment(e.target(), "/x/.."), e -> Expect.REFUSED),
      new Shape("%2e%2e segment", e -> beforeLastSegment(e.target(), "/x/%2e%2e"), e -> Expect.REFUSED),
      new Shape("%2E%2E segment", e -> beforeLastSegment(e.target(), "/x/%2E%2E"), e -> Expect.REFUSED),
      new Shape(".%2e segment", e -> beforeLastSegment(e.target(), "/x/.%2e"), e -> Expect.REFUSED),
      new Shape("dot segment", e -> beforeLastSegment(e.target(), "/."), e -> Expect.REFUSED),
      new Shape("fragment naming another call", e -> e.target() + "#/search", e -> Expect.REFUSED),
      new Shape("fragment after the query", e -> e.target() + "?a=1#x", e -> Expect.REFUSED),
      new Shape("? twice", e -> e.target() + "??a=1", e -> Expect.asPlain(e, "??a=1")),
      new Shape("a path after ?", e -> e.target() + "?/search", e -> Expect.asPlain(e, "?/search")),
      new Shape("escaped letter, lower-case hex", e -> escapeLastLetter(e.target(), "%%%02x"), e -> Expect.asPlain(e, "")),
      new Shape("escaped letter, upper-case hex", e -> escapeLastLetter(e.target(), "%%%02X"), e -> Expect.asPlain(e, "")),
      new Shape("escaped first word", RequestTargetAccessTest::escapeFirstLetter, e -> Expect.asPlain(e, "")),
      new Shape("upper-case last word", e -> upperCaseLastSegment(e.target()), RequestTargetAccessTest::upperCasedLastWord),
      new Shape("upper-case first word", e -> "/" + e.target().substring(1).split("/", 2)[0].toUpperCase(Locale.ROOT)
          + e.target().substring(e.target().indexOf('/', 1) < 0 ? e.target().length() : e.target().indexOf('/', 1)),
          e -> Expect.NOT_FOUND),
      new Shape("overlong", e -> e.target() + "?pad=" + "a".repeat(9000), e -> Expect.REFUSED),
      new Shape("absolute-form", e -> "http://localhost:" + port + e.target(), e -> Expect.REFUSED),
      new Shape("authority-form", e -> "localhost:" + port, e -> Expect.REFUSED_BY_SERVER),
      new Shape("raw NUL", e -> e.target() + "\u0000", e -> Expect.REFUSED_BY_SERVER),
      new Shape("raw control character", e -> beforeLastSegment(e.target(), "/\u0001"), e -> Expect.REFUSED_BY_SERVER),
      new Shape("raw DEL", e -> e.target() + "\u007f", e -> Expect.REFUSED_BY_SERVER),
      new Shape("encoded NUL", e -> e.target() + "%00", e -> Expect.REFUSED),
      new Shape("encoded line feed, lower-case", e -> e.target() + "%0a", e -> Expect.REFUSED),
      new Shape("encoded CR LF in the query", e -> e.target() + "?q=%0D%0A", e -> Expect.REFUSED),
      new Shape("raw non-ASCII byte", e -> e.target() + "\u00e9", e -> Expect.REFUSED),
      // the HTTP server cannot decode these for routing and answers 400 itself
      new Shape("malformed escape in the path", e -> e.target() + "%zz", e -> Expect.REFUSED_BY_SERVER),
      new Shape("malformed escape in the query", e -> e.target() + "?q=%4", e -> Expect.REFUSED_BY_SERVER),
      new Shape("query character RFC 3986 does not allow", e -> e.target() + "?q={}", e -> Expect.REFUSED_BY_SERVER));

  @TestHTTPResource("/")
  URI base;

  HubSpotSimulator sim;
  final Map<Token, Map<String, String>> headers = new HashMap<>();

  @BeforeEach
  void portal() {
    port = base.getPort();
    sim = HubSpotSimulatorResource.simulator();
    if (sim.portals().find(PORTAL).isEmpty()) {
      sim.portals().add(PORTAL).burstLimit(100_000);
      sim.portals().privateAppToken(PORTAL, "pat-na1-" + PORTAL, 1000 + PORTAL);
    }
    for (Token token : Token.values()) {
      headers.put(token, token.scope == null ? Map.of("Content-Type", "application/json")
          : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TestTokens.token(token.scope, PORTAL)));
    }
    sim.requestLog().clear();
  }

  static Stream<Arguments> shapes() {
    List<Arguments> cases = new ArrayList<>();
    for (Shape shape : SHAPES) {
      for (Endpoint endpoint : ENDPOINTS) {
        cases.add(Arguments.of(shape.name(), endpoint));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("shapes")
  void eachShapeIsRefusedOrAuthorisedAsItsNormalisedForm(String shapeName, Endpoint endpoint) {
    Shape shape = SHAPES.stream().filter(s -> s.name().equals(shapeName)).findFirst().orElseThrow();
    String target = shape.target().apply(endpoint);
    Expect expect = shape.expect().apply(endpoint);
    for (Token token : Token.values()) {
      sim.requestLog().clear();
      RawHttp.Response response = RawHttp.send(base, endpoint.method(), target, headers.get(token), endpoint.body());
      String what = shapeName + ", " + endpoint + ", token " + token + ": " + response.status() + " " + response.body();
      switch (expect.kind()) {
        case REFUSED -> assertProblem(response, what, target.length() > 8192 ? 414 : 400,
            target.length() > 8192 ? "request-target-too-long" : "bad-request-target");
        case REFUSED_AFTER_AUTHENTICATION -> {
          if (token == Token.NONE) {
            assertProblem(response, what, 401, "unauthenticated");
          } else {
            assertProblem(response, what, 400, "bad-request-target");
          }
        }
        case REFUSED_BY_SERVER -> assertTrue(response.status() == 400 || response.status() == 404, what);
        case NOT_FOUND -> assertEquals(404, response.status(), what);
        case DECIDED -> assertDecided(endpoint, expect, token, response, what);
      }
      boolean passed = expect.kind() == Kind.DECIDED && token.grants(expect.needs());
      if (!passed || !endpoint.hubspot()) {
        assertEquals(List.of(), sim.requestLog().entries(), "nothing reached HubSpot: " + what);
      }
    }
  }

  private void assertDecided(Endpoint endpoint, Expect expect, Token token, RawHttp.Response response, String what) {
    if (token == Token.NONE) {
      assertProblem(response, what, 401, "unauthenticated");
    } else if (!token.grants(expect.needs())) {
      assertProblem(response, what, 403, "missing-scope");
    } else if (endpoint.hubspot()) {
      List<RequestLogEntry> received = sim.requestLog().entries();
      assertEquals(1, received.size(), "HubSpot received the call once: " + what);
      assertEquals(endpoint.method(), received.get(0).method(), what);
      assertEquals(expect.sent(), received.get(0).target(), "HubSpot received the normalised target: " + what);
      assertEquals(PORTAL, received.get(0).portalId(), what);
    } else if (endpoint.target().equals("/events")) {
      assertEquals(200, response.status(), what);
      assertTrue(response.header("Content-Type").startsWith("text/event-stream"), what);
    } else {
      // the install passed its access check; this profile has no OAuth client, so it stops there
      assertProblem(response, what, 503, "oauth-not-configured");
    }
  }

  @Test
  void aReadOnlyTokenCannotCreateThroughAFragment() {
    int contacts = sim.crm(PORTAL).records("contacts").size();
    RawHttp.Response response = RawHttp.send(base, "POST", PREFIX + "/crm/v3/objects/contacts#/search",
        headers.get(Token.READ), "{\"properties\":{\"email\":\"exploit@example.com\"}}");
    assertProblem(response, response.body(), 400, "bad-request-target");
    assertEquals(List.of(), sim.requestLog().entries(), "nothing reached HubSpot");
    assertEquals(contacts, sim.crm(PORTAL).records("contacts").size(), "no contact was created");
  }

  @Test
  void theEventStreamRefusesATokenWithoutReadScopeOnEveryPathThatRoutesToIt() {
    for (String target : List.of("/events", "/events/", "//events", "/events//", "/%65vents", "/events?portalId=" + PORTAL,
        "/events/?portalId=" + PORTAL)) {
      RawHttp.Response response = RawHttp.send(base, "GET", target, headers.get(Token.ADMIN), null);
      assertProblem(response, target + ": " + response.body(), 403, "missing-scope");
    }
  }

  @Test
  void theRawClientSendsTargetsByteForByte() {
    String target = "/crm/v3/objects/contacts/%2e%2E/x%2F;y=1?q=%7c?&r=|#f";
    RawHttp.send(URI.create(sim.baseUrl()), "GET", target, Map.of("Authorization", "Bearer pat-na1-" + PORTAL), null);
    assertEquals(List.of(target), sim.requestLog().entries().stream().map(RequestLogEntry::target).toList());
  }

  private static void assertProblem(RawHttp.Response response, String what, int status, String slug) {
    assertEquals(status, response.status(), what);
    assertEquals("application/problem+json", response.header("Content-Type"), what);
    assertTrue(response.body().contains("\"type\":\"https://hubgate.io/problems/" + slug + "\""), what);
  }

  /** An encoded separator inside a HubSpot path is refused; elsewhere it makes an unknown path (or not a path). */
  private static Expect encodedSeparator(Endpoint e) {
    if (e.hubspot()) {
      return Expect.REFUSED_AFTER_AUTHENTICATION;
    }
    // "%2Fevents" is no path at all: Vert.x Web answers 404 before any filter
    return e.target().indexOf('/', 1) < 0 ? Expect.REFUSED_BY_SERVER : Expect.NOT_FOUND;
  }


  /** HubSpot paths are sent and decided as written: a read-only POST in capitals needs the write scope. */
  private static Expect upperCasedLastWord(Endpoint e) {
    if (!e.hubspot()) {
      return Expect.NOT_FOUND;
    }
    String sent = upperCaseLastSegment(e.target()).substring(PREFIX.length());
    return new Expect(Kind.DECIDED, e.readOnlyPost() ? Access.WRITE : e.needs(), sent);
  }

  private static String replaceLastSlash(String target, String with) {
    int i = target.lastIndexOf('/');
    return target.substring(0, i) + with + target.substring(i + 1);
  }

  private static String beforeLastSegment(String target, String insert) {
    int i = target.lastIndexOf('/');
    return target.substring(0, i) + insert + target.substring(i);
  }

  private static String insertAfterFirstSegment(String target, String insert) {
    int i = target.indexOf('/', 1);
    return i < 0 ? target + insert : target.substring(0, i) + insert + target.substring(i);
  }

  private static String upperCaseLastSegment(String target) {
    int i = target.lastIndexOf('/');
    return target.substring(0, i + 1) + target.substring(i + 1).toUpperCase(Locale.ROOT);
  }

  private static String escapeLastLetter(String target, String format) {
    for (int i = target.length() - 1; i >= 0; i--) {
      if (Character.isLetter(target.charAt(i))) {
        return target.substring(0, i) + String.format(format, (int) target.charAt(i)) + target.substring(i + 1);
      }
    }
    throw new IllegalArgumentException(target);
  }

  private static String escapeFirstLetter(Endpoint e) {
    String target = e.target();
    return "/" + String.format("%%%02X", (int) target.charAt(1)) + target.substring(2);
  }
}
