#!/usr/bin/env bash
# Webhook benchmark: packages the gateway, then measures it (in-memory and Kafka, each beside the no-op endpoint
# of the same process) and prints one line of JSON. Options: --connections N --events-per-request N --warmup S --duration S
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package
./mvnw -q exec:java -Dexec.mainClass=io.hubgate.bench.WebhookBenchmark -Dexec.args="$*" 2>/dev/null | grep '^{"benchmark"'
