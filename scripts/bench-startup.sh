#!/usr/bin/env bash
# Start-up time of short commands (docs/BENCHMARKS.md, "Start-up"): installs llmgw to a temporary prefix with
# install.sh, then times `llmgw --version` and `llmgw scan small.txt` with hyperfine in three layouts:
#   runtime + AOT cache   what install.sh installs (each command with its cache from lib/llmgw/aot)
#   runtime, no cache     the same with lib/llmgw/aot removed
#   JDK, no runtime       the jars alone, started on the JDK that find-java finds (an install from before the runtime)
# Writes a markdown table and hyperfine's JSON per command to OUT (default: target/bench-startup) and prints the
# tables with each layout's median.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
command -v hyperfine >/dev/null || { echo "bench-startup.sh: needs hyperfine (apt-get install hyperfine)" >&2; exit 1; }
JAVA_HOME=$(cli/src/main/sh/find-java --jdk) || exit 1
export JAVA_HOME
tmp=$(mktemp -d -t llmgw-bench-startup.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

PREFIX=$tmp/cached ./install.sh >/dev/null
out=$(mkdir -p "${OUT:-target/bench-startup}" && cd "${OUT:-target/bench-startup}" && pwd) # after install.sh's mvn clean
[ -f "$tmp/cached/lib/llmgw/aot/scan.aot" ] || { echo "bench-startup.sh: install.sh made no AOT cache" >&2; exit 1; }
cp -a "$tmp/cached" "$tmp/nocache" # -a keeps the times that tell the launcher a cache is fresh
rm -r "$tmp/nocache/lib/llmgw/aot"
mkdir -p "$tmp/jdk/bin" "$tmp/jdk/lib"
cp -a "$tmp/cached/bin/llmgw" "$tmp/jdk/bin/"
cp -a "$tmp/cached/lib/llmgw" "$tmp/jdk/lib/"
rm -rf "$tmp/jdk/lib/llmgw/runtime" "$tmp/jdk/lib/llmgw/aot"

small=$tmp/small.txt
printf '%s\n' "Release notes for version 0.1.0." \
  "The scanner now reads each file once and reports the line and column of what it finds." \
  "Thanks to everyone who tried the early builds and sent feedback." >"$small"

echo "Machine: $(nproc) cores, load average$(uptime | sed 's/.*load average//'); JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
for layout in cached nocache jdk; do # what each layout loads, and from where
  for command in --version "scan $small"; do
    log=$tmp/$layout.classes
    LLMGW_JAVA_OPTS="-Xlog:class+load=info:file=$log" "$tmp/$layout/bin/llmgw" $command >/dev/null
    echo "$layout: ${command%% *} loads $(grep -c 'class,load' "$log") classes," \
      "$(grep -c 'shared objects file' "$log") of them from the CDS archive or AOT cache"
  done
done

bench() { # $1 = file name, the rest: llmgw's arguments. Prints the markdown table and each median.
  local name=$1
  shift
  hyperfine -N --warmup 3 --runs 20 --export-markdown "$out/$name.md" --export-json "$out/$name.json" \
    -n "runtime + AOT cache" "$tmp/cached/bin/llmgw $*" \
    -n "runtime, no cache" "$tmp/nocache/bin/llmgw $*" \
    -n "JDK, no runtime" "$tmp/jdk/bin/llmgw $*" >/dev/null
  echo
  echo "llmgw $*" | sed "s#$tmp/##g"
  cat "$out/$name.md"
  awk -F'"' '/"command"/ { c = $4 } /"median"/ { split($3, v, /[:, ]+/); printf "median %-22s %6.1f ms\n", c ":", v[2] * 1000 }' \
    "$out/$name.json"
}
bench version --version
bench scan-small scan "$small"
