package io.gamepipe.operator.freshness;

import java.time.Instant;

/** Compact's report ({@code {output-root}/_reports/compact.json}); a figure it does not give is null. */
public record CompactReport(Instant finishedAt, Long filesBefore, Long filesAfter, Long retentionDays,
    Long partitionsDeleted, Long bytesFreed) {
}
