#!/usr/bin/env bash
# The game API against its own web stack, in one run: the API (with a real local Kafka broker) and
# a bare Spring MVC app of the same Spring Boot version answering the same URLs with fixed text
# (bench/api/bare), started with the same JVM flags and driven by wrk with the original's URL mix.
#
#   bench/api/compare.sh [--rounds N] [--round-seconds S] [--warmup S] [--ramp-seconds S] [--starts N] [--broker-warmup S]
#                        [--concurrency C] [--jvm-arg ARG ...] [--api-jvm-arg ARG ...] [--no-cds] [--no-aot] [--no-build]
#
# Prints, for each app: req/s in each second after a fresh start (seconds from launch, so JVM start
# counts; traffic only from when the app reports ready, as a Service sends it: the API's readiness
# endpoint, which waits for its warm-up, API_WARM_UP in the environment, default 6s; the bare app's
# first answer), when it first held 80% of its steady rate (the broker already warmed by a throwaway
# API instance, --broker-warmup seconds, as a new instance joins a running pipeline; --starts N fresh
# starts of each, alternated, each reported and their median: one start's figure varies by several
# seconds on a shared 2-core machine); then, after a warm-up, alternating rounds (API, bare,
# API, bare, ...) with req/s and µs of CPU (user + system, from /proc) per acknowledged (2xx) request,
# and the API/bare ratio. --jvm-arg goes to both JVMs, --api-jvm-arg to the API only (e.g. a JFR
# recording). Both apps start as ./gamepipe up starts the API: from the extracted jar with a
# class-data sharing archive made by a training run (--no-cds: the plain jar, no archive), the API
# with its Spring AOT context, -Dspring.aot.enabled=true, as shipped (--no-aot: without). Needs
# Java 17, Maven, wrk (installed with apt-get when missing). Free ports, a temporary directory;
# stops what it started on exit.
set -euo pipefail

ROUNDS=2
ROUND_SECONDS=15
WARMUP=20
RAMP_SECONDS=30
STARTS=1
BROKER_WARMUP=20
CONCURRENCY=64
BUILD=1
CDS=1
JVM_ARGS=(-Xms512m -Xmx512m -XX:+UseParallelGC -XX:CICompilerCount=4)
API_JVM_ARGS=()
# As the image and ./gamepipe up run the API: the context Spring's AOT processing generated at build time.
API_AOT_ARGS=(-Dspring.aot.enabled=true)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --round-seconds) ROUND_SECONDS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --ramp-seconds) RAMP_SECONDS="$2"; shift 2 ;;
    --starts) STARTS="$2"; shift 2 ;;
    --broker-warmup) BROKER_WARMUP="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --jvm-arg) JVM_ARGS+=("$2"); shift 2 ;;
    --api-jvm-arg) API_JVM_ARGS+=("$2"); shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-cds) CDS=0; shift ;;
    --no-aot) API_AOT_ARGS=(); shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$ROUNDS" "$ROUND_SECONDS" "$WARMUP" "$RAMP_SECONDS" "$STARTS" "$BROKER_WARMUP" "$CONCURRENCY"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "expected a positive whole number, got '$n' (see --help)" >&2; exit 2; }
done

source "$(dirname "$0")/common.sh" compare
API_JAR=game-api/target/game-api.jar
BARE_JAR=bench/api/bare/target/bare-api.jar
if [[ $BUILD == 1 || ! -f $API_JAR || ! -f $BARE_JAR ]]; then
  echo "== building the game API and the bare app"
  mvn -B -ntp -q -pl game-api -am package -DskipTests
  mvn -B -ntp -q -f bench/api/bare/pom.xml package
fi
# The broker's classpath: game-api's test scope holds embedded/ (reactor build, nothing installed).
mvn -B -ntp -q -pl game-api -am package dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$WORK/cp.txt" >/dev/null
CP="$(cat "$WORK/cp.txt")"

now_ms() { date +%s%3N; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time, in clock ticks
# the same for the JIT compiler threads only: CPU a round spends compiling rather than answering
jit_ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '/\(C[12] CompilerThre/ { n = split($0, f, ") "); split(f[n], g, " "); s += g[12] + g[13] } END { print s + 0 }'; }
# voluntary context switches of all its threads: a thread that waits (parks) and is woken again counts one
ctx_switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ { s += $2 } END { print s + 0 }'; }
TICKS=$(getconf CLK_TCK)
# wrk for $2 seconds against $1; prints "requests ok duration_us" from mix.lua's RESULT line.
drive() {
  local line
  line=$(wrk -t2 -c"$CONCURRENCY" -d"$2s" --timeout 10s -s "$HERE/mix.lua" "$1" | grep '^RESULT')
  val() { sed -n "s/.* $1=\([0-9]*\).*/\1/p" <<<" $line"; }
  echo "$(val requests) $(( $(val requests) - $(val non2xx) )) $(val duration_us)"
}

KAFKA_PORT=$(free_port); CONTROLLER_PORT=$(free_port)
echo "== starting Kafka on localhost:$KAFKA_PORT"
java -Xmx1g -cp "$CP" io.gamepipe.embedded.KafkaMain --port "$KAFKA_PORT" --controller-port "$CONTROLLER_PORT" \
  --log-dir "$WORK/kafka" --create-topic events:1 > "$WORK/kafka.log" 2>&1 &
PIDS+=($!)
await_line "$WORK/kafka.log" '^READY' 120

declare -A PID URL READY_URL STEADY RAMP LAUNCH
LAUNCH[api]="-jar $API_JAR"
LAUNCH[bare]="-jar $BARE_JAR"
if [[ $CDS == 1 ]]; then
  # What ./gamepipe up does (local/ ApiClassArchive): extract, then a training run that stops once
  # the context is refreshed and writes the archive; the API's run talks to the real broker.
  for app in api bare; do
    jar=$API_JAR; [[ $app == bare ]] && jar=$BARE_JAR
    echo "== class-data archive for $app (extract + training run)"
    java -Djarmode=tools -jar "$jar" extract --destination "$WORK/$app-app" > "$WORK/$app-train.log" 2>&1
    extracted="$WORK/$app-app/$(basename "$jar")"
    aot=(); [[ $app == api ]] && aot=("${API_AOT_ARGS[@]}")
    java "${JVM_ARGS[@]}" ${aot[@]+"${aot[@]}"} -XX:ArchiveClassesAtExit="$WORK/$app.jsa" -Dspring.context.exit=onRefresh -jar "$extracted" \
      --server.port=0 --management.server.port=0 --gamepipe.kafka.bootstrap-servers="localhost:$KAFKA_PORT" \
      >> "$WORK/$app-train.log" 2>&1
    [[ -f "$WORK/$app.jsa" ]] || { echo "no archive for $app:" >&2; tail -20 "$WORK/$app-train.log" >&2; exit 1; }
    LAUNCH[$app]="-XX:SharedArchiveFile=$WORK/$app.jsa -jar $extracted"
  done
fi
# start_app NAME: launches the app on a free port; sets PID[NAME], URL[NAME], LAUNCHED_MS.
start_app() {
  local name=$1 port mgmt
  port=$(free_port); mgmt=$(free_port)
  URL[$name]="http://localhost:$port"
  # The API reports ready on its management port (after its warm-up); the bare app has no readiness: its first answer.
  READY_URL[$name]="http://localhost:$port/join_guild?guild_id=1"
  [[ $name == api ]] && READY_URL[$name]="http://localhost:$mgmt/actuator/health/readiness"
  LAUNCHED_MS=$(now_ms)
  if [[ $name == api ]]; then
    KAFKA_BOOTSTRAP_SERVERS="localhost:$KAFKA_PORT" EVENTS_TOPIC=events SERVER_PORT=$port MANAGEMENT_SERVER_PORT=$mgmt \
      java "${JVM_ARGS[@]}" ${API_AOT_ARGS[@]+"${API_AOT_ARGS[@]}"} ${API_JVM_ARGS[@]+"${API_JVM_ARGS[@]}"} ${LAUNCH[api]} > "$WORK/api.log" 2>&1 &
  else
    SERVER_PORT=$port java "${JVM_ARGS[@]}" ${LAUNCH[bare]} > "$WORK/bare.log" 2>&1 &
  fi
  PID[$name]=$!
  PIDS+=($!)
}

# ramp NAME: a fresh instance driven in 1-second slices for RAMP_SECONDS after its launch, from the
# moment it reports ready (as a Kubernetes Service or a load balancer sends it traffic); appends
# "ready_ms|slices" and a newline to RAMP[NAME].
ramp() {
  local name=$1 first_answer_ms elapsed slices=""
  start_app "$name"
  until curl -sf -o /dev/null "${READY_URL[$name]}"; do
    kill -0 "${PID[$name]}" 2>/dev/null || { echo "$name exited at start:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
    sleep 0.05
  done
  first_answer_ms=$(( $(now_ms) - LAUNCHED_MS ))
  while (( (elapsed = $(now_ms) - LAUNCHED_MS) < RAMP_SECONDS * 1000 )); do
    read -r requests ok duration_us < <(drive "${URL[$name]}" 1)
    slices+="$elapsed:$(( ok * 1000000 / duration_us )) "
  done
  RAMP[$name]+="$first_answer_ms|$slices"$'\n'
}

# A new API instance joins a running pipeline: its broker has served traffic before. A throwaway
# instance (no warm-up of its own) drives the broker for BROKER_WARMUP seconds first, then stops.
echo "== the broker warmed by a throwaway API instance, ${BROKER_WARMUP}s"
API_WARM_UP=0s start_app api
until curl -sf -o /dev/null "${READY_URL[api]}"; do
  kill -0 "${PID[api]}" 2>/dev/null || { echo "api exited at start:" >&2; tail -20 "$WORK/api.log" >&2; exit 1; }
  sleep 0.1
done
drive "${URL[api]}" "$BROKER_WARMUP" > /dev/null
kill "${PID[api]}"; wait "${PID[api]}" 2>/dev/null || true

echo "== fresh starts: each app alone, ${RAMP_SECONDS}s from launch, wrk -c$CONCURRENCY in 1 s slices, $STARTS of each"
for start in $(seq 1 "$STARTS"); do
  for app in api bare; do
    ramp "$app"
    # the last start of each goes on to the rounds
    if (( start < STARTS )); then kill "${PID[$app]}"; wait "${PID[$app]}" 2>/dev/null || true; fi
  done
done
echo "== warm-up, ${WARMUP}s each (not measured)"
drive "${URL[api]}" "$WARMUP" > /dev/null
drive "${URL[bare]}" "$WARMUP" > /dev/null

echo "== $ROUNDS alternating rounds of ${ROUND_SECONDS}s at concurrency $CONCURRENCY"
printf '%-6s %-5s %10s %12s %10s %14s %10s %12s\n' round app req/s acknowledged cpu_cores cpu_us/request of_it_jit switches/req
declare -A OK_SUM CPU_SUM US_SUM
for app in api bare; do OK_SUM[$app]=0; CPU_SUM[$app]=0; US_SUM[$app]=0; done
for round in $(seq 1 "$ROUNDS"); do
  for app in api bare; do
    before=$(cpu_ticks "${PID[$app]}"); jit_before=$(jit_ticks "${PID[$app]}"); cs_before=$(ctx_switches "${PID[$app]}")
    read -r requests ok duration_us < <(drive "${URL[$app]}" "$ROUND_SECONDS")
    ticks=$(( $(cpu_ticks "${PID[$app]}") - before )); jit=$(( $(jit_ticks "${PID[$app]}") - jit_before ))
    cs=$(( $(ctx_switches "${PID[$app]}") - cs_before ))
    OK_SUM[$app]=$(( OK_SUM[$app] + ok )); CPU_SUM[$app]=$(( CPU_SUM[$app] + ticks )); US_SUM[$app]=$(( US_SUM[$app] + duration_us ))
    awk -v r="$round" -v a="$app" -v ok="$ok" -v req="$requests" -v d="$duration_us" -v t="$ticks" -v j="$jit" -v hz="$TICKS" -v cs="$cs" \
      'BEGIN { printf "%-6s %-5s %10.0f %12d %10.2f %14.1f %10.1f %12.2f\n", r, a, req / (d / 1e6), ok, t / hz / (d / 1e6), t / hz * 1e6 / ok, j / hz * 1e6 / ok, cs / ok }'
  done
done

echo
for app in api bare; do
  STEADY[$app]=$(( OK_SUM[$app] * 1000000 / US_SUM[$app] ))
done
printf '%-5s %10s %14s\n' app req/s cpu_us/request
for app in api bare; do
  awk -v a="$app" -v ok="${OK_SUM[$app]}" -v d="${US_SUM[$app]}" -v t="${CPU_SUM[$app]}" -v hz="$TICKS" \
    'BEGIN { printf "%-5s %10.0f %14.1f\n", a, ok / (d / 1e6), t / hz * 1e6 / ok }'
done
awk -v a="${CPU_SUM[api]}" -v aok="${OK_SUM[api]}" -v b="${CPU_SUM[bare]}" -v bok="${OK_SUM[bare]}" \
  'BEGIN { printf "CPU per acknowledged request, API / bare: %.2f\n", (a / aok) / (b / bok) }'

echo
echo "after a fresh start, traffic from when it reports ready (s = seconds since launch at the start of each 1 s slice; steady = the rounds above)"
for app in api bare; do
  start=0
  while IFS='|' read -r first slices; do
    start=$(( start + 1 ))
    awk -v a="$app" -v start="$start" -v first="$first" -v steady="${STEADY[$app]}" -v slices="$slices" \
      -v held="$WORK/held-$app" 'BEGIN {
      n = split(slices, s, " "); line = ""; reached = -1
      for (i = 1; i <= n; i++) {
        split(s[i], f, ":"); at[i] = f[1] / 1000; rate[i] = f[2]
        line = line sprintf(" %.0f@%.1fs", rate[i], at[i])
      }
      # reached: the first slice from which three slices in a row hold 80% of the steady rate
      for (i = 1; i <= n - 2 && reached < 0; i++)
        if (rate[i] >= 0.8 * steady && rate[i+1] >= 0.8 * steady && rate[i+2] >= 0.8 * steady) reached = at[i]
      printf "%-5s start %d: ready %.1fs after launch; 80%% of steady (%d req/s) held from %s\n", a, start, first / 1000,
        steady, reached < 0 ? "never in the window" : sprintf("%.1fs after launch, %.1fs after ready", reached, reached - first / 1000)
      printf "%-5s req/s:%s\n", a, line
      print (reached < 0 ? "inf" : reached) >> held  # never: later than any time, for the median
    }'
  done <<<"${RAMP[$app]%$'\n'}"
  if (( STARTS > 1 )); then
    sort -g "$WORK/held-$app" | awk -v a="$app" -v n="$STARTS" '{ v[NR] = $1 } END {
      m = v[int((NR + 1) / 2)]
      printf "%-5s median of %d starts: 80%% held from %s\n", a, n, m == "inf" ? "never in the window" : sprintf("%.1fs after launch", m) }'
  fi
done
echo
echo "JVM flags (both): ${JVM_ARGS[*]}; API only: ${API_AOT_ARGS[*]:-(no AOT)} ${API_JVM_ARGS[*]:-}; class-data archives: $([[ $CDS == 1 ]] && echo yes || echo no)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
