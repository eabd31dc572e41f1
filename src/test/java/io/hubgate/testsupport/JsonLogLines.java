package io.hubgate.testsupport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.quarkus.logging.json.runtime.JsonFormatter;
import io.vertx.core.json.JsonObject;

/**
 * The records of one log category while open, each formatted as deployed logs format it (Quarkus' JSON formatter, at
 * the moment it is logged, with the MDC of that moment), whatever the test profile's console does.
 */
public final class JsonLogLines extends Handler implements AutoCloseable {

  private final Logger logger;
  private final JsonFormatter json = new JsonFormatter();
  private final List<JsonObject> lines = new CopyOnWriteArrayList<>();

  private JsonLogLines(Logger logger) {
    this.logger = logger;
  }

  public static JsonLogLines of(String category) {
    var lines = new JsonLogLines(Logger.getLogger(category));
    lines.setLevel(Level.ALL);
    lines.logger.addHandler(lines);
    return lines;
  }

  @Override
  public void publish(LogRecord record) {
    lines.add(new JsonObject(json.format(record)));
  }

  public List<JsonObject> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
