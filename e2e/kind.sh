#!/usr/bin/env bash
# End to end on a kind cluster: the original walkthrough, run by the operator, reached through a Gateway API
# HTTPRoute served by Envoy Gateway.
#
#   e2e/kind.sh            create the cluster, run everything, delete the cluster
#   KEEP_CLUSTER=1 e2e/kind.sh   leave the cluster up afterwards (to look around)
#
# Needs docker, kind, kubectl, helm, java 17, mvn, curl, python3. It cannot run without a Docker daemon.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CLUSTER="${CLUSTER:-gamepipe}"
NAMESPACE="${NAMESPACE:-default}"                  # where the GamePipeline lives (a spark-operator job namespace)
PIPELINE="original"                                # metadata.name in k8s/samples/original.yaml
# Envoy Gateway (a maintained Gateway API implementation; ingress-nginx reached end of life in March 2026). Its
# chart installs the Gateway API CRDs (standard channel) that this release was built and tested with, so pinning
# the chart pins the CRDs too; the script prints their bundle version.
ENVOY_GATEWAY_VERSION="${ENVOY_GATEWAY_VERSION:-v1.9.1}"
GATEWAY="gamepipe"                                  # spec.gameApi.httpRoute.gateway in k8s/samples/original.yaml
API_PORT="${API_PORT:-8080}"                        # the Gateway is reached through kubectl port-forward
# 2.2.x is the spark-operator line built for Spark 3.5 (image spark:3.5.5, Spark 3.5's spark-submit); 2.3 and
# later submit with Spark 4's. The runs say sparkVersion 3.5.7 on a Spark 3.5 image.
SPARK_OPERATOR_VERSION="${SPARK_OPERATOR_VERSION:-2.2.1}"
API="http://localhost:${API_PORT}"
RUN_ID="e2e-$(date +%s)"                            # a new id starts new runs (at most 16 characters)

step() { printf '\n==> %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*" >&2; exit 1; }

# Prints diagnostics on failure, then deletes the cluster unless asked to keep it.
cleanup() {
  local status=$?
  [[ -n "${PORT_FORWARD:-}" ]] && kill "$PORT_FORWARD" 2>/dev/null
  if [[ $status -ne 0 ]] && kubectl cluster-info >/dev/null 2>&1; then
    echo "--- diagnostics (exit $status) ---"
    kubectl get gamepipelines,sparkapplications,statefulsets,deployments,jobs,pods,gateways,httproutes -A -o wide || true
    kubectl -n "$NAMESPACE" get gamepipeline "$PIPELINE" -o yaml || true
    kubectl -n gamepipe-system logs deployment/gamepipe-operator --tail=200 || true
  fi
  if [[ -z "${KEEP_CLUSTER:-}" ]]; then
    kind delete cluster --name "$CLUSTER" >/dev/null 2>&1 || true
  fi
  exit $status
}

# wait_for SECONDS DESCRIPTION COMMAND...: retries COMMAND every 5 s until it succeeds or time runs out.
wait_for() {
  local timeout=$1 what=$2
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || fail "timed out after ${timeout}s waiting for $what"
    sleep 5
  done
  echo "ok: $what"
}

pipeline_phase() { kubectl -n "$NAMESPACE" get gamepipeline "$PIPELINE" -o jsonpath='{.status.phase}'; }
is_ready() { [[ "$(pipeline_phase)" == "Ready" ]]; }

# wait_run JOB: waits for the run of JOB started by run request $RUN_ID to be created and to complete.
# The operator chains the jobs of one request: a job's run is created once the previous one completed.
wait_run() {
  local job=$1
  local run="${PIPELINE}-${job}-r-${RUN_ID}"
  step "Wait for run $run"
  wait_for 900 "SparkApplication $run created" kubectl -n "$NAMESPACE" get sparkapplication "$run"
  local deadline=$((SECONDS + 600)) state=""
  while (( SECONDS < deadline )); do
    state="$(kubectl -n "$NAMESPACE" get sparkapplication "$run" -o jsonpath='{.status.applicationState.state}' || true)"
    case "$state" in
      COMPLETED) echo "ok: $run COMPLETED"; return 0 ;;
      FAILED|SUBMISSION_FAILED|FAILING) kubectl -n "$NAMESPACE" logs "${run}-driver" --tail=100 || true
                                        fail "$run ended $state" ;;
    esac
    sleep 5
  done
  fail "timed out waiting for $run (last state: ${state:-none})"
}

no_owned_objects_left() {
  local left
  left="$(kubectl -n "$NAMESPACE" get statefulsets,deployments,services,ingresses,httproutes,jobs,configmaps,serviceaccounts,roles,rolebindings,sparkapplications,pvc \
    -l "app.kubernetes.io/instance=${PIPELINE}" -o name)" || return 1
  [[ -z "$left" ]]
}

for tool in docker kind kubectl helm mvn curl python3; do
  command -v "$tool" >/dev/null || fail "$tool is not on the PATH"
done
docker info >/dev/null 2>&1 || fail "no Docker daemon: this script needs one (see docs/kubernetes.md)"
trap cleanup EXIT

step "Create kind cluster $CLUSTER"
kind create cluster --name "$CLUSTER" --config "$ROOT/kind-config.yaml" --wait 120s

step "Install Envoy Gateway $ENVOY_GATEWAY_VERSION (with its Gateway API CRDs) and the Gateway $GATEWAY"
helm install eg oci://docker.io/envoyproxy/gateway-helm --version "$ENVOY_GATEWAY_VERSION" \
  --namespace envoy-gateway-system --create-namespace --wait --timeout 5m
echo "Gateway API CRDs: $(kubectl get crd httproutes.gateway.networking.k8s.io \
  -o jsonpath='{.metadata.annotations.gateway\.networking\.k8s\.io/bundle-version} ({.metadata.annotations.gateway\.networking\.k8s\.io/channel})')"
kubectl apply -f - <<YAML
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata:
  name: eg
spec:
  controllerName: gateway.envoyproxy.io/gatewayclass-controller
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: $GATEWAY
  namespace: $NAMESPACE
spec:
  gatewayClassName: eg
  listeners:
    - name: http
      protocol: HTTP
      port: 80
      allowedRoutes:
        namespaces:
          from: Same
YAML
kubectl -n "$NAMESPACE" wait --for=condition=Programmed "gateway/$GATEWAY" --timeout=300s

step "Install the Kubeflow spark-operator"
helm repo add spark-operator https://kubeflow.github.io/spark-operator --force-update
helm install spark-operator spark-operator/spark-operator --namespace spark-operator --create-namespace \
  --version "$SPARK_OPERATOR_VERSION" \
  --set "spark.jobNamespaces={$NAMESPACE}" --wait --timeout 5m

step "Build the images (Jib, no Docker build) and load them into kind"
# Jib is off in the parent pom and on in the three image modules, so -am does not containerize libraries.
# The poms build amd64 and arm64; a tarball holds one platform: the Docker host's (an arm64 Mac gets arm64).
case "$(docker info --format '{{.Architecture}}')" in
  x86_64|amd64) ARCH=amd64 ;;
  aarch64|arm64) ARCH=arm64 ;;
  *) fail "unsupported Docker architecture $(docker info --format '{{.Architecture}}')" ;;
esac
(cd "$ROOT" && mvn -B -ntp -pl operator,game-api,spark-app -am package jib:buildTar -DskipTests \
  -Djib.from.platforms="linux/$ARCH")
for module in operator game-api spark-app; do
  tar="$ROOT/$module/target/jib-image.tar"
  [[ -f "$tar" ]] || fail "$tar was not built (does $module/pom.xml set jib.skip=false?)"
  kind load image-archive "$tar" --name "$CLUSTER"
done

step "Install the operator chart"
helm install gamepipe-operator "$ROOT/helm/gamepipe-operator" --namespace gamepipe-system --create-namespace \
  --wait --timeout 3m

step "Apply k8s/samples/original.yaml and wait for Ready"
kubectl -n "$NAMESPACE" apply -f "$ROOT/k8s/samples/original.yaml"
wait_for 900 "GamePipeline $PIPELINE Ready" is_ready
kubectl -n "$NAMESPACE" get gamepipelines -o wide

step "Send the api_tests.py requests through the Gateway ($API)"
# kind has no load balancer: forward a local port to the Service Envoy Gateway made for the Gateway.
envoy_service="$(kubectl -n envoy-gateway-system get service \
  -l "gateway.envoyproxy.io/owning-gateway-name=$GATEWAY,gateway.envoyproxy.io/owning-gateway-namespace=$NAMESPACE" \
  -o jsonpath='{.items[0].metadata.name}')"
kubectl -n envoy-gateway-system port-forward "service/$envoy_service" "${API_PORT}:80" >/dev/null 2>&1 &
PORT_FORWARD=$!
wait_for 120 "the game API answering through the Gateway" curl -fsS "$API/"
python3 "$ROOT/e2e/api_tests.py" "$API"
curl -fsS "$API/purchase_a_sword"   # the walkthrough's first event type, for /tmp/sword_purchases

step "Request the extract, transform and separate runs (run request $RUN_ID)"
kubectl -n "$NAMESPACE" patch gamepipeline "$PIPELINE" --type merge \
  -p "{\"spec\":{\"spark\":{\"runRequest\":{\"id\":\"${RUN_ID}\",\"jobs\":[\"extract\",\"transform\",\"separate\"]}}}}"
wait_run extract
wait_run transform
wait_run separate
kubectl -n "$NAMESPACE" get gamepipeline "$PIPELINE" -o jsonpath='{range .status.runs[*]}{.name} {.state}{"\n"}{end}'

step "List the Parquet directories in HDFS"
listing="$(kubectl -n "$NAMESPACE" exec "statefulset/${PIPELINE}-namenode" -- hdfs dfs -ls /tmp)"
echo "$listing"
for dataset in extracted_events default_hits item_purchases guild_joins sword_purchases; do
  grep -q "/tmp/${dataset}\$" <<<"$listing" || fail "/tmp/${dataset} is missing in HDFS"
  files="$(kubectl -n "$NAMESPACE" exec "statefulset/${PIPELINE}-namenode" -- hdfs dfs -ls "/tmp/${dataset}")"
  grep -q '\.parquet$' <<<"$files" || fail "/tmp/${dataset} holds no Parquet file"
done

step "Delete the GamePipeline and check that everything it owned is gone"
kubectl -n "$NAMESPACE" delete gamepipeline "$PIPELINE" --wait --timeout=120s
wait_for 300 "no object of $PIPELINE left (deletionPolicy Delete removes the volumes too)" no_owned_objects_left

step "End to end passed"
