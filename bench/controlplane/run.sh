#!/usr/bin/env bash
# Standalone control plane benchmarks, against `kanary server` run from the jar as a user runs it:
#   ready    — create to Ready for the iris model, a fresh InferenceService per run (replica included)
#   thousand — 1,000 InferenceServices on a tiny custom-command runtime (busybox httpd): time, errors,
#              memory of the server and of the replicas
#   restart  — 10 InferenceServices (some with a 10% canary), the server stopped with SIGTERM and
#              started again on its data dir: time until all are back with the same traffic
#   replica  — where create-to-Ready goes: a replica's start (kanary model-server) with today's JVM
#              options and with some that cut start-up work, alone and 10 at once
# Each benchmark starts its own server on free loopback ports with a temporary data dir, and removes
# both when it ends. Figures go in docs/benchmarks.md ("Standalone control plane").
#
#   bench/controlplane/run.sh                    # all four
#   bench/controlplane/run.sh ready restart      # some of them
#   RUNS=20 COUNT=500 RESTARTS=5 bench/controlplane/run.sh   # runs of ready, services of thousand,
#                                                            # restarts of restart
#   REPLICA_RUNS=5 TOGETHER=10 bench/controlplane/run.sh replica
#   BENCH_SERVER_JAVA_OPTS="-Xmx512m" bench/controlplane/run.sh thousand   # JVM options for the server
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root"

benchmarks=("$@")
[ ${#benchmarks[@]} -gt 0 ] || benchmarks=(ready thousand restart replica)
runs=${RUNS:-10}
count=${COUNT:-1000}
restarts=${RESTARTS:-3}
replica_runs=${REPLICA_RUNS:-5}
together=${TOGETHER:-10}
target=kanary-cli/target
jar=$root/$target/kanary.jar

if [[ " ${benchmarks[*]} " == *" thousand "* ]] && ! command -v busybox >/dev/null; then
  echo "== installing busybox (its httpd is the tiny runtime)"
  apt-get install -y busybox >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y busybox >/dev/null; }
fi
if [ "$KANARY_JAVA_MAJOR" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)," \
  "$(free -g | awk '/^Mem:/ {print $2}') GiB; $(date -u +%Y-%m-%dT%H:%MZ)"
echo "== java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"

echo "== building (the runnable jar and the benchmark classes)"
./mvnw -q -B -ntp -pl kanary-cli -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$target/bench.classpath"
classpath="$root/$target/test-classes:$root/$target/classes:$(cat "$root/$target/bench.classpath")"

bench() { # $1: class in dev.kanary.cli.bench; the rest its arguments
  local main=$1
  shift
  "$JAVA_HOME/bin/java" -cp "$classpath" "dev.kanary.cli.bench.$main" "$@"
}

for benchmark in "${benchmarks[@]}"; do
  case $benchmark in
    ready)
      echo "== create to Ready: $runs runs, examples/models/iris/model-1"
      bench CreateToReadyBenchmark "$jar" examples/models/iris/model-1 "$runs" ;;
    thousand)
      echo "== $count InferenceServices on busybox httpd ($(busybox | head -n 1 | cut -d' ' -f1-2))"
      bench ThousandServicesBenchmark "$jar" "$(command -v busybox)" "$count" ;;
    restart)
      echo "== restart with 10 InferenceServices, $restarts restarts"
      bench RestartBenchmark "$jar" examples/models/iris "$restarts" ;;
    replica)
      echo "== replica start: kanary model-server on examples/models/iris/model-1"
      bench ReplicaStartBenchmark "$jar" examples/models/iris/model-1 "$replica_runs" "$together" ;;
    *)
      echo "unknown benchmark '$benchmark': use ready, thousand, restart or replica" >&2
      exit 2 ;;
  esac
done

left=$(pgrep -f "$jar (server|model-server)|busybox httpd .*kanary-bench-" || true)
if [ -n "$left" ]; then
  echo "!! processes left behind: $left" >&2
  exit 1
fi
echo "== done; no kanary or busybox process left"
