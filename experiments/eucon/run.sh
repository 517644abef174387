#!/usr/bin/env bash
# The EUCON benchmark, in throw-away copies of the built container.
# 1. RACE's SMALL workload (T1..T3 with periodRange on sc1 and sc2, T*.json) on the simulated platform
#    under input workload factor 2.0 (execution times twice the estimates), 1.0 and 0.5, reading
#    race:status and race:apps after every sampling period (per-node cpu, the periods EUCON set, its
#    decision time): EUCON at its defaults with 5 s sampling periods under several sim seeds, and with
#    1 s; then, for each of those runs, the same sim with the rates fixed at the ones EUCON ended with
#    and no controller: the plant's own window noise, what no controller can remove; at 5 s also the
#    previous defaults (filterWithin = 0: the measured utilization tracked); and one run of RACE's
#    prediction (hold = changes).
# 2. The trade-off: workloads 2.0 and 0.5 at 5 s under other horizons, reference trajectories,
#    rate-change penalties, the gain estimate and the filter (the rows below, the old defaults first).
# 3. EUCON's cost under the MMS heavy scenario: race:mms plays its 1,400 s under baseline (first, so that
#    the JIT is warm for the others), fmuf and eucon in one container, in N fresh containers; the wall
#    time, the cpu time of the container's threads and the decision times of each configuration come
#    from its "done:" line, and the ratio eucon / fmuf of the same container is the robust figure (the
#    machine is shared, so wall seconds vary with its load).
# EuconEvidence.java prints the table of the figures beside the goals and writes goals.csv, goals.svg,
# eucon.csv, eucon.svg (utilization, 5 s), eucon-1s.svg, eucon-periods*.svg, tradeoff.csv,
# tradeoff.svg, speed.csv, speed.svg and summary.txt next to this script, or into --out DIR. The sim is
# seeded: the same build gives the same control figures.
# --tradeoff gain: only the rows with the gain estimate; none: no trade-off rows.
#   experiments/eucon/run.sh [--no-build] [--periods N] [--seeds "42 1 2"] [--speed N] [--tradeoff all|gain|none] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
periods=60 out=$here build=1 speed=3 tradeoff=all seeds="42 1 2 3 4"
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --periods) periods=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --speed) speed=$2; shift 2 ;;
    --tradeoff) tradeoff=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--periods N] [--seeds \"42 1 2\"] [--speed N] [--tradeoff all|gain|none] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
charts=$(ls bundles/race-charts/target/race-charts-*.jar)
runs=()
i=0

# run LABEL KEYS WORKLOAD SAMPLING_MS SEED DESCRIPTOR_DIR EUCON(1|0): one container, PERIODS sampling periods
run() {
  local label=$1 keys=$2 workload=$3 sampling=$4 seed=$5 descriptors=$6 eucon=$7
  local home="$work/race-$((i++))"
  cp -r bundles/race-distribution/target/race "$home"
  sed -i -e "s/^workload = .*/workload = $workload/" -e "s/^seed = .*/seed = $seed/" "$home/conf/race.sim.cfg"
  echo "samplingPeriod = $sampling" > "$home/conf/race.control.cfg"
  if [ "$eucon" = 1 ]; then
    # EUCON ships in extras/: installing it chooses it
    cp "$home"/extras/race-controller-eucon-*.jar "$home/deploy/"
    : > "$home/conf/race.controller.eucon.cfg"
    IFS=';' read -ra kv <<< "$keys"
    for x in "${kv[@]}"; do echo "${x%%=*} = ${x#*=}" >> "$home/conf/race.controller.eucon.cfg"; done
  fi
  local line="race:deploy $descriptors/T1.json; race:deploy $descriptors/T2.json; race:deploy $descriptors/T3.json"
  for _ in $(seq "$periods"); do line="$line; race:run $((sampling / 1000)); race:status; race:apps"; done
  "$home/bin/race" "$line" > "$home.txt"
  runs+=("$label|$workload|$sampling|$seed|$home.txt")
  last="$home.txt"
}

# fixed WORKLOAD SAMPLING_MS SEED OUTPUT: the same sim at the periods EUCON's run ended with, no controller. The
# workload factor goes into the descriptors' execution times (the sim draws the same ones), so that the
# engine's admission, which checks the estimates, takes rates that only the measured utilization allows.
fixed() {
  local dir="$work/fixed-$i"
  mkdir -p "$dir"
  for t in T1 T2 T3; do
    local ms
    ms=$(awk -v t="$t" 'NF == 8 && $1 == t && $3 == "eucon-small" { p = $4 } END { print p }' "$4")
    W="$1" perl -pe 's/"period": [\d.]+/"period": '"$ms"'/; s/"executionTime": ([\d.]+)/sprintf(q("executionTime": %g), $1 * $ENV{W})/ge' \
      "$here/$t.json" > "$dir/$t.json"
  done
  run "fixed rates" "" 1.0 "$2" "$3" "$dir" 0
  # the run is the workload's, not 1.0's
  runs[-1]="fixed rates|$1|$2|$3|$last"
}

for sampling in 5000 1000; do
  for workload in 2.0 1.0 0.5; do
    for seed in $seeds; do
      run defaults "" "$workload" "$sampling" "$seed" "$here" 1
      fixed "$workload" "$sampling" "$seed" "$last"
      # the previous defaults: the gain estimate without the filter
      if [ "$sampling" = 5000 ]; then run "no filter" "filterWithin=0" "$workload" "$sampling" "$seed" "$here" 1; fi
      if [ "$sampling" = 1000 ]; then break; fi # 1 s: the first seed only
    done
  done
done
run "RACE's held changes" "hold=changes" 2.0 1000 42 "$here" 1
if [ "$tradeoff" != none ]; then
  # P, M, Tref/Ts, rate-change weight, gain estimate, filterWithin; each at both workloads with 5 s sampling
  for row in "2 1 4 1 false 0" "2 1 3 1 false 0" "2 1 2 1 false 0" "2 1 1.5 1 false 0" "2 1 1.2 1 false 0" "1 1 1 1 false 0" \
      "4 2 1.5 1 false 0" "2 1 1.2 1000 false 0" "2 1 1.2 10000 false 0" "2 1 1.5 1 true 0" "2 1 2 1 true 0" "2 1 2.5 1 true 0" \
      "2 1 1.5 1 true 0.03" "2 1 1.5 1 true 0.05"; do
    read -r p m tref w g filter <<< "$row"
    if [ "$tradeoff" = gain ] && [ "$g" = false ]; then continue; fi
    label="P=$p M=$m Tref/Ts=$tref w=$w"
    if [ "$g" = true ]; then label="$label, gain estimated"; fi
    if [ "$filter" != 0 ]; then label="$label, filtered within $filter"; fi
    for workload in 2.0 0.5; do
      run "$label" "predictionHorizon=$p;controlHorizon=$m;trefOverTs=$tref;rateChangeWeight=$w;estimateGain=$g;filterWithin=$filter" \
        "$workload" 5000 42 "$here" 1
    done
  done
fi
mms=()
for k in $(seq "$speed"); do
  home="$work/mms-$k"
  cp -r bundles/race-distribution/target/race "$home"
  "$home/bin/race" "race:mms --scenario heavy --configurations baseline,fmuf,eucon --out $work/mms-out-$k" > "$home.txt"
  mms+=("mms|$home.txt")
done
java -cp "$charts" "$here/EuconEvidence.java" "$out" "$here" "${runs[@]}" "${mms[@]}"
