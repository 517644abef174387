#!/usr/bin/env bash
# EUCON's cost under the MMS heavy scenario: race:mms plays the 1,400 s scenario under baseline (first,
# so that the JIT is warm for the others), fmuf and eucon in one container, REPEAT times (fresh
# containers), and reads each configuration's wall time from its "done: ... in X s" line. EUCON solves
# its model every 1 s sampling period, FMUF decides every 10 s: the ratio eucon / fmuf of the same
# container is the figure (the machine is shared, so absolute seconds vary).
# Writes speed.csv, speed.svg and prints the table, next to this script or into --out DIR.
#   experiments/eucon/speed.sh [--no-build] [--repeat N] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
repeat=3 out=$here build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --repeat) repeat=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--repeat N] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
outputs=()
for k in $(seq "$repeat"); do
  home="$work/race-$k"
  cp -r bundles/race-distribution/target/race "$home"
  "$home/bin/race" "race:mms --scenario heavy --configurations baseline,fmuf,eucon --out $work/mms-$k" > "$home.txt"
  outputs+=("$home.txt")
done
java -cp "$(ls bundles/race-charts/target/race-charts-*.jar)" "$here/MmsSpeed.java" "$out" "${outputs[@]}"
