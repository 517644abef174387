#!/usr/bin/env bash
# Paper 002's delay guarantee for an unmodified server (section 4.1) on loopback: Python's http.server
# behind the RACE TCP front, premium clients from 127.0.0.2 and basic clients from 127.0.0.3 (closed
# loop: a bounded load), first without and then with the QoS manager, whose target is half the premium
# delay measured without it. Writes front.csv, front.svg and summary.txt next to this script, or into --out DIR.
#   experiments/tcp-front/run.sh [--no-build] [--premium N] [--basic N] [--seconds S] [--out DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here build=1 premium=2 basic=8 seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --premium) premium=$2; shift 2 ;;
    --basic) basic=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--premium N] [--basic N] [--seconds S] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then mvn -B -q -ntp -T1 -DskipTests package -pl race-effectors/tcp-front -am; fi
mkdir -p "$out"
module=race-effectors/tcp-front
cp=$(mvn -B -q -ntp -o dependency:build-classpath -pl $module -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test 2>/dev/null || true)
charts=$(ls bundles/race-charts/target/race-charts-*.jar | head -1)
java -cp "$module/target/classes:$module/target/test-classes:$charts:$cp" org.race.effector.tcp_front.FrontEvidence "$out" "$premium" "$basic" "$seconds"
