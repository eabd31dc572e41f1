package io.hubgate.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The simulator as a standalone process, for benchmarks and the local demo. See {@code README.md} beside this
 * class for the command. Arguments (repeatable where it makes sense):
 * <pre>
 *   --port 8089                      fixed port (default 8089; 0 picks a free one)
 *   --host 127.0.0.1                 bind address
 *   --portal 62515:100:250000        portal id : burst per 10 s : daily limit
 *   --tier 62515=PROFESSIONAL        a {@link Tier} preset instead of explicit limits
 *   --token 62515=pat-na1-demo       private-app token with every scope (app id 1 unless =pat...:APPID)
 *   --oauth-app id,secret,appId,uri  a public app for the OAuth endpoints
 *   --install-portal 62515           the portal GET /oauth/authorize installs apps in
 *   --retry-after                    send Retry-After on 429s
 *   --seed 42                        seed for result order and tokens
 *   --no-log                         keep no request log (long runs)
 *   --frozen-clock                   the token clock moves only by POST /_simulator/clock/advance
 * </pre>
 */
public final class HubSpotSimulatorMain {

  private HubSpotSimulatorMain() {
  }

  public static void main(String[] args) throws InterruptedException {
    Setup setup = Setup.parse(args);
    HubSpotSimulator simulator = HubSpotSimulator.start(setup.options());
    setup.apply(simulator);
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
    System.out.println("HubSpot simulator listening on " + simulator.baseUrl() + " portals=" + simulator.portals().ids());
    new CountDownLatch(1).await();
  }

  /** Parsed arguments; separate from {@link #main} so that tests can check the parsing. */
  record Setup(SimulatorOptions options, List<String[]> portals, List<String[]> tiers, List<String[]> tokens,
      List<String[]> oauthApps, long installPortal) {

    static Setup parse(String[] args) {
      // A demo gateway refreshes its tokens in real time: the standalone clock runs from now.
      SimulatorOptions options = SimulatorOptions.defaults().withPort(8089)
          .withClockStart(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
          .withClockRunning(true);
      List<String[]> portals = new ArrayList<>();
      List<String[]> tiers = new ArrayList<>();
      List<String[]> tokens = new ArrayList<>();
      List<String[]> oauthApps = new ArrayList<>();
      long installPortal = 0;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--port" -> options = options.withPort(Integer.parseInt(args[++i]));
          case "--host" -> options = options.withHost(args[++i]);
          case "--seed" -> options = options.withSeed(Long.parseLong(args[++i]));
          case "--retry-after" -> options = options.withRetryAfter(true);
          case "--no-log" -> options = options.withLogRequests(false);
          case "--frozen-clock" -> options = options.withClockRunning(false);
          case "--portal" -> portals.add(args[++i].split(":"));
          case "--tier" -> tiers.add(args[++i].split("="));
          case "--token" -> tokens.add(args[++i].split("=", 2));
          case "--oauth-app" -> oauthApps.add(args[++i].split(",", 4));
          case "--install-portal" -> installPortal = Long.parseLong(args[++i]);
          default -> throw new IllegalArgumentException("unknown argument " + arg + " (see HubSpotSimulatorMain)");
        }
      }
      return new Setup(options, portals, tiers, tokens, oauthApps, installPortal);
    }

    void apply(HubSpotSimulator simulator) {
      for (String[] portal : portals) {
        PortalSettings settings = simulator.portals().add(Long.parseLong(portal[0]));
        if (portal.length > 1) {
          settings.burstLimit(Integer.parseInt(portal[1]));
        }
        if (portal.length > 2) {
          settings.dailyLimit(Long.parseLong(portal[2]));
        }
      }
      for (String[] tier : tiers) {
        simulator.portals().add(Long.parseLong(tier[0])).tier(Tier.valueOf(tier[1]));
      }
      for (String[] token : tokens) {
        String[] tokenAndApp = token[1].split(":");
        long appId = tokenAndApp.length > 1 ? Long.parseLong(tokenAndApp[1]) : 1;
        simulator.portals().privateAppToken(Long.parseLong(token[0]), tokenAndApp[0], appId);
      }
      if (installPortal != 0) {
        simulator.oauth().installingPortal(installPortal);
      }
      for (String[] app : oauthApps) {
        simulator.oauth().registerApp(app[0], app[1], Long.parseLong(app[2]),
            app.length > 3 ? new String[] {app[3]} : new String[0]);
      }
    }
  }
}
