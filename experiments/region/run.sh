#!/usr/bin/env bash
# The region controller on the sim platform: the MMS-like qos scenario (mms-prototype/scenarios/qos.json:
# three science applications with QoS regions beside the GNC applications; execution times +30 % from
# 100 s to 250 s) under MUF alone and under MUF + the region controller, in a throw-away copy of the
# built container. Writes mms-qos.csv (period and deadlines per application per second), the miss-ratio
# charts mms-qos-{muf,region}.svg, the rate charts mms-qos-{muf,region}-rates.svg and summary.txt (miss
# ratio of the science applications per phase, rates at the end) into results/ next to this script, or
# into --out DIR. The sim is seeded: the same build gives the same figures.
#   experiments/region/run.sh [--no-build] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/results build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r bundles/race-distribution/target/race "$work/race"
mkdir -p "$out"
"$work/race/bin/race" "race:mms --scenario qos --configurations muf,region --seed 42 --out $out" | tee "$work/run.txt"
{
  echo "qos scenario, seed 42: deadline-miss ratio of the science applications (medium and low) per phase"
  awk -F, 'NR > 1 && $4 != "high" {
      phase = ($1 <= 100) ? "0-100 s nominal" : ($1 <= 250) ? "100-250 s +30 %" : "250-400 s nominal";
      k = $2 "\t" phase; d[k] += $6 + $7; m[k] += $7 }
    END { for (k in d) printf "%s\t%.4f (%d of %d)\n", k, m[k] / d[k], m[k], d[k] }' "$out/mms-qos.csv" | sort
  echo "periods at the end (ms), per configuration"
  awk -F, '$1 == 400 { printf "%s\t%s\t%s\n", $2, $3, $5 }' "$out/mms-qos.csv"
  echo "region: seconds after 250 s until every science application is back at its maximum rate"
  awk -F, '$2 == "region" && $1 > 250 && $3 ~ /science/ { if (!($1 in all)) all[$1] = 1;
      max = ($3 == "science1") ? 500 : ($3 == "science2") ? 250 : 240; if ($5 != max) all[$1] = 0 }
    END { for (t = 251; t <= 400; t++) if (all[t]) { print t - 250; exit } }' "$out/mms-qos.csv"
} > "$out/summary.txt"
cat "$out/summary.txt"
