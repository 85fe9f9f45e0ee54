#!/usr/bin/env bash
# Runs the sli JMH benchmarks.
#
#   sli-bench/run-benchmarks.sh --smoke   every benchmark once, briefly (about 3 minutes): checks that
#                                         each one runs; JSON to bench-results/smoke.json; exits non-zero
#                                         if any benchmark fails
#   sli-bench/run-benchmarks.sh           the real run with -prof gc (about 12 minutes): JSON to
#                                         bench-results/full.json, then regenerates BENCHMARKS.md
#
# Further arguments go to JMH (for example a benchmark regex, or -f 3), so a partial run is possible; a
# full run given a regex still rewrites BENCHMARKS.md from what it measured.
#
# Every fork runs with -Xms2g -Xmx2g -XX:+AlwaysPreTouch (set in the benchmarks' @Fork): on this kind of
# VM the first touch of a memory page costs about 20 µs, so a heap that grows during a measurement
# distorts it. Pre-touching 2 GiB costs about 9 s per fork here, so the smoke run, which only checks
# that every benchmark runs, replaces the fork options with -Xms2g -Xmx2g (no pre-touch).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

mode=full
if [[ "${1:-}" == "--smoke" ]]; then
  mode=smoke
  shift
fi

jar=sli-bench/target/benchmarks.jar
if [[ ! -f "$jar" ]]; then
  echo "building $jar" >&2
  mvn -B -q -pl sli-bench -am package -DskipTests
fi

mkdir -p bench-results
java_bin="${JAVA:-java}"
# Chronicle Map's flags (StoreBench opens stores): the parent pom's one line; JMH's forks inherit them
flags=($(sed -n 's:.*<chronicle.jvm.flags>\(.*\)</chronicle.jvm.flags>.*:\1:p' pom.xml))
if [[ "$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')" -ge 24 ]]; then
  flags+=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
fi

if [[ "$mode" == smoke ]]; then
  out=bench-results/smoke.json
  # StoreBench's three-week store takes minutes to write: the smoke run checks it on one day
  cmd=("$java_bin" "${flags[@]}" -jar "$jar" -f 1 -wi 1 -i 1 -w 200ms -r 200ms -foe true -p minutes=1440
       -jvmArgsAppend "-Xms2g -Xmx2g" -rf json -rff "$out" "$@")
else
  out=bench-results/full.json
  cmd=("$java_bin" "${flags[@]}" -jar "$jar" -prof gc -foe true -rf json -rff "$out" "$@")
fi

rm -f "$out"
machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))"
machine+=", $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
machine+=", $(uname -sr)"
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
date="$(date -u '+%Y-%m-%d %H:%M UTC')"
printf 'running:' >&2
printf ' %q' "${cmd[@]}" >&2
printf '\n' >&2

start=$SECONDS
"${cmd[@]}"
took=$((SECONDS - start))
echo "benchmarks took $took s" >&2
machine+="; load average (1, 5, 15 min) $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
machine+=" of the $((took / 60)) min $((took % 60)) s run"

if [[ ! -s "$out" ]]; then
  echo "no results in $out" >&2
  exit 1
fi

printed_cmd="$(printf '%q ' "${cmd[@]}")"
printed_cmd="${printed_cmd% }"
report=(java -cp "$jar" dev.sli.bench.report.BenchmarkReport "$out"
        --command "$printed_cmd" --date "$date" --machine "$machine")
if [[ "$mode" == smoke ]]; then
  "${report[@]}" > bench-results/smoke.md
  echo "smoke run passed; report in bench-results/smoke.md" >&2
else
  "${report[@]}" > BENCHMARKS.md.tmp
  mv BENCHMARKS.md.tmp BENCHMARKS.md
  echo "wrote BENCHMARKS.md from $out" >&2
fi
