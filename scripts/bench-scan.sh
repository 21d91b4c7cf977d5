#!/usr/bin/env bash
# Detection engine throughput (docs/BENCHMARKS.md): builds, then runs the benchmark harness.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -Dstyle.color=never -pl server test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null
"$JAVA_HOME/bin/java" -Xms1g -Xmx1g -cp "server/target/test-classes:server/target/classes:$(cat server/target/classpath.txt)" \
  llmgw.bench.ScanBenchmark .
