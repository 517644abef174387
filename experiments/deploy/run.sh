#!/usr/bin/env bash
# Deploy time against application size (issue 17): generated applications of 1,000..20,000 components
# deployed with race:deploy on the sim platform in a throw-away copy of the assembled container, while
# a client times the dashboard's queries. Prints a table; writes deploy.csv and deploy.svg into
# results/ next to this script, or into --out DIR (rows of other labels in an existing deploy.csv are
# kept, so a run before a change and one after it share the chart).
#   experiments/deploy/run.sh [--no-build] [--race DIR] [--label NAME] [--sizes 1000,2000,...] [--out DIR]
# --race DIR: a built container to measure instead of bundles/race-distribution/target/race (e.g. an
# older build, with --label before).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=1 race="" label=current sizes=1000,2000,5000,10000,15000,20000 out=$here/results
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --race) race=$(realpath "$2"); shift 2 ;;
    --label) label=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--race DIR] [--label NAME] [--sizes 1000,2000,...] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ -z "$race" ]; then
  race=$root/bundles/race-distribution/target/race
  if [ "$build" = 1 ] || [ ! -x "$race/bin/race" ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am; fi
fi
charts=$(ls "$root"/bundles/race-charts/target/race-charts-*.jar 2>/dev/null | head -1)
if [ -z "$charts" ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-charts -am; charts=$(ls "$root"/bundles/race-charts/target/race-charts-*.jar | head -1); fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$race" "$work/race"
mkdir -p "$out"
java -cp "$charts" "$here/DeployBench.java" "$work/race" "$out" "$label" ${sizes//,/ }
