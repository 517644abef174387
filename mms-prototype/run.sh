#!/usr/bin/env bash
# The MMS mission experiments (paper section 5.4, figures 12 and 13): builds the container, runs
# race:mms on the moderate and heavy scenarios under every configuration in a throw-away copy of it,
# and leaves the CSV, the SVG charts and the summaries in mms-prototype/results (or --out DIR).
# Other options go to race:mms, e.g. --seed 7 or --configurations baseline,muf.
# With --real: the moderate scenario with the real MMS components on the jvm platform, in real time,
# scaled to --duration (default 140 s, about 11 minutes for the four configurations).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r bundles/race-distribution/target/race "$work/race"
out="$root/mms-prototype/results"
args=()
real=
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --real) real=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
mkdir -p "$out"
if [ -n "$real" ]; then
  case " ${args[*]} " in *" --duration "*) ;; *) args+=(--duration 140) ;; esac
  RACE_PLATFORM=jvm "$work/race/bin/race" "race:mms --scenario moderate --out $out ${args[*]}"
else
  "$work/race/bin/race" "race:mms --scenario moderate,heavy --out $out ${args[*]:-}"
fi
