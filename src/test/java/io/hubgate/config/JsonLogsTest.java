package io.hubgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.MDC;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hubgate.hubspot.HubSpotRequestLog;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * JSON console logs: on in the profiles the gateway is deployed with ({@code prod}, {@code kafka}), off in dev mode and
 * tests; and, switched on here, the console's formatter writes one JSON object per line with the MDC (where
 * OpenTelemetry puts {@code traceId} and {@code spanId}).
 */
@QuarkusTest
@TestProfile(JsonLogsTest.JsonConsole.class)
class JsonLogsTest {

  static final String JSON_ENABLED = "quarkus.log.console.json.enabled";

  public static class JsonConsole implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(JSON_ENABLED, "true");
    }
  }

  @Test
  void onWhereDeployedOffForPeople() throws IOException {
    for (String deployed : List.of("prod", "kafka")) {
      assertTrue(profile(deployed).getValue(JSON_ENABLED, Boolean.class), deployed);
      assertFalse(profile(deployed).getOptionalValue("quarkus.log.console.json.excluded-keys", String.class)
          .orElse("").contains("mdc"), "the MDC stays in " + deployed);
    }
    for (String local : List.of("dev", "test")) {
      assertFalse(profile(local).getValue(JSON_ENABLED, Boolean.class), local);
    }
  }

  @Test
  void consoleLinesAreJsonWithTheMdc() throws IOException {
    Formatter formatter = consoleFormatter();
    assertEquals("io.quarkus.logging.json.runtime.JsonFormatter", formatter.getClass().getName());

    String line;
    MDC.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    MDC.put("spanId", "00f067aa0ba902b7");
    try {
      var record = new ExtLogRecord(Level.INFO, "HubSpot request portal=62515 method=GET", ExtLogRecord.FormatStyle.NO_FORMAT,
          JsonLogsTest.class.getName());
      record.setLoggerName(HubSpotRequestLog.CATEGORY);
      record.copyMdc();
      line = formatter.format(record);
    } finally {
      MDC.remove("traceId");
      MDC.remove("spanId");
    }
    assertEquals(line.strip().indexOf('\n'), -1, "one line: " + line);
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("INFO", json.path("level").asText());
    assertEquals(HubSpotRequestLog.CATEGORY, json.path("loggerName").asText());
    assertEquals("HubSpot request portal=62515 method=GET", json.path("message").asText());
    assertFalse(json.path("timestamp").asText().isEmpty(), line);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", json.path("mdc").path("traceId").asText(), line);
    assertEquals("00f067aa0ba902b7", json.path("mdc").path("spanId").asText(), line);
  }

  /** The formatter of the console handler Quarkus installed (behind its delayed and async wrappers, if any). */
  private static Formatter consoleFormatter() {
    List<Handler> handlers = new ArrayList<>();
    collect(LogContext.getLogContext().getLogger("").getHandlers(), handlers);
    Handler console = handlers.stream().filter(h -> h instanceof ConsoleHandler).findFirst().orElse(null);
    assertNotNull(console, "a console handler among " + handlers);
    return console.getFormatter();
  }

  private static void collect(Handler[] handlers, List<Handler> into) {
    for (Handler handler : handlers) {
      into.add(handler);
      if (handler instanceof ExtHandler ext) {
        collect(ext.getHandlers(), into);
      }
    }
  }

  private static SmallRyeConfig profile(String profile) throws IOException {
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withProfile(profile)
        .withSources(new PropertiesConfigSource(Path.of("src/main/resources/application.properties").toUri().toURL()))
        .build();
  }
}
