#!/usr/bin/env bash
# Observability benchmark: packages the gateway, then runs three processes of it side by side (defaults: tracing off;
# tracing on, every span sampled and exported over OTLP http/protobuf to a sink in the benchmark; defaults with one
# client on the console's /q/console/stream), each under signed webhook deliveries and API list reads forwarded to the
# in-process HubSpot simulator, alternating over a few rounds; prints one line of JSON with the ratios to the defaults.
# Options: --connections N (32) --warmup S (15) --duration S (10) --rounds N (3) --xmx SIZE (512m)
#          --sampler-ratio R (1.0: every trace) --jfr FILE (profile the tracing gateway). About 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -DskipTests package
./mvnw -q exec:java -Dexec.mainClass=io.hubgate.bench.ObservabilityBenchmark -Dexec.args="$*" 2>/dev/null | grep '^{"benchmark"'
