#!/usr/bin/env bash
# Builds llmgw and installs it: $PREFIX/bin/llmgw and its jars in $PREFIX/lib/llmgw.
# PREFIX defaults to ~/.local. Running it again replaces the previous install.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"
PREFIX=${PREFIX:-$HOME/.local}

JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
if ! command -v mvn >/dev/null 2>&1; then
  echo "install.sh: needs Apache Maven 3.8+ (apt-get install maven)" >&2
  exit 1
fi
log=$(mktemp -t llmgw-build.XXXXXX)
echo "Building with $JAVA_HOME (log: $log) ..."
if ! MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow" \
    mvn -B -Dstyle.color=never -DskipTests clean package >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "install.sh: the build failed; the whole log is in $log" >&2
  exit 1
fi
rm -f "$log"

lib="$PREFIX/lib/llmgw"
mkdir -p "$PREFIX/bin"
rm -rf "$lib.new"
mkdir -p "$lib.new"
cp cli/target/llmgw-cli.jar cli/target/lib/*.jar "$lib.new/"
cp cli/src/main/sh/find-java "$lib.new/"
rm -rf "$lib"
mv "$lib.new" "$lib"
install -m 0755 cli/src/main/sh/llmgw "$PREFIX/bin/llmgw"

echo "Installed llmgw $("$PREFIX/bin/llmgw" --version | head -n 1 | cut -d' ' -f2) to $PREFIX/bin/llmgw"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "Note: $PREFIX/bin is not on your PATH; add it: export PATH=\"$PREFIX/bin:\$PATH\"" ;;
esac
echo "Start it with: llmgw serve"
