#!/usr/bin/env bash
# EUCON on the simulated platform, in throw-away copies of the built container: RACE's SMALL workload
# (T1..T3 with periodRange on sc1 and sc2, T*.json) under input workload factor 2.0 (execution
# times twice the estimates) and 0.5 (half), with EUCON enabled at its defaults; race:status and
# race:apps after every sampling period give per-node cpu and the periods EUCON set. Sampling periods
# of 5 s (the main result) and 1 s (the default, whose windows carry more measurement noise), and one
# run of RACE's prediction (hold = changes) for comparison.
# Writes eucon.csv, eucon.svg (utilization, 5 s), eucon-1s.svg, eucon-periods*.svg and summary.txt
# next to this script, or into --out DIR. The sim is seeded: the same build gives the same figures.
#   experiments/eucon/run.sh [--no-build] [--periods N] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
periods=60 out=$here build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --periods) periods=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--periods N] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
runs=()
# workload factor, sampling period ms, what EUCON's prediction holds
for spec in "2.0 5000 rates" "0.5 5000 rates" "2.0 1000 rates" "0.5 1000 rates" "2.0 1000 changes"; do
  read -r workload sampling hold <<< "$spec"
  home="$work/race-$workload-$sampling-$hold"
  cp -r bundles/race-distribution/target/race "$home"
  sed -i "s/^workload = .*/workload = $workload/" "$home/conf/race.sim.cfg"
  echo "samplingPeriod = $sampling" > "$home/conf/race.control.cfg"
  # EUCON ships in extras/: installing it chooses it; everything else at its defaults
  cp "$home"/extras/race-controller-eucon-*.jar "$home/deploy/"
  echo "hold = $hold" > "$home/conf/race.controller.eucon.cfg"
  line="race:deploy $here/T1.json; race:deploy $here/T2.json; race:deploy $here/T3.json"
  for _ in $(seq "$periods"); do line="$line; race:run $((sampling / 1000)); race:status; race:apps"; done
  "$home/bin/race" "$line" > "$home.txt"
  runs+=("$workload,$sampling,$hold,$home.txt")
done
java -cp "$(ls bundles/race-charts/target/race-charts-*.jar)" "$here/EuconEvidence.java" "$out" "${runs[@]}"
