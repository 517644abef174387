#!/usr/bin/env bash
# Per-hop overhead of the component runtime (issue 16): chains of 2..10 echo components with 1 KB payloads at
# 100 Hz and 1 kHz on the jvm platform, in one container and across two node containers on loopback (ZooKeeper
# and the node containers started by bin/race-cluster, a central deploying), each job timed by the platform's
# Flight Recorder event org.race.Job; then the same chains in plain Java (threads handing off through a
# BlockingQueue, and through a loopback socket) in this run. Prints a table and writes hopbench.csv,
# hopbench.svg and hopbench.txt into experiments/hopbench/results (or --out DIR).
#   experiments/hopbench/bench.sh [--no-build] [--out DIR] [--iterations N] [--components a..b] [--rates r,...]
#                                 [--warm-up S] [--spin US] [--payload BYTES]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/results build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --iterations|--components|--rates|--warm-up|--spin|--payload) args+=("$1" "$2"); shift 2 ;;
    *) echo "usage: $0 [--no-build] [--out DIR] [--iterations N] [--components a..b] [--rates r,...] [--warm-up S] [--spin US] [--payload BYTES]" >&2; exit 2 ;;
  esac
done
cd "$root"
if [ "$build" = 1 ]; then
  echo "building the distribution, the echo component and the benchmark ..."
  # one reactor build: the benchmark's classpath names the modules' jars in their target folders
  mvn -B -q -ntp -T1 -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
    -pl experiments/hopbench,bundles/race-distribution,bundles/examples/echo-component -am
fi
# the baselines' JVM collects garbage as the container does (bin/race runs -XX:+UseSerialGC)
bench() { java -XX:+UseSerialGC -cp "experiments/hopbench/target/classes:$(cat experiments/hopbench/target/classpath.txt)" org.race.experiment.hopbench.HopBench "$@"; }
work=$(mktemp -d)
race=$work/race
cleanup() {
  status=$?
  [ -f "$work/cluster/cluster.env" ] && "$race/bin/race-cluster" stop "$work/cluster" > /dev/null
  if [ $status -eq 0 ]; then rm -rf "$work"; else echo "failed; the containers' output is in $work" >&2; fi
}
trap cleanup EXIT
cp -r bundles/race-distribution/target/race "$race"
cp bundles/examples/echo-component/target/race-example-echo-component-*.jar "$race/deploy/"
bench plan --mode one --dir "$work/one" "${args[@]}" > "$work/one.line"
bench plan --mode cross --dir "$work/cross" "${args[@]}" > "$work/cross.line"
# the two-node domain (no modelled link latency) for every container: node containers take their node from it
sed -i "s|^domain = .*|domain = $work/one/domain.json|" "$race/conf/race.engine.cfg"
# a loaded machine: the first remote reservation of a cold node container may take longer than the 2 s default
printf 'admissionTimeoutMs = 20000\nreservationLeaseMs = 30000\n' >> "$race/conf/race.engine.cfg"
# worker threads keep the default nice, as the baseline's threads do: this measures the hand-off, not OS priorities
sed -i 's/^scheduler = .*/scheduler = none/' "$race/conf/race.jvm.cfg"
export RACE_PLATFORM=jvm RACE_DASHBOARD=off
unset RACE_PROFILE RACE_BIND RACE_JMX_PORT
mkdir -p "$work/one/jfr" "$work/cross/jfr" "$out"
recording="-XX:StartFlightRecording=settings=$here/race-jobs.jfc,filename"
# progress: the deployments as they happen; a failed job (the sink checks every payload in one container) is reported
run() {
  local log=$1; shift
  "$@" > "$log" 2>&1 &
  local pid=$!
  tail -n +1 -f "$log" --pid=$pid | grep --line-buffered -E '^(deployed|Error|race)' | sed -u 's/^/  /' || true
  wait $pid
}
echo "one container: every chain on n1, one after another ($(wc -w < "$work/one.line") words of commands)"
RACE_JAVA_OPTS="$recording=$work/one/jfr" run "$work/one.out" "$race/bin/race" "$(cat "$work/one.line")"
if grep -q "a job threw" "$work/one.out"; then echo "a job failed in one container (a payload changed, late or lost?):" >&2; grep -m3 -A3 "a job threw" "$work/one.out" >&2; exit 1; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 2181)
echo "two node containers: bin/race-cluster starts ZooKeeper on port $port and n1, n2"
RACE_JAVA_OPTS="$recording=$work/cross/jfr" "$race/bin/race-cluster" start "$work/cluster" --nodes n1,n2 --zookeeper-port "$port" > "$work/cluster.out" \
  || { cat "$work/cluster.out"; exit 1; }
echo "two node containers: a central deploys every chain over n1, n2, n1, ... one after another"
RACE_PROFILE=central RACE_JAVA_OPTS="-Drace.zookeeper=127.0.0.1:$port -Drace.await.nodes=n1,n2" run "$work/cross.out" "$race/bin/race" "$(cat "$work/cross.line")"
"$race/bin/race-cluster" stop "$work/cluster" > /dev/null # the node containers write their recordings as they stop
echo "the Java baselines, then the report"
bench report --one "$work/one/jfr" --cross "$work/cross/jfr" --out "$out" "${args[@]}"
