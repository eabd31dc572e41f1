package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.simulator.CrmRecord;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.simulator.RequestLogEntry;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * HubSpot's official Node client, {@code @hubspot/api-client} as {@code src/test/node/sdk-compat/package.json} pins it,
 * pointed at the gateway with base path {@code <gateway>/hubspot/<portal>}: creates, reads, updates, default
 * associations and archives of contacts, companies and deals, each operation many at a time so that the gateway
 * coalesces them, and every answer parsed by the SDK's own models ({@code sdk-compat.js} checks each caller got its
 * own record). Here: the script's verdict, that HubSpot saw batch requests only, and that it holds exactly what the
 * SDK saw. The package is installed by {@code npm ci} into {@code target/node-sdk} once per lock file; without node or
 * npm the test fails (.ci/run installs Debian's {@code nodejs} and {@code npm}).
 */
@QuarkusTest
@TestProfile(NodeSdkCompatibilityTest.Coalescing.class)
class NodeSdkCompatibilityTest {

  static final long PORTAL = 203;
  static final int COUNT = 40;
  static final Path SOURCES = Path.of("src/test/node/sdk-compat");
  static final Path INSTALL = Path.of("target/node-sdk");

  public static class Coalescing implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"203\".access-token", "pat-na1-203",
          // callers that arrive together share a batch even on a loaded machine (node starts 120 calls at once)
          "hubgate.coalescing.linger", "PT0.5S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @TestHTTPResource("/")
  URI base;

  HubSpotSimulator sim;
  String run;

  @BeforeEach
  void portal() {
    sim = HubSpotSimulatorResource.withPortals(PORTAL);
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theOfficialNodeClientWorksThroughTheCoalescer() throws Exception {
    installSdk();
    Finished script = runScript();
    JsonObject result = script.json();

    assertEquals(new JsonArray(), result.getJsonArray("mismatches"), result.encodePrettily());
    assertEquals(0, script.exitCode(), script.output());
    assertEquals("14.0.1", result.getString("sdkVersion"));
    JsonObject calls = result.getJsonObject("calls");
    int half = COUNT / 2;
    // 3 types, then one 409 and 5 more contacts beside the reads, then one 400 and one 403
    assertEquals(3 * COUNT + 6 + 2, calls.getInteger("create"));
    // every record, then the archived ones, one unknown and the others; then by email and with history
    assertEquals(3 * COUNT + (half + COUNT) + 1 + (COUNT - half) + 2, calls.getInteger("read"));
    assertEquals(3 * COUNT + 2, calls.getInteger("update"));
    assertEquals(1, calls.getInteger("read associations"));
    assertEquals(2 * COUNT + 1, calls.getInteger("associate"));
    assertEquals(half + COUNT + 1, calls.getInteger("archive"));
    assertEquals(new JsonObject().put("contacts", COUNT).put("deals", COUNT), result.getJsonObject("associated"));

    JsonObject ids = result.getJsonObject("ids");
    List<RequestLogEntry> received = sim.requestLog().entries(e -> e.portalId() == PORTAL);
    Set<String> single = received.stream().filter(e -> !e.path().contains("/batch/"))
        .map(e -> e.method() + " " + e.target()).collect(Collectors.toSet());
    assertEquals(Set.of(
        "PATCH /crm/v3/objects/contacts/sdk" + (half + 3) + "-" + run + "%40example.com?idProperty=email",
        "GET /crm/v4/objects/contacts/" + ids.getJsonArray("contacts").getString(half + 4) + "/associations/companies"),
        single, "every other SDK call reached HubSpot inside a batch");
    int sdkCalls = calls.stream().mapToInt(c -> (Integer) c.getValue()).sum();
    System.out.println(new JsonObject().put("test", "node-sdk-compatibility").put("node", result.getString("node"))
        .put("sdkCalls", sdkCalls).put("hubspotRequests", received.size()).encode());
    assertTrue(received.size() * 4 <= sdkCalls, sdkCalls + " SDK calls in " + received.size() + " HubSpot requests");
    for (String type : List.of("contacts", "companies", "deals")) {
      for (String operation : List.of("create", "read", "update")) {
        assertTrue(inputs("/crm/v3/objects/" + type + "/batch/" + operation) >= COUNT, type + " " + operation);
      }
    }
    assertTrue(inputs("/crm/v3/objects/contacts/batch/archive") >= half);
    assertTrue(inputs("/crm/v3/objects/deals/batch/archive") >= COUNT);
    for (String from : List.of("contacts", "deals")) {
      assertTrue(inputs("/crm/v4/associations/" + from + "/companies/batch/associate/default") >= COUNT, from);
    }

    // HubSpot holds exactly the records the SDK saw, archived where the SDK archived them
    JsonObject archived = result.getJsonObject("archived");
    assertEquals(strings(ids.getJsonArray("contacts")), ids(sim.crm(PORTAL).records("contacts")));
    assertEquals(strings(ids.getJsonArray("companies")), ids(sim.crm(PORTAL).records("companies")));
    assertEquals(strings(ids.getJsonArray("deals")), ids(sim.crm(PORTAL).records("deals")));
    assertEquals(strings(archived.getJsonArray("contacts")), ids(archivedOnly(sim.crm(PORTAL).records("contacts"))));
    assertEquals(strings(ids.getJsonArray("deals")), ids(archivedOnly(sim.crm(PORTAL).records("deals"))));
    assertEquals(Set.of(), ids(archivedOnly(sim.crm(PORTAL).records("companies"))));
    for (int i = half; i < COUNT; i++) {
      String contact = ids.getJsonArray("contacts").getString(i);
      String company = ids.getJsonArray("companies").getString(i);
      CrmRecord stored = sim.crm(PORTAL).record("contacts", contact).orElseThrow();
      assertEquals("Grace" + i, stored.property("firstname"));
      assertEquals("sdk" + i + "-" + run + "@example.com", stored.property("email"));
      assertTrue(sim.crm(PORTAL).associationsOf("contacts", contact).stream().anyMatch(a -> a.toId().equals(company)),
          "contact " + contact + " associated with its company " + company);
    }
  }

  private int inputs(String path) {
    return sim.requestLog().entries(e -> e.portalId() == PORTAL && e.method().equals("POST") && e.path().equals(path))
        .stream().mapToInt(RequestLogEntry::inputs).sum();
  }

  private static List<CrmRecord> archivedOnly(List<CrmRecord> records) {
    return records.stream().filter(CrmRecord::archived).toList();
  }

  private static Set<String> ids(List<CrmRecord> records) {
    return records.stream().map(CrmRecord::id).collect(Collectors.toSet());
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> values = new HashSet<>();
    array.forEach(v -> values.add((String) v));
    assertEquals(array.size(), values.size(), "distinct ids: " + array);
    return values;
  }

  /** {@code npm ci} from the committed lock file into target/node-sdk, skipped while that lock is installed. */
  private static void installSdk() throws Exception {
    Files.createDirectories(INSTALL);
    byte[] lock = Files.readAllBytes(SOURCES.resolve("package-lock.json"));
    Path stamp = INSTALL.resolve("installed-lock.json");
    if (Files.exists(stamp) && java.util.Arrays.equals(lock, Files.readAllBytes(stamp))
        && Files.isDirectory(INSTALL.resolve("node_modules/@hubspot/api-client"))) {
      return;
    }
    Files.deleteIfExists(stamp);
    for (String file : List.of("package.json", "package-lock.json")) {
      Files.copy(SOURCES.resolve(file), INSTALL.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    }
    Finished npm = execute(List.of(executable("npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(),
        300);
    assertEquals(0, npm.exitCode(), "npm ci:\n" + npm.output());
    assertTrue(Files.isDirectory(INSTALL.resolve("node_modules/@hubspot/api-client")), npm.output());
    Files.write(stamp, lock);
  }

  private Finished runScript() throws Exception {
    Files.copy(SOURCES.resolve("sdk-compat.js"), INSTALL.resolve("sdk-compat.js"), StandardCopyOption.REPLACE_EXISTING);
    String basePath = base.toString().replaceAll("/+$", "") + "/hubspot/" + PORTAL;
    return execute(List.of(executable("node"), "sdk-compat.js"), Map.of(
        "HUBGATE_BASE_PATH", basePath,
        "HUBGATE_TOKEN", TestTokens.token("hubspot.read hubspot.write", PORTAL),
        "HUBGATE_READ_TOKEN", TestTokens.token("hubspot.read", PORTAL),
        "RUN", run,
        "COUNT", String.valueOf(COUNT)), 180);
  }

  /** A command's exit code and output (standard output and error together). */
  record Finished(int exitCode, String output) {

    /** The last JSON line of the output: the script's summary. */
    JsonObject json() {
      List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
      if (lines.isEmpty()) {
        fail("no JSON line in the output (exit " + exitCode + "):\n" + output);
      }
      return new JsonObject(lines.get(lines.size() - 1));
    }
  }

  /** Runs a command in target/node-sdk, its output to a file (no pipe to fill); fails unless it ends in time. */
  private static Finished execute(List<String> command, Map<String, String> env, long seconds)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(INSTALL.toAbsolutePath(), "run-", ".log");
    var builder = new ProcessBuilder(command).directory(INSTALL.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    try {
      boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (!done) {
        fail(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + out);
      }
      return new Finished(process.exitValue(), out);
    } finally {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  private static String executable(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    return fail(name + " is not on the PATH: install Debian's nodejs and npm packages (.ci/run does)");
  }
}
