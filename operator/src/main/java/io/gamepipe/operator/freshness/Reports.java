package io.gamepipe.operator.freshness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the jobs' JSON reports. The field names are the data plane's contract (the events module's JobReports; the
 * operator keeps its own copy, held equal by DataPlaneContractTest). Unknown fields are ignored.
 */
public final class Reports {
  public static final String LAND = "land";
  public static final String COMPACT = "compact";
  public static final String FINISHED_AT = "finishedAt";
  public static final String TOPIC = "topic";
  public static final String COMMITTED_OFFSETS = "committedOffsets";
  public static final String EVENTS_LANDED = "eventsLanded";
  public static final String FILES_BEFORE = "filesBefore";
  public static final String FILES_AFTER = "filesAfter";
  public static final String RETENTION_DAYS = "retentionDays";
  public static final String PARTITIONS_DELETED = "partitionsDeleted";
  public static final String BYTES_FREED = "bytesFreed";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Reports() {
  }

  public static LandReport land(String json) throws IOException {
    JsonNode report = parse(json);
    Map<Integer, Long> committed = new TreeMap<>();
    var fields = report.path(COMMITTED_OFFSETS).fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      try {
        committed.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong());
      } catch (NumberFormatException e) {
        throw new IOException("land report: partition '" + entry.getKey() + "' is not a number");
      }
    }
    return new LandReport(finishedAt(report), report.path(TOPIC).asText(""), committed,
        report.path(EVENTS_LANDED).asLong(0));
  }

  public static CompactReport compact(String json) throws IOException {
    JsonNode report = parse(json);
    return new CompactReport(finishedAt(report), number(report, FILES_BEFORE), number(report, FILES_AFTER),
        number(report, RETENTION_DAYS), number(report, PARTITIONS_DELETED), number(report, BYTES_FREED));
  }

  private static JsonNode parse(String json) throws IOException {
    JsonNode node = JSON.readTree(json);
    if (node == null || !node.isObject()) {
      throw new IOException("a report must be a JSON object");
    }
    return node;
  }

  private static Instant finishedAt(JsonNode report) throws IOException {
    try {
      return Instant.parse(report.path(FINISHED_AT).asText());
    } catch (DateTimeParseException e) {
      throw new IOException("report: " + FINISHED_AT + " '" + report.path(FINISHED_AT).asText() + "' is not an ISO-8601 instant");
    }
  }

  private static Long number(JsonNode report, String field) {
    JsonNode value = report.get(field);
    return value != null && value.isNumber() ? value.asLong() : null;
  }
}
