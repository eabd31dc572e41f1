package io.hubgate.hubspot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.hubgate.access.Access;
import io.hubgate.http.RequestTargetRules;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;

/** Parsing and normalising {@code /hubspot/{portalId}/...} targets, and what the parsed target decides. */
class RequestTargetTest {

  private static final String CONTACTS = "/hubspot/101/crm/v3/objects/contacts";

  @ParameterizedTest(name = "{0} -> portal {1}, sent as {2}")
  @CsvSource(delimiter = ' ', value = {
      "/hubspot/101/crm/v3/objects/contacts 101 /crm/v3/objects/contacts",
      "/hubspot/101/crm/v3/objects/contacts?limit=10&after=5 101 /crm/v3/objects/contacts?limit=10&after=5",
      // a ? inside the query is legal and goes through as received, as do / and odd but legal characters
      "/hubspot/101/crm/v3/objects/contacts??a=?/b 101 /crm/v3/objects/contacts??a=?/b",
      "/hubspot/101/crm/v3/objects/contacts?/search 101 /crm/v3/objects/contacts?/search",
      "/hubspot/101/crm/v3/objects/contacts? 101 /crm/v3/objects/contacts?",
      // the query's escapes are kept as sent, the path's normalised (RFC 3986 6.2.2)
      "/hubspot/101/crm/v3/objects/contacts/%c3%a9?q=%c3%a9 101 /crm/v3/objects/contacts/%C3%A9?q=%c3%a9",
      "/hubspot/101/crm/v3/objects/contacts/%73earch 101 /crm/v3/objects/contacts/search",
      "/hubspot/%31%30%31/crm/v3/objects/contacts 101 /crm/v3/objects/contacts",
      "/%68ubspot/101/crm/v3/objects/contacts 101 /crm/v3/objects/contacts",
      "/hubspot/101/crm/v3/objects/contacts/a%2Bb%20c 101 /crm/v3/objects/contacts/a%2Bb%20c",
      "/hubspot/101/crm/v3/objects/contacts/...x 101 /crm/v3/objects/contacts/...x",
      "/hubspot/101/crm/v3/objects/contacts/SEARCH 101 /crm/v3/objects/contacts/SEARCH",
      "/hubspot/9007199254740993/crm/v3/objects/contacts 9007199254740993 /crm/v3/objects/contacts",
  })
  void acceptsAndNormalises(String raw, long portal, String sent) {
    RequestTarget target = RequestTarget.parse(raw);
    assertEquals(portal, target.portalId());
    assertEquals(sent, target.pathAndQuery());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      // fragments: what follows # is dropped by some readers, kept by others
      CONTACTS + "#/search", CONTACTS + "#", CONTACTS + "?a=1#x", CONTACTS + "?a=1#x#y",
      // not origin-form
      "http://localhost/hubspot/101/crm/v3/objects/contacts", "HTTP://x" + CONTACTS, "localhost:8080", "*", "",
      // dot segments, raw, encoded, mixed, either case
      "/hubspot/101/crm/v3/objects/x/../contacts/search", "/hubspot/101/crm/v3/objects/./contacts",
      "/hubspot/101/crm/v3/objects/x/%2e%2e/search", "/hubspot/101/crm/v3/objects/x/%2E%2E/search",
      "/hubspot/101/crm/v3/objects/x/.%2e/search", "/hubspot/101/crm/v3/objects/x/%2E./search",
      "/hubspot/101/crm/v3/objects/%2e/contacts", CONTACTS + "/..", "/hubspot/101/..",
      // encoded slashes and backslashes, raw backslash
      "/hubspot/101/crm/v3/objects/contacts%2Fsearch", "/hubspot/101/crm/v3/objects/contacts%2fsearch",
      "/hubspot/101/crm/v3/objects/contacts%5Csearch", "/hubspot/101/crm/v3/objects/contacts%5csearch",
      "/hubspot/101/crm/v3/objects/contacts\\search",
      // control characters and NUL, raw or encoded; spaces; non-ASCII bytes
      CONTACTS + "\u0000", CONTACTS + "%00", CONTACTS + "%0a", CONTACTS + "%0D%0A", CONTACTS + "%7f", CONTACTS + "%1F",
      CONTACTS + "?q=%00", CONTACTS + "?q=a%0Ab", CONTACTS + "\u0009", CONTACTS + " x", CONTACTS + "\u00e9",
      CONTACTS + "\u007f",
      // malformed escapes
      CONTACTS + "%", CONTACTS + "%4", CONTACTS + "%zz", CONTACTS + "?q=%g1",
      // empty segments: double slashes, trailing slashes
      "/hubspot/101//crm/v3/objects/contacts", "/hubspot//101/crm/v3/objects/contacts",
      "//hubspot/101/crm/v3/objects/contacts", CONTACTS + "/", CONTACTS + "/search/", CONTACTS + "//search",
      "/hubspot/101/", "/hubspot/101", "/hubspot/", CONTACTS + "/?limit=1",
      // matrix parameters
      "/hubspot/101/crm/v3/objects/contacts;x/search", CONTACTS + ";jsessionid=1", "/hubspot/101;x/crm/v3/objects/contacts",
      // characters RFC 3986 does not allow in a path or a query
      CONTACTS + "/a|b", CONTACTS + "/{id}", CONTACTS + "/a^b", CONTACTS + "/\"x\"", CONTACTS + "/<x>", CONTACTS + "/[1]",
      CONTACTS + "?q={}", CONTACTS + "?q=a|b", CONTACTS + "?q=\"x\"", CONTACTS + "?q=a\\b",
      // not the gateway's HubSpot family
      "/HUBSPOT/101/crm/v3/objects/contacts", "/hubspotx/101/crm", "/events",
  })
  void refusesTargetsWithoutASingleMeaning(String raw) {
    ProblemException refused = assertThrows(ProblemException.class, () -> RequestTarget.parse(raw));
    assertEquals(400, refused.status());
    assertEquals("bad-request-target", refused.slug());
    assertFalse(raw.length() > 1 && refused.getMessage().contains(raw), "the detail never repeats the target");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/hubspot/0/crm/v3/objects/contacts", "/hubspot/0101/crm/v3/objects/contacts",
      "/hubspot/+101/crm/v3/objects/contacts", "/hubspot/-101/crm/v3/objects/contacts",
      "/hubspot/abc/crm/v3/objects/contacts", "/hubspot/99999999999999999999/crm/v3/objects/contacts"})
  void aPortalIsAPositiveNumberWrittenOneWay(String raw) {
    ProblemException refused = assertThrows(ProblemException.class, () -> RequestTarget.parse(raw));
    assertEquals(404, refused.status());
    assertEquals("unknown-portal", refused.slug());
  }

  @Test
  void keepsAnAbsentQueryApartFromAnEmptyOne() {
    assertNull(RequestTarget.parse(CONTACTS).query());
    assertEquals("", RequestTarget.parse(CONTACTS + "?").query());
  }

  @ParameterizedTest(name = "{0} {1}: {2}, idempotent {3}, lane {4}")
  @CsvSource(delimiter = ' ', value = {
      "GET /crm/v3/objects/contacts READ true INTERACTIVE",
      "HEAD /crm/v3/objects/contacts/1 READ true INTERACTIVE",
      "POST /crm/v3/objects/contacts/search READ true SEARCH",
      "POST /crm/v3/objects/contacts/%73earch READ true SEARCH",
      "POST /crm/objects/2026-03/contacts/search?x=1 READ true SEARCH",
      "POST /crm/v3/objects/contacts/batch/read READ true INTERACTIVE",
      "POST /crm/v3/objects/contacts WRITE false INTERACTIVE",
      // a ? starts the query: this is a create, whatever the query says
      "POST /crm/v3/objects/contacts?/search WRITE false INTERACTIVE",
      "POST /crm/v3/objects/contacts?x=/batch/read WRITE false INTERACTIVE",
      // exact, case-sensitive: a path HubSpot might read case-insensitively is never taken for read-only
      "POST /crm/v3/objects/contacts/SEARCH WRITE false INTERACTIVE",
      "POST /crm/v3/objects/contacts/Batch/Read WRITE false INTERACTIVE",
      "POST /crm/v3/objects/contacts/searchx WRITE false INTERACTIVE",
      "POST /crm/v3/objects/contacts/batch/create WRITE false INTERACTIVE",
      "POST /crm/v3/objects/contacts/batch/upsert WRITE true INTERACTIVE",
      "POST /crm/v3/objects/contacts/batch/archive WRITE true INTERACTIVE",
      "POST /crm/v3/objects/contacts/batch/UPSERT WRITE false INTERACTIVE",
      "PATCH /crm/v3/objects/contacts/1 WRITE false INTERACTIVE",
      "PUT /crm/v4/objects/contacts/1/associations/default/companies/2 WRITE true INTERACTIVE",
      "DELETE /crm/v3/objects/contacts/1 WRITE true INTERACTIVE",
  })
  void decidesOnTheParsedTarget(String method, String pathAndQuery, Access access, boolean idempotent, Lane lane) {
    RequestTarget target = RequestTarget.parse("/hubspot/101" + pathAndQuery);
    assertEquals(access, HubSpotCalls.access(method, target));
    assertEquals(idempotent, HubSpotCalls.isIdempotent(method, target));
    assertEquals(lane, HubSpotCalls.lane(method, target, false));
    assertEquals(lane == Lane.SEARCH ? Lane.SEARCH : Lane.BULK, HubSpotCalls.lane(method, target, true));
    assertEquals(idempotent, new HubSpotRequest(method, target, java.util.List.of(), null, lane).idempotent());
  }

  @Test
  void theGatewaysOwnCallsFollowTheSameRules() {
    assertEquals("/crm/v3/objects/deals?limit=1", HubSpotRequest.get(7, "/crm/v3/objects/deals?limit=1").pathAndQuery());
    assertEquals(7, HubSpotRequest.json(7, "POST", "/crm/v3/objects/deals/search", "{}").portalId());
    assertEquals(Lane.SEARCH, HubSpotRequest.json(7, "POST", "/crm/v3/objects/deals/search", "{}").lane());
    assertThrows(ProblemException.class, () -> HubSpotRequest.get(7, "/crm/v3/objects/deals#x"));
    assertThrows(ProblemException.class, () -> HubSpotRequest.get(7, "crm/v3/objects/deals"));
  }

  @Test
  void theGlobalRulesLeaveOrdinaryTargetsAlone() {
    for (String ok : new String[] {"/", "/events", "/events/", "/events?portalId=1&subscriptionType=contact.creation",
        "/oauth/callback?code=a-b_c.d~e&state=x%2By%3D", "/webhooks/hubspot", "/a//b", "/a%2Fb", "/q?x=a|b{}"}) {
      assertTrue(RequestTargetRules.ambiguity(ok).isEmpty(), ok);
    }
  }
}
