#!/usr/bin/env bash
# Gateway benchmarks (docs/benchmarks.md, "Gateway"). Loopback only, bounded durations.
#
#   bench/gateway/run.sh                      # everything: proxy exact latency noloss
#   bench/gateway/run.sh proxy                # kanary's gateway against nginx, wrk at 64 connections
#   DURATION=30 ROUNDS=3 bench/gateway/run.sh proxy
#   bench/gateway/run.sh exact latency        # split exactness; time for a new split to apply
#   NOLOSS_SECONDS=60 NOLOSS_RATE=200 bench/gateway/run.sh noloss
#
# proxy:   nginx (from Debian, installed when missing, as is wrk) and kanary's gateway both proxy a
#          90/10 split of host bench.default.example.com over the same two loopback backends (one
#          small nginx answering a fixed body on two ports); wrk -c64 keep-alive, GET and an iris
#          POST, alternating between the proxies for ROUNDS rounds. Two baselines proxy to one backend
#          and do nothing else: "armeria", the least an Armeria proxy does, and "netty", the least a
#          Netty one does (per-connection upstream, no routing): floors for a JVM proxy.
# exact:   10,000 requests one after the other through the gateway at 90/10 and at 33/33/34.
# latency: status writes to the SQLite store flipping a Service's split; time until a request is
#          answered by the new revision.
# noloss:  a real standalone server with iris replicas, 200 requests/s for 60 s through canary →
#          promote → SIGKILL of the serving replica → rollback → canary again.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$root/scripts/jdk.sh"
cd "$root"

sections=${*:-proxy exact latency noloss}
duration=${DURATION:-20}
rounds=${ROUNDS:-2}
proxy_port=${NGINX_PORT:-18081}
gateway_port=${GATEWAY_PORT:-18080}
baseline_port=${BASELINE_PORT:-18082}
netty_port=${NETTY_BASELINE_PORT:-18083}
backend_ports=${BACKEND_PORTS:-18091,18092,18093}
host=bench.default.example.com
here=bench/gateway
work=$(mktemp -d /tmp/kanary-gateway-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

install_missing() { # $1: command, $2: Debian package
  command -v "$1" >/dev/null && return 0
  echo "== installing $2 (apt-get)"
  apt-get install -y "$2" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
  # Debian's package starts its own nginx on port 80; the benchmark runs its own instances.
  if [ "$1" = nginx ] && [ -f /run/nginx.pid ]; then nginx -s quit 2>/dev/null || true; fi
}
install_missing wrk wrk
install_missing nginx nginx
if [ "$KANARY_JAVA_MAJOR" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
java_flags=(--enable-native-access=ALL-UNNAMED)
[ "$KANARY_JAVA_MAJOR" -ge 23 ] && java_flags+=(--sun-misc-unsafe-memory-access=allow)

echo "== machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)"
echo "== java: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1); wrk: $(wrk -v 2>&1 | head -n 1); nginx: $(nginx -v 2>&1)"
echo "== building (the runnable jar and the benchmark classes)"
./mvnw -q -B -ntp -pl kanary-cli -am -DskipTests package
./mvnw -q -B -ntp -pl kanary-cli -am -DskipTests test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath >/dev/null
# Argfiles keep the JVMs' command lines short (ONNX Runtime, shared/reference/packaging.md).
printf -- '-cp %s\n' "$root/kanary-server/target/test-classes:$root/kanary-server/target/classes:$(cat kanary-server/target/bench.classpath)" \
  >"$work/server.args"
printf -- '-cp %s\n' "$root/kanary-cli/target/test-classes:$root/kanary-cli/target/kanary.jar" >"$work/cli.args"

IFS=, read -r b1 b2 b3 <<<"$backend_ports"
cat >"$work/backends.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/backends.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 127.0.0.1:$b1 reuseport; location / { return 200 "one\n"; } }
  server { listen 127.0.0.1:$b2 reuseport; location / { return 200 "two\n"; } }
  server { listen 127.0.0.1:$b3 reuseport; location / { return 200 "three\n"; } }
}
CONF
nginx -e stderr -p "$work" -c "$work/backends.conf" &
pids+=($!)
for port in $b1 $b2 $b3; do
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
done

cpu_ticks() { # $@: pids; prints their user+system CPU time in clock ticks
  local total=0 pid fields
  for pid in "$@"; do read -r -a fields <"/proc/$pid/stat"; total=$((total + fields[13] + fields[14])); done
  echo "$total"
}

wrk_run() { # $1: label, $2: port, $3: GET|POST, $4...: the proxy's pids (for CPU per request)
  local label=$1 port=$2 method=$3 script=() out before after
  shift 3
  [ "$method" = POST ] && script=(-s "$here/infer.lua")
  before=$(cpu_ticks "$@")
  out=$(wrk -t2 -c64 -d"${duration}s" --latency -H "Host: $host" "${script[@]}" "http://127.0.0.1:$port/")
  after=$(cpu_ticks "$@")
  local rps p50 p99 non2xx requests
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-8s %-5s requests/s %10s  p50 %8s  p99 %8s  CPU/request %4s us  non-2xx %s\n' "$label" "$method" "$rps" \
    "$p50" "$p99" "$(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))" "${non2xx:-0}"
}

if [[ " $sections " == *" proxy "* ]]; then
  cat >"$work/proxy.conf" <<CONF
worker_processes auto;
daemon off;
pid $work/proxy.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  upstream split {
    server 127.0.0.1:$b1 weight=90;
    server 127.0.0.1:$b2 weight=10;
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$proxy_port;
    client_max_body_size 16m;
    location / {
      proxy_pass http://split;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      add_header Kanary-Revision \$upstream_addr;
    }
  }
}
CONF
  nginx -e stderr -p "$work" -c "$work/proxy.conf" &
  pids+=($!)
  "$JAVA_HOME/bin/java" "${java_flags[@]}" ${BENCH_JAVA_OPTS:-} "@$work/server.args" \
    dev.kanary.server.gateway.ProxyBench "$gateway_port" 90,10 "$b1,$b2" >"$work/gateway.log" 2>&1 &
  gateway=$!
  pids+=($gateway)
  "$JAVA_HOME/bin/java" "${java_flags[@]}" ${BENCH_JAVA_OPTS:-} "@$work/server.args" \
    dev.kanary.server.gateway.ArmeriaBaselineBench "$baseline_port" "$b1" >"$work/baseline.log" 2>&1 &
  baseline=$!
  pids+=($baseline)
  "$JAVA_HOME/bin/java" "${java_flags[@]}" ${BENCH_JAVA_OPTS:-} "@$work/server.args" \
    dev.kanary.server.gateway.NettyBaselineBench "$netty_port" "$b1" >"$work/netty.log" 2>&1 &
  netty=$!
  pids+=($netty)
  for _ in $(seq 1 100); do
    curl -sf -H "Host: $host" "http://127.0.0.1:$gateway_port/" >/dev/null \
      && curl -sf -H "Host: $host" "http://127.0.0.1:$proxy_port/" >/dev/null \
      && curl -sf "http://127.0.0.1:$baseline_port/" >/dev/null \
      && curl -sf "http://127.0.0.1:$netty_port/" >/dev/null && break
    sleep 0.2
  done
  echo "== proxy: wrk -t2 -c64 -d${duration}s, 90/10 over two nginx backends (JVM options: ${BENCH_JAVA_OPTS:-none})"
  # Warm-up: the JIT compiles the gateway's request path before anything is measured.
  wrk -t2 -c64 -d20s -H "Host: $host" "http://127.0.0.1:$gateway_port/" >/dev/null
  wrk -t2 -c64 -d10s -H "Host: $host" -s "$here/infer.lua" "http://127.0.0.1:$gateway_port/" >/dev/null
  wrk -t2 -c64 -d5s -H "Host: $host" "http://127.0.0.1:$proxy_port/" >/dev/null
  wrk -t2 -c64 -d20s "http://127.0.0.1:$baseline_port/" >/dev/null
  wrk -t2 -c64 -d10s -s "$here/infer.lua" "http://127.0.0.1:$baseline_port/" >/dev/null
  wrk -t2 -c64 -d20s "http://127.0.0.1:$netty_port/" >/dev/null
  wrk -t2 -c64 -d10s -s "$here/infer.lua" "http://127.0.0.1:$netty_port/" >/dev/null
  nginx_workers=$(pgrep -P "$(cat "$work/proxy.pid")" | tr '\n' ' ')
  for round in $(seq 1 "$rounds"); do
    for method in GET POST; do
      # shellcheck disable=SC2086
      wrk_run nginx "$proxy_port" "$method" $nginx_workers
      wrk_run kanary "$gateway_port" "$method" "$gateway"
      wrk_run armeria "$baseline_port" "$method" "$baseline"
      wrk_run netty "$netty_port" "$method" "$netty"
    done
  done
  echo "== split seen through each proxy (1,000 requests, one connection)"
  for port in "$proxy_port" "$gateway_port"; do
    for _ in $(seq 1 1000); do curl -s -H "Host: $host" "http://127.0.0.1:$port/"; done | sort | uniq -c | tr '\n' ' '
    echo " (port $port)"
  done
fi

if [[ " $sections " == *" exact "* ]]; then
  echo "== exactness: 10,000 requests one after the other per split"
  "$JAVA_HOME/bin/java" "${java_flags[@]}" "@$work/server.args" \
    dev.kanary.server.gateway.ExactnessBench 10000 "$b1,$b2,$b3" 90,10 33,33,34 2>/dev/null
fi

if [[ " $sections " == *" latency "* ]]; then
  echo "== time for a new split to take effect after the Service status update"
  echo "== load before: $(uptime)"
  "$JAVA_HOME/bin/java" "${java_flags[@]}" "@$work/server.args" \
    dev.kanary.server.gateway.SplitLatencyBench 200 "$b1,$b2" 2>/dev/null
  echo "== load after: $(uptime)"
fi

if [[ " $sections " == *" noloss "* ]]; then
  echo "== load before: $(uptime)"
  "$JAVA_HOME/bin/java" "${java_flags[@]}" "@$work/cli.args" \
    dev.kanary.cli.gateway.NoLossBench "${NOLOSS_SECONDS:-60}" "${NOLOSS_RATE:-200}" 2>"$work/noloss.log" \
    || { tail -n 50 "$work/noloss.log"; exit 1; }
  echo "== load after: $(uptime)"
fi
