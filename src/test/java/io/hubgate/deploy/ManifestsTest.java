package io.hubgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization under deploy/ renders, every object parses into fabric8's typed model with no field the model
 * does not know (custom resources: a check of the fields we use), and the deployment rules hold.
 */
class ManifestsTest {

  static final Path DEPLOY = Path.of("deploy");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static Stream<Path> kustomizations() throws IOException {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      List<Path> dirs = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
          .map(Path::getParent)
          .sorted()
          .toList();
      assertTrue(dirs.size() >= 6, "base, monitoring, kafka-topics and three overlays: " + dirs);
      return dirs.stream();
    }
  }

  static Stream<Path> overlays() throws IOException {
    try (Stream<Path> dirs = Files.list(DEPLOY.resolve("overlays"))) {
      return dirs.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyObjectParsesIntoTheTypedModelWithNoUnknownField(Path dir) {
    List<ObjectNode> objects = Kustomize.render(dir);
    assertFalse(objects.isEmpty(), dir + " renders nothing");
    for (ObjectNode object : objects) {
      String what = dir + ": " + object.path("kind").asText() + " " + object.at("/metadata/name").asText();
      switch (object.path("kind").asText()) {
        case "KafkaTopic" -> checkKafkaTopic(what, object);
        case "ServiceMonitor" -> checkServiceMonitor(what, object);
        case "PrometheusRule" -> checkPrometheusRule(what, object);
        case "Service" -> {
          if (object.path("apiVersion").asText().startsWith("serving.knative.dev/")) {
            checkKnativeService(what, object);
          } else {
            checkTyped(what, object);
          }
        }
        default -> checkTyped(what, object);
      }
    }
  }

  private static void checkTyped(String what, ObjectNode object) {
    HasMetadata typed = typed(object);
    assertFalse(typed instanceof GenericKubernetesResource, what + ": not a kind of the typed model");
    assertNoUnknownFields(what, typed);
  }

  private static void assertNoUnknownFields(String what, Object typed) {
    List<String> unknown = new ArrayList<>();
    unknownFields(typed, "", unknown, new IdentityHashMap<>());
    assertEquals(List.of(), unknown, what + ": fields the Kubernetes model does not know");
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void deploymentIsHardenedProbedOnManagementAndBounded(Path overlay) {
    Rendered r = new Rendered(overlay);
    Deployment deployment = r.one(Deployment.class);
    var pod = deployment.getSpec().getTemplate().getSpec();
    assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), "runAsNonRoot");
    Container c = pod.getContainers().get(0);
    assertEquals(1, pod.getContainers().size());
    assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), "no privilege escalation");
    assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), "read-only root");
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    assertEquals(9000, c.getPorts().stream().filter(p -> "management".equals(p.getName())).findFirst()
        .orElseThrow().getContainerPort());
    for (Probe probe : new Probe[] {c.getReadinessProbe(), c.getLivenessProbe(), c.getStartupProbe()}) {
      assertNotNull(probe, "readiness, liveness and startup probes");
      assertEquals(new IntOrString("management"), probe.getHttpGet().getPort(), "probes on the management port");
      assertTrue(probe.getHttpGet().getPath().startsWith("/q/health/"), probe.getHttpGet().getPath());
    }
    assertNotNull(c.getResources().getRequests().get("cpu"), "cpu request");
    assertNotNull(c.getResources().getRequests().get("memory"), "memory request");
    assertNotNull(c.getResources().getLimits().get("memory"), "memory limit");
    assertEquals("hubgate-config", c.getEnvFrom().get(0).getConfigMapRef().getName());
    assertEquals("hubgate-secrets", c.getEnvFrom().get(1).getSecretRef().getName());

    // the grace period covers the preStop pause and the whole shutdown (in-flight batches and the producer's flush)
    Duration shutdown = Duration.parse("PT" + r.config().get("QUARKUS_SHUTDOWN_TIMEOUT").toUpperCase());
    long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
    assertTrue(pod.getTerminationGracePeriodSeconds() >= preStop + shutdown.toSeconds() + 5,
        "terminationGracePeriodSeconds " + pod.getTerminationGracePeriodSeconds() + " < preStop " + preStop
            + " s + shutdown " + shutdown + " + 5 s");
    assertTrue(shutdown.toSeconds() >= 20, "shutdown timeout long enough to flush: " + shutdown);

    Service service = r.one(Service.class);
    Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
    assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "Service selects pods");
    assertEquals(deployment.getSpec().getSelector().getMatchLabels(), service.getSpec().getSelector());
    for (var port : service.getSpec().getPorts()) {
      assertTrue(c.getPorts().stream().anyMatch(p -> p.getName().equals(port.getTargetPort().getStrVal())),
          "Service port " + port.getName() + " targets a named container port");
    }
  }

  @ParameterizedTest
  @MethodSource("overlays")
  void severalReplicasHaveADisruptionBudgetBelowTheirCount(Path overlay) {
    Rendered r = new Rendered(overlay);
    Deployment deployment = r.one(Deployment.class);
    int replicas = deployment.getSpec().getReplicas();
    List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class);
    if (replicas == 1) {
      assertEquals(List.of(), pdbs, "one replica: a PDB would block every node drain");
      return;
    }
    assertEquals(1, pdbs.size(), overlay + ": " + replicas + " replicas need a PodDisruptionBudget");
    int minAvailable = pdbs.get(0).getSpec().getMinAvailable().getIntVal();
    assertTrue(minAvailable >= 1 && minAvailable < replicas, "minAvailable " + minAvailable + " of " + replicas);
    assertSelects(pdbs.get(0).getSpec().getSelector().getMatchLabels(), deployment);
  }

  @Test
  void productionScalesWithinTheLimiterShareAndIsolatesTheNetwork() {
    for (Path overlay : List.of(DEPLOY.resolve("overlays/production"), DEPLOY.resolve("overlays/production-jvm"))) {
      Rendered r = new Rendered(overlay);
      Deployment deployment = r.one(Deployment.class);
      HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
      assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
      assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
      assertEquals(deployment.getSpec().getReplicas(), hpa.getSpec().getMinReplicas(), "minReplicas = replicas");
      // during a Redis outage each replica admits budget / max-replicas: more pods than that would overspend
      assertEquals(Integer.parseInt(r.config().get("HUBGATE_RATELIMIT_MAX_REPLICAS")), hpa.getSpec().getMaxReplicas(),
          "HPA maxReplicas = HUBGATE_RATELIMIT_MAX_REPLICAS");

      NetworkPolicy policy = r.one(NetworkPolicy.class);
      assertSelects(policy.getSpec().getPodSelector().getMatchLabels(), deployment);
      assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
      Map<Integer, String> ingress = new java.util.TreeMap<>();
      policy.getSpec().getIngress().forEach(rule -> rule.getPorts().forEach(p -> ingress.put(p.getPort().getIntVal(),
          rule.getFrom().get(0).getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))));
      assertEquals(Map.of(8080, "ingress-nginx", 9000, "monitoring"), ingress,
          "API and webhooks from the ingress controller, management from monitoring, nothing else");
      Set<Integer> egress = new java.util.TreeSet<>();
      policy.getSpec().getEgress().forEach(rule -> rule.getPorts().stream().map(NetworkPolicyPort::getPort)
          .forEach(p -> egress.add(p.getIntVal())));
      assertEquals(Set.of(53, 6379, 9092, 443), egress, "DNS, Redis, Kafka, HubSpot");

      Ingress ingressObject = r.one(Ingress.class);
      var paths = ingressObject.getSpec().getRules().get(0).getHttp().getPaths();
      assertEquals(1, paths.size(), "only the webhook path is public");
      assertEquals("/webhooks/hubspot", paths.get(0).getPath());
      var backend = paths.get(0).getBackend().getService();
      Service service = r.one(Service.class);
      assertEquals(service.getMetadata().getName(), backend.getName());
      assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(backend.getPort().getName())));
      assertFalse(ingressObject.getSpec().getTls().isEmpty(), "TLS");
      assertTrue(r.config().get("HUBGATE_WEBHOOK_PUBLIC_BASE_URL")
          .endsWith(ingressObject.getSpec().getRules().get(0).getHost()), "the public URL is the ingress host");

      List<ObjectNode> monitors = r.custom("ServiceMonitor");
      assertEquals(1, monitors.size(), "scraped by the Prometheus operator");
      String port = monitors.get(0).at("/spec/endpoints/0/port").asText();
      assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getName().equals(port)
          && p.getPort() == 9000), "the ServiceMonitor scrapes the management port");
      assertEquals(1, r.custom("PrometheusRule").size());
    }
  }

  @Test
  void jvmImageIsAnOverlayOfProduction() {
    Container nativeContainer = new Rendered(DEPLOY.resolve("overlays/production")).one(Deployment.class)
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    Container jvm = new Rendered(DEPLOY.resolve("overlays/production-jvm")).one(Deployment.class)
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertEquals("hubgate:native", nativeContainer.getImage());
    assertEquals("hubgate:jvm", jvm.getImage());
    assertTrue(jvm.getResources().getLimits().get("memory").getNumericalAmount()
        .compareTo(nativeContainer.getResources().getLimits().get("memory").getNumericalAmount()) > 0,
        "the JVM gets more memory");
    assertEquals(nativeContainer.getSecurityContext(), jvm.getSecurityContext(), "same hardening");
  }

  @Test
  void configMapDocumentsEverySettingOfTheReference() throws IOException {
    String configMap = Files.readString(DEPLOY.resolve("base/configmap.yaml"));
    Set<String> secrets = Set.of("HUBGATE_WEBHOOK_CLIENT_SECRETS", "HUBGATE_OAUTH_CLIENT_SECRET",
        "HUBGATE_OAUTH_ENCRYPTION_KEYS", "HUBGATE_PORTALS__<ID>__ACCESS_TOKEN", "QUARKUS_OIDC_PUBLIC_KEY");
    Matcher env = Pattern.compile("^\\| `[^`]+` \\| `([A-Z][A-Z0-9_<>a-z]+)`", Pattern.MULTILINE)
        .matcher(Files.readString(Path.of("docs/configuration.md")));
    List<String> missing = new ArrayList<>();
    int documented = 0;
    while (env.find()) {
      documented++;
      String name = env.group(1);
      // per-portal settings are listed once, as __APP_ID, __TIER, ...
      String expected = name.contains("__<") ? name.substring(name.lastIndexOf("__")) : name;
      if (!secrets.contains(name) && !configMap.contains(expected)) {
        missing.add(name);
      }
    }
    assertTrue(documented > 40, "read the reference: " + documented);
    assertEquals(List.of(), missing, "settings of docs/configuration.md not in deploy/base/configmap.yaml");
  }

  // ---- custom resources: the fields we use, by the CRDs' schemas ----

  private static void checkKafkaTopic(String what, ObjectNode topic) {
    assertEquals("kafka.strimzi.io/v1beta2", topic.get("apiVersion").asText(), what);
    assertKeys(what + " spec", topic.get("spec"), Set.of("partitions", "replicas", "config", "topicName"));
    assertTrue(topic.at("/metadata/labels/strimzi.io~1cluster").isTextual(), what + ": strimzi.io/cluster label");
    int partitions = topic.at("/spec/partitions").asInt();
    int replicas = topic.at("/spec/replicas").asInt();
    JsonNode config = topic.at("/spec/config");
    assertTrue(partitions >= 1 && replicas >= 3, what + ": partitions and three replicas");
    assertTrue(config.get("retention.ms").canConvertToLong(), what + ": retention.ms");
    int minIsr = config.get("min.insync.replicas").asInt();
    assertTrue(minIsr >= 2 && minIsr < replicas, what + ": min.insync.replicas " + minIsr + " of " + replicas);
  }

  @Test
  void kafkaTopicsCoverEventsWritesResultsAndDeadLetters() {
    List<String> names = Kustomize.render(DEPLOY.resolve("kafka-topics")).stream()
        .map(t -> t.at("/metadata/name").asText()).sorted().toList();
    assertEquals(List.of("hubspot-events", "hubspot-write-results", "hubspot-writes", "hubspot-writes-dlq"), names);
  }

  /**
   * Knative's Service is a CRD: its revision template's spec is a Kubernetes PodSpec plus Knative's own keys, so that
   * part is parsed into the typed PodSpec (no unknown field) once Knative's keys are set aside.
   */
  private static void checkKnativeService(String what, ObjectNode service) {
    assertEquals("serving.knative.dev/v1", service.get("apiVersion").asText(), what);
    assertKeys(what + " spec", service.get("spec"), Set.of("template", "traffic"));
    assertKeys(what + " template", service.at("/spec/template"), Set.of("metadata", "spec"));
    ObjectNode pod = ((ObjectNode) service.at("/spec/template/spec")).deepCopy();
    pod.remove(List.of("containerConcurrency", "timeoutSeconds", "responseStartTimeoutSeconds", "idleTimeoutSeconds"));
    var podSpec = SERIALIZATION.unmarshal(pod.toString(), io.fabric8.kubernetes.api.model.PodSpec.class);
    assertNoUnknownFields(what + " template spec", podSpec);
    for (Container container : podSpec.getContainers()) {
      assertTrue(container.getSecurityContext().getRunAsNonRoot(), what + ": non-root");
      assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem(), what + ": read-only root");
      assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation(), what + ": no privilege escalation");
      assertNotNull(container.getResources().getLimits().get("memory"), what + ": a memory limit");
    }
  }

  private static void checkServiceMonitor(String what, ObjectNode monitor) {
    assertEquals("monitoring.coreos.com/v1", monitor.get("apiVersion").asText(), what);
    assertKeys(what + " spec", monitor.get("spec"), Set.of("selector", "endpoints", "namespaceSelector", "jobLabel"));
    assertKeys(what + " selector", monitor.at("/spec/selector"), Set.of("matchLabels", "matchExpressions"));
    for (JsonNode endpoint : monitor.at("/spec/endpoints")) {
      assertKeys(what + " endpoint", endpoint, Set.of("port", "path", "interval", "scrapeTimeout", "scheme"));
    }
  }

  private static void checkPrometheusRule(String what, ObjectNode rule) {
    assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion").asText(), what);
    assertKeys(what + " spec", rule.get("spec"), Set.of("groups"));
    for (JsonNode group : rule.at("/spec/groups")) {
      assertKeys(what + " group", group, Set.of("name", "interval", "rules"));
      for (JsonNode r : group.get("rules")) {
        assertKeys(what + " rule", r, Set.of("alert", "record", "expr", "for", "labels", "annotations"));
      }
    }
  }

  private static void assertKeys(String what, JsonNode node, Set<String> allowed) {
    assertTrue(node != null && node.isObject(), what + " is an object");
    node.fieldNames().forEachRemaining(k -> assertTrue(allowed.contains(k), what + ": unknown field " + k));
  }

  private static void assertSelects(Map<String, String> selector, Deployment deployment) {
    assertFalse(selector.isEmpty(), "a selector");
    assertTrue(deployment.getSpec().getTemplate().getMetadata().getLabels().entrySet()
        .containsAll(selector.entrySet()), selector + " selects the pods");
  }

  // ---- typed parsing ----

  static HasMetadata typed(ObjectNode object) {
    return SERIALIZATION.unmarshal(object.toString(), HasMetadata.class);
  }

  /** fabric8's model keeps fields it does not know in additionalProperties: any there is a misspelt or stray field. */
  private static void unknownFields(Object value, String path, List<String> unknown, Map<Object, Object> seen) {
    if (value == null || seen.put(value, value) != null) {
      return;
    }
    if (value instanceof Collection<?> list) {
      int i = 0;
      for (Object item : list) {
        unknownFields(item, path + "[" + i++ + "]", unknown, seen);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, unknown, seen));
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child;
      try {
        child = getter.invoke(value);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(path + " " + extra.keySet());
        }
      } else if (!(value instanceof IntOrString) && !(value instanceof io.fabric8.kubernetes.api.model.Quantity)) {
        unknownFields(child, path + "." + getter.getName().substring(3), unknown, seen);
      }
    }
  }

  /** One overlay, rendered and parsed. */
  static final class Rendered {
    final List<ObjectNode> raw;
    final List<HasMetadata> typed = new ArrayList<>();

    Rendered(Path overlay) {
      raw = Kustomize.render(overlay);
      for (ObjectNode o : raw) {
        if (o.path("apiVersion").asText().contains(".coreos.com") || o.path("apiVersion").asText().contains("strimzi")) {
          continue;
        }
        typed.add(typed(o));
      }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = all(type);
      if (found.size() != 1) {
        fail("expected one " + type.getSimpleName() + ", found " + found.size());
      }
      return found.get(0);
    }

    List<ObjectNode> custom(String kind) {
      return raw.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    Map<String, String> config() {
      return all(ConfigMap.class).stream().filter(c -> c.getMetadata().getName().equals("hubgate-config"))
          .findFirst().orElseThrow().getData();
    }
  }
}
