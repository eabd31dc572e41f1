package io.hubgate.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The console, on the management interface only (beside health and metrics, never on the API port):
 * <ul>
 *   <li>{@code GET /q/console}: the page, its script and style, and the chart library (Apache ECharts, from its WebJar);</li>
 *   <li>{@code GET /q/console/snapshot}: one {@link ConsoleSnapshot} as JSON;</li>
 *   <li>{@code GET /q/console/stream}: server-sent events, a snapshot every {@code hubgate.console.refresh}.</li>
 * </ul>
 * No front-end build: the page is three static files read from the class path once, at start.
 */
@ApplicationScoped
class ConsoleRoutes {

  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private final ConsoleSnapshots snapshots;
  private final ConsoleConfig config;
  private final ObjectMapper json;
  private final String root;

  ConsoleRoutes(ConsoleSnapshots snapshots, ConsoleConfig config, ObjectMapper json,
      @ConfigProperty(name = "quarkus.management.root-path", defaultValue = "/q") String root) {
    this.snapshots = snapshots;
    this.config = config;
    this.json = json;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  void routes(@Observes ManagementInterface management, Vertx vertx) {
    if (!config.enabled()) {
      return;
    }
    Router router = management.router();
    String base = root + "/console";
    // one route for both: Vert.x matches a path with or without its trailing slash
    Buffer page = Buffer.buffer(read("io/hubgate/console/index.html"));
    router.get(base).handler(rc -> {
      if (rc.request().path().endsWith("/")) {
        staticFile(rc, page, "text/html; charset=utf-8");
      } else {
        rc.redirect(base + "/");
      }
    });
    serve(router, base + "/console.js", "io/hubgate/console/console.js", "text/javascript; charset=utf-8");
    serve(router, base + "/console.css", "io/hubgate/console/console.css", "text/css; charset=utf-8");
    serve(router, base + "/echarts.min.js", ECHARTS, "text/javascript; charset=utf-8");
    router.get(base + "/snapshot").handler(this::snapshot);
    router.get(base + "/stream").handler(rc -> stream(rc, vertx));
  }

  /**
   * The chart library's WebJar sits on the class path under {@code META-INF/resources}, which Quarkus would serve on
   * the API port too: the whole package (sources, maps, themes), public to every caller. Only the console needs it,
   * and it gets it from the management interface.
   */
  void hideWebJarsFromTheApiPort(@Observes Router api) {
    api.route("/webjars/*").order(Integer.MIN_VALUE).handler(rc -> rc.response().setStatusCode(404).end());
  }

  private static void serve(Router router, String path, String resource, String contentType) {
    Buffer body = Buffer.buffer(read(resource));
    router.get(path).handler(rc -> staticFile(rc, body, contentType));
  }

  private static void staticFile(RoutingContext rc, Buffer body, String contentType) {
    rc.response()
        .putHeader("Content-Type", contentType)
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy",
            "default-src 'self'; connect-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:")
        .end(body);
  }

  private void snapshot(RoutingContext rc) {
    snapshots.read().subscribe().with(
        s -> rc.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(write(s)),
        rc::fail);
  }

  /**
   * One snapshot now, then one per refresh while the connection is open. A reading that is still under way when the
   * next tick comes is not doubled: the tick is skipped (a slow Redis slows the console, never piles up on it).
   */
  private void stream(RoutingContext rc, Vertx vertx) {
    HttpServerResponse response = rc.response()
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-store")
        .putHeader("X-Accel-Buffering", "no");
    Context context = vertx.getOrCreateContext();
    AtomicBoolean reading = new AtomicBoolean();
    Runnable send = () -> {
      if (response.closed() || !reading.compareAndSet(false, true)) {
        return;
      }
      snapshots.read().subscribe().with(
          s -> context.runOnContext(v -> {
            reading.set(false);
            if (!response.closed()) {
              response.write("event: snapshot\ndata: " + write(s) + "\n\n");
            }
          }),
          failure -> context.runOnContext(v -> {
            reading.set(false);
            Log.debugf("Console snapshot failed: %s", failure.toString());
          }));
    };
    long timer = vertx.setPeriodic(config.refresh().toMillis(), id -> send.run());
    response.closeHandler(v -> vertx.cancelTimer(timer));
    response.write(": hubgate console\n\n");
    send.run();
  }

  private String write(ConsoleSnapshot snapshot) {
    try {
      return json.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("console snapshot not serialisable", e);
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing console resource " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
