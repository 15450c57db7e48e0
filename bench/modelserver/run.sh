#!/usr/bin/env bash
# Model server benchmark: the iris model over KServe V2 REST (batch 1, keep-alive) with wrk at 1 and
# 32 connections, next to the in-process ONNX Runtime call, plus the server's resident memory.
# Loopback only, bounded durations. Figures go in docs/benchmarks.md ("Model server").
#
#   bench/modelserver/run.sh                      # model-1, 15 s per wrk run
#   MODEL=examples/models/iris/model-2 DURATION=30 bench/modelserver/run.sh
#   BENCH_JAVA_OPTS="-XX:+UseSerialGC -Xmx64m" bench/modelserver/run.sh   # JVM options for the server
#   BENCH_JAVA_OPTS=" " bench/modelserver/run.sh  # the JVM's own defaults instead of ./kanary's
#   HALT_POLL_NS=200000 bench/modelserver/run.sh  # a guest's idle polling for the run (root; restored)
#
# On a virtual machine whose idle driver is haltpoll, guest_halt_poll_ns decides whether an idle
# vCPU polls a while or halts into the hypervisor at once; after a halt the next request meets cold
# caches. Linux's default is 200000; the figures in docs/benchmarks.md give both settings.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root"

model=${MODEL:-examples/models/iris/model-1}
duration=${DURATION:-15}
port=${BENCH_PORT:-18090}
here=bench/modelserver
target=kanary-modelserver/target

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi
if [ "$KANARY_JAVA_MAJOR" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
halt_poll=/sys/module/haltpoll/parameters/guest_halt_poll_ns
if [ -n "${HALT_POLL_NS:-}" ]; then
  [ -w "$halt_poll" ] || { echo "HALT_POLL_NS needs root and the haltpoll idle driver ($halt_poll)" >&2; exit 2; }
  previous_halt_poll=$(cat "$halt_poll")
  echo "$HALT_POLL_NS" >"$halt_poll"
fi
restore_halt_poll() { [ -z "${previous_halt_poll:-}" ] || echo "$previous_halt_poll" >"$halt_poll"; }
trap restore_halt_poll EXIT
echo "== idle driver: $(cat /sys/devices/system/cpu/cpuidle/current_driver 2>/dev/null || echo unknown), guest_halt_poll_ns $(cat "$halt_poll" 2>/dev/null || echo -)"
echo "== java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); wrk: $(wrk -v 2>&1 | head -n 1)"

echo "== building (test classes and the runnable jar)"
./mvnw -q -B -ntp -pl kanary-modelserver -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$root/$target/bench.classpath"
./kanary --version >/dev/null

# The classpath goes through an @argfile: ONNX Runtime overflows its stack when the JVM's command
# line is long (shared/reference/packaging.md).
printf -- '-cp %s\n' "$root/$target/test-classes:$root/$target/classes:$(cat "$root/$target/bench.classpath")" \
  >"$root/$target/bench.args"

echo "== in-process, one thread, ${duration}s per layer"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  "@$root/$target/bench.args" dev.kanary.modelserver.bench.InProcessBenchmark "$model" "$duration"

# Unset, ./kanary gives the model server the options replicas get.
[ -z "${BENCH_JAVA_OPTS+set}" ] || export KANARY_JAVA_OPTS="$BENCH_JAVA_OPTS"
launcher_default="the launcher's: $(grep -v '^[[:space:]]*\(#\|$\)' "$root/kanary-server/src/main/resources/dev/kanary/server/replica/model-server.jvmopts" | tr '\n' ' ')"
echo "== server: kanary model-server --model-dir $model --http-port $port (JVM options: ${BENCH_JAVA_OPTS-$launcher_default})"
./kanary model-server --model-dir "$model" --model-name sklearn-iris --http-port "$port" \
  >"$root/$target/bench-server.log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; restore_halt_poll' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$port/v2/health/ready" >/dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$port/v2/health/ready" >/dev/null || { cat "$root/$target/bench-server.log"; exit 1; }
rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.1f MiB  ", $1, $2 / 1024} END {print ""}' "/proc/$server/status"; }
echo "== memory when ready: $(rss)"

# A short warm-up lets the JIT compile the request path before anything is measured.
wrk -t2 -c32 -d5s -s "$here/infer.lua" "http://127.0.0.1:$port" >/dev/null
for connections in 1 32; do
  threads=$((connections == 1 ? 1 : 2))
  echo "== wrk -t$threads -c$connections -d${duration}s (V2 infer, batch 1)"
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$here/infer.lua" \
    "http://127.0.0.1:$port" | grep -E 'Latency|50%|75%|90%|99%|Requests/sec|requests in|non-200'
done
echo "== wrk -t1 -c1 -d${duration}s GET /v2/health/live (the HTTP floor: no body, no model)"
wrk -t1 -c1 -d"${duration}s" --latency "http://127.0.0.1:$port/v2/health/live" | grep -E 'Latency|50%|99%|Requests/sec'
echo "== memory after load: $(rss)"
