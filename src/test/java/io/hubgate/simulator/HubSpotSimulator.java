package io.hubgate.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A HubSpot API that a test starts in-process: CRM objects, associations, properties, pipelines, search,
 * OAuth, HubSpot's rate limits, fault injection and a webhook sender, with HubSpot's JSON and status codes
 * (see {@code README.md} beside this class). Plain Vert.x, independent of the gateway's Quarkus application.
 *
 * <pre>{@code
 * try (var sim = HubSpotSimulator.start(SimulatorOptions.defaults())) {
 *   sim.portals().add(62515).burstLimit(100);
 *   sim.portals().privateAppToken(62515, "pat-na1-test", 1001);
 *   // point the gateway at sim.baseUrl()
 * }
 * }</pre>
 */
public final class HubSpotSimulator implements AutoCloseable {

  private final SimulatorOptions options;
  private final Vertx vertx;
  private final SimulatorClock clock;
  private final Portals portals = new Portals();
  private final RequestLog log;
  private final RateLimits limits;
  private final OAuth oauth;
  private final Faults faults;
  private final CrmStores stores;
  private final Webhooks webhooks;
  private final List<HttpServer> servers = new ArrayList<>();
  private volatile int port;

  private HubSpotSimulator(SimulatorOptions options) {
    QuietLogging.apply();
    this.options = options;
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, options.eventLoops() + 1)));
    this.clock = new SimulatorClock(options.clockStart(), options.clockRunning());
    this.log = new RequestLog(options.logRequests());
    this.limits = new RateLimits(options, portals);
    this.oauth = new OAuth(clock, options);
    this.faults = new Faults(vertx, limits, log, clock);
    this.stores = new CrmStores(clock);
    this.webhooks = new Webhooks(vertx, options.seed());
  }

  /** Starts the simulator and returns once it listens. */
  public static HubSpotSimulator start(SimulatorOptions options) {
    HubSpotSimulator simulator = new HubSpotSimulator(options);
    try {
      simulator.listen();
    } catch (RuntimeException e) {
      simulator.close();
      throw e;
    }
    return simulator;
  }

  public static HubSpotSimulator start() {
    return start(SimulatorOptions.defaults());
  }

  private void listen() {
    Router router = router();
    HttpServerOptions serverOptions = new HttpServerOptions().setHost(options.host()).setTcpNoDelay(true)
        .setIdleTimeout(0);
    // Servers created outside a Vert.x context each get their own event loop and share the port. Vert.x
    // shares a random port among servers that ask for the same negative port, hence -1 for "any free port".
    int requested = options.port() == 0 ? -1 : options.port();
    for (int i = 0; i < Math.max(1, options.eventLoops()); i++) {
      servers.add(await(vertx.createHttpServer(serverOptions).requestHandler(router).listen(requested)));
    }
    port = servers.get(0).actualPort();
  }

  private Router router() {
    Responses responses = new Responses(log, options);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024 * 1024).setHandleFileUploads(false));
    new AdminResource(this).register(router);
    router.route().handler(ctx -> {
      ctx.put(ApiCall.KEY, new ApiCall(Instant.now(), ctx.request().method().name(), ctx.request().path(),
          ctx.request().uri()));
      ctx.next();
    });
    router.route("/crm/*").handler(new CrmGate(vertx, portals, oauth, limits, faults, responses, clock)::handle);
    new SearchResource(stores, responses).register(router);
    new BatchResource(stores, responses, new Shuffler(options.seed()), clock).register(router);
    new MergeResource(stores, responses).register(router);
    new AssociationsResource(stores, responses, clock).register(router);
    new ObjectsResource(stores, responses, this::baseUrl).register(router);
    new SchemaResource(stores, responses).register(router);
    new OAuthResource(oauth, clock, responses).register(router);
    router.route().handler(ctx -> responses.json(ctx, 404, HubSpotErrors.error(null, "resource not found")));
    router.route().failureHandler(ctx -> failure(ctx, responses));
    return router;
  }

  private static void failure(RoutingContext ctx, Responses responses) {
    int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
    String message = ctx.failure() == null ? "internal error" : "internal error: " + ctx.failure();
    responses.json(ctx, status, HubSpotErrors.error(status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR", message));
  }

  public String baseUrl() {
    return "http://" + options.host() + ":" + port;
  }

  public int port() {
    return port;
  }

  public SimulatorOptions options() {
    return options;
  }

  public SimulatorClock clock() {
    return clock;
  }

  public Portals portals() {
    return portals;
  }

  public OAuth oauth() {
    return oauth;
  }

  public RequestLog requestLog() {
    return log;
  }

  public Faults faults() {
    return faults;
  }

  public Webhooks webhooks() {
    return webhooks;
  }

  /** Direct access to one portal's records, for assertions and seeding. */
  public PortalCrm crm(long portalId) {
    return stores.of(portalId);
  }

  /** Requests used in the portal's current day, across all apps. */
  public long dailyUsed(long portalId) {
    return limits.dailyUsed(portalId, clock.now().atZone(java.time.ZoneOffset.UTC).toLocalDate());
  }

  /** Empties every rate window and daily count, as if the portal had been idle for a day. */
  public void resetLimits() {
    limits.reset();
  }

  /** Between tests: limits, request log, faults and OAuth counters start again; portals, tokens and data stay. */
  public void reset() {
    faults.clear();
    limits.reset();
    log.clear();
    oauth.resetCounters();
  }

  @Override
  public void close() {
    faults.clear();
    webhooks.close();
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("simulator: " + e.getMessage(), e);
    }
  }
}
