#!/usr/bin/env bash
# EUCON on the simulated platform, in throw-away copies of the built container: RACE's SMALL workload
# (T1..T3 with periodRange on sc1 and sc2, T*.json) under input workload factor 2.0 (execution
# times twice the estimates) and 0.5 (half); race:status and race:apps after every sampling period
# give per-node cpu and the periods EUCON set.
# 1. EUCON at its defaults: sampling periods of 5 s (the main result) and 1 s (the default, whose
#    windows carry more measurement noise), and one run of RACE's prediction (hold = changes).
# 2. The trade-off: the same two workloads at 5 s under other horizons, reference trajectories and
#    rate-change penalties (the rows below, the old defaults first).
# Writes eucon.csv, eucon.svg (utilization, 5 s), eucon-1s.svg, eucon-periods*.svg, summary.txt and
# tradeoff.csv, tradeoff.svg next to this script, or into --out DIR. The sim is seeded: the same
# build gives the same figures.
# --speed N instead measures EUCON's cost under the MMS heavy scenario: race:mms plays its 1,400 s under
# baseline (first, so that the JIT is warm for the others), fmuf and eucon in one container, in N fresh
# containers, and MmsSpeed.java reads each configuration's wall time from its "done: ... in X s" line
# into speed.csv, speed.svg and a table: the ratio eucon / fmuf of the same container is the figure (the
# machine is shared, so absolute seconds vary).
#   experiments/eucon/run.sh [--no-build] [--periods N] [--speed N] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
periods=60 out=$here build=1 speed=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --periods) periods=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--periods N] [--speed N] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
charts=$(ls bundles/race-charts/target/race-charts-*.jar)
if [ "$speed" -gt 0 ]; then
  outputs=()
  for k in $(seq "$speed"); do
    home="$work/race-$k"
    cp -r bundles/race-distribution/target/race "$home"
    "$home/bin/race" "race:mms --scenario heavy --configurations baseline,fmuf,eucon --out $work/mms-$k" > "$home.txt"
    outputs+=("$home.txt")
  done
  java -cp "$charts" "$here/MmsSpeed.java" "$out" "${outputs[@]}"
  exit 0
fi
runs=()
# setting label; race.controller.eucon keys (';'-separated, empty: the defaults); workload factor; sampling period ms
specs=(
  "defaults||2.0|5000" "defaults||0.5|5000" "defaults||2.0|1000" "defaults||0.5|1000" "RACE's held changes|hold=changes|2.0|1000"
)
# the trade-off rows, each at both workloads with 5 s sampling: P, M, Tref/Ts, rate-change weight, gain estimate
for row in "2 1 4 1 false" "2 1 3 1 false" "2 1 2 1 false" "2 1 1.5 1 false" "2 1 1.2 1 false" "1 1 1 1 false" "4 2 1.5 1 false" \
    "2 1 1.2 1000 false" "2 1 1.2 10000 false" "2 1 1.5 1 true" "2 1 2 1 true" "2 1 2.5 1 true"; do
  read -r p m tref w g <<< "$row"
  label="P=$p M=$m Tref/Ts=$tref w=$w"
  if [ "$g" = true ]; then label="$label, gain estimated"; fi
  for workload in 2.0 0.5; do
    specs+=("$label|predictionHorizon=$p;controlHorizon=$m;trefOverTs=$tref;rateChangeWeight=$w;estimateGain=$g|$workload|5000")
  done
done
i=0
for spec in "${specs[@]}"; do
  IFS='|' read -r label keys workload sampling <<< "$spec"
  home="$work/race-$((i++))"
  cp -r bundles/race-distribution/target/race "$home"
  sed -i "s/^workload = .*/workload = $workload/" "$home/conf/race.sim.cfg"
  echo "samplingPeriod = $sampling" > "$home/conf/race.control.cfg"
  # EUCON ships in extras/: installing it chooses it
  cp "$home"/extras/race-controller-eucon-*.jar "$home/deploy/"
  : > "$home/conf/race.controller.eucon.cfg"
  IFS=';' read -ra kv <<< "$keys"
  for x in "${kv[@]}"; do echo "${x%%=*} = ${x#*=}" >> "$home/conf/race.controller.eucon.cfg"; done
  line="race:deploy $here/T1.json; race:deploy $here/T2.json; race:deploy $here/T3.json"
  for _ in $(seq "$periods"); do line="$line; race:run $((sampling / 1000)); race:status; race:apps"; done
  "$home/bin/race" "$line" > "$home.txt"
  runs+=("$label|$workload|$sampling|$home.txt")
done
java -cp "$charts" "$here/EuconEvidence.java" "$out" "$here" "${runs[@]}"
