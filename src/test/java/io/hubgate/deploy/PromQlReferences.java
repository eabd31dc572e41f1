package io.hubgate.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metrics and labels a PromQL expression names: enough of PromQL for our dashboard and alerts (selectors with
 * matchers, range vectors, functions and aggregations, by/on clauses), not a parser of the language.
 *
 * @param selectors each metric selector: the metric and its matchers
 * @param grouping  labels of by, without, on, ignoring and group_left/right clauses
 */
record PromQlReferences(List<Selector> selectors, Set<String> grouping) {

  /** One matcher: {@code label op "value"}. */
  record LabelMatcher(String label, String op, String value) {
  }

  record Selector(String metric, List<LabelMatcher> matchers) {
  }

  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\{([^}]*)\\})?");
  private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*"
      + "([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "group_left",
      "group_right", "by", "without", "on", "ignoring");

  static PromQlReferences of(String expr) {
    Set<String> grouping = new LinkedHashSet<>();
    List<Selector> selectors = new ArrayList<>();
    Matcher values = LABEL_VALUES.matcher(expr);
    if (values.matches()) {
      return new PromQlReferences(List.of(new Selector(values.group(1), List.of())), Set.of(values.group(2)));
    }
    Matcher g = GROUPING.matcher(expr);
    while (g.find()) {
      for (String label : g.group(2).split(",")) {
        if (!label.isBlank()) {
          grouping.add(label.trim());
        }
      }
    }
    String rest = GROUPING.matcher(expr).replaceAll(" ").replaceAll("\\[[^\\]]*\\]", " ");
    Matcher s = SELECTOR.matcher(rest);
    while (s.find()) {
      String name = s.group(1);
      int after = s.end();
      while (after < rest.length() && Character.isWhitespace(rest.charAt(after))) {
        after++;
      }
      boolean function = s.group(2) == null && after < rest.length() && rest.charAt(after) == '(';
      boolean number = s.start() > 0 && Character.isDigit(rest.charAt(s.start() - 1));
      if (function || number || KEYWORDS.contains(name.toLowerCase())) {
        continue;
      }
      List<LabelMatcher> matchers = new ArrayList<>();
      if (s.group(3) != null) {
        Matcher m = MATCHER.matcher(s.group(3));
        while (m.find()) {
          matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
        }
      }
      selectors.add(new Selector(name, matchers));
    }
    return new PromQlReferences(selectors, grouping);
  }

  /** The metric names, for messages. */
  Map<String, List<LabelMatcher>> byMetric() {
    Map<String, List<LabelMatcher>> map = new LinkedHashMap<>();
    selectors.forEach(sel -> map.computeIfAbsent(sel.metric(), k -> new ArrayList<>()).addAll(sel.matchers()));
    return map;
  }
}
