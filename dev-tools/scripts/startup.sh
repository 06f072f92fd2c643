#!/usr/bin/env bash
# Ready time (JVM start -> /health/ready 200) and idle RSS of `talon serve`, without and with JDK 25's AOT cache
# (docs/performance.md). Usage: dev-tools/scripts/startup.sh [runs]; needs a built jar and bin/talon's Temporal CLI.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"; cd "$ROOT"
RUNS="${1:-3}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR="$ROOT/platform/target/talon-platform.jar"
TEMPORAL="${TALON_TEMPORAL_BIN:-temporal}"
HOME_DIR="$ROOT/.talon/startup"; rm -rf "$HOME_DIR"; mkdir -p "$HOME_DIR/plugins" "$HOME_DIR/aot"
cp platform/target/plugins/*.zip "$HOME_DIR/plugins/"; cp config/tenants.yaml "$HOME_DIR/tenants.yaml"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
TPORT=$(free_port); PORT=$(free_port)
"$TEMPORAL" server start-dev --ip 127.0.0.1 --port "$TPORT" --ui-port "$(free_port)" --headless --log-level warn \
  >"$HOME_DIR/temporal.log" 2>&1 & TPID=$!
trap 'kill $TPID 2>/dev/null || true' EXIT
until "$TEMPORAL" operator cluster health --address "127.0.0.1:$TPORT" >/dev/null 2>&1; do sleep 0.5; done
FLAGS=(-Dtalon.data-dir="$HOME_DIR/data" -Dtalon.plugins-dir="$HOME_DIR/plugins" -Dserver.port="$PORT"
  -Dtalon.tenants-file="$HOME_DIR/tenants.yaml" -Dtalon.temporal.target="127.0.0.1:$TPORT"
  -Dtalon.history.encryption=false)
one() { # $1 = label, rest = extra JVM flags; prints label, ready seconds, RSS after 5 s idle
  local label="$1"; shift
  local begin; begin=$(date +%s.%N)
  "$JAVA" "$@" "${FLAGS[@]}" -jar "$JAR" serve >"$HOME_DIR/$label.log" 2>&1 & local pid=$!
  until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; do sleep 0.05; done
  local ready; ready=$(echo "$(date +%s.%N) - $begin" | bc)
  sleep 5
  local rss; rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$pid/status")
  kill "$pid"; local waited=0
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  kill -9 "$pid" 2>/dev/null || true
  printf '%-12s ready %6.2f s  idle RSS %4d MiB\n' "$label" "$ready" "$rss"
}
AOT="$HOME_DIR/aot/talon.aot"
one training -XX:AOTCacheOutput="$AOT" -Xlog:aot=off -Xlog:cds=off
ls -la "$AOT" >&2 || echo "no AOT cache written" >&2
for i in $(seq 1 "$RUNS"); do
  one plain
  one aot -XX:AOTCache="$AOT" -Xlog:aot=off -Xlog:cds=off
  one lean -XX:AOTCache="$AOT" -Xlog:aot=off -Xlog:cds=off -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:MaxRAMPercentage=50
done
