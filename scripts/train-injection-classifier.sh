#!/usr/bin/env bash
# Retrains the injection classifier shipped in server/src/main/resources from labeled JSON lines.
# Usage: scripts/train-injection-classifier.sh [FILE.jsonl ...]   (default: the bundled evaluation sets)
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
data=("$@")
[ ${#data[@]} -gt 0 ] || data=(server/src/test/resources/eval/injection/deepset_train.jsonl server/src/test/resources/eval/injection/jailbreak_train.jsonl
  server/src/test/resources/eval/injection/benign_pastes.jsonl)
MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -Dstyle.color=never -pl server compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt >/dev/null
args=()
for f in "${data[@]}"; do args+=(--data "$f"); done
"$JAVA_HOME/bin/java" -cp "server/target/classes:$(cat server/target/classpath.txt)" llmgw.detect.injection.ClassifierTrainer \
  "${args[@]}" --out server/src/main/resources/llmgw/detect/injection/classifier.bin
