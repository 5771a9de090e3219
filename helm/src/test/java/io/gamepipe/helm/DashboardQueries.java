package io.gamepipe.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The chart's Grafana dashboard, its PromQL queries, and the metric names they read. */
final class DashboardQueries {
  static final Path FILE = Repo.CHART.resolve("dashboards/gamepipe.json");

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
      "bool", "and", "or", "unless", "offset", "inf", "nan");

  private DashboardQueries() {
  }

  static JsonNode dashboard() {
    try {
      return new ObjectMapper().readTree(FILE.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + FILE, e);
    }
  }

  /** Every query: the panels' target expressions and the template variables' queries. */
  static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if ("query".equals(variable.path("type").asText())) {
        queries.add(variable.path("query").path("query").asText());
      }
    }
    return queries;
  }

  /**
   * The metric names a PromQL expression (or Grafana's {@code label_values(metric, label)}) reads: what is left once
   * strings, label matchers, ranges and grouping clauses are gone, minus function names (followed by a parenthesis),
   * keywords and numbers.
   */
  static Set<String> metricNames(String query) {
    Set<String> names = new LinkedHashSet<>();
    Matcher labelValues = LABEL_VALUES.matcher(query);
    if (labelValues.find()) {
      names.add(labelValues.group(1));
      return names;
    }
    String stripped = STRING.matcher(query).replaceAll(" ");
    stripped = MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = RANGE.matcher(stripped).replaceAll(" ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");
    Matcher identifier = IDENTIFIER.matcher(stripped);
    while (identifier.find()) {
      String name = identifier.group(1);
      if (identifier.group(2) == null && !KEYWORDS.contains(name.toLowerCase())) {
        names.add(name);
      }
    }
    return names;
  }

  /** The names of the series a Prometheus text exposition holds (# lines skipped). */
  static Set<String> exportedNames(String exposition) {
    Set<String> names = new LinkedHashSet<>();
    exposition.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0]).forEach(names::add);
    return names;
  }
}
