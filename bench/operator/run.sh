#!/usr/bin/env bash
# Operator benchmark on the real control plane (kube/build.sh, kwokctl): N GamePipelines created at once, time
# to all their objects present and to phase Ready, reconciliations and API requests per pipeline (from the
# API server's audit log). Pods are kwok's, so this measures the operator and the control plane, not images.
#
#   bench/operator/run.sh            rounds of 1 and then 20 pipelines
#   bench/operator/run.sh 1 5 50     any rounds, each 1..200 pipelines
set -euo pipefail
cd "$(dirname "$0")/../.."

for n in "$@"; do
    case "$n" in
        ''|*[!0-9]*) echo "each argument is a number of pipelines (got '$n')" >&2; exit 2 ;;
    esac
done

bash kube/build.sh >/dev/null
# One reactor build: kube-test and the other modules resolve from their target/ folders, so nothing is
# installed into the local Maven repository.
mvn -B -q -ntp -pl operator -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath >/dev/null
CP="operator/target/test-classes:operator/target/classes:$(cat operator/target/bench.classpath)"
exec java -Xmx1g -Dgamepipe.root="$PWD" -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "$CP" io.gamepipe.operator.bench.OperatorBench "$@"
