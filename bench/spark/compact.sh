#!/usr/bin/env bash
# Compaction benchmark: N events (default 1,000,000, the original's mix) landed by the land job, then
# rewritten by one Spark write into about F small files (default 1,000) in land's layout, as many land
# batches leave them; a full scan of them (every column of every row) timed before and after the
# compact job, which runs as a child JVM and is timed too.
# Prints the files and MiB before and after, the compact job's wall time and the median scan times.
#
#   bench/spark/compact.sh [EVENTS [FILES]]      e.g. bench/spark/compact.sh 100000 200 for a quick look
#   BENCH_MASTER=local[2] BENCH_XMX=1g BENCH_SCANS=3 bench/spark/compact.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

EVENTS="${1:-1000000}"
FILES="${2:-1000}"
MASTER="${BENCH_MASTER:-local[2]}"
XMX="${BENCH_XMX:-1g}"
SCANS="${BENCH_SCANS:-3}"
case "$EVENTS$FILES$SCANS" in
    *[!0-9]*) echo "EVENTS, FILES and BENCH_SCANS must be whole numbers (got '$EVENTS', '$FILES', '$SCANS')" >&2; exit 2 ;;
esac
if [ "$FILES" -lt 3 ] || [ "$SCANS" -lt 1 ]; then
    echo "FILES must be at least 3 and BENCH_SCANS at least 1 (got $FILES, $SCANS)" >&2; exit 2
fi

# A reactor build (nothing installed into ~/.m2): the jobs' jar and lib/, the test classes, and the
# harness's classpath as the reactor resolves it; the last module built (spark-app) writes it last.
CLASSPATH_FILE="$PWD/spark-app/target/compact-bench.classpath"
mvn -B -q -pl spark-app -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE" >/dev/null

OPENS="$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' pom.xml)"
HARNESS_CP="spark-app/target/test-classes:spark-app/target/classes:$(cat "$CLASSPATH_FILE")"
JOB_CP="spark-app/target/spark-app.jar:spark-app/target/lib/*"

echo "load before: $(uptime)"
# shellcheck disable=SC2086
java -Xmx2g $OPENS -cp "$HARNESS_CP" io.gamepipe.spark.bench.CompactBench \
    "$EVENTS" "$FILES" "$SCANS" "$JOB_CP" "$MASTER" -Xmx"$XMX" $OPENS
echo "load after: $(uptime)"
