#!/usr/bin/env bash
# Builds llmgw and installs it: $PREFIX/bin/llmgw, and in $PREFIX/lib/llmgw its jars, a Java runtime made for them
# with jlink (runtime/) and AOT caches trained on the short commands (aot/).
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

lib="$PREFIX/lib/llmgw"
mkdir -p "$PREFIX/bin"
rm -rf "$lib.new"
mkdir -p "$lib.new"
cp cli/target/llmgw-cli.jar cli/target/lib/*.jar "$lib.new/"
cp cli/src/main/sh/find-java "$lib.new/"

# The runtime: the JDK modules the jars use, as jdeps finds them from the two llmgw jars through the class path (jars
# with a module-info cannot be roots: jdeps would resolve their optional requires), plus what only runs reflectively:
# jdk.management (Jetty reads a VM option through the HotSpotDiagnostic MBean) and jdk.jfr (so Flight Recorder works).
echo "Making a Java runtime with jlink ..."
jars=$(printf '%s:' "$lib.new"/*.jar)
if ! modules=$("$JAVA_HOME/bin/jdeps" --multi-release 25 --ignore-missing-deps --print-module-deps \
      --class-path "${jars%:}" "$lib.new/llmgw-cli.jar" "$lib.new"/llmgw-server-*.jar 2>>"$log" | tail -n 1) ||
    ! "$JAVA_HOME/bin/jlink" --add-modules "$modules,jdk.management,jdk.jfr" --strip-debug --no-header-files \
      --no-man-pages --generate-cds-archive --output "$lib.new/runtime" >>"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "install.sh: jlink failed; the whole log is in $log" >&2
  exit 1
fi
# jlink's --generate-cds-archive leaves out the class data archive for compact object headers, which the server runs
# with (bin/llmgw): dump it with the server's settings, or the server would start without class sharing (slower, and
# it shares no classes). A failed dump only costs that; it leaves no partial archive behind.
if ! env -u JAVA_TOOL_OPTIONS "$lib.new/runtime/bin/java" -XX:+UseG1GC -Xmx128m -XX:+UseCompactObjectHeaders -Xshare:dump >>"$log" 2>&1; then
  rm -f "$lib.new/runtime/lib/server/classes_coh.jsa"
  tail -n 5 "$log" >&2
  echo "install.sh: warning: no class data archive for llmgw serve's settings; it will start slower" >&2
fi
rm -rf "$lib"
mv "$lib.new" "$lib"
install -m 0755 cli/src/main/sh/llmgw "$PREFIX/bin/llmgw"

# The AOT caches: one training run per cache (llmgw.cli.AotTraining NAME) through the launcher, so they have the
# launcher's class path and options. Without them llmgw works the same and starts slower.
echo "Training the AOT caches ..."
launch() { env -u LLMGW_JAVA_OPTS LLMGW_LIB="$lib" "$PREFIX/bin/llmgw" "$@"; }
version_is_clean() { # with the cache, --version prints its two lines and nothing else
  local out
  out=$(launch --version 2>&1) && printf '%s\n' "$out" >>"$log" && [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] &&
    case $out in "llmgw "*$'\n'"Java "*) ;; *) false ;; esac
}
trained() {
  local name
  mkdir -p "$lib/aot"
  for name in llmgw scan token config; do
    LLMGW_TRAIN_AOT="$lib/aot/$name.aot" launch "$name" >>"$log" 2>&1 && [ -f "$lib/aot/$name.aot" ] || return 1
  done
  # The launcher uses a cache only while it is newer than the jars and than lib itself (see bin/llmgw): touch them last.
  touch "$lib"/aot/*.aot && version_is_clean
}
if trained; then
  rm -f "$log"
else
  rm -rf "$lib/aot"
  echo "Note: no AOT cache (see $log): llmgw works the same, but starts slower"
fi

echo "Installed llmgw $("$PREFIX/bin/llmgw" --version | head -n 1 | cut -d' ' -f2) to $PREFIX/bin/llmgw"
case ":$PATH:" in
  *":$PREFIX/bin:"*) ;;
  *) echo "Note: $PREFIX/bin is not on your PATH; add it: export PATH=\"$PREFIX/bin:\$PATH\"" ;;
esac
echo "Start it with: llmgw serve"
