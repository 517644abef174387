#!/usr/bin/env bash
# The MMS mission experiments (paper section 5.4, figures 12 and 13): builds the container, runs
# race:mms on the moderate and heavy scenarios under every configuration in a throw-away copy of it,
# and leaves the CSV, the SVG charts and the summaries in mms-prototype/results (or --out DIR).
# Other options go to race:mms, e.g. --seed 7 or --configurations baseline,muf.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r bundles/race-distribution/target/race "$work/race"
out="$root/mms-prototype/results"
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--out" ]; then out=$(realpath -m "$2"); shift 2; else args+=("$1"); shift; fi
done
mkdir -p "$out"
"$work/race/bin/race" "race:mms --scenario moderate,heavy --out $out ${args[*]:-}"
