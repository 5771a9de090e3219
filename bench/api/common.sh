# Sourced by the API benchmarks: the folders, a temporary work folder removed on exit with every process
# whose pid is added to PIDS, and wrk (installed with apt-get when missing).
#   source common.sh NAME   -> ROOT, HERE, WORK=/tmp/gamepipe-bench-NAME.XXXXXX, PIDS, cwd = ROOT
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/bench/api"
WORK="$(mktemp -d "/tmp/gamepipe-bench-$1.XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

if ! command -v wrk >/dev/null; then
  echo "== installing wrk"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cd "$ROOT"
