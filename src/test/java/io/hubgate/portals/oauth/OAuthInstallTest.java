package io.hubgate.portals.oauth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.portals.PortalAppIds;
import io.hubgate.portals.PortalCredentials;
import io.hubgate.portals.PortalNotAuthorizedException;
import io.hubgate.testsupport.CapturedLogs;
import io.hubgate.testsupport.MutableClock;
import io.hubgate.testsupport.RedisResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * The install flow end to end on the running gateway: GET /oauth/install (admin callers only) → the simulator's authorize
 * page → GET /oauth/callback → tokens stored encrypted in a real Redis, then served through {@link PortalCredentials}.
 */
@QuarkusTest
@TestProfile(OAuthInstallTest.WithOAuth.class)
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OAuthSimulatorResource.class, restrictToAnnotatedClass = true)
class OAuthInstallTest {

  /** Its own profile, so that its test resources do not leak into other tests. */
  public static class WithOAuth implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("hubgate.portals.\"777\".access-token", "pat-na1-configured",
          "hubgate.portals.\"777\".app-id", "1001");
    }
  }

  static final long PORTAL = 62515;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TestHTTPResource("/")
  String base;

  @TestHTTPResource(value = "/", management = true)
  String management;

  @Inject
  PortalCredentials credentials;

  @Inject
  PortalAppIds appIds;

  @Inject
  MutableClock clock;

  @Inject
  OAuthTokens tokens;

  CapturedLogs logs;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeEach
  void start() {
    RedisResource.server().command("FLUSHALL");
    tokens.forgetLocal();
    OAuthSimulatorResource.sim().oauth().installingPortal(PORTAL);
    logs = CapturedLogs.start();
  }

  @AfterEach
  void stop() {
    clock.reset();
    logs.close();
  }

  ValidatableResponse install(String token) {
    var request = given().baseUri(base).redirects().follow(false);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request.get("oauth/install").then();
  }

  static void assertProblem(ValidatableResponse response, int status, String slug) {
    response.statusCode(status).contentType("application/problem+json").body("type", containsString(slug))
        .body("status", equalTo(status));
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> params = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return params;
  }

  /** What the browser does with HubSpot's authorize page: follows it to the redirect with code and state. */
  URI authorize(URI authorizeUrl) throws Exception {
    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(authorizeUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(302, answer.statusCode(), answer.body());
    return URI.create(answer.headers().firstValue("Location").orElseThrow());
  }

  /** The authorize URL and the install cookie that {@code GET /oauth/install} gave the browser. */
  record Started(URI authorizeUrl, String cookie, String setCookie) {
  }

  Started startInstall(String adminToken) {
    var answer = install(adminToken).statusCode(302).extract();
    return new Started(URI.create(answer.header("Location")), answer.cookie(OAuthResource.COOKIE), answer.header("Set-Cookie"));
  }

  /** The browser that started the install follows HubSpot's redirect: with its install cookie. */
  static ValidatableResponse callback(URI callback, String cookie) {
    var request = given().redirects().follow(false);
    if (cookie != null) {
      request.cookie(OAuthResource.COOKIE, cookie);
    }
    return request.get(callback).then();
  }

  static io.restassured.specification.RequestSpecification fromBrowser(String cookie) {
    return given().cookie(OAuthResource.COOKIE, cookie);
  }

  static URI withCode(URI callback, String code) {
    return URI.create(callback.toString().replaceFirst("code=[^&]*", "code=" + code));
  }

  static int tokenRequests() {
    return OAuthSimulatorResource.sim().oauth().tokenRequestCount();
  }

  String storedRecord() {
    return RedisResource.server().command("GET", "hubgate:oauth:{" + PORTAL + "}:tokens");
  }

  @Test
  void installsThroughHubSpotsAuthorizePageAndStoresTheTokensEncrypted() throws Exception {
    Started started = startInstall(TestTokens.token("hubgate.admin", "*"));
    URI authorizeUrl = started.authorizeUrl();
    assertTrue(started.setCookie().contains("HttpOnly") && started.setCookie().contains("SameSite=Lax")
        && started.setCookie().contains("Path=/oauth") && started.setCookie().contains("Max-Age=600"), started.setCookie());
    assertFalse(started.setCookie().contains("Secure"), "the test gateway is plain http: " + started.setCookie());
    assertFalse(authorizeUrl.toString().contains(started.cookie()), "the cookie's key is not in the state");
    assertTrue(authorizeUrl.toString().startsWith(OAuthSimulatorResource.sim().baseUrl() + "/oauth/authorize?"));
    Map<String, String> asked = query(authorizeUrl);
    assertEquals(OAuthSimulatorResource.CLIENT_ID, asked.get("client_id"));
    assertEquals("oauth crm.objects.contacts.read", asked.get("scope"));
    assertEquals(base + "oauth/callback", asked.get("redirect_uri"));
    String state = asked.get("state");
    assertNotNull(state);
    assertFalse(authorizeUrl.toString().contains(OAuthSimulatorResource.CLIENT_SECRET));

    URI callback = authorize(authorizeUrl);
    String code = query(callback).get("code");
    String body = callback(callback, started.cookie())
        .statusCode(200)
        .header("Set-Cookie", containsString("Max-Age=0"))
        .body("portalId", equalTo((int) PORTAL))
        .body("appId", equalTo(Long.toString(OAuthSimulatorResource.APP_ID)))
        .extract().asString();

    String access = credentials.accessToken(PORTAL).await().atMost(WAIT);
    assertEquals(Long.toString(OAuthSimulatorResource.APP_ID), appIds.appId(PORTAL).await().atMost(WAIT));
    String record = storedRecord();
    String refresh = TokenCipher.of(List.of(OAuthSimulatorResource.KEYS.split(",")))
        .open(PORTAL, "refresh", TokenRecord.fromJson(record).sealedRefresh()).plaintext();
    assertTrue(record.contains("gcm1:k1:"), "sealed under the first configured key");
    assertFalse(record.contains(access), "no access token in Redis in the clear");
    assertFalse(record.contains(refresh), "no refresh token in Redis in the clear");
    for (String secret : List.of(access, refresh, code, state, started.cookie(), OAuthSimulatorResource.CLIENT_SECRET)) {
      assertFalse(body.contains(secret), "nothing secret in the callback's answer");
      assertFalse(logs.contains(secret), "nothing secret in the logs");
    }
    assertTrue(logs.contains("OAuth install: portal " + PORTAL), "the install itself is logged");
    String metrics = given().get(management + "metrics").then().statusCode(200).extract().asString();
    for (String secret : List.of(access, refresh, code, state, OAuthSimulatorResource.CLIENT_SECRET)) {
      assertFalse(metrics.contains(secret), "nothing secret in the metrics");
    }

    int exchanges = tokenRequests();
    assertProblem(callback(callback, started.cookie()), 400, "bad-oauth-state");
    String fresh = OAuthSimulatorResource.sim().oauth().authorizationCode(OAuthSimulatorResource.CLIENT_ID, PORTAL, "oauth");
    assertProblem(callback(withCode(callback, fresh), started.cookie()), 400, "bad-oauth-state");
    assertEquals(exchanges, tokenRequests(), "a replayed state exchanges nothing");
    assertEquals(record, storedRecord(), "and stores nothing");
    assertFalse(logs.contains(code), "a refused code is not logged either");
  }

  @Test
  void aStateIsUsedOnceEvenByTwoCallbacksAtOnce() throws Exception {
    Started started = startInstall(TestTokens.token("hubgate.admin", "*"));
    URI callback = authorize(started.authorizeUrl());
    String nonce = query(callback).get("state").split("\\.")[1];
    int exchanges = tokenRequests();
    var twice = java.util.stream.Stream.of(callback, callback)
        .map(uri -> http.sendAsync(HttpRequest.newBuilder(uri).header("Cookie", OAuthResource.COOKIE + "=" + started.cookie())
            .GET().build(), HttpResponse.BodyHandlers.ofString()))
        .toList();
    List<Integer> statuses = twice.stream().map(f -> f.join().statusCode()).sorted().toList();
    assertEquals(List.of(200, 400), statuses);
    assertEquals(1, tokenRequests() - exchanges, "one code exchange");
    long ttl = Long.parseLong(RedisResource.server().command("PTTL", "hubgate:oauth:state:" + nonce));
    assertTrue(ttl > 0 && ttl <= 601_000, "used states are kept in Redis for the state's remaining validity: " + ttl);
  }

  @Test
  void aStateFromAnotherBrowserIsRefused() throws Exception {
    Started started = startInstall(TestTokens.token("hubgate.admin", "*"));
    URI callback = authorize(started.authorizeUrl());
    int exchanges = tokenRequests();
    assertProblem(callback(callback, null), 400, "bad-oauth-state");
    assertProblem(callback(callback, startInstall(TestTokens.token("hubgate.admin", "*")).cookie()), 400, "bad-oauth-state");
    assertProblem(callback(callback, started.cookie() + "x"), 400, "bad-oauth-state");
    assertEquals(exchanges, tokenRequests(), "nothing exchanged");
    assertNull(storedRecord(), "nothing stored");
    callback(callback, started.cookie()).statusCode(200);
  }

  @Test
  void callsWithTheOAuthTokenUseTheBudgetOfTheAppLearnedAtInstall() throws Exception {
    Started started = startInstall(TestTokens.token("hubgate.admin", "*"));
    callback(authorize(started.authorizeUrl()), started.cookie()).statusCode(200);
    OAuthSimulatorResource.sim().portals().add(PORTAL);
    given().baseUri(base).header("Authorization", "Bearer " + TestTokens.token("hubspot.read", "*"))
        .get("hubspot/" + PORTAL + "/crm/v3/objects/contacts").then().statusCode(200);
    var redis = RedisResource.server();
    assertEquals("1", redis.command("EXISTS", "hubgate:rl:{" + PORTAL + "}:log:" + OAuthSimulatorResource.APP_ID),
        "booked under the app HubSpot named");
    assertEquals("0", redis.command("EXISTS", "hubgate:rl:{" + PORTAL + "}:log:private"), "not under private-app tokens'");
  }

  @Test
  void aConfiguredPrivateAppTokenComesFirstAndOAuthServesTheOtherPortals() {
    assertEquals("pat-na1-configured", credentials.accessToken(777).await().atMost(WAIT));
    assertEquals("1001", appIds.appId(777).await().atMost(WAIT));
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> credentials.afterUnauthorized(777, "pat-na1-configured").await().atMost(WAIT)) instanceof PortalNotAuthorizedException);
    Throwable notInstalled = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> appIds.appId(PORTAL).await().atMost(WAIT));
    assertTrue(notInstalled.getMessage().contains("not installed"), notInstalled.getMessage());
  }

  @Test
  void refusesInstallCallersWithoutAValidAdminToken() {
    assertProblem(install(null).header("WWW-Authenticate", containsString("Bearer")), 401, "unauthenticated");
    assertProblem(install("not-a-jwt"), 401, "unauthenticated");
    JsonObject claims = TestTokens.claims("hubgate.admin", "*");
    assertProblem(install(TestTokens.forged(claims)), 401, "unauthenticated");
    long past = System.currentTimeMillis() / 1000 - 7200;
    assertProblem(install(TestTokens.sign(claims.copy().put("iat", past).put("exp", past + 60))), 401, "unauthenticated");
    assertProblem(install(TestTokens.sign(claims.copy().put("iss", "someone-else"))), 401, "unauthenticated");
    assertProblem(install(TestTokens.token("hubspot.read hubspot.write", "*")), 403, "missing-scope");
  }

  @Test
  void anAdminOfPortalAInstallsNothingForPortalB() throws Exception {
    Started refused = startInstall(TestTokens.token("hubgate.admin", 1));
    URI callback = authorize(refused.authorizeUrl());
    assertProblem(callback(callback, refused.cookie()), 403, "portal-not-allowed");
    assertNull(storedRecord(), "nothing stored");
    Throwable failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> credentials.accessToken(PORTAL).await().atMost(WAIT));
    assertTrue(failure instanceof PortalNotAuthorizedException, String.valueOf(failure));

    Started allowed = startInstall(TestTokens.token("hubgate.admin", 1, PORTAL));
    callback(authorize(allowed.authorizeUrl()), allowed.cookie()).statusCode(200);
  }

  @Test
  void refusesForgedExpiredMissingStatesAndHubSpotErrors() throws Exception {
    Started started = startInstall(TestTokens.token("hubgate.admin", "*"));
    String cookie = started.cookie();
    URI callback = authorize(started.authorizeUrl());
    Map<String, String> params = query(callback);
    String code = params.get("code");
    String state = params.get("state");
    String callbackPath = base + "oauth/callback";

    assertProblem(fromBrowser(cookie).queryParam("code", code).get(callbackPath).then(), 400, "bad-oauth-state");
    // signed with a key of the same id that the gateway does not have
    String forged = new OAuthState(TokenCipher.of(List.of(TokenCipher.newKeySpec("k1"))), clock, Duration.ofMinutes(10))
        .issue(OAuthStateTest.ALL, cookie);
    assertProblem(fromBrowser(cookie).queryParam("code", code).queryParam("state", forged).get(callbackPath).then(), 400, "bad-oauth-state");
    assertProblem(fromBrowser(cookie).queryParam("code", code).queryParam("state", state + "x").get(callbackPath).then(), 400,
        "bad-oauth-state");
    assertProblem(fromBrowser(cookie).queryParam("error", "access_denied").queryParam("state", state).get(callbackPath).then(), 400,
        "oauth-install-refused");
    assertProblem(fromBrowser(cookie).queryParam("state", state).get(callbackPath).then(), 400, "missing-oauth-code");
    clock.advance(Duration.ofMinutes(11));
    assertProblem(fromBrowser(cookie).queryParam("code", code).queryParam("state", state).get(callbackPath).then(), 400, "bad-oauth-state");
    assertNull(storedRecord(), "nothing stored");
    clock.reset();
    fromBrowser(cookie).queryParam("code", code).queryParam("state", state).get(callbackPath).then().statusCode(200);
    for (String secret : List.of(code, state, forged)) {
      assertFalse(logs.contains(secret), "nothing secret in the logs");
    }
  }
}
