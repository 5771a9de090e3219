#!/usr/bin/env bash
# One definition of how gamepipe starts a local Kubernetes cluster for tests:
# kwokctl's "binary" runtime (no containers) running the binaries that
# kube/build.sh built, with RBAC, an audit log, loopback-only listeners,
# automatically chosen free ports, and fake (kwok) nodes.
#
# Usage:
#   kube/cluster.sh up   NAME    create+start (idempotent); last stdout line = kubeconfig path
#   kube/cluster.sh down NAME    stop and delete the cluster and its files
#   kube/cluster.sh path NAME    print the cluster's directory (kubeconfig.yaml, logs/, ...)
#
# "up" fails (exit 1, after deleting the cluster) unless the API server answers
# /readyz and the fake nodes are Ready. Creations are serialized machine-wide through
# <kube cache>/.cluster-create.lock, because kwokctl picks "free" ports by counting down
# from 32767 and probing, so two creations at once pick the same ports.
#
# Environment:
#   KWOK_WORKDIR        where clusters live (default: <kube cache>/kwok); clusters are in
#                       $KWOK_WORKDIR/clusters/NAME. Use one private dir per test run.
#   GAMEPIPE_KUBE_CACHE see kube/build.sh
#   GAMEPIPE_KUBE_NODES fake nodes to create on "up" (default 1; 0 for none)
#
# Everything kwokctl needs is local: it is given every binary path, so it downloads nothing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/versions.env"

usage() { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
cmd=$1 name=$2
[[ $name =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ ]] || { echo "cluster.sh: bad cluster name '$name' (lower-case letters, digits, '-')" >&2; exit 2; }

cache=${GAMEPIPE_KUBE_CACHE:-$HOME/.cache/gamepipe/kube}
export KWOK_WORKDIR=${KWOK_WORKDIR:-$cache/kwok}
dir=$KWOK_WORKDIR/clusters/$name

case "$cmd" in
  path) echo "$dir"; exit 0 ;;
  up|down) ;;
  *) usage ;;
esac

bin=$("$here/build.sh" | tail -n1)          # a no-op when the binaries are there
share=$(dirname "$bin")/share
kwokctl=$bin/kwokctl
# kwokctl runs the first "kubectl" on PATH (its kubectlBinary option is only a fallback):
# make that ours, not whatever the machine has.
export PATH="$bin:$PATH"

if [[ $cmd == down ]]; then
  if [[ -d $dir ]]; then
    # --kubeconfig: the file kwokctl removes its context from; "" is refused here, and
    # the default is ~/.kube/config. A missing file is left alone.
    "$kwokctl" --name "$name" delete cluster --kubeconfig "$KWOK_WORKDIR/no-kubeconfig" >&2
  fi
  exit 0
fi

# kwokctl configuration: loopback-only listeners (no flag exists for this), the local
# kubectl, and the Stages the kwok controller plays: kwok's default node and pod
# stages plus its "volume fast" stages (a fake provisioner for the kwok-volume
# StorageClass, so PVCs bind and StatefulSet pods schedule). The Stage files come
# from the kwok module and were copied by build.sh.
mkdir -p "$KWOK_WORKDIR"
conf=$KWOK_WORKDIR/gamepipe-$name.yaml
{
  cat <<EOF
apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokctlConfiguration
options:
  bindAddress: 127.0.0.1
  kubectlBinary: $bin/kubectl
EOF
  for f in "$share"/kwok-stages/*.yaml; do echo "---"; cat "$f"; done
} >"$conf.tmp"
mv "$conf.tmp" "$conf"

exec 8>"$cache/.cluster-create.lock"
flock 8
cleanup() {
  local rc=$?
  if (( rc != 0 )) && [[ -d $dir ]]; then
    echo "cluster.sh: 'up $name' failed (exit $rc); logs: $dir/logs; deleting the cluster" >&2
    "$kwokctl" --name "$name" delete cluster --kubeconfig "$KWOK_WORKDIR/no-kubeconfig" >&2 8>&- || true
  fi
}
trap cleanup EXIT
# 8>&-: the daemons kwokctl starts must not inherit the lock.
"$kwokctl" --name "$name" --config "$conf" create cluster \
  --runtime binary \
  --etcd-binary "$bin/etcd" \
  --kube-apiserver-binary "$bin/kube-apiserver" \
  --kube-controller-manager-binary "$bin/kube-controller-manager" \
  --kube-scheduler-binary "$bin/kube-scheduler" \
  --kwok-controller-binary "$bin/kwok" \
  --kube-authorization \
  --kube-audit-policy "$here/audit-policy.yaml" \
  --kubeconfig "" \
  --wait 2m >&2 8>&-

kubeconfig=$dir/kubeconfig.yaml
kubectl=("$bin/kubectl" --kubeconfig "$kubeconfig")
# kwokctl logs a failed --wait but still exits 0: check for ourselves.
if ! "${kubectl[@]}" get --raw /readyz >/dev/null; then
  echo "cluster.sh: the API server of '$name' is not ready" >&2
  exit 1
fi
flock -u 8                                  # ports are bound now
# The default StorageClass served by the volume stages above.
"${kubectl[@]}" apply -f "$share/kwok-storage-class.yaml" >&2
nodes=${GAMEPIPE_KUBE_NODES:-1}
have=$("${kubectl[@]}" get nodes -o name | wc -l)
if (( have < nodes )); then
  "$kwokctl" --name "$name" scale node --replicas "$nodes" >&2 8>&-
fi
if (( nodes > 0 )); then
  "${kubectl[@]}" wait --for=condition=Ready node --all --timeout=60s >&2
fi
echo "$kubeconfig"
