package io.hubgate.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.hubgate.access.Access;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The API description served at {@code /q/openapi} (management interface) against what the README promises: every
 * endpoint of its table with its methods, every problem type of a row under that row's statuses on every method the row
 * names, the scopes a row mentions as the operations' security requirements; against docs/coalescing.md: every
 * coalesced shape; against the code: every problem type any class emits. The README and the code are parsed, so that
 * adding an endpoint, a problem or a scope without describing it fails here.
 */
@QuarkusTest
class OpenApiDocumentTest {

  static final String PROBLEM_BASE = "https://hubgate.io/problems/";
  static final String PROBLEM_JSON = "application/problem+json";
  static final Set<String> HTTP_METHODS = Set.of("get", "head", "post", "put", "patch", "delete", "options");

  @TestHTTPResource(value = "/", management = true)
  String management;

  JsonNode doc;

  @BeforeEach
  void fetch() throws IOException {
    String json = given().baseUri(management).queryParam("format", "json").get("openapi")
        .then().statusCode(200).extract().asString();
    doc = new ObjectMapper().readTree(json);
  }

  @Test
  void servedOnTheManagementInterfaceOnly() {
    given().get("/q/openapi").then().statusCode(404);
    assertTrue(doc.path("openapi").asText().startsWith("3."), doc.path("openapi").asText());
    assertEquals("Hubgate", doc.path("info").path("title").asText());
    assertTrue(doc.path("info").path("version").asText().matches("[0-9]+\\.[0-9]+.*"), "the build's version: "
        + doc.path("info").path("version"));
  }

  @Test
  void describesEveryEndpointOfTheReadmeWithItsMethods() throws IOException {
    List<Row> rows = readmeRows();
    assertTrue(rows.size() > 20, "read the README's table: " + rows.size());
    for (Row row : rows) {
      if (row.paths.isEmpty()) {
        continue; // "every path of the API port": checked against every operation below
      }
      for (String path : row.paths) {
        JsonNode item = pathItem(path);
        for (String method : row.methods) {
          assertFalse(item.path(method).isMissingNode(), method.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
  }

  @Test
  void everyProblemOfTheReadmeUnderItsStatusesOnEveryMethodOfItsRow() throws IOException {
    int checked = 0;
    for (Row row : readmeRows()) {
      for (JsonNode operation : operations(row)) {
        for (String slug : row.problems) {
          Set<String> found = new TreeSet<>();
          for (String status : row.statuses) {
            found.addAll(problemTypes(operation.path("responses").path(status)));
          }
          assertTrue(found.contains(PROBLEM_BASE + slug), row.label() + ": " + slug + " under " + row.statuses
              + " of " + operation.path("summary").asText() + "; found " + found);
          checked++;
        }
      }
    }
    assertTrue(checked > 100, "problems checked: " + checked);
  }

  @Test
  void scopesOfTheReadmeAreTheSecurityRequirementsOfItsEndpoints() throws IOException {
    Set<String> known = Arrays.stream(Access.values()).map(Access::scope).collect(Collectors.toSet());
    JsonNode scheme = doc.path("components").path("securitySchemes").path("bearer");
    assertEquals("http", scheme.path("type").asText());
    assertEquals("bearer", scheme.path("scheme").asText());
    assertEquals("JWT", scheme.path("bearerFormat").asText());
    for (String scope : known) {
      assertTrue(scheme.path("description").asText().contains(scope), "the scheme describes " + scope);
    }
    Map<String, Set<String>> readmeScopes = new LinkedHashMap<>();
    for (Row row : readmeRows()) {
      for (String path : row.paths) {
        Set<String> scopes = readmeScopes.computeIfAbsent(path, p -> new TreeSet<>());
        known.stream().filter(s -> row.description.contains("`" + s + "`")).forEach(scopes::add);
      }
    }
    assertTrue(readmeScopes.values().stream().mapToInt(Set::size).sum() >= 4, "scopes in the README: " + readmeScopes);
    for (Map.Entry<String, Set<String>> entry : readmeScopes.entrySet()) {
      Set<String> described = new TreeSet<>();
      JsonNode item = pathItem(entry.getKey());
      for (String method : HTTP_METHODS) {
        JsonNode operation = item.path(method);
        if (operation.isMissingNode()) {
          continue;
        }
        Set<String> scopes = scopes(operation);
        if (!entry.getValue().isEmpty()) {
          assertFalse(scopes.isEmpty(), method + " " + entry.getKey() + " is protected: it needs a security requirement");
        }
        described.addAll(scopes);
      }
      assertEquals(entry.getValue(), described, "scopes of " + entry.getKey());
    }
  }

  @Test
  void passThroughNeedsReadForReadsAndWriteForTheRest() {
    JsonNode any = pathItem("/hubspot/{portalId}/{path}");
    assertEquals(Set.of("hubspot.read"), scopes(any.path("get")));
    assertEquals(Set.of("hubspot.read"), scopes(any.path("head")));
    for (String method : List.of("post", "put", "patch", "delete")) {
      assertEquals(Set.of("hubspot.write"), scopes(any.path(method)), method);
    }
    assertEquals(Set.of("hubspot.read"), scopes(pathItem("/hubspot/{portalId}/crm/v3/objects/{objectType}/search").path("post")));
    assertEquals(Set.of("hubspot.read"), scopes(pathItem("/hubspot/{portalId}/crm/v3/objects/{objectType}/batch/read").path("post")));
    assertTrue(pathItem("/webhooks/hubspot").path("post").path("security").isMissingNode(), "webhooks are open");
    assertTrue(pathItem("/oauth/callback").path("get").path("security").isMissingNode(), "the callback is open");
  }

  @Test
  void everyCoalescedShapeOfTheCoalescingDocNamesItsBatchEndpoint() throws IOException {
    // | `POST /crm/v3/objects/{type}` `{properties, associations?}` | `POST /crm/v3/objects/{type}/batch/create` |
    Matcher shape = Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/crm/[^` \\[]+)[^|]*\\|", Pattern.MULTILINE)
        .matcher(Files.readString(Path.of("docs/coalescing.md")));
    Set<String> documented = new TreeSet<>();
    while (shape.find()) {
      documented.add(shape.group(1).toLowerCase(Locale.ROOT) + " " + template("/hubspot/{portalId}" + shape.group(2)));
    }
    assertEquals(8, documented.size(), "shapes of docs/coalescing.md: " + documented);
    Set<String> described = new TreeSet<>();
    doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      if (!op.getValue().path("x-hubgate-coalesced").isMissingNode()) {
        assertTrue(op.getValue().path("x-hubgate-coalesced").asText().contains("/batch/"), op.getKey() + " " + path.getKey());
        described.add(op.getKey() + " " + template(path.getKey()));
      }
    }));
    assertEquals(documented, described);
  }

  @Test
  void everyProblemTypeTheCodeEmitsIsAnExample() throws IOException {
    Set<String> slugs = emittedProblemSlugs();
    assertTrue(slugs.size() > 30, "problem types found in the code: " + slugs);
    JsonNode examples = doc.path("components").path("examples");
    Set<String> types = new TreeSet<>();
    examples.fields().forEachRemaining(e -> types.add(e.getValue().path("value").path("type").asText()));
    for (String slug : slugs) {
      String type = PROBLEM_BASE + (slug.endsWith("-") ? slug + "{status}" : slug);
      assertTrue(types.contains(type), type + " is emitted but not described; described: " + types);
    }
    examples.fields().forEachRemaining(e -> assertEquals(
        PROBLEM_BASE + (e.getKey().equals("http-status") ? "http-{status}" : e.getKey()),
        e.getValue().path("value").path("type").asText(), "example " + e.getKey() + " is named by its type"));
  }

  @Test
  void everyApiOperationMayGetTheRequestTargetRefusals() {
    int operations = 0;
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (path.getKey().startsWith("/q/")) {
        continue;
      }
      for (String method : HTTP_METHODS) {
        JsonNode operation = path.getValue().path(method);
        if (operation.isMissingNode()) {
          continue;
        }
        operations++;
        String where = method + " " + path.getKey();
        assertTrue(problemTypes(operation.path("responses").path("400")).contains(PROBLEM_BASE + "bad-request-target"), where);
        assertTrue(problemTypes(operation.path("responses").path("414")).contains(PROBLEM_BASE + "request-target-too-long"), where);
      }
    }
    assertTrue(operations >= 17, "operations: " + operations);
  }

  // ---- the README's endpoints table ----

  /** One row, with the path and methods of the row that opened its group (continuation rows leave them blank). */
  record Row(List<String> paths, List<String> methods, List<String> statuses, List<String> problems, String description) {
    String label() {
      return (paths.isEmpty() ? "every path" : paths.toString()) + " " + statuses;
    }
  }

  static List<Row> readmeRows() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("README.md"));
    int start = lines.indexOf("## Endpoints");
    assertTrue(start >= 0, "README has ## Endpoints");
    List<Row> rows = new ArrayList<>();
    List<String> paths = List.of();
    List<String> methods = List.of();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      String[] cells = Arrays.stream(line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1))
          .map(String::trim).toArray(String[]::new);
      if (cells.length < 5 || cells[0].equals("Path") || cells[0].startsWith("---")) {
        continue;
      }
      if (!cells[0].isEmpty()) {
        paths = backticked(cells[0]).stream().filter(p -> p.startsWith("/")).toList();
        methods = cells[1].equalsIgnoreCase("any")
            ? List.of()
            : Arrays.stream(cells[1].split(",")).map(m -> m.trim().toLowerCase(Locale.ROOT)).toList();
      }
      List<String> statuses = new ArrayList<>();
      Matcher status = Pattern.compile("\\b[1-5][0-9]{2}\\b").matcher(cells[2]);
      while (status.find()) {
        statuses.add(status.group());
      }
      List<String> problems = cells[3].contains("problem+json")
          ? backticked(cells[3]).stream().filter(s -> s.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")).toList()
          : List.of();
      rows.add(new Row(paths, methods, statuses, problems, cells[4]));
    }
    return rows;
  }

  private static List<String> backticked(String cell) {
    List<String> items = new ArrayList<>();
    Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
    while (m.find()) {
      items.add(m.group(1));
    }
    return items;
  }

  // ---- the document ----

  /** The operations a row speaks of: its paths' methods, or every operation of the API port for "every path". */
  private List<JsonNode> operations(Row row) {
    List<JsonNode> operations = new ArrayList<>();
    if (row.paths.isEmpty()) {
      doc.path("paths").fields().forEachRemaining(path -> {
        if (!path.getKey().startsWith("/q/")) {
          HTTP_METHODS.forEach(m -> {
            if (!path.getValue().path(m).isMissingNode()) {
              operations.add(path.getValue().path(m));
            }
          });
        }
      });
      return operations;
    }
    for (String path : row.paths) {
      for (String method : row.methods) {
        operations.add(pathItem(path).path(method));
      }
    }
    return operations;
  }

  /** The path item whose template matches the README's, whatever the placeholders are named. */
  private JsonNode pathItem(String readmePath) {
    String wanted = template(readmePath);
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      if (template(path.getKey()).equals(wanted)) {
        return path.getValue();
      }
    }
    throw new AssertionError(readmePath + " is not described; paths: " + doc.path("paths").properties().stream()
        .map(Map.Entry::getKey).toList());
  }

  private static String template(String path) {
    return path.replaceAll("\\{[^}]*\\}", "{}");
  }

  private Set<String> scopes(JsonNode operation) {
    assertFalse(operation.isMissingNode());
    Set<String> scopes = new TreeSet<>();
    for (JsonNode requirement : operation.path("security")) {
      requirement.fields().forEachRemaining(scheme -> {
        assertNotNull(doc.path("components").path("securitySchemes").get(scheme.getKey()), "scheme " + scheme.getKey());
        scheme.getValue().forEach(scope -> scopes.add(scope.asText()));
      });
    }
    return scopes;
  }

  /** The problem types of a response: the {@code type} of each example of its problem+json content, refs followed. */
  private Set<String> problemTypes(JsonNode response) {
    Set<String> types = new LinkedHashSet<>();
    JsonNode examples = resolve(response).path("content").path(PROBLEM_JSON).path("examples");
    examples.forEach(example -> types.add(resolve(example).path("value").path("type").asText()));
    return types;
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.get("$ref");
    if (ref == null) {
      return node;
    }
    JsonNode target = doc;
    for (String part : ref.asText().substring(2).split("/")) {
      target = target.path(part);
    }
    assertFalse(target.isMissingNode(), "dangling " + ref.asText());
    return resolve(target);
  }

  // ---- the code ----

  /** Every problem slug in src/main/java: problem constructors, the Refused subclass, the mappers' own types. */
  static Set<String> emittedProblemSlugs() throws IOException {
    List<Pattern> patterns = List.of(
        Pattern.compile("(?:ProblemException|Refused|super)\\([^,()]+,\\s*\"([a-z][a-z-]*)\""),
        Pattern.compile("TYPE_BASE \\+ \"([a-z][a-z-]*)\""),
        Pattern.compile("UNAUTHENTICATED = \"([a-z][a-z-]*)\""));
    Set<String> slugs = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        for (Pattern pattern : patterns) {
          Matcher m = pattern.matcher(source);
          while (m.find()) {
            slugs.add(m.group(1));
          }
        }
      }
    }
    return slugs;
  }
}
