#!/usr/bin/env bash
# Allocator benchmark: builds what it needs, runs every allocator on seeded random and triplet
# problems, prints a table and writes CSV and an SVG chart (default folder: race-allocators/bench/results).
# Options are passed to the benchmark, e.g. --quick, --opta-seconds 30, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -ntp -T1 -DskipTests install -pl race-allocators/bench -am
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -ntp -pl race-allocators/bench dependency:build-classpath -Dmdep.outputFile="$cpfile"
java -Xmx4g -cp "race-allocators/bench/target/classes:$(cat "$cpfile")" org.race.allocator.bench.AllocatorBenchmark \
  --out race-allocators/bench/results "$@"
