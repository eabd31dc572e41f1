package io.hubgate.deploy;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alerts name only metrics and labels the gateway exports: a running gateway takes a webhook
 * delivery, HubSpot calls (one refused by the limiter, one answered 429 by the simulator), coalesced single-record
 * writes and definition reads (a miss, then a hit), then its /q/metrics is compared with every PromQL expression of
 * deploy/monitoring.
 */
@QuarkusTest
@TestProfile(MonitoringMetricsTest.Profile.class)
class MonitoringMetricsTest {

  /** Not the gateway's: from kube-state-metrics, which the alerts rely on for readiness. */
  static final Set<String> EXTERNAL_METRICS = Set.of("kube_deployment_status_replicas_unavailable");
  /** Added by Prometheus to every series it scrapes (the ServiceMonitor's target labels). */
  static final Set<String> TARGET_LABELS = Set.of("instance", "job", "namespace", "pod", "service", "container");

  static final String LIMITED = "301";
  static final String THROTTLED = "302";
  static final String COALESCED = "303";

  public static class Profile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"301\".access-token", "pat-na1-301",
          "hubgate.portals.\"301\".burst-limit", "1",
          "hubgate.portals.\"302\".access-token", "pat-na1-302",
          "hubgate.portals.\"303\".access-token", "pat-na1-303",
          "hubgate.ratelimit.max-wait", "PT0.5S",
          "hubgate.hubspot.max-attempts", "1");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  @TestHTTPResource("/")
  String base;

  @TestHTTPResource(value = "/", management = true)
  String management;

  @Test
  void dashboardAndAlertsNameOnlyExportedMetricsAndLabels() throws IOException {
    exercise();
    // Micrometer registers the GC pause timer at the first collection it is told of: make sure one happened
    System.gc();
    Scrape scrape = Awaitility.await().atMost(Duration.ofSeconds(30)).until(this::scrape,
        s -> s.labels.containsKey("jvm_gc_pause_seconds_sum")
            && s.labels.containsKey("hubgate_ratelimit_hubspot_429_total")
            && s.labels.containsKey("hubgate_ratelimit_rejections_total")
            && s.labels.containsKey("hubgate_ratelimit_send_lag_seconds_bucket")
            && s.labels.containsKey("hubgate_coalescing_calls_total")
            && s.labels.containsKey("hubgate_coalescing_queued"));

    List<String> problems = new ArrayList<>();
    Map<String, String> expressions = expressions();
    assertTrue(expressions.size() > 20, "read the dashboard and the rules: " + expressions.keySet());
    expressions.forEach((where, expr) -> check(where, expr, scrape, problems));
    assertEquals(List.of(), problems, "names the gateway does not export");
  }

  private void exercise() {
    HubSpotSimulator sim = HubSpotSimulatorResource.simulator();
    sim.portals().add(Long.parseLong(LIMITED)).burstLimit(100);
    sim.portals().privateAppToken(Long.parseLong(LIMITED), "pat-na1-301", 1301);
    sim.portals().add(Long.parseLong(THROTTLED)).burstLimit(100);
    sim.portals().privateAppToken(Long.parseLong(THROTTLED), "pat-na1-302", 1302);

    String token = "Bearer " + TestTokens.token("hubspot.read", LIMITED, THROTTLED);
    // the gateway's budget of one per window: the second call is refused by the limiter
    for (int status : new int[] {200, 429}) {
      given().baseUri(base).header("Authorization", token).get("/hubspot/" + LIMITED + "/crm/v3/objects/contacts")
          .then().statusCode(status);
    }
    // HubSpot's own 429 (no retries in this profile): the limiter counts it
    sim.faults().on("GET", "/crm/v3/objects/contacts.*").errorShare(1.0, 429).onlyFirst(1);
    given().baseUri(base).header("Authorization", token).get("/hubspot/" + THROTTLED + "/crm/v3/objects/contacts")
        .then().statusCode(429);
    sim.faults().clear();
    coalesce();
    Deliveries.postV3(base.replaceAll("/$", ""), "test-secret-one", Deliveries.body(Deliveries.event(62515)))
        .statusCode(200);
  }

  /** Single-record writes that leave as one batch (the coalescing series), and a definition read twice (the cache's). */
  private void coalesce() {
    HubSpotSimulatorResource.withPortals(Long.parseLong(COALESCED));
    var writer = given().baseUri(base).contentType("application/json")
        .header("Authorization", "Bearer " + TestTokens.token("hubspot.read hubspot.write", COALESCED));
    for (int i = 0; i < 2; i++) {
      writer.body("{\"properties\":{\"email\":\"monitoring-" + i + "@example.com\"}}")
          .post("/hubspot/" + COALESCED + "/crm/v3/objects/contacts").then().statusCode(201);
    }
    for (String cache : new String[] {"miss", "hit"}) {
      writer.get("/hubspot/" + COALESCED + "/crm/v3/properties/contacts").then().statusCode(200)
          .header("X-Hubgate-Cache", cache);
    }
  }

  private Scrape scrape() {
    return Scrape.parse(given().baseUri(management).get("metrics").then().statusCode(200).extract().asString());
  }

  /** Every PromQL expression of the dashboard (panels and variables) and the PrometheusRule, by where it is. */
  private static Map<String, String> expressions() throws IOException {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("deploy/monitoring/hubgate-dashboard.json").toFile());
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        all.put("dashboard \"" + panel.get("title").asText() + "\" " + target.get("refId").asText(),
            target.get("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.at("/templating/list")) {
      if ("query".equals(variable.path("type").asText())) {
        all.put("dashboard variable " + variable.get("name").asText(), variable.get("query").asText());
      }
    }
    for (JsonNode group : Kustomize.read(MonitoringRulesTest.RULE).get(0).at("/spec/groups")) {
      for (JsonNode rule : group.get("rules")) {
        all.put("alert " + rule.path("alert").asText(), rule.get("expr").asText());
      }
    }
    return all;
  }

  private static void check(String where, String expr, Scrape scrape, List<String> problems) {
    PromQlReferences refs = PromQlReferences.of(expr);
    if (refs.selectors().isEmpty()) {
      problems.add(where + ": no metric found in " + expr);
    }
    Set<String> available = new HashSet<>(TARGET_LABELS);
    for (var selector : refs.selectors()) {
      String metric = selector.metric();
      if (EXTERNAL_METRICS.contains(metric)) {
        selector.matchers().forEach(m -> available.add(m.label()));
        continue;
      }
      Map<String, Set<String>> labels = scrape.labels.get(metric);
      if (labels == null) {
        problems.add(where + ": metric " + metric + " is not exported");
        continue;
      }
      available.addAll(labels.keySet());
      for (var m : selector.matchers()) {
        if (!labels.containsKey(m.label()) && !TARGET_LABELS.contains(m.label())) {
          problems.add(where + ": " + metric + " has no label " + m.label() + " (it has " + labels.keySet() + ")");
        } else if (m.op().equals("=") && labels.containsKey(m.label()) && !m.value().contains("$")
            && !labels.get(m.label()).contains(m.value())) {
          problems.add(where + ": " + metric + "{" + m.label() + "} never is \"" + m.value() + "\" (it is "
              + labels.get(m.label()) + ")");
        }
      }
    }
    for (String label : refs.grouping()) {
      if (!available.contains(label)) {
        problems.add(where + ": groups by " + label + ", a label none of its metrics has");
      }
    }
  }

  /** A Prometheus text scrape: each sample's name with its labels and the values seen. */
  record Scrape(Map<String, Map<String, Set<String>>> labels) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    static Scrape parse(String text) {
      Map<String, Map<String, Set<String>>> labels = new HashMap<>();
      for (String line : text.split("\n")) {
        Matcher sample = SAMPLE.matcher(line);
        if (line.startsWith("#") || !sample.matches()) {
          continue;
        }
        var byLabel = labels.computeIfAbsent(sample.group(1), k -> new HashMap<>());
        if (sample.group(3) != null) {
          Matcher label = LABEL.matcher(sample.group(3));
          while (label.find()) {
            byLabel.computeIfAbsent(label.group(1), k -> new HashSet<>()).add(label.group(2));
          }
        }
      }
      return new Scrape(labels);
    }
  }
}
