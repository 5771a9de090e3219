#!/usr/bin/env bash
# Builds a pinned, local Kubernetes control plane from Go modules:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl, kwok, kwokctl
# into ${GAMEPIPE_KUBE_CACHE:-$HOME/.cache/gamepipe/kube}/<KUBE_VERSION>/bin
# (outside the repository), and copies kwok's Stage manifests from the kwok module
# into <KUBE_VERSION>/share (used by kube/cluster.sh). Versions: kube/versions.env.
#
# Usage: kube/build.sh [--force]
#   --force   rebuild even if the cache already holds this set
#             (same as GAMEPIPE_KUBE_FORCE=1)
#
# The last line on stdout is the bin directory; everything else goes to stderr:
#   BIN=$(kube/build.sh)
#
# No-op (no go call) when the bin dir holds all binaries and its stamp records
# the same pinned versions. Safe to run concurrently (flock on <cache>/.lock).
# Binaries are built into a temp dir and moved in, so an interrupted build never
# leaves a half set behind a valid stamp. Go's module and build caches are reused.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=versions.env
. "$here/versions.env"

# Bump when the way the binaries are built changes (flags, ldflags), so caches rebuild.
RECIPE=1

BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok kwokctl)
# Stage manifests of the kwok module copied to share/kwok-stages: kwokctl's default node
# and pod stages (the same files kwokctl embeds) plus the "volume fast" stages, a fake
# volume provisioner; and the StorageClass those serve, to share/kwok-storage-class.yaml.
KWOK_STAGES=(
  kustomize/stage/node/fast/node-initialize.yaml
  kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml
  kustomize/stage/pod/fast/pod-ready.yaml
  kustomize/stage/pod/fast/pod-complete.yaml
  kustomize/stage/pod/fast/pod-delete.yaml
  kustomize/stage/volume/fast/pvc-provision.yaml
  kustomize/stage/volume/fast/pv-bind.yaml
  kustomize/stage/volume/fast/pvc-delete.yaml
  kustomize/stage/volume/fast/pv-delete.yaml
)
KWOK_STORAGE_CLASS=kustomize/stage/volume/fast/storage-class.yaml

force=${GAMEPIPE_KUBE_FORCE:-0}
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2; exit 0 ;;
    *) echo "build.sh: unknown argument '$arg' (usage: kube/build.sh [--force])" >&2; exit 2 ;;
  esac
done

cache=${GAMEPIPE_KUBE_CACHE:-$HOME/.cache/gamepipe/kube}
vdir=$cache/$KUBE_VERSION
bin=$vdir/bin
share=$vdir/share
stamp=$vdir/stamp
want_stamp="KUBE_VERSION=$KUBE_VERSION ETCD_VERSION=$ETCD_VERSION KWOK_VERSION=$KWOK_VERSION RECIPE=$RECIPE"

log() { echo "build.sh: $*" >&2; }

complete() {
  local b s
  [[ -f $stamp ]] || return 1
  read -r s <"$stamp" || return 1
  [[ $s == "$want_stamp" ]] || return 1
  for b in "${BINARIES[@]}"; do [[ -x $bin/$b ]] || return 1; done
  [[ -f $share/kwok-storage-class.yaml ]] || return 1
}

# ---- fast path: nothing to do --------------------------------------------------------
if [[ $force != 1 ]] && complete; then
  echo "$bin"
  exit 0
fi

# ---- tools ---------------------------------------------------------------------------
if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: 'go' not found on PATH: install Go >= 1.26 (https://go.dev/dl/) and retry" >&2
  exit 2
fi
gover=$(go env GOVERSION 2>/dev/null || true)          # e.g. go1.26.8
if ! [[ $gover =~ ^go1\.([0-9]+) ]] || (( BASH_REMATCH[1] < 26 )); then
  echo "build.sh: found Go '${gover:-unknown}' at $(command -v go): install Go >= 1.26 (https://go.dev/dl/) and retry" >&2
  exit 2
fi
command -v flock >/dev/null 2>&1 || { echo "build.sh: 'flock' not found: install util-linux" >&2; exit 2; }

mkdir -p "$vdir"
exec 9>"$cache/.lock"
if ! flock -n 9; then
  log "another build holds $cache/.lock; waiting"
  flock 9
fi
# Someone else may have finished the same build while we waited.
if [[ $force != 1 ]] && complete; then
  log "built by another caller meanwhile"
  echo "$bin"
  exit 0
fi

# Never download a Go toolchain; no cgo (static binaries).
export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-trimpath"

t_all=$EPOCHREALTIME
step_name=""
step_t0=""
step() { step_name=$1; step_t0=$EPOCHREALTIME; log "==> $step_name"; }
step_done() { log "    done in $(elapsed "$step_t0")s: $step_name"; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# Everything is made under $tmp (bin/, share/) and moved into place at the end.
# Leftovers of a killed build (-9) can go: we hold the lock, nobody else builds.
rm -rf "$vdir"/.tmp-build.*
tmp=$(mktemp -d "$vdir/.tmp-build.XXXXXX")
mkdir -p "$tmp/bin" "$tmp/share/kwok-stages"
cleanup() {
  local rc=$?
  rm -rf "$tmp"
  if (( rc == 130 || rc == 143 )); then
    log "interrupted at step: $step_name; the cache at $bin was left as it was"
  elif (( rc != 0 )); then
    log "FAILED (exit $rc) at step: $step_name"
    log "  the error is above; the cache at $bin was left as it was"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "Go: $gover ($(command -v go)); GOMODCACHE=$(go env GOMODCACHE) GOCACHE=$(go env GOCACHE)"
log "pinned: $want_stamp"
log "cache: $vdir"

# field FILE KEY: value of "KEY": "value" in `go mod download -json` output
field() { sed -n "s/^[[:space:]]*\"$2\": \"\\(.*\\)\",\\{0,1\}\$/\\1/p" "$1" | head -n1; }

download() { # download MODULE@VERSION -> prints json path
  local out=$1 spec=$2
  if ! go mod download -json "$spec" >"$out"; then
    cat "$out" >&2
    return 1
  fi
}

# ---- Kubernetes: wrapper module -----------------------------------------------------
# k8s.io/kubernetes' go.mod replaces its staging modules (k8s.io/api, k8s.io/apiserver,
# ...) with ./staging/src/... paths, so `go install k8s.io/kubernetes/cmd/...@v` is
# refused. Our wrapper requires k8s.io/kubernetes and replaces every staging module
# with its published version v0.<minor>.<patch>; the list is read from that go.mod.
step "resolve k8s.io/kubernetes@$KUBE_VERSION and derive its staging replacements"
kwork=$vdir/wrappers/kube
mkdir -p "$kwork"
download "$kwork/kubernetes.json" "k8s.io/kubernetes@$KUBE_VERSION"
kgomod=$(field "$kwork/kubernetes.json" GoMod)
kinfo=$(field "$kwork/kubernetes.json" Info)
[[ -f $kgomod ]] || { log "no go.mod for k8s.io/kubernetes@$KUBE_VERSION"; exit 1; }
staging_version=v0.${KUBE_VERSION#v1.}
mapfile -t staging < <(awk '$2 == "=>" && $3 ~ /^\.\/staging\// { print $1 }' "$kgomod" | sort -u)
(( ${#staging[@]} > 0 )) || { log "found no './staging/' replace lines in $kgomod"; exit 1; }
kgo=$(awk '$1 == "go" { print $2; exit }' "$kgomod")
# Reproducible build date: the release's publication time, as the module proxy records it.
build_date=$(sed -n 's/.*"Time":"\([^"]*\)".*/\1/p' "$kinfo")
build_date=${build_date:-1970-01-01T00:00:00Z}
{
  echo "// Generated by gamepipe kube/build.sh; do not edit. Rebuilt on every build."
  echo "module gamepipe.invalid/kube-build"
  echo
  echo "go $kgo"
  echo
  echo "require k8s.io/kubernetes $KUBE_VERSION"
  echo
  echo "replace ("
  for m in "${staging[@]}"; do echo "	$m => $m $staging_version"; done
  echo ")"
} >"$kwork/go.mod.new"
rm -f "$kwork/go.sum"
mv "$kwork/go.mod.new" "$kwork/go.mod"
log "    ${#staging[@]} staging modules -> $staging_version (go $kgo, build date $build_date)"
step_done

kube_cmds=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
step "resolve dependencies of k8s.io/kubernetes/cmd/{$(IFS=,; echo "${kube_cmds[*]}")}"
(cd "$kwork" && go get -tool $(printf "k8s.io/kubernetes/cmd/%s@$KUBE_VERSION " "${kube_cmds[@]}"))
step_done

minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
kube_ldflags="-s -w"
for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  kube_ldflags+=" -X $p.gitVersion=$KUBE_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
  kube_ldflags+=" -X $p.gitTreeState=clean -X $p.buildDate=$build_date"
done
for c in "${kube_cmds[@]}"; do
  step "go build k8s.io/kubernetes/cmd/$c ($KUBE_VERSION)"
  (cd "$kwork" && go build -ldflags "$kube_ldflags" -o "$tmp/bin/$c" "k8s.io/kubernetes/cmd/$c")
  step_done
done

# ---- etcd: its own wrapper module ----------------------------------------------------
# go.etcd.io/etcd/server/v3 is package main; its go.mod replaces sibling modules with
# ../api etc., so `go install ...@v` is refused. A separate wrapper keeps etcd's
# dependency versions apart from Kubernetes'.
step "resolve go.etcd.io/etcd/server/v3@$ETCD_VERSION"
ework=$vdir/wrappers/etcd
mkdir -p "$ework"
download "$ework/etcd.json" "go.etcd.io/etcd/server/v3@$ETCD_VERSION"
egomod=$(field "$ework/etcd.json" GoMod)
ego=$(awk '$1 == "go" { print $2; exit }' "$egomod")
printf '// Generated by gamepipe kube/build.sh; do not edit. Rebuilt on every build.\nmodule gamepipe.invalid/etcd-build\n\ngo %s\n\nrequire go.etcd.io/etcd/server/v3 %s\n' \
  "$ego" "$ETCD_VERSION" >"$ework/go.mod"
rm -f "$ework/go.sum"
(cd "$ework" && go get -tool "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
step_done

step "go build go.etcd.io/etcd/server/v3 ($ETCD_VERSION) -> etcd"
(cd "$ework" && go build -ldflags "-s -w" -o "$tmp/bin/etcd" go.etcd.io/etcd/server/v3)
step_done

# ---- kwok, kwokctl: plain go install (their go.mod has no replace lines) -------------
# consts.KubeVersion is kwokctl's default --kube-version; kwok's release build stamps it
# the same way. Ours matches the Kubernetes binaries built above.
kwok_ldflags="-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=${KWOK_VERSION#v} -X sigs.k8s.io/kwok/pkg/consts.KubeVersion=${KUBE_VERSION#v}"
for c in kwok kwokctl; do
  step "go install sigs.k8s.io/kwok/cmd/$c@$KWOK_VERSION"
  (cd "$tmp" && GOBIN=$tmp/bin go install -ldflags "$kwok_ldflags" "sigs.k8s.io/kwok/cmd/$c@$KWOK_VERSION")
  step_done
done

step "copy kwok Stage manifests from sigs.k8s.io/kwok@$KWOK_VERSION"
download "$tmp/kwok.json" "sigs.k8s.io/kwok@$KWOK_VERSION"
kdir=$(field "$tmp/kwok.json" Dir)
for i in "${!KWOK_STAGES[@]}"; do   # numbered, to keep this order when globbed
  f=${KWOK_STAGES[$i]}
  cp "$kdir/$f" "$tmp/share/kwok-stages/$(printf '%02d' "$((i + 1))")-$(basename "$f")"
done
cp "$kdir/$KWOK_STORAGE_CLASS" "$tmp/share/kwok-storage-class.yaml"
chmod -R u+w "$tmp/share"       # module files are read-only
rm -f "$tmp/kwok.json"
step_done

# ---- check and publish ---------------------------------------------------------------
step "check versions"
"$tmp/bin/kube-apiserver" --version >&2
"$tmp/bin/kubectl" version --client >&2
"$tmp/bin/etcd" --version | head -n1 >&2
"$tmp/bin/kwokctl" --version >&2
"$tmp/bin/kube-apiserver" --version | grep -qx "Kubernetes $KUBE_VERSION" \
  || { log "kube-apiserver --version does not say $KUBE_VERSION"; exit 1; }
"$tmp/bin/etcd" --version | grep -q "etcd Version: ${ETCD_VERSION#v}" \
  || { log "etcd --version does not say ${ETCD_VERSION#v}"; exit 1; }
step_done

step "install into $vdir/{bin,share}"
rm -f "$stamp"                  # from here on the old set is no longer valid
rm -rf "$bin" "$share"
mv "$tmp/bin" "$bin"            # same file system: renames
mv "$tmp/share" "$share"
chmod 755 "$bin" "$share"
echo "$want_stamp" >"$stamp.new" && mv "$stamp.new" "$stamp"
step_done

log "all done in $(elapsed "$t_all")s; size of $bin: $(du -sh "$bin" | cut -f1)"
echo "$bin"
