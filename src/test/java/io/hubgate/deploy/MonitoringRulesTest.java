package io.hubgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PrometheusRule's alerts, checked by Prometheus' own promtool ({@code promtool check rules}) and unit-tested
 * ({@code promtool test rules}, src/test/resources/monitoring/alerts-test.yaml). Its spec is a plain rules file: it is
 * extracted as is, so the rules tested are the rules shipped. Without promtool the test fails (.ci/run installs
 * Debian's {@code prometheus} package).
 */
class MonitoringRulesTest {

  static final Path RULE = Path.of("deploy/monitoring/prometheusrule.yaml");

  @TempDir
  static Path dir;

  @BeforeAll
  static void extractRules() throws IOException {
    var rule = Kustomize.read(RULE).get(0);
    new YAMLMapper().writeValue(dir.resolve("rules.yaml").toFile(), rule.get("spec"));
    Files.copy(Path.of("src/test/resources/monitoring/alerts-test.yaml"), dir.resolve("alerts-test.yaml"));
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    promtool("check", "rules", "rules.yaml");
  }

  @Test
  void everyAlertFiresAndStaysSilentAsItsUnitTestsExpect() throws Exception {
    String out = promtool("test", "rules", "alerts-test.yaml");
    assertTrue(out.contains("SUCCESS"), out);
    // every alert of the rule has a test
    var alerts = new ArrayList<String>();
    Kustomize.read(RULE).get(0).at("/spec/groups").forEach(g -> g.get("rules")
        .forEach(r -> alerts.add(r.path("alert").asText())));
    String tests = Files.readString(dir.resolve("alerts-test.yaml"));
    List<String> untested = alerts.stream().filter(a -> !tests.contains("alertname: " + a)).toList();
    assertEquals(List.of(), untested, "alerts without a promtool unit test");
  }

  private static String promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(executable()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        fail("promtool did not finish in 60 s: " + command);
      }
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), String.join(" ", command) + ":\n" + out);
      return out;
    } finally {
      process.destroyForcibly();
    }
  }

  private static String executable() {
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "promtool"))) {
        return Path.of(p, "promtool").toString();
      }
    }
    return fail("promtool is not on the PATH: install Debian's prometheus package (.ci/run does)");
  }
}
