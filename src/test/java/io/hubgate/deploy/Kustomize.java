package io.hubgate.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders our kustomizations as {@code kubectl apply -k} would, for the features deploy/ uses and no others: a
 * kustomization with any other key fails, so that a new feature is either implemented here or not used. No kustomize
 * we can install renders current kustomizations (Debian's is 2.0.3), hence this.
 * <ul>
 *   <li>{@code resources}: files (several documents each) and directories (kustomizations, rendered first)</li>
 *   <li>{@code configMapGenerator}: literals and files, with {@code disableNameSuffixHash} (no hashes computed)</li>
 *   <li>{@code namespace}; {@code labels} (pairs, includeSelectors: Deployment and Service selectors and the pod
 *       template), applied to this level's objects</li>
 *   <li>{@code patches} ({@code path}): strategic merge, lists of named items (containers, ports, volumes, env)
 *       merged by name, other lists replaced</li>
 *   <li>{@code replicas}, {@code images} (newName, newTag)</li>
 * </ul>
 */
final class Kustomize {

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
      "generatorOptions", "namespace", "labels", "patches", "replicas", "images");

  private Kustomize() {
  }

  static List<ObjectNode> render(Path dir) {
    ObjectNode k = (ObjectNode) read(dir.resolve("kustomization.yaml")).get(0);
    k.fieldNames().forEachRemaining(key -> {
      if (!SUPPORTED.contains(key)) {
        throw new IllegalArgumentException(dir + ": kustomization key " + key + " is not supported by this renderer");
      }
    });
    List<ObjectNode> objects = new ArrayList<>();
    for (JsonNode resource : k.path("resources")) {
      Path path = dir.resolve(resource.asText()).normalize();
      objects.addAll(Files.isDirectory(path) ? render(path) : read(path));
    }
    for (JsonNode generator : k.path("configMapGenerator")) {
      if (!k.path("generatorOptions").path("disableNameSuffixHash").asBoolean()) {
        throw new IllegalArgumentException(dir + ": generated names need generatorOptions.disableNameSuffixHash");
      }
      objects.add(configMap(dir, generator));
    }
    String namespace = k.path("namespace").asText(null);
    for (ObjectNode object : objects) {
      if (namespace != null) {
        ((ObjectNode) object.get("metadata")).put("namespace", namespace);
      }
      for (JsonNode label : k.path("labels")) {
        addLabels(object, (ObjectNode) label.get("pairs"), label.path("includeSelectors").asBoolean());
      }
    }
    for (JsonNode patch : k.path("patches")) {
      if (!patch.has("path") || patch.size() != 1) {
        throw new IllegalArgumentException(dir + ": only patches by path are supported: " + patch);
      }
      for (ObjectNode p : read(dir.resolve(patch.get("path").asText()))) {
        merge(find(objects, p.get("kind").asText(), p.at("/metadata/name").asText(), dir), p);
      }
    }
    for (JsonNode replicas : k.path("replicas")) {
      find(objects, "Deployment", replicas.get("name").asText(), dir).with("spec").put("replicas",
          replicas.get("count").asInt());
    }
    for (JsonNode image : k.path("images")) {
      retag(objects, image);
    }
    return objects;
  }

  static List<ObjectNode> read(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      List<ObjectNode> documents = new ArrayList<>();
      Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add((ObjectNode) document);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode configMap(Path dir, JsonNode generator) {
    ObjectNode cm = JsonNodeFactory.instance.objectNode();
    cm.put("apiVersion", "v1").put("kind", "ConfigMap");
    ObjectNode metadata = cm.putObject("metadata").put("name", generator.get("name").asText());
    if (generator.at("/options/labels").isObject()) {
      metadata.set("labels", generator.at("/options/labels").deepCopy());
    }
    ObjectNode data = cm.putObject("data");
    for (JsonNode literal : generator.path("literals")) {
      String[] kv = literal.asText().split("=", 2);
      data.put(kv[0], kv[1]);
    }
    for (JsonNode file : generator.path("files")) {
      Path path = dir.resolve(file.asText());
      try {
        data.put(path.getFileName().toString(), Files.readString(path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return cm;
  }

  private static void addLabels(ObjectNode object, ObjectNode pairs, boolean includeSelectors) {
    object.with("metadata").with("labels").setAll(pairs.deepCopy());
    if (!includeSelectors) {
      return;
    }
    switch (object.get("kind").asText()) {
      case "Deployment" -> {
        object.with("spec").with("selector").with("matchLabels").setAll(pairs.deepCopy());
        object.with("spec").with("template").with("metadata").with("labels").setAll(pairs.deepCopy());
      }
      case "Service" -> object.with("spec").with("selector").setAll(pairs.deepCopy());
      default -> {
      }
    }
  }

  private static ObjectNode find(List<ObjectNode> objects, String kind, String name, Path dir) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind) && o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(dir + ": no " + kind + " " + name + " to patch"));
  }

  /** Strategic merge: maps recursively, lists of named items by name, anything else replaced; null removes. */
  static void merge(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      var field = it.next();
      JsonNode existing = target.get(field.getKey());
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (existing instanceof ObjectNode o && value instanceof ObjectNode v) {
        merge(o, v);
      } else if (existing instanceof ArrayNode a && value instanceof ArrayNode v && named(a) && named(v)) {
        for (JsonNode item : v) {
          ObjectNode match = null;
          for (JsonNode old : a) {
            if (old.get("name").equals(item.get("name"))) {
              match = (ObjectNode) old;
            }
          }
          if (match == null) {
            a.add(item.deepCopy());
          } else {
            merge(match, (ObjectNode) item);
          }
        }
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  private static boolean named(ArrayNode list) {
    for (JsonNode item : list) {
      if (!item.isObject() || !item.has("name")) {
        return false;
      }
    }
    return !list.isEmpty();
  }

  private static void retag(List<ObjectNode> objects, JsonNode image) {
    String name = image.get("name").asText();
    for (ObjectNode object : objects) {
      for (JsonNode container : object.at("/spec/template/spec/containers")) {
        String current = container.path("image").asText();
        String base = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
        if (base.equals(name)) {
          String tag = image.has("newTag") ? image.get("newTag").asText()
              : current.substring(base.length()).replaceFirst("^:", "");
          String newName = image.path("newName").asText(base);
          ((ObjectNode) container).put("image", tag.isEmpty() ? newName : newName + ":" + tag);
        }
      }
    }
  }
}
