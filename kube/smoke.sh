#!/usr/bin/env bash
# Proves that the binaries from kube/build.sh make a working cluster: starts one with
# kube/cluster.sh in a private KWOK_WORKDIR, checks what gamepipe's tests rely on,
# deletes it, and prints timings and "N passed, N failed". Exit 1 if any check failed.
#   kube/smoke.sh
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export KWOK_WORKDIR
KWOK_WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/gamepipe-kube-smoke.XXXXXX")
name=smoke
passed=0 failed=0
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
check() { # check "what" command...
  local what=$1; shift
  if "$@" >/tmp/smoke.$$ 2>&1; then passed=$((passed + 1)); echo "PASS $what"
  else failed=$((failed + 1)); echo "FAIL $what"; sed 's/^/    /' /tmp/smoke.$$ | tail -n 20; fi
}
finish() {
  local t; t=$(now)
  "$here/cluster.sh" down "$name" 2>/dev/null
  echo "cluster down: $(since "$t") s"
  rm -rf "$KWOK_WORKDIR" /tmp/smoke.$$
  echo "$passed passed, $failed failed"
  (( failed == 0 ))
}
trap 'finish; exit $?' EXIT

bin=$("$here/build.sh" | tail -n1) || exit 1
t=$(now)
kubeconfig=$("$here/cluster.sh" up "$name" 2>"$KWOK_WORKDIR/up.log" | tail -n1)
if [[ ! -f $kubeconfig ]]; then failed=1; echo "FAIL cluster up"; tail -n 30 "$KWOK_WORKDIR/up.log"; exit 1; fi
echo "cluster up (incl. 1 Ready fake node): $(since "$t") s"
dir=$(dirname "$kubeconfig")
k() { "$bin/kubectl" --kubeconfig "$kubeconfig" "$@"; }

. "$here/versions.env"
server_version() { k version -o json | grep -q "\"gitVersion\": \"$KUBE_VERSION\""; }
check "server is $KUBE_VERSION" server_version
check "fake node Ready" k wait --for=condition=Ready node --all --timeout=30s

k apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Namespace
metadata: {name: smoke}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: smoke}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example.invalid/web:1}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: smoke}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - {name: db, image: example.invalid/db:1, volumeMounts: [{name: data, mountPath: /data}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: once, namespace: smoke}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{name: once, image: example.invalid/once:1}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: foo, namespace: default}
EOF
deploy_ready() {
  k -n smoke wait --for=condition=Available deploy/web --timeout=60s &&
    [[ $(k -n smoke get deploy web -o jsonpath='{.status.readyReplicas}') == 2 ]]
}
check "Deployment Available, 2 ready replicas" deploy_ready
check "StatefulSet with volumeClaimTemplate: 2 ready pods" k -n smoke rollout status sts/db --timeout=60s
check "its PVCs Bound (kwok-volume)" k -n smoke wait --for=jsonpath='{.status.phase}'=Bound pvc/data-db-0 pvc/data-db-1 --timeout=30s
check "Job Complete" k -n smoke wait --for=condition=Complete job/once --timeout=60s
check "Job pod Succeeded" k -n smoke wait --for=jsonpath='{.status.phase}'=Succeeded pod -l job-name=once --timeout=30s

k -n smoke delete deploy web --wait=false >/dev/null
gc_gone() { for _ in $(seq 60); do [[ -z $(k -n smoke get rs,pods -l app=web -o name) ]] && return 0; sleep 1; done; return 1; }
check "GC deletes the ReplicaSet and Pods of a deleted Deployment" gc_gone

can_i_no() { [[ $(k auth can-i --as system:serviceaccount:default:foo create pods) == no ]]; }
check "RBAC: can-i says no for a ServiceAccount without rights" can_i_no
server=$(k config view -o jsonpath='{.clusters[0].cluster.server}')
token=$(k -n default create token foo)
as_foo() { "$bin/kubectl" --kubeconfig /dev/null --server "$server" --certificate-authority "$dir/pki/ca.crt" --token "$token" "$@"; }
forbidden() { ! as_foo -n smoke get pods 2>"$KWOK_WORKDIR/as_foo.err" && grep -q Forbidden "$KWOK_WORKDIR/as_foo.err"; }
check "RBAC: the ServiceAccount's own request is Forbidden" forbidden
check "audit log has user.username of that ServiceAccount" grep -q '"username":"system:serviceaccount:default:foo"' "$dir/logs/audit.log"

t=$(now)
check "kubectl delete namespace completes" k delete namespace smoke --timeout=120s
echo "namespace delete: $(since "$t") s"
pvs_gone() { for _ in $(seq 30); do [[ -z $(k get pv -o name) ]] && return 0; sleep 1; done; return 1; }
check "its PVs are gone (kwok volume stages)" pvs_gone
