#!/usr/bin/env bash
# The scalability experiment (paper section 5.3, figures 10 and 11, and beyond): builds the
# distribution (the experiment bundle is in its extras/), runs race:scalability in a throw-away copy of the
# container, and leaves CSV and SVG charts in experiments/scalability/results (or --out DIR).
# Then the monitoring delay's tail: for 1 to 6 nodes, hierarchical and flat, a fresh container each
# (so every point starts cold, as a user's container does) measures --periods sampling periods
# (default 300) from the first on; race:scalability --tail-report prints them beside the goals
# (monitoring-tail.txt, .csv, -periods.csv, .svg).
# Options: --tail-only (skip the paper's experiments), --periods N, --out DIR; the rest go to
# race:scalability, e.g. --iterations 200 --beyond 10,100,1000.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out="$root/experiments/scalability/results"
periods=300
paper=yes
args=()
while [ $# -gt 0 ]; do
  case "$1" in
  --out) out=$(realpath -m "$2"); shift 2 ;;
  --periods) periods=$2; shift 2 ;;
  --tail-only) paper=no; shift ;;
  *) args+=("$1"); shift ;;
  esac
done
mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r bundles/race-distribution/target/race "$work/race"
cp "$work"/race/extras/race-experiment-scalability-*.jar "$work/race/deploy/"
mkdir -p "$out"
[ $paper = yes ] && "$work/race/bin/race" "race:scalability --out $out ${args[*]:-}"
rm -f "$out/monitoring-tail.csv" "$out/monitoring-tail-periods.csv"
for n in 1 2 3 4 5 6; do
  for mode in hierarchical flat; do
    echo "monitoring tail: $n node(s), $mode, $periods periods in a fresh container"
    "$work/race/bin/race" "race:scalability --tail --nodes $n --mode $mode --periods $periods --out $out" > /dev/null
  done
done
{
  echo "experiments/scalability/bench.sh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores shared with whatever else runs on the machine (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  "$work/race/bin/race" "race:scalability --tail-report --out $out"
} | tee "$out/monitoring-tail.txt"
