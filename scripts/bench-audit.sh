#!/usr/bin/env bash
# The audit log at 1 M rows (docs/BENCHMARKS.md): writer rows/s and the latest-page queries.
# Usage: scripts/bench-audit.sh [ROWS]
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
mvn -B -q -Dstyle.color=never -pl server test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >/dev/null \
  || { echo "bench-audit.sh: the build failed; run mvn -pl server test-compile to see why" >&2; exit 1; }
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Xmx512m \
  -cp "server/target/test-classes:server/target/classes:$(cat server/target/classpath.txt)" llmgw.bench.AuditBenchmark "${1:-1000000}"
