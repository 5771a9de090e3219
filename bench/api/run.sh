#!/usr/bin/env bash
# Benchmark of the game API against a real local Kafka broker: the original's URL mix at several
# concurrencies for a fixed time, with req/s, p50/p99 latency and events in the topic vs 200 answers.
#
#   bench/api/run.sh [--duration SECONDS] [--warmup SECONDS] [--concurrency "1 8 64"] [--no-build]
#                    [--api-arg --gamepipe.kafka.producer[linger.ms]=5 ...]
#
# Needs: Java 17, Maven, wrk (installed with apt-get when missing). Uses free ports and a temporary
# directory; stops what it started on exit.
set -euo pipefail

DURATION=20
WARMUP=15
LEVELS="1 8 64"
BUILD=1
API_ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --concurrency) LEVELS="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --api-arg) API_ARGS+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

source "$(dirname "$0")/common.sh" api
if [[ $BUILD == 1 || ! -f game-api/target/game-api.jar ]]; then
  echo "== building game-api (jar and test classes)"
  mvn -B -ntp -q -pl game-api -am package -DskipTests
fi
# A reactor build (nothing installed into the shared ~/.m2): embedded/ comes from its target/.
mvn -B -ntp -q -pl game-api -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$ROOT/game-api/target/test-classes:$(cat "$WORK/cp.txt")"


KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port); API_PORT=$(free_port); MGMT_PORT=$(free_port)
TOPIC=events
echo "== starting Kafka on localhost:$KAFKA_PORT"
java -Xmx1g -cp "$CP" io.gamepipe.embedded.KafkaMain --port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
  --log-dir "$WORK/kafka" > "$WORK/kafka.log" 2>&1 &
PIDS+=($!)
KAFKA_PID=$!
await_line "$WORK/kafka.log" '^READY' 90

echo "== starting the API on localhost:$API_PORT"
KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT" EVENTS_TOPIC=$TOPIC SERVER_PORT=$API_PORT MANAGEMENT_SERVER_PORT=$MGMT_PORT \
  java -Xms512m -Xmx512m -XX:+UseParallelGC -XX:CICompilerCount=4 -Dspring.aot.enabled=true -jar game-api/target/game-api.jar "${API_ARGS[@]}" > "$WORK/api.log" 2>&1 &
PIDS+=($!)
API_PID=$!
# Traffic only once the API reports ready (after its warm-up), as a Service sends it.
echo "== waiting for the API's readiness (its warm-up: API_WARM_UP, default 6s at most)"
for _ in $(seq 1 1800); do
  curl -sf -o /dev/null "http://localhost:$MGMT_PORT/actuator/health/readiness" && break
  kill -0 $API_PID 2>/dev/null || { echo "the API exited at start:" >&2; tail -20 "$WORK/api.log" >&2; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "http://localhost:$MGMT_PORT/actuator/health/readiness" \
  || { echo "the API did not report ready within 180 s:" >&2; tail -20 "$WORK/api.log" >&2; exit 1; }
URL="http://localhost:$API_PORT"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time, in clock ticks
TICKS=$(getconf CLK_TCK)
events_in_topic() { java -cp "$CP" io.gamepipe.api.TopicEndOffset "localhost:$KAFKA_PORT" "$TOPIC" 2>/dev/null | tail -1; }

echo "== warming up for ${WARMUP}s (JIT), not measured"
wrk -t2 -c64 -d"${WARMUP}s" -s "$HERE/mix.lua" "$URL" > /dev/null

printf '\n%-12s %10s %9s %9s %10s %10s %8s %8s %8s %8s\n' concurrency req/s p50_ms p99_ms 200s events lost errors api_cpu kafka_cpu
for c in $LEVELS; do
  threads=$(( c < 2 ? 1 : 2 ))
  before=$(events_in_topic)
  api_cpu=$(cpu_ticks $API_PID); kafka_cpu=$(cpu_ticks $KAFKA_PID)
  out=$(wrk -t"$threads" -c"$c" -d"${DURATION}s" --timeout 10s -s "$HERE/mix.lua" "$URL")
  api_cpu=$(( $(cpu_ticks $API_PID) - api_cpu )); kafka_cpu=$(( $(cpu_ticks $KAFKA_PID) - kafka_cpu ))
  sleep 1 # answers still in flight when wrk stopped get their events written
  after=$(events_in_topic)
  line=$(grep '^RESULT' <<<"$out")
  val() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $line"; }
  requests=$(val requests); non2xx=$(val non2xx); errors=$(val socket_errors)
  ok=$(( requests - non2xx )); events=$(( after - before )); lost=$(( ok > events ? ok - events : 0 ))
  awk -v c="$c" -v r="$requests" -v d="$(val duration_us)" -v p50="$(val p50_us)" -v p99="$(val p99_us)" \
      -v ok="$ok" -v ev="$events" -v lost="$lost" -v err="$(( errors + non2xx ))" \
      -v acpu="$api_cpu" -v kcpu="$kafka_cpu" -v hz="$TICKS" \
      'BEGIN { s = d / 1e6; printf "%-12s %10.0f %9.2f %9.2f %10d %10d %8d %8d %8.2f %8.2f\n", c, r / s, p50 / 1000, p99 / 1000, ok, ev, lost, err, acpu / hz / s, kcpu / hz / s }'
done
echo
echo "events = records added to topic '$TOPIC' during the run (>= 200s: requests cut off when wrk stops still get their event)"
echo "lost = 200 answers without an event; errors = non-2xx answers + socket errors"
echo "api_cpu, kafka_cpu = cores each process used while wrk ran (the rest went to wrk and the machine's other work)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
