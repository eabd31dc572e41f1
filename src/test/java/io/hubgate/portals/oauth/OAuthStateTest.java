package io.hubgate.portals.oauth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hubgate.problem.ProblemException;
import io.hubgate.testsupport.MutableClock;

class OAuthStateTest {

  static final OAuthState.Allowed ALL = new OAuthState.Allowed(true, java.util.Set.of());
  static final String BROWSER = OAuthState.newBrowserKey();
  final TokenCipher keys = TokenCipher.of(List.of(TokenCipherTest.K0));

  static void refused(OAuthState states, String state) {
    refused(states, state, BROWSER);
  }

  static void refused(OAuthState states, String state, String browserKey) {
    ProblemException e = assertThrows(ProblemException.class, () -> states.verify(state, browserKey));
    assertEquals(400, e.status());
    assertEquals("bad-oauth-state", e.slug());
  }

  @Test
  void acceptsItsOwnStateUntilItExpires() {
    MutableClock clock = new MutableClock();
    OAuthState states = new OAuthState(keys, clock, Duration.ofMinutes(10));
    String state = states.issue(ALL, BROWSER);
    assertDoesNotThrow(() -> states.verify(state, BROWSER));
    clock.advance(Duration.ofMinutes(11));
    refused(states, state);
  }

  @Test
  void refusesMissingMalformedAndForgedStates() {
    OAuthState states = new OAuthState(keys, Clock.systemUTC(), Duration.ofMinutes(10));
    refused(states, null);
    refused(states, "");
    refused(states, "garbage");
    refused(states, "9999999999.nonce.%%%");
    String forged = new OAuthState(TokenCipher.of(List.of(TokenCipherTest.K1)), Clock.systemUTC(), Duration.ofMinutes(10)).issue(ALL, BROWSER);
    refused(states, forged);
    String mine = states.issue(ALL, BROWSER);
    String longer = "9999999999" + mine.substring(mine.indexOf('.'));
    refused(states, longer);
  }

  @Test
  void carriesThePortalsOfTheAdminWhoStartedTheInstall() {
    OAuthState states = new OAuthState(keys, Clock.systemUTC(), Duration.ofMinutes(10));
    OAuthState.Allowed some = states.verify(states.issue(new OAuthState.Allowed(false, java.util.Set.of(1L, 2L)), BROWSER),
        BROWSER).allowed();
    assertEquals(true, some.allows(2) && !some.allows(3));
    assertEquals(false, states.verify(states.issue(new OAuthState.Allowed(false, java.util.Set.of()), BROWSER), BROWSER)
        .allowed().allows(1));
    assertEquals(true, states.verify(states.issue(ALL, BROWSER), BROWSER).allowed().allows(3));
    String mine = states.issue(new OAuthState.Allowed(false, java.util.Set.of(1L)), BROWSER);
    refused(states, mine.replace(".1.", ".*."));
  }

  @Test
  void aStateSurvivesAKeyRotation() {
    String state = new OAuthState(keys, Clock.systemUTC(), Duration.ofMinutes(10)).issue(ALL, BROWSER);
    OAuthState rotated = new OAuthState(TokenCipher.of(List.of(TokenCipherTest.K1, TokenCipherTest.K0)), Clock.systemUTC(),
        Duration.ofMinutes(10));
    assertDoesNotThrow(() -> rotated.verify(state, BROWSER));
  }

  @Test
  void belongsToTheBrowserThatStartedTheInstall() {
    MutableClock clock = new MutableClock();
    OAuthState states = new OAuthState(keys, clock, Duration.ofMinutes(10));
    String state = states.issue(ALL, BROWSER);
    refused(states, state, null);
    refused(states, state, "");
    refused(states, state, OAuthState.newBrowserKey());
    refused(states, state, BROWSER + "x");
    OAuthState.Verified verified = states.verify(state, BROWSER);
    assertEquals(true, verified.allowed().allows(1));
    assertEquals(false, state.contains(BROWSER), "only the key's hash is in the state");
    assertEquals(true, verified.remaining().compareTo(Duration.ofMinutes(10).plusSeconds(1)) <= 0
        && verified.remaining().compareTo(Duration.ofMinutes(9)) > 0, String.valueOf(verified.remaining()));
    assertEquals(false, states.issue(ALL, BROWSER).contains(verified.nonce()), "a new nonce per state");
  }
}
