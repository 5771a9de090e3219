package io.gamepipe.operator.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportsTest {
  @Test
  void readsLandsReportAndIgnoresFieldsItDoesNotKnow() throws IOException {
    LandReport report = Reports.land("""
        {"finishedAt": "2026-12-02T06:40:00.123Z", "topic": "events", "committedOffsets": {"0": 42, "1": 7},
         "eventsLanded": 49, "addedLater": true}""");

    assertThat(report).isEqualTo(new LandReport(Instant.parse("2026-12-02T06:40:00.123Z"), "events",
        Map.of(0, 42L, 1, 7L), 49));
  }

  @Test
  void readsCompactsReportWithAndWithoutRetention() throws IOException {
    assertThat(Reports.compact("""
        {"finishedAt": "2026-12-02T07:00:00Z", "filesBefore": 1000, "filesAfter": 12, "retentionDays": 30,
         "partitionsDeleted": 4, "bytesFreed": 123456}"""))
        .isEqualTo(new CompactReport(Instant.parse("2026-12-02T07:00:00Z"), 1000L, 12L, 30L, 4L, 123456L));
    assertThat(Reports.compact("{\"finishedAt\": \"2026-12-02T07:00:00Z\", \"filesBefore\": 3, \"filesAfter\": 1}"))
        .isEqualTo(new CompactReport(Instant.parse("2026-12-02T07:00:00Z"), 3L, 1L, null, null, null));
  }

  @Test
  void aBrokenReportIsAClearError() {
    assertThatThrownBy(() -> Reports.land("[1, 2]")).hasMessage("a report must be a JSON object");
    assertThatThrownBy(() -> Reports.land("{\"finishedAt\": \"yesterday\"}"))
        .hasMessage("report: finishedAt 'yesterday' is not an ISO-8601 instant");
    assertThatThrownBy(() -> Reports.land("{\"finishedAt\": \"2026-12-02T07:00:00Z\", \"committedOffsets\": {\"x\": 1}}"))
        .hasMessage("land report: partition 'x' is not a number");
    assertThatThrownBy(() -> Reports.land("{\"finishedAt\": ")).isInstanceOf(IOException.class);
  }
}
