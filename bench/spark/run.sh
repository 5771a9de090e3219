#!/usr/bin/env bash
# spark-app benchmark: N events (default 1,000,000, about 250 bytes each, the original's mix) in a
# real Kafka topic; a plain KafkaConsumer read, then ExtractEventsJob and LandEventsJob as child
# JVMs, each on an empty topic, on N and on 2N events. Prints the steady rate (N / the extra time
# 2N takes), the end-to-end rate on N, the fixed cost (start-up + JIT warm-up) and peak RSS.
#
#   bench/spark/run.sh [EVENTS]            e.g. bench/spark/run.sh 200000 for a quick look
#   BENCH_MASTER=local[2] BENCH_XMX=1g bench/spark/run.sh
#   BENCH_JOBS=land bench/spark/run.sh      only one job (extract, land; default both)
#   BENCH_RUNS=1 bench/spark/run.sh         runs per job and topic, the median is shown (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."

EVENTS="${1:-1000000}"
MASTER="${BENCH_MASTER:-local[2]}"
XMX="${BENCH_XMX:-1g}"
# Extra flags for the job JVMs, e.g. BENCH_JOB_FLAGS='-XX:StartFlightRecording=filename=/tmp/job-%p.jfr'
JOB_FLAGS="${BENCH_JOB_FLAGS:-}"
JOBS="${BENCH_JOBS:-extract,land}"
RUNS="${BENCH_RUNS:-3}"
case "$EVENTS$RUNS" in
    *[!0-9]*) echo "EVENTS and BENCH_RUNS must be whole numbers (got '$EVENTS', '$RUNS')" >&2; exit 2 ;;
esac

# The jobs' jar and lib/ (as ./gamepipe runs them), and the test classpath for the harness.
# One reactor build (no install: nothing of this checkout goes to the shared local repository).
mvn -B -q -pl spark-app -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >/dev/null

# The Java 17 flags Spark needs, from the parent pom's java17.opens (one source of truth).
OPENS="$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' pom.xml)"
HARNESS_CP="spark-app/target/test-classes:spark-app/target/classes:$(cat spark-app/target/bench.classpath)"
JOB_CP="spark-app/target/spark-app.jar:spark-app/target/lib/*"

# shellcheck disable=SC2086
exec java -Xmx2g $OPENS -Dbench.jobs="$JOBS" -Dbench.runs="$RUNS" -cp "$HARNESS_CP" io.gamepipe.spark.bench.SparkBench \
    "$EVENTS" "$JOB_CP" "$MASTER" -Xmx"$XMX" $OPENS $JOB_FLAGS
