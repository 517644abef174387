#!/usr/bin/env bash
# The scalability experiment across JVMs: for n = 1..6 nodes of the MMS domain (sc1..sc5, ground), five
# applications of six components round robin over them, monitoring and actuation delay (median, p99),
# hierarchical and flat, measured twice in the same run: in-process (one container hosting the n nodes)
# and remote (bin/race-cluster starts ZooKeeper and n node containers, a central container measures them
# through Aries RSA fastbin on loopback). Leaves scalability-distributed.{csv,svg,txt} in
# experiments/scalability/results (or --out DIR), with the ratio remote / in-process of every figure.
# Then, with the node containers still up, the monitoring delay's tail across them (race:scalability --tail --on,
# a fresh central container, --periods sampling periods from the first on), appended to monitoring-tail.csv
# beside bench.sh's in-process points; race:scalability --tail-report prints both beside the goals.
# Options: --iterations N (default 1000), --nodes N (largest n, default 6), --periods N (default 300), --out DIR.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/experiments/scalability/results"
iterations=1000
max=6
periods=300
while [ $# -gt 0 ]; do
  case "$1" in
  --out) out=$(realpath -m "$2"); shift 2 ;;
  --iterations) iterations=$2; shift 2 ;;
  --nodes) max=$2; shift 2 ;;
  --periods) periods=$2; shift 2 ;;
  *) echo "usage: $0 [--iterations N] [--nodes 1..6] [--periods N] [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$root"
echo "building the distribution ..."
mvn -B -q -ntp -T1 -DskipTests package -pl bundles/race-distribution -am
work=$(mktemp -d)
race="$work/race"
cleanup() {
  status=$?
  [ -f "$work/cluster/cluster.env" ] && "$race/bin/race-cluster" stop "$work/cluster" > /dev/null
  if [ $status -eq 0 ]; then rm -rf "$work"; else echo "failed; the containers' logs are in $work/cluster" >&2; fi
}
trap cleanup EXIT
cp -r bundles/race-distribution/target/race "$race"
cp "$race"/extras/race-experiment-scalability-*.jar "$race/deploy/"
mkdir -p "$out"
rm -f "$out/scalability-distributed.csv"
log="$out/scalability-distributed.txt"
{
  echo "experiments/scalability/bench-distributed.sh --iterations $iterations --nodes $max, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "$(nproc) cores shared by every JVM of the run (and whatever else runs on the machine): ZooKeeper, the node containers, the central"
} > "$log"
nodes=$(env -u RACE_PLATFORM RACE_PROFILE=embedded RACE_JAVA_OPTS= "$race/bin/race" race:nodes | awk 'NR > 1 && NF >= 5 { print $1 }' | head -n "$max" | paste -sd, -)
IFS=, read -r -a all <<< "$nodes"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 2181)
unset RACE_PLATFORM RACE_PROFILE RACE_JAVA_OPTS RACE_BIND # the sim platform everywhere: race:scalability paces itself in virtual time
for ((n = 1; n <= ${#all[@]}; n++)); do
  on=$(IFS=,; echo "${all[*]:0:n}")
  echo "[$n/${#all[@]}] in-process: one container hosting $on ($iterations iterations per mode after a warm-up pass)"
  RACE_JAVA_OPTS="-Drace.nodes=$on" "$race/bin/race" "race:scalability --on $on --iterations $iterations --out $out" | tee -a "$log"
  echo "[$n/${#all[@]}] remote: bin/race-cluster starts ZooKeeper and $n node container(s)"
  "$race/bin/race-cluster" start "$work/cluster" --nodes "$on" --zookeeper-port "$port" > "$work/cluster-start.txt" \
    || { cat "$work/cluster-start.txt"; exit 1; }
  echo "[$n/${#all[@]}] remote: a central container measures $on"
  RACE_PROFILE=central RACE_JAVA_OPTS="-Drace.zookeeper=127.0.0.1:$port -Drace.await.nodes=$on" \
    "$race/bin/race" "race:scalability --on $on --iterations $iterations --out $out" | tee -a "$log"
  echo "[$n/${#all[@]}] remote: the monitoring tail, $periods periods from a fresh central's first"
  RACE_PROFILE=central RACE_JAVA_OPTS="-Drace.zookeeper=127.0.0.1:$port -Drace.await.nodes=$on" \
    "$race/bin/race" "race:scalability --tail --on $on --periods $periods --out $out" | tee -a "$log"
  "$race/bin/race-cluster" stop "$work/cluster" > /dev/null
done
echo
"$race/bin/race" "race:scalability --report --out $out" | tee -a "$log"
"$race/bin/race" "race:scalability --tail-report --out $out" | tee -a "$log"
