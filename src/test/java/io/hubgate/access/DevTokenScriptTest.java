package io.hubgate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code bin/dev-token} prints a JWT that the dev profile accepts: checked here in plain Java against the dev profile's
 * {@code quarkus.oidc.public-key} (the test profile trusts a different key).
 */
class DevTokenScriptTest {

  static String run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bin/dev-token"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bin/dev-token finished");
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertEquals(0, process.exitValue(), out);
      return out;
    } finally {
      process.destroyForcibly();
    }
  }

  static PublicKey devPublicKey() throws Exception {
    Properties properties = new Properties();
    try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
      properties.load(in);
    }
    byte[] der = Base64.getDecoder().decode(properties.getProperty("%dev.quarkus.oidc.public-key"));
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
  }

  static JsonObject verified(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length, "header.payload.signature");
    var decoder = Base64.getUrlDecoder();
    assertEquals("RS256", new JsonObject(new String(decoder.decode(parts[0]), StandardCharsets.UTF_8)).getString("alg"));
    Signature rs256 = Signature.getInstance("SHA256withRSA");
    rs256.initVerify(devPublicKey());
    rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(rs256.verify(decoder.decode(parts[2])), "signed by the key that %dev.quarkus.oidc.public-key trusts");
    return new JsonObject(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8));
  }

  @Test
  void printsATokenTheDevProfileTrustsForAllPortalsByDefault() throws Exception {
    JsonObject claims = verified(run());
    assertEquals("hubgate-dev", claims.getString("iss"));
    assertEquals("hubspot.read hubspot.write", claims.getString("scope"));
    assertEquals(new JsonArray().add("*"), claims.getJsonArray("hubgate_portals"));
    long now = System.currentTimeMillis() / 1000;
    assertTrue(claims.getLong("exp") > now && claims.getLong("iat") <= now + 5);
  }

  @Test
  void takesPortalsScopesAndLifetime() throws Exception {
    JsonObject claims = verified(run("--portals", "62515, 62516", "--scopes", "hubgate.admin", "--ttl", "60"));
    assertEquals(new JsonArray().add(62515).add(62516), claims.getJsonArray("hubgate_portals"));
    assertEquals("hubgate.admin", claims.getString("scope"));
    assertEquals(60, claims.getLong("exp") - claims.getLong("iat"));
  }

  @Test
  void refusesBadPortals() throws Exception {
    Process process = new ProcessBuilder("bin/dev-token", "--portals", "abc").redirectErrorStream(true).start();
    try {
      assertTrue(process.waitFor(30, TimeUnit.SECONDS));
      assertNotEquals(0, process.exitValue());
    } finally {
      process.destroyForcibly();
    }
  }
}
