#!/usr/bin/env bash
# The measured cost model (Mehra et al., section 6) on the jvm platform. Two application sets on a
# domain of two nodes (domain.json): relay, a chain of 12 components of 0.08 ms each released every
# 1 ms (deadline 1 ms), and relay-range, the same chain with a QoS region of 1..20 ms. Nominally both
# fit one node (0.96 cpu, 0.96 ms of work on the path), so admission without the cost model takes them
# at 1 ms. Each set runs twice in a throw-away copy of the built container: without the cost model and with
# the one race:calibrate measured at the start of the run (results/race.costmodel.cfg). Every run deploys,
# then reads race:status once a second for --seconds windows. Writes results/costmodel.csv (one row per
# window), results/costmodel.svg (miss ratio per window) and results/summary.txt (admission outcome, met,
# missed, latency), next to this script or into --out DIR.
#   experiments/calibration/run.sh [--no-build] [--seconds N] [--repetitions N] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/results build=1 seconds=10 repetitions=2000
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --seconds) seconds=$2; shift 2 ;;
    --repetitions) repetitions=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--seconds N] [--repetitions N] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution,race-monitors/calibration -am; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r bundles/race-distribution/target/race "$work/race"
mkdir -p "$out"
export RACE_PLATFORM=jvm RACE_DASHBOARD=off

echo "calibrating ($repetitions repetitions per quantity) ..."
"$work/race/bin/race" "race:calibrate -n $repetitions --save $out/race.costmodel.cfg" | tee "$out/calibration.txt"

csv=$out/costmodel.csv
echo "set,cost_model,window,met,missed,miss_ratio,latency_mean_ms,latency_max_ms" > "$csv"
: > "$work/summary"
for set in relay relay-range; do
  for model in without with; do
    rm -f "$work/race/conf/race.costmodel.cfg"
    if [ "$model" = with ]; then cp "$out/race.costmodel.cfg" "$work/race/conf/"; fi
    line="race:domain $here/domain.json; race:deploy $here/$set.json"
    for ((i = 1; i <= seconds; i++)); do line="$line; race:run 1; race:status"; done
    echo "$set, $model the cost model ..."
    status=0
    "$work/race/bin/race" "$line" > "$work/out" 2> "$work/err" || status=$?
    if [ "$status" != 0 ]; then
      echo "$set	$model cost model	rejected: $(cat "$work/err")" | tee -a "$work/summary"
      continue
    fi
    admitted=$(grep -m1 '^deployed' "$work/out")
    # one row per race:status: the application's line of each application table
    awk -v set="$set" -v model="$model" -v csv="$csv" '
      $1 == set && NF == 7 { w++; gsub("%", "", $5);
        printf "%s,%s,%d,%s,%s,%.4f,%s,%s\n", set, model, w, $3, $4, $5 / 100, $6, $7 >> csv;
        met += $3; missed += $4; lat += $6; if ($7 > max) max = $7 }
      END { printf "%s\t%s cost model\t%d met, %d missed (miss ratio %.3f), latency mean of windows %.3f ms, max %.3f ms\n",
              set, model, met, missed, (met + missed) ? missed / (met + missed) : 0, w ? lat / w : 0, max }' "$work/out" > "$work/line"
    echo "$set	$model cost model	$admitted" | tee -a "$work/summary"
    grep -m1 '^granted' "$work/out" | sed "s/^/$set	$model cost model	/" | tee -a "$work/summary" || true
    tee -a "$work/summary" < "$work/line"
  done
done
{
  echo "jvm platform, $(nproc) processors, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $seconds windows of 1 s per run"
  cat "$work/summary"
} > "$out/summary.txt"
charts=$(ls bundles/race-charts/target/race-charts-*.jar | head -1)
java -cp "race-monitors/calibration/target/test-classes:$charts" org.race.monitor.calibration.CostModelChart "$csv" "$out/costmodel.svg"
echo "wrote $out/summary.txt, $csv and $out/costmodel.svg"
