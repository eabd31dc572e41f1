#!/usr/bin/env bash
# Reliability soak: packages the gateway, then runs three replicas (kafka profile) on one Redis and one Kafka broker
# behind a round-robin balancer, delivers the simulator's webhooks to them while a replica is killed (SIGKILL) and
# restarted, Redis is restarted and the broker is restarted, drains HubSpot's (compressed) retries, reads the whole
# topic and prints one line of JSON (progress on stderr; the full log in target/bench/soak.log). See docs/reliability.md.
# Options (moments in seconds after the load starts; negative skips):
#   --seconds 120 --replicas 3 --portals 5 --events-per-second 200 --max-batch 5 --duplicate-share 0.05
#   --time-scale 0.001 --kill-at 20 --kill-replica 0 --replica-down 10 --redis-at 50 --redis-down 5 --redis-aof false
#   --kafka-at 80 --kafka-down 8 --drain-seconds 150 --eject-seconds 5 --seed 42
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package
mkdir -p target/bench
status=0
./mvnw -q exec:java -Dexec.mainClass=io.hubgate.bench.ReliabilitySoak -Dexec.args="$*" \
  2> >(tee target/bench/soak.log | grep --line-buffered '^\[soak\]' >&2) > target/bench/soak.out || status=$?
grep '^{"benchmark"' target/bench/soak.out || { echo "soak failed (exit $status); last lines of target/bench/soak.log:" >&2; tail -30 target/bench/soak.log >&2; exit 1; }
