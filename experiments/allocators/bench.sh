#!/usr/bin/env bash
# Allocator benchmark: builds what it needs, runs every allocator on seeded random and triplet
# problems, prints a table and writes CSV and an SVG chart (default folder: experiments/allocators/results).
# Options are passed to the benchmark, e.g. --quick, --opta-seconds 30, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q -ntp -T1 -DskipTests install -pl experiments/allocators -am
cpfile=$(mktemp)
trap 'rm -f "$cpfile"' EXIT
mvn -B -q -ntp -pl experiments/allocators dependency:build-classpath -Dmdep.outputFile="$cpfile"
java -Xmx4g -cp "experiments/allocators/target/classes:$(cat "$cpfile")" org.race.experiment.allocators.AllocatorBenchmark \
  --out experiments/allocators/results "$@"
