#!/usr/bin/env bash
# Schedulability benchmark (issue 15): builds what it needs, then, on random rate-monotonic task sets of
# one processor at total utilization 0.50..1.00, the acceptance ratio of the capacity test, the
# Liu-Layland bound, the hyperbolic bound and the exact analysis, the sim's miss ratio of what each
# admitted, and the breakdown utilization; prints a table and writes CSV and an SVG chart (default
# folder: experiments/schedulability/results). Options go to the benchmark, e.g. --quick, --sets N,
# --breakdown-sets N, --seed S, --out DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build: the experiment's classpath names the modules' jars in their target folders
mvn -B -q -ntp -T1 -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -pl experiments/schedulability -am
java -cp "experiments/schedulability/target/classes:$(cat experiments/schedulability/target/classpath.txt)" \
  org.race.experiment.schedulability.SchedulabilityBenchmark --out experiments/schedulability/results "$@"
