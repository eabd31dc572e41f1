package io.hubgate.console;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.Concurrently;
import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/**
 * The console in a real browser: Debian's headless Chromium driven by its ChromeDriver over WebDriver (Selenium). The
 * page loads without a console error, a portal's gauge and the event list change while calls and deliveries flow,
 * and a screenshot is left at {@code target/console.png}. {@code .ci/run} installs {@code chromium} and
 * {@code chromium-driver}; {@code -Dhubgate.test.chromium} and {@code -Dhubgate.test.chromedriver} point elsewhere.
 */
@QuarkusTest
@TestProfile(ConsoleTest.Profile.class)
class ConsoleBrowserTest {

  /** A portal of its own: no other test's calls are in its window, so the gauge can only rise. */
  static final long PORTAL = 233;
  static final Duration WAIT = Duration.ofSeconds(60);
  static final Path SCREENSHOT = Path.of("target", "console.png");

  @TestHTTPResource("/")
  String base;

  @TestHTTPResource(value = "/", management = true)
  String management;

  HubSpotSimulator sim;
  ChromeDriverService service;
  ChromeDriver browser;

  @BeforeEach
  void start() throws IOException {
    sim = HubSpotSimulatorResource.withPortals(ConsoleTest.PORTAL, ConsoleTest.IDLE, PORTAL);
    Path chromium = executable("hubgate.test.chromium", "/usr/bin/chromium");
    Path driver = executable("hubgate.test.chromedriver", "/usr/bin/chromedriver");
    service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
    service.start();
    ChromeOptions options = new ChromeOptions()
        .setBinary(chromium.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1400,1700", "--user-data-dir=" + Files.createTempDirectory("hubgate-chromium"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    browser = new ChromeDriver(service, options);
  }

  private static Path executable(String property, String fallback) {
    Path path = Path.of(System.getProperty(property, fallback));
    assertTrue(Files.isExecutable(path), path + " is missing: install Debian's chromium and chromium-driver "
        + "(.ci/run does), or set -D" + property);
    return path;
  }

  @AfterEach
  void stop() {
    try {
      if (browser != null) {
        browser.quit();
      }
    } finally {
      if (service != null) {
        service.stop();
      }
    }
  }

  @Test
  void theGaugeAndTheEventListMoveWhileCallsAndDeliveriesFlow() throws Exception {
    browser.get(management.replaceAll("/$", "") + "/console/");
    await().atMost(WAIT).until(() -> text("status").equals("live"));
    WebElement gauge = await().atMost(WAIT).until(
        () -> browser.findElements(By.cssSelector("#portal-" + PORTAL + " .gauge")), l -> !l.isEmpty()).get(0);
    long usedBefore = used(gauge);
    assertEquals(0, usedBefore, "nothing called portal " + PORTAL + " yet");
    int rowsBefore = eventRows().size();

    // calls: coalesced creates (batches) and definition reads (each type a HubSpot request, then a cache hit)
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<Callable<Response>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String email = "browser" + i + "-" + run + "@example.com";
      calls.add(() -> as("hubspot.write").contentType("application/json")
          .body(new JsonObject().put("properties", new JsonObject().put("email", email)).encode())
          .post("/hubspot/" + PORTAL + "/crm/v3/objects/contacts"));
    }
    for (String type : List.of("contacts", "companies", "deals", "contacts")) {
      calls.add(() -> as("hubspot.read").get("/hubspot/" + PORTAL + "/crm/v3/properties/" + type));
    }
    Concurrently.run(calls).forEach(r -> assertTrue(r.statusCode() == 201 || r.statusCode() == 200, r.asString()));
    await().atMost(WAIT).until(() -> used(gauge) > usedBefore);
    assertEquals(used(gauge), chartValue(gauge), "the gauge draws the figure it shows");
    assertTrue(((Number) ((JavascriptExecutor) browser).executeScript(
        "return echarts.getInstanceByDom(arguments[0]).getWidth();", gauge)).intValue() > 100, "the gauge has a size");

    // deliveries, until the list shows them and the outcome chart has drawn a rate
    String hook = base.replaceAll("/$", "");
    List<String> objectIds = new ArrayList<>();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
      JsonObject event = Deliveries.event(PORTAL);
      objectIds.add(event.getValue("objectId").toString());
      Deliveries.postV3(hook, ConsoleTest.SECRET, Deliveries.body(event)).statusCode(200);
      return eventRows().size() >= Math.min(rowsBefore + 5, 20) && deliveriesDrawn();
    });
    String newest = eventRows().get(0).findElements(By.tagName("td")).get(3).getText();
    assertTrue(objectIds.stream().anyMatch(newest::endsWith), newest + " is one of the deliveries just sent");

    Files.createDirectories(SCREENSHOT.getParent());
    Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).toList();
    assertEquals(List.of(), errors, "the browser's console");
  }

  private io.restassured.specification.RequestSpecification as(String scopes) {
    return given().baseUri(base).header("Authorization", "Bearer " + TestTokens.token(scopes, PORTAL));
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private List<WebElement> eventRows() {
    return browser.findElements(By.cssSelector("#events tbody tr[data-sequence]"));
  }

  private static long used(WebElement gauge) {
    String used = gauge.getAttribute("data-used");
    return used == null || used.isEmpty() ? -1 : Long.parseLong(used);
  }

  private long chartValue(WebElement gauge) {
    Object value = ((JavascriptExecutor) browser).executeScript(
        "return echarts.getInstanceByDom(arguments[0]).getOption().series[0].data[0].value;", gauge);
    return ((Number) value).longValue();
  }

  private boolean deliveriesDrawn() {
    Object drawn = ((JavascriptExecutor) browser).executeScript(
        "const o = echarts.getInstanceByDom(document.getElementById('deliveries')).getOption();"
            + "return o.series.some(s => s.name === 'accepted' && s.data.some(v => v > 0));");
    return Boolean.TRUE.equals(drawn);
  }

}
