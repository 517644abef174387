#!/usr/bin/env bash
# Allocator benchmark: builds what it needs, runs every allocator on seeded random and triplet
# problems, prints a table and writes CSV and an SVG chart (default folder: experiments/allocators/results).
# Options are passed to the benchmark, e.g. --quick, --opta-seconds 30, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build: the experiment's classpath names the modules' jars in their target folders (nothing installed)
mvn -B -q -ntp -T1 -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -pl experiments/allocators -am
java -Xmx4g -cp "experiments/allocators/target/classes:$(cat experiments/allocators/target/classpath.txt)" \
  org.race.experiment.allocators.AllocatorBenchmark --out experiments/allocators/results "$@"
