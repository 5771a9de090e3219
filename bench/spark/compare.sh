#!/usr/bin/env bash
# Our Spark jobs against the ones a user would write from the Spark docs (issue 12): on one topic of
# N events of the original's mix, each a cold JVM timed from launch to exit, alternating, over
# BENCH_ROUNDS rounds (default 2): a plain KafkaConsumer reading the topic to its end; land as
# ./gamepipe submit runs it; the textbook Structured Streaming job (readStream kafka -> from_json ->
# writeStream parquet partitionBy event_type, event_date, Trigger.AvailableNow, a checkpoint,
# minPartitions = cores); extract and its textbook batch form. local[2], -Xmx1g and the same JVM
# flags for every Spark job. Prints best and median times, events/s, textbook/ours, peak RSS, the
# bytes each run wrote to HDFS, the CPU time stolen by the hypervisor during the timed rounds, and
# where land's seconds go on the smallest N (from the timestamps the job prints).
#
#   bench/spark/compare.sh [EVENTS,...]          default 1000000,10000
#   BENCH_ROUNDS=3 bench/spark/compare.sh 10000
#   BENCH_WARMUP=0 skips the untimed round of every contender before the timed ones (default 1): the
#   broker and HDFS run in the harness JVM and warm up too, which would slow whichever job runs first.
#   BENCH_CONTENDERS=land,textbook-land bench/spark/compare.sh
#   BENCH_FLAGS='...' extra JVM flags for every Spark job; BENCH_OUR_FLAGS adds flags to our jobs.
#   Our jobs get a class-data sharing archive as ./gamepipe submit gives them one (made by an untimed
#   training run of land first); BENCH_ARCHIVE=false leaves it out; a variant names it as {archive}:
#   BENCH_CONTENDERS=land,land:nocds BENCH_PROPS='-Dbench.variant.nocds=-Xshare:auto'
#   Our jobs choose their JIT compilers by backlog themselves (C1 alone under 500,000 records);
#   -Dspark.gamepipe.c2FromRecords=0 in a variant's flags turns that off.
#   BENCH_CONTENDERS=land,land:c1,textbook-land BENCH_PROPS='-Dbench.variant.c1=-XX:TieredStopAtLevel=1'
#   compares variants of our flags in the same rounds
set -euo pipefail
cd "$(dirname "$0")/../.."

EVENTS="${1:-1000000,10000}"
ROUNDS="${BENCH_ROUNDS:-2}"
CONTENDERS="${BENCH_CONTENDERS:-raw,land,textbook-land,extract,textbook-extract}"

# One reactor build (no install: nothing of this checkout goes to the shared local repository).
mvn -B -q -o -pl spark-app -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >/dev/null

OPENS="$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' pom.xml)"
HARNESS_CP="spark-app/target/test-classes:spark-app/target/classes:$(cat spark-app/target/bench.classpath)"
JOB_CP="$PWD/spark-app/target/spark-app.jar:$PWD/spark-app/target/lib/*"
TEXTBOOK_CP="$PWD/spark-app/target/test-classes:$PWD/spark-app/target/lib/*"
# The log settings ./gamepipe submit gives a job (warnings only), for every Spark job here.
LOG_CONF="$PWD/local/src/main/resources/io/gamepipe/local/spark-log4j2.properties"
FLAGS="$OPENS -Xmx1g -Dlog4j2.configurationFile=$LOG_CONF ${BENCH_FLAGS:-}"
OUR_FLAGS="${BENCH_OUR_FLAGS-}"

# BENCH_PROPS is read with shell quoting, so that a variant may hold several flags:
#   BENCH_PROPS="-Dbench.variant.x='-XX:A -XX:B'"
eval "props=(${BENCH_PROPS:-})"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
exec java -Xmx2g $OPENS -Dbench.rounds="$ROUNDS" -Dbench.warmup="${BENCH_WARMUP:-1}" -Dbench.contenders="$CONTENDERS" \
    -Dbench.flags="$FLAGS" -Dbench.ours.flags="$OUR_FLAGS" -Dbench.ours.archive="${BENCH_ARCHIVE:-true}" "${props[@]}" \
    -cp "$HARNESS_CP" io.gamepipe.spark.bench.CompareBench "$EVENTS" "$JOB_CP" "$TEXTBOOK_CP"
