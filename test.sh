#!/usr/bin/env bash
# Runs the whole test suite with a JDK 25 found on this machine.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
if ! command -v mvn >/dev/null 2>&1; then
  echo "test.sh: needs Apache Maven 3.8+ (apt-get install maven)" >&2
  exit 1
fi
MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
  exec mvn -B verify "$@"
