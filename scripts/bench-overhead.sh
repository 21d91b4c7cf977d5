#!/usr/bin/env bash
# What the gateway adds to a call (docs/BENCHMARKS.md): builds, then runs A (client -> fake upstream)
# and B (client -> llmgw serve -> fake upstream) side by side, and R (client -> a bare TCP relay -> fake upstream:
# what one more user-space process on the path costs), J (client -> the gateway's stack passing calls on, nothing else ->
# fake upstream: what the stack costs) and H (client -> HAProxy in HTTP mode -> fake upstream, when haproxy is installed:
# what a lean proxy in C costs). Usage: scripts/bench-overhead.sh [ROUNDS] [SECONDS]
# scripts/bench-overhead.sh latency [ROUNDS] [SECONDS]: only A, B, R, J and H at 500 RPS, ROUNDS times through one warm gateway
# (a quicker loop for trying a change; the published figures come from the full run). BENCH_GATEWAY_JVM_B starts a second
# gateway with those JVM options (B2), to compare two settings in one run. A, B, B2, R, J and H take turns of half a second.
# scripts/bench-overhead.sh probe: one request at a time through a warm in-process gateway, stub vs upstream model.
# BENCH_GATEWAY_JVM replaces the launcher's serve JVM options for the gateway (to compare collectors, or to profile:
# BENCH_GATEWAY_JVM='-XX:+UseG1GC -XX:-G1UseAdaptiveIHOP -XX:+UseCompactObjectHeaders -Xmx128m -XX:StartFlightRecording=filename=gw.jfr').
# BENCH_LOADGEN_JVM replaces the JVM options of the load generator and fake upstream (-XX:+UseG1GC -Xmx512m), to log
# or change their own collector: BENCH_LOADGEN_JVM='-XX:+UseG1GC -Xmx512m -Xlog:gc:file=lg-gc.log' (not in probe mode).
# BENCH_GATEWAY_CPUS=0 pins the gateway (and the floors R, J, H) to core 0; run the script under `taskset -c 1` to keep the rest on core 1.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
mvn -B -q -Dstyle.color=never -DskipTests package >/dev/null || { echo "bench-overhead.sh: the build failed; run mvn -DskipTests package to see why" >&2; exit 1; }
mvn -B -q -Dstyle.color=never -pl server test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
cp="server/target/test-classes:server/target/classes:$(cat server/target/classpath.txt)"
if [ "${1:-}" = probe ]; then
  exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseG1GC -Xmx512m -cp "$cp" llmgw.bench.SequentialProbe
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED ${BENCH_LOADGEN_JVM:--XX:+UseG1GC -Xmx512m} \
  -Dllmgw.bench.gatewayJvm="${BENCH_GATEWAY_JVM:-}" -Dllmgw.bench.gatewayJvmB="${BENCH_GATEWAY_JVM_B:-}" -Dllmgw.bench.gatewayCpus="${BENCH_GATEWAY_CPUS:-}" -Dllmgw.bench.cli="cli/target/llmgw-cli.jar:cli/target/lib/*" -cp "$cp" \
  llmgw.bench.OverheadBenchmark "$@"
