#!/usr/bin/env bash
# The scalability experiment (paper section 5.3, figures 10 and 11, and beyond): builds the
# distribution (the experiment bundle is in its extras/), runs race:scalability in a throw-away copy of the
# container, and leaves CSV and SVG charts in experiments/scalability/results (or --out DIR).
# Options go to race:scalability, e.g. --iterations 200 --beyond 10,100,1000.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r bundles/race-distribution/target/race "$work/race"
cp "$work"/race/extras/race-experiment-scalability-*.jar "$work/race/deploy/"
out="$root/experiments/scalability/results"
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--out" ]; then out=$(realpath -m "$2"); shift 2; else args+=("$1"); shift; fi
done
mkdir -p "$out"
"$work/race/bin/race" "race:scalability --out $out ${args[*]:-}"
