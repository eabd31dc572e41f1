package io.hubgate.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlReferencesTest {

  @Test
  void findsMetricsMatchersAndGroupingButNotFunctionsOrKeywords() {
    var refs = PromQlReferences.of("histogram_quantile(0.99, sum by (le, portal) (rate(a_seconds_bucket"
        + "{portal=~\"$portal\", lane=\"BULK\"}[$__rate_interval]))) * on (portal) group_left max(b_total) > bool 1"
        + " and c unless d offset 5m");
    assertEquals(List.of("a_seconds_bucket", "b_total", "c", "d"),
        refs.selectors().stream().map(PromQlReferences.Selector::metric).toList());
    assertEquals(List.of(new PromQlReferences.LabelMatcher("portal", "=~", "$portal"),
        new PromQlReferences.LabelMatcher("lane", "=", "BULK")), refs.selectors().get(0).matchers());
    assertEquals(Set.of("le", "portal"), refs.grouping());
  }

  @Test
  void readsGrafanaLabelValues() {
    var refs = PromQlReferences.of("label_values(hubgate_ratelimit_budget_burst, portal)");
    assertEquals("hubgate_ratelimit_budget_burst", refs.selectors().get(0).metric());
    assertEquals(Set.of("portal"), refs.grouping());
  }
}
